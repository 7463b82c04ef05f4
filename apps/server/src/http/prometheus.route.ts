import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Queue } from 'bullmq';
import type { MikroORM } from '@pulse/db';
import { runSql } from '@pulse/db';
import { RESERVED_METRIC_PREFIX } from '@pulse/api-contract/schemas';
import { bearerCredential } from '../auth/authenticate.ts';
import { sendError } from './responses.ts';
import { Exposition, type MetricFamilyType } from '../observability/exposition.ts';
import type { SelfMetrics } from '../observability/self-metrics.ts';
import type { DependencyBreakers } from '../widgets/dependency-breakers.ts';

/** What this API process counted itself (Prometheus scrapes every process; it sums them). */
export type IngestCounters = { events: number; metricSamples: number };

type Dependencies = {
  orm: MikroORM;
  queues: Queue[];
  connectionCount(): number;
  ingested: IngestCounters;
  selfMetrics: SelfMetrics;
  exportBusiness: boolean;
  token: string | undefined;
  /** METRICS_PUBLIC: serve without the token. */
  open: boolean;
  /** The read path's circuit breakers of this process. */
  breakers: DependencyBreakers;
};

/** Series exported per scrape at most (the export is for dashboards, not a data dump). */
const MAX_BUSINESS_SERIES = 10_000;
const QUEUE_STATES = ['waiting', 'active', 'delayed', 'failed'] as const;
const NS_PER_SECOND = 1e9;

type BusinessRow = { slug: string; name: string; type: string; labels: Record<string, string>; last_value: number; total_sum: number; total_count: string };

async function queueSamples(queues: Queue[], now: number) {
  const counts = [];
  const lag = [];
  for (const queue of queues) {
    const jobCounts = await queue.getJobCounts(...QUEUE_STATES);
    for (const state of QUEUE_STATES) counts.push({ labels: { queue: queue.name, state }, value: jobCounts[state] ?? 0 });
    const [oldest] = await queue.getJobs(['waiting'], 0, 0, true);
    lag.push({ labels: { queue: queue.name }, value: oldest ? Math.max(0, (now - oldest.timestamp) / 1000) : 0 });
  }
  return { counts, lag };
}

function breakerSamples(breakers: DependencyBreakers, value: (breaker: DependencyBreakers['redis']) => number) {
  return [breakers.redis, breakers.postgres].map((breaker) => ({ labels: { dependency: breaker.dependency }, value: value(breaker) }));
}

/**
 * The organizations' latest business metrics: counters as `pulse_business_<name>_total` (the sum
 * of their increments), gauges with their latest value, histograms and summaries as summaries
 * with `_sum` and `_count`; each sample with an `organization` label (the slug). Organizations
 * may use one name with different types: a counter and a gauge still get distinct families;
 * should a gauge and a summary share a name, the first one exported keeps it.
 */
async function businessFamilies(orm: MikroORM, exposition: Exposition): Promise<void> {
  const rows = await runSql<BusinessRow>(
    orm.em.fork(),
    `SELECT o.slug, s.name, s.type, s.labels, s.last_value, s.total_sum, s.total_count
       FROM metric_series s JOIN organizations o ON o.id = s.organization_id
      WHERE s.category = 'business' AND left(s.name, ${RESERVED_METRIC_PREFIX.length}) <> $1
      ORDER BY s.name, s.type, o.slug, s.labels_hash LIMIT ${MAX_BUSINESS_SERIES}`,
    [RESERVED_METRIC_PREFIX],
  );
  const kindOf = (type: string): MetricFamilyType => (type === 'counter' ? 'counter' : type === 'gauge' ? 'gauge' : 'summary');
  const families = new Map<string, { name: string; kind: MetricFamilyType; rows: BusinessRow[] }>();
  for (const row of rows) {
    const key = `${row.name}\u0000${kindOf(row.type)}`;
    const family = families.get(key) ?? { name: row.name, kind: kindOf(row.type), rows: [] };
    family.rows.push(row);
    families.set(key, family);
  }
  for (const { name, kind, rows: series } of families.values()) {
    const base = `pulse_business_${name}`;
    const family = kind === 'counter' && !base.endsWith('_total') ? `${base}_total` : base;
    if (exposition.has(family)) continue;
    const labelsOf = (row: BusinessRow) => ({ organization: row.slug, ...row.labels });
    const help = `Business metric ${name} (${kind}) recorded by the organizations.`;
    const samples =
      kind === 'counter'
        ? series.map((row) => ({ labels: labelsOf(row), value: Number(row.total_sum) }))
        : kind === 'gauge'
          ? series.map((row) => ({ labels: labelsOf(row), value: Number(row.last_value) }))
          : series.flatMap((row) => [
              { suffix: '_sum', labels: labelsOf(row), value: Number(row.total_sum) },
              { suffix: '_count', labels: labelsOf(row), value: Number(row.total_count) },
            ]);
    exposition.family(family, kind, help, samples);
  }
}

/** Compares in constant time (of the digests), so response times say nothing about the token. */
function sameSecret(given: string | null, expected: string): boolean {
  if (given === null) return false;
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * `GET /metrics`: Pulse's own health in Prometheus text format, and, when
 * METRICS_EXPORT_BUSINESS is on, the organizations' business metrics. Requires METRICS_TOKEN
 * unless METRICS_PUBLIC opens it.
 */
export function createPrometheusRoute(deps: Dependencies) {
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();

  return async function handleMetrics(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'GET') return sendError(res, 405, 'method_not_allowed', 'Use GET.', {}, { allow: 'GET' });
    // Closed unless opened on purpose: queue names, connection counts and, with the business
    // export, every organization's numbers are nobody else's business.
    if (!deps.open && !(deps.token && sameSecret(bearerCredential(req.headers.authorization), deps.token))) {
      const how = deps.token ? 'Send the metrics token as "Authorization: Bearer <METRICS_TOKEN>".' : 'Set METRICS_TOKEN and send it as a bearer token, or METRICS_PUBLIC=true to serve /metrics without one.';
      return sendError(res, 401, 'unauthorized', how);
    }
    const now = Date.now();
    const [queues, durations, counters, failingHours] = await Promise.all([
      queueSamples(deps.queues, now),
      deps.selfMetrics.read(),
      deps.selfMetrics.counters(),
      runSql<{ n: number }>(deps.orm.em.fork(), 'SELECT count(*)::int AS n FROM metric_rollup_pending WHERE failures > 0', []),
    ]);
    const exposition = new Exposition()
      .family('pulse_ingest_events_total', 'counter', 'Activity events accepted by this API process.', [{ value: deps.ingested.events }])
      .family('pulse_ingest_metric_samples_total', 'counter', 'Metric samples accepted by this API process.', [{ value: deps.ingested.metricSamples }])
      .family('pulse_live_connections', 'gauge', 'Open WebSocket connections of this API process.', [{ value: deps.connectionCount() }])
      .family('pulse_queue_jobs', 'gauge', 'BullMQ jobs per queue and state.', queues.counts)
      .family('pulse_queue_oldest_waiting_age_seconds', 'gauge', 'Age of the oldest waiting job per queue (the queue lag).', queues.lag)
      .family('pulse_event_loop_delay_seconds', 'summary', 'Event loop delay of this process since it started.', [
        ...[0.5, 0.9, 0.99].map((quantile) => ({ labels: { quantile: String(quantile) }, value: loopDelay.percentile(quantile * 100) / NS_PER_SECOND })),
        { suffix: '_sum', value: (loopDelay.mean * loopDelay.count) / NS_PER_SECOND || 0 },
        { suffix: '_count', value: loopDelay.count },
      ])
      .family('pulse_event_loop_delay_max_seconds', 'gauge', 'Longest event loop delay of this process since it started.', [{ value: loopDelay.max / NS_PER_SECOND }])
      .family('pulse_rollup_duration_seconds', 'summary', 'Time to roll one bucket of metric samples up, by granularity.', [
        { suffix: '_sum', labels: { granularity: 'hour' }, value: durations.rollup_hour.sum },
        { suffix: '_count', labels: { granularity: 'hour' }, value: durations.rollup_hour.count },
        { suffix: '_sum', labels: { granularity: 'day' }, value: durations.rollup_day.sum },
        { suffix: '_count', labels: { granularity: 'day' }, value: durations.rollup_day.count },
      ])
      .family('pulse_rollup_last_duration_seconds', 'gauge', 'Time the last rollup of one bucket took, by granularity.', [
        { labels: { granularity: 'hour' }, value: durations.rollup_hour.last },
        { labels: { granularity: 'day' }, value: durations.rollup_day.last },
      ])
      .family('pulse_rollup_organization_failures_total', 'counter', 'Times the bucket of one organization failed to roll (the others were rolled; it is retried).', [
        { value: counters.rollup_organization_failures },
      ])
      .family('pulse_rollup_failing_buckets', 'gauge', 'Hours of organizations whose rollup failed and awaits a retry (admin.aggregation.status lists them).', [
        { value: failingHours[0]?.n ?? 0 },
      ])
      .family('pulse_alert_evaluation_duration_seconds', 'summary', 'Time to evaluate the alert rules of one tick or trigger.', [
        { suffix: '_sum', value: durations.alert_evaluation.sum },
        { suffix: '_count', value: durations.alert_evaluation.count },
      ])
      .family('pulse_alert_evaluation_last_duration_seconds', 'gauge', 'Time the last alert evaluation took.', [{ value: durations.alert_evaluation.last }])
      .family('pulse_dependency_breaker_open', 'gauge', 'Whether the read path refuses calls to the dependency (1: open or half-open) in this process.', breakerSamples(deps.breakers, (breaker) => (breaker.state === 'closed' ? 0 : 1)))
      .family('pulse_dependency_breaker_opened_total', 'counter', 'Times the read path circuit breaker of the dependency opened in this process.', breakerSamples(deps.breakers, (breaker) => breaker.stats.opened));
    if (deps.exportBusiness) await businessFamilies(deps.orm, exposition);
    const body = exposition.toString();
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  };
}
