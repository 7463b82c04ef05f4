import { createHash } from 'node:crypto';
import type { MikroORM } from '@pulse/db';
import type { Redis } from 'ioredis';
import type { DashboardSummary, WidgetQuery, WidgetResult } from '@pulse/api-contract/schemas';
import type { LiveHub } from '../live/live-hub.ts';
import { errorFields, type Logger } from '../log.ts';
import { readRollupVersion, type RollupSignal } from '../rollups/rollup-signal.ts';
import { type Computed, computeQuery } from './compute-query.ts';
import { createLruCache } from './lru-cache.ts';
import { scopeKey, type ViewerScope } from './viewer-scope.ts';
import { NotRolledUpError } from './widget-errors.ts';

/** Answers are shared for this long within one data version (sliding windows move on meanwhile). */
export const TIME_BUCKET_MS = 5_000;
const L1_ENTRIES = 2_000;
const L1_TTL_MS = 30_000;
const L2_TTL_SECONDS = 120;
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

export type Answer = Omit<WidgetResult, 'widgetId'>;

/**
 * The read path of widgets: one answer per (organization, scope, query, data version, time
 * bucket), computed once however many widgets and viewers ask (in-flight answers are shared),
 * kept in process (L1) and in Redis (L2). A new data version, signalled by the pipeline for
 * every batch it rolled up, makes every older entry of the organization a miss: nothing is
 * deleted, nothing stale is served. The live counters of the organization scope are read from
 * Redis each time (one round trip), never cached.
 */
export function createWidgetEngine({ orm, redis, prefix, rollupHub, summary, log }: Dependencies) {
  const l1 = createLruCache<Answer>(L1_ENTRIES, L1_TTL_MS);
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

  async function compute(organizationId: string, scope: ViewerScope, query: WidgetQuery, now: number): Promise<Answer> {
    stats.computed++;
    const asOf = new Date().toISOString();
    try {
      const computed: Computed = await computeQuery({ em: orm.em.fork(), organizationId, scope, now, summary: sharedSummary }, query);
      return { asOf, ...computed, error: null };
    } catch (error) {
      if (error instanceof NotRolledUpError) return { asOf, range: null, data: null, compare: null, error: { code: error.code, message: error.message } };
      throw error;
    }
  }

  async function throughL2(key: string, work: () => Promise<Answer>): Promise<Answer> {
    const redisKey = `${prefix}:widget-cache:${createHash('sha1').update(key).digest('base64url')}`;
    const cached = await redis.get(redisKey).catch(() => null);
    if (cached) {
      stats.l2Hits++;
      return JSON.parse(cached) as Answer;
    }
    const answer = await work();
    await redis.set(redisKey, JSON.stringify(answer), 'EX', L2_TTL_SECONDS).catch((error: unknown) => log.warn('could not cache a widget answer', errorFields(error)));
    return answer;
  }

  async function answer(organizationId: string, scope: ViewerScope, query: WidgetQuery, version: number, now: number): Promise<Answer> {
    const live = query.source === 'counters' && scope.kind === 'organization';
    const key = `${organizationId}|${scopeKey(scope)}|${live ? 'live' : version}|${Math.floor(now / TIME_BUCKET_MS)}|${stableJson(query)}`;
    if (!live) {
      const hit = l1.get(key);
      if (hit) {
        stats.l1Hits++;
        return hit;
      }
    }
    const running = inflight.get(key);
    if (running) return running;
    const work = live ? compute(organizationId, scope, query, now) : throughL2(key, () => compute(organizationId, scope, query, now));
    inflight.set(key, work);
    try {
      const result = await work;
      if (!live) l1.set(key, result);
      return result;
    } finally {
      inflight.delete(key);
    }
  }

  return {
    versionOf,
    /** Every widget's answer; identical queries are answered once. */
    async answerAll(organizationId: string, scope: ViewerScope, widgets: { id: string; query: WidgetQuery }[], now = Date.now(), which: 'latest' | 'fresh' | 'ticked' = 'latest'): Promise<{ version: number; widgets: WidgetResult[] }> {
      const version = await versionOf(organizationId, which);
      const results = await Promise.all(widgets.map(async (widget) => ({ widgetId: widget.id, ...(await answer(organizationId, scope, widget.query, version, now)) })));
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
