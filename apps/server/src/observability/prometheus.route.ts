import type { IncomingMessage, ServerResponse } from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Queue } from 'bullmq';
import type { MikroORM } from '@pulse/db';
import { runSql } from '@pulse/db';
import { RESERVED_METRIC_PREFIX } from '@pulse/api-contract/schemas';
import { bearerCredential } from '../auth/authenticate.ts';
import { sendError } from '../http/responses.ts';
import { Exposition } from './exposition.ts';
import type { SelfMetrics } from './self-metrics.ts';

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

/**
 * The organizations' latest business metrics: counters as `pulse_business_<name>_total` (the sum
 * of their increments), gauges with their latest value, histograms and summaries as summaries
 * with `_sum` and `_count`; each sample with an `organization` label (the slug). A name sent with
 * different types by different organizations gets the type appended, so families stay unique.
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
  const groups = new Map<string, BusinessRow[]>();
  for (const row of rows) groups.set(`${row.name}\u0000${row.type}`, [...(groups.get(`${row.name}\u0000${row.type}`) ?? []), row]);
  const typesOf = new Map<string, number>();
  for (const row of groups.values()) typesOf.set(row[0]?.name ?? '', (typesOf.get(row[0]?.name ?? '') ?? 0) + 1);
  for (const series of groups.values()) {
    const { name, type } = series[0] as BusinessRow;
    const base = `pulse_business_${name}${(typesOf.get(name) ?? 0) > 1 ? `_${type}` : ''}`;
    const labelsOf = (row: BusinessRow) => ({ organization: row.slug, ...row.labels });
    const help = `Business metric ${name} (${type}) recorded by the organizations.`;
    if (type === 'counter') {
      const family = base.endsWith('_total') ? base : `${base}_total`;
      if (!exposition.has(family)) exposition.family(family, 'counter', help, series.map((row) => ({ labels: labelsOf(row), value: Number(row.total_sum) })));
    } else if (type === 'gauge') {
      if (!exposition.has(base)) exposition.family(base, 'gauge', help, series.map((row) => ({ labels: labelsOf(row), value: Number(row.last_value) })));
    } else if (!exposition.has(base)) {
      exposition.family(
        base,
        'summary',
        help,
        series.flatMap((row) => [
          { suffix: '_sum', labels: labelsOf(row), value: Number(row.total_sum) },
          { suffix: '_count', labels: labelsOf(row), value: Number(row.total_count) },
        ]),
      );
    }
  }
}

/**
 * `GET /metrics`: Pulse's own health in Prometheus text format, and, when
 * METRICS_EXPORT_BUSINESS is on, the organizations' business metrics. Protected by
 * METRICS_TOKEN when that is set.
 */
export function createPrometheusRoute(deps: Dependencies) {
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();

  return async function handleMetrics(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'GET') return sendError(res, 405, 'method_not_allowed', 'Use GET.', {}, { allow: 'GET' });
    if (deps.token && bearerCredential(req.headers.authorization) !== deps.token) {
      return sendError(res, 401, 'unauthorized', 'Send the metrics token as "Authorization: Bearer <METRICS_TOKEN>".');
    }
    const now = Date.now();
    const [queues, durations] = await Promise.all([queueSamples(deps.queues, now), deps.selfMetrics.read()]);
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
      .family('pulse_alert_evaluation_duration_seconds', 'summary', 'Time to evaluate the alert rules of one tick or trigger.', [
        { suffix: '_sum', value: durations.alert_evaluation.sum },
        { suffix: '_count', value: durations.alert_evaluation.count },
      ])
      .family('pulse_alert_evaluation_last_duration_seconds', 'gauge', 'Time the last alert evaluation took.', [{ value: durations.alert_evaluation.last }]);
    if (deps.exportBusiness) await businessFamilies(deps.orm, exposition);
    const body = exposition.toString();
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  };
}
