import { createHash } from 'node:crypto';
import type { MikroORM } from '@pulse/db';
import type { Redis } from 'ioredis';
import type { DashboardSummary, DrillFilter, Staleness, StaleReason, WidgetQuery, WidgetResult } from '@pulse/api-contract/schemas';
import type { LiveHub } from '../live/live-hub.ts';
import { errorFields, type Logger } from '../log.ts';
import { readRollupVersion, type RollupSignal } from '../rollups/rollup-signal.ts';
import { type Computed, computeQuery } from './compute-query.ts';
import type { CircuitBreaker } from '../breakers/circuit-breaker.ts';
import { type DependencyBreakers, staleReasonOf } from './dependency-breakers.ts';
import { canonicalFilters } from './drill-down-filters.ts';
import { createLruCache } from './lru-cache.ts';
import { scopeKey, type ViewerScope } from './viewer-scope.ts';
import { NotRolledUpError } from './widget-errors.ts';

/** Answers are shared for this long within one data version (sliding windows move on meanwhile). */
export const TIME_BUCKET_MS = 5_000;
const L1_ENTRIES = 2_000;
const L1_TTL_MS = 30_000;
const L2_TTL_SECONDS = 120;
/** The last answer to each question, served (marked stale) while Postgres is away. */
const LAST_GOOD_ENTRIES = 2_000;
const LAST_GOOD_TTL_MS = 24 * 3_600_000;
/** How often a new data version may take effect per organization (the live update rate). */
export const TICK_MS = 250;
const SUMMARY_SHARED_MS = 200;

type Dependencies = {
  orm: MikroORM;
  redis: Redis;
  prefix: string;
  /**
   * Relays `rollupChannel` messages of an organization (one Redis subscription per API process).
   * Without one (the cache-refresh worker) the version is read from Redis on every call.
   */
  rollupHub: LiveHub<RollupSignal> | null;
  summary(organizationId: string): Promise<DashboardSummary>;
  /** The process's read-path breakers: a dependency that is away is not called, its answers are marked stale. */
  breakers: DependencyBreakers;
  log: Logger;
};

/** JSON with sorted keys: two equal queries written in another order are one cache entry. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${stableJson((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * A query's cache-key text, made once per query object: a live dashboard asks with the same
 * objects on every read (its saved widgets, parsed once when it opened).
 */
const queryTexts = new WeakMap<WidgetQuery, string>();
function queryText(query: WidgetQuery): string {
  let text = queryTexts.get(query);
  if (text === undefined) {
    text = stableJson(query);
    queryTexts.set(query, text);
  }
  return text;
}

export type Answer = Omit<WidgetResult, 'widgetId'>;

/** One widget to answer: its query and the dashboard's drill-down filters (none: unfiltered). */
export type WidgetAsk = { id: string; query: WidgetQuery; filters?: DrillFilter[] | undefined };

/** What one answerAll found of Redis: away (and since when), or null while it answers. */
type Reading = { redis: Staleness | null };

/** The organization's own Redis counters answer a counter widget: whole organization, no filters. */
const readsLiveCounters = (scope: ViewerScope, query: WidgetQuery, filters: readonly DrillFilter[]) => query.source === 'counters' && scope.kind === 'organization' && filters.length === 0;

const stalenessOf = (breaker: CircuitBreaker, reason: StaleReason): Staleness => ({ reason, since: new Date(breaker.since ?? Date.now()).toISOString() });

/**
 * The read path of widgets: one answer per (organization, scope, query, data version, time
 * bucket), computed once however many widgets and viewers ask (in-flight answers are shared),
 * kept in process (L1) and in Redis (L2). A new data version, signalled by the pipeline for
 * every batch it rolled up, makes every older entry of the organization a miss: nothing is
 * deleted, nothing stale is served. The live counters of the organization scope are read from
 * Redis each time (one round trip), never cached.
 */
export function createWidgetEngine({ orm, redis, prefix, rollupHub, summary, breakers, log }: Dependencies) {
  const l1 = createLruCache<Answer>(L1_ENTRIES, L1_TTL_MS);
  const lastGood = createLruCache<Answer>(LAST_GOOD_ENTRIES, LAST_GOOD_TTL_MS);
  const inflight = new Map<string, Promise<Answer>>();
  const versions = new Map<string, Promise<number>>();
  const listeners = new Set<(organizationId: string, version: number) => void>();
  const stats = { computed: 0, l1Hits: 0, l2Hits: 0 };

  const latest = new Map<string, number>();
  const ticked = new Map<string, number>();
  const lastTick = new Map<string, number>();
  const pendingTick = new Set<string>();

  /**
   * A new version is known at once (widgets.data reads at it) but announced to live dashboards
   * at most every TICK_MS per organization: at 20 batches a second every open dashboard of the
   * organization then reads at the same version, and a query is computed once per tick instead
   * of once per dashboard.
   */
  function heard(organizationId: string, version: number) {
    if (version <= (latest.get(organizationId) ?? 0)) return;
    latest.set(organizationId, version);
    if (pendingTick.has(organizationId)) return;
    pendingTick.add(organizationId);
    const wait = Math.max(0, (lastTick.get(organizationId) ?? 0) + TICK_MS - Date.now());
    setTimeout(() => {
      pendingTick.delete(organizationId);
      lastTick.set(organizationId, Date.now());
      const announced = latest.get(organizationId) ?? version;
      ticked.set(organizationId, announced);
      for (const listener of listeners) listener(organizationId, announced);
    }, wait).unref();
  }

  /** Subscribes to the organization's signals for good (one channel per organization and process). */
  function subscribed(organizationId: string): Promise<void> {
    let known = versions.get(organizationId);
    if (!known) {
      known = (async () => {
        if (rollupHub) await rollupHub.listen(organizationId, (signal) => heard(organizationId, signal.version));
        const version = await readRollupVersion(redis, prefix, organizationId);
        latest.set(organizationId, Math.max(version, latest.get(organizationId) ?? 0));
        return version;
      })();
      versions.set(organizationId, known);
      known.catch(() => versions.delete(organizationId));
    }
    return known.then(() => undefined);
  }

  /**
   * The organization's data version: the newest heard (`fresh`: read from Redis as well, for a
   * stream that starts or resumes), or the one last announced to live dashboards (`ticked`).
   */
  async function versionOf(organizationId: string, which: 'latest' | 'fresh' | 'ticked' = 'latest'): Promise<number> {
    if (!rollupHub) return readRollupVersion(redis, prefix, organizationId);
    await subscribed(organizationId);
    if (which === 'fresh') heard(organizationId, await readRollupVersion(redis, prefix, organizationId));
    if (which === 'ticked') return ticked.get(organizationId) ?? latest.get(organizationId) ?? 0;
    return latest.get(organizationId) ?? 0;
  }

  /** The live counters, read once per organization every SUMMARY_SHARED_MS however many widgets and dashboards ask. */
  const summaries = new Map<string, { at: number; value: Promise<DashboardSummary> }>();
  function sharedSummary(organizationId: string): Promise<DashboardSummary> {
    const cached = summaries.get(organizationId);
    if (cached && cached.at > Date.now() - SUMMARY_SHARED_MS) return cached.value;
    const value = summary(organizationId);
    summaries.set(organizationId, { at: Date.now(), value });
    value.catch(() => summaries.delete(organizationId));
    return value;
  }

  /**
   * A Redis call of the read path through its breaker: null (and the reading marked) when Redis
   * is away, so the caller goes on without it; an error of the call itself is thrown.
   */
  async function fromRedis<T>(reading: Reading, call: () => Promise<T>): Promise<T | null> {
    try {
      return await breakers.redis.run(() => {
        // The command connection knows when it is down: fail now instead of queueing behind a subscriber.
        if (redis.status !== 'ready') throw new Error(`Redis is not connected (${redis.status})`);
        return call();
      });
    } catch (error) {
      const reason = staleReasonOf(breakers.redis, error);
      if (!reason) throw error;
      reading.redis = stalenessOf(breakers.redis, reason);
      return null;
    }
  }

  /**
   * One answer, computed now. The live counters come from Redis (no Postgres involved); while
   * Redis is away they are answered from the rollups and, like every answer read from Postgres
   * then, marked stale: nothing new is counted without Redis. While Postgres is away the last
   * answer to the same question is given, marked stale, or an UNAVAILABLE error.
   */
  async function compute(organizationId: string, scope: ViewerScope, query: WidgetQuery, filters: DrillFilter[], now: number, reading: Reading, lastKey: string): Promise<Answer> {
    stats.computed++;
    const asOf = new Date().toISOString();
    const counters = readsLiveCounters(scope, query, filters) ? await fromRedis(reading, () => sharedSummary(organizationId)) : null;
    const ctx = { em: orm.em.fork(), organizationId, scope, now, summary: async () => counters };
    try {
      const computed: Computed = counters ? await computeQuery(ctx, query, filters) : await breakers.postgres.run(() => computeQuery(ctx, query, filters));
      return { asOf, ...computed, error: null, stale: counters ? null : reading.redis };
    } catch (error) {
      if (error instanceof NotRolledUpError) return { asOf, range: null, data: null, compare: null, error: { code: error.code, message: error.message }, stale: null };
      const reason = staleReasonOf(breakers.postgres, error);
      if (!reason) throw error;
      const stale = stalenessOf(breakers.postgres, reason);
      const last = lastGood.get(lastKey) ?? (await lastFromRedis(lastKey, reading));
      if (last) return { ...last, stale };
      const message = 'Postgres is unavailable and this process has no earlier answer to this widget: it answers again once Postgres is back.';
      return { asOf, range: null, data: null, compare: null, error: { code: 'UNAVAILABLE', message }, stale: null };
    }
  }

  const redisKeyOf = (kind: 'widget-cache' | 'widget-last', key: string) => `${prefix}:${kind}:${createHash('sha1').update(key).digest('base64url')}`;
  // Entries written before answers had `stale` (a rolling upgrade) read as fresh ones.
  const parsedAnswer = (json: string): Answer => ({ stale: null, ...(JSON.parse(json) as Omit<Answer, 'stale'>) });

  /** Another API process's last answer (kept in Redis as long as in process), when Redis answers. */
  async function lastFromRedis(lastKey: string, reading: Reading): Promise<Answer | null> {
    const cached = await fromRedis(reading, () => redis.get(redisKeyOf('widget-last', lastKey)));
    return cached ? parsedAnswer(cached) : null;
  }

  async function throughL2(key: string, lastKey: string, reading: Reading, work: () => Promise<Answer>): Promise<Answer> {
    const cached = await fromRedis(reading, () => redis.get(redisKeyOf('widget-cache', key)));
    if (cached) {
      stats.l2Hits++;
      return parsedAnswer(cached);
    }
    const answer = await work();
    if (answer.stale) return answer;
    const json = JSON.stringify(answer);
    await fromRedis(reading, () =>
      redis
        .multi()
        .set(redisKeyOf('widget-cache', key), json, 'EX', L2_TTL_SECONDS)
        .set(redisKeyOf('widget-last', lastKey), json, 'PX', LAST_GOOD_TTL_MS)
        .exec(),
    ).catch((error: unknown) => log.warn('could not cache a widget answer', errorFields(error)));
    return answer;
  }

  /**
   * A cached or shared answer while a dependency is away: its numbers stop moving with the
   * pipeline (which needs both), so it is marked stale like the answers read during the outage.
   */
  function marked(answer: Answer, reading: Reading): Answer {
    if (answer.stale || answer.error) return answer;
    if (reading.redis) return { ...answer, stale: reading.redis };
    return breakers.postgres.since === null ? answer : { ...answer, stale: stalenessOf(breakers.postgres, 'postgres_unavailable') };
  }

  async function answer(organizationId: string, scope: ViewerScope, ask: WidgetAsk, version: number, now: number, reading: Reading): Promise<Answer> {
    const { query } = ask;
    const filters = canonicalFilters(ask.filters);
    const live = readsLiveCounters(scope, query, filters);
    // The filters are part of the question: a filtered answer is never given for an unfiltered one (nor the reverse).
    const identity = filters.length === 0 ? queryText(query) : `${queryText(query)}|${stableJson(filters)}`;
    const question = `${organizationId}|${scopeKey(scope)}|${identity}`;
    const key = `${organizationId}|${scopeKey(scope)}|${live ? 'live' : version}|${Math.floor(now / TIME_BUCKET_MS)}|${identity}`;
    if (!live) {
      const hit = l1.get(key);
      if (hit) {
        stats.l1Hits++;
        return marked(hit, reading);
      }
    }
    const running = inflight.get(key);
    if (running) return marked(await running, reading);
    const work = live ? compute(organizationId, scope, query, filters, now, reading, question) : throughL2(key, question, reading, () => compute(organizationId, scope, query, filters, now, reading, question));
    inflight.set(key, work);
    try {
      const result = await work;
      // Only answers read now are kept: a stale one must not outlive the outage.
      if (!result.stale && !result.error) {
        if (!live) l1.set(key, result);
        lastGood.set(question, result);
      }
      return live ? result : marked(result, reading);
    } finally {
      inflight.delete(key);
    }
  }

  /** The data version to read at; while Redis is away, the last one this process knew. */
  async function readableVersion(organizationId: string, which: 'latest' | 'fresh' | 'ticked', reading: Reading): Promise<number> {
    return (await fromRedis(reading, () => versionOf(organizationId, which))) ?? latest.get(organizationId) ?? 0;
  }

  return {
    versionOf,
    /** Every widget's answer; identical queries are answered once. */
    async answerAll(organizationId: string, scope: ViewerScope, widgets: readonly WidgetAsk[], now = Date.now(), which: 'latest' | 'fresh' | 'ticked' = 'latest'): Promise<{ version: number; widgets: WidgetResult[] }> {
      const reading: Reading = { redis: null };
      const version = await readableVersion(organizationId, which, reading);
      const results = await Promise.all(widgets.map(async (widget) => ({ widgetId: widget.id, ...(await answer(organizationId, scope, widget, version, now, reading)) })));
      return { version, widgets: results };
    },
    /** Called with an organization's new data version (live dashboards wake up on it). */
    onVersion(listener: (organizationId: string, version: number) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stats,
  };
}

export type WidgetEngine = ReturnType<typeof createWidgetEngine>;
