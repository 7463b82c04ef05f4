import type { MikroORM, SqlRow } from '@pulse/db';
import { AuditLog, runSql } from '@pulse/db';
import type { PulseServices } from '@pulse/api-contract/router';
import type { AggregationRunView, RollupFailure } from '@pulse/api-contract/schemas';
import { InvalidInputError } from '@pulse/api-contract/errors';
import { AGGREGATION_SCHEDULES, type MetricsAggregationQueue } from './metrics-aggregation.queue.ts';
import { DAY_MS, PLATFORM_RUN, readWatermarks } from './rollup.ts';

type RunRow = SqlRow<'metric_aggregation_runs'>;

type FailureRow = { organization_id: string; hour_start: string; failures: number; last_error: string | null; last_failed_at: string | null; retry_at: string | null };

const iso = (value: string) => new Date(value).toISOString();
const toRunView = (row: RunRow): AggregationRunView => ({
  id: row.id,
  granularity: row.granularity,
  bucketStart: iso(row.bucket_start),
  bucketEnd: iso(row.bucket_end),
  trigger: row.trigger,
  organizationId: row.organization_id,
  status: row.status,
  rows: row.rows,
  startedAt: iso(row.started_at),
  finishedAt: row.finished_at ? iso(row.finished_at) : null,
  durationMs: row.duration_ms,
  error: row.error,
});

const toFailure = (row: FailureRow): RollupFailure => ({
  organizationId: row.organization_id,
  hourStart: iso(row.hour_start),
  attempts: row.failures,
  error: row.last_error ?? '',
  lastFailedAt: iso(row.last_failed_at ?? row.hour_start),
  retryAt: row.retry_at ? iso(row.retry_at) : null,
});

/**
 * What an ADMIN may see of a run over every organization: that it ran, when and how it ended,
 * not its row count (every organization's) or its error (which may quote another's data).
 */
const forOrganization = (run: AggregationRunView): AggregationRunView =>
  run.organizationId !== null
    ? run
    : { ...run, rows: null, error: run.status === 'failed' ? 'The run failed and is retried; platform administrators see why.' : null };

/** How far back a manual run may roll again (raw samples are kept longer than that). */
const MAX_MANUAL_RANGE_MS = 7 * DAY_MS;

/** `admin.aggregation`: the status of the rollups and a manual run. */
export function createAggregationService(orm: MikroORM, queue: MetricsAggregationQueue): PulseServices['aggregation'] {
  return {
    /** The platform's rollups (null) or what concerns one organization: its runs, marks and failures. */
    async status(organizationId) {
      const em = orm.em.fork();
      const [marks, runs, last, pending, failures, counts, next] = await Promise.all([
        readWatermarks(em),
        runSql<RunRow>(
          orm.em.fork(),
          'SELECT * FROM metric_aggregation_runs WHERE $1::uuid IS NULL OR organization_id IS NULL OR organization_id = $1::uuid ORDER BY started_at DESC LIMIT 50',
          [organizationId],
        ),
        runSql<RunRow>(orm.em.fork(), `SELECT DISTINCT ON (granularity) * FROM metric_aggregation_runs WHERE ${PLATFORM_RUN} ORDER BY granularity, started_at DESC`, []),
        runSql<{ n: number }>(orm.em.fork(), 'SELECT count(*)::int AS n FROM metric_rollup_pending WHERE $1::uuid IS NULL OR organization_id = $1::uuid', [organizationId]),
        runSql<FailureRow>(
          orm.em.fork(),
          'SELECT * FROM metric_rollup_pending WHERE failures > 0 AND ($1::uuid IS NULL OR organization_id = $1::uuid) ORDER BY hour_start, organization_id LIMIT 100',
          [organizationId],
        ),
        queue.queue.getJobCounts('waiting', 'active', 'delayed', 'failed'),
        queue.nextRuns(),
      ]);
      const view = (row: RunRow) => (organizationId === null ? toRunView(row) : forOrganization(toRunView(row)));
      const lastOf = (granularity: 'hour' | 'day') => {
        const row = last.find((run) => run.granularity === granularity);
        return row ? view(row) : null;
      };
      const watermark = (date: Date | null) => date?.toISOString() ?? null;
      return {
        organizationId,
        hourly: { watermark: watermark(marks.hour), pattern: AGGREGATION_SCHEDULES.hourly.pattern, nextRunAt: watermark(next.hourly), lastRun: lastOf('hour') },
        daily: { watermark: watermark(marks.day), pattern: AGGREGATION_SCHEDULES.daily.pattern, nextRunAt: watermark(next.daily), lastRun: lastOf('day') },
        pendingHours: pending[0]?.n ?? 0,
        failures: failures.map(toFailure),
        queue: { waiting: counts.waiting ?? 0, active: counts.active ?? 0, delayed: counts.delayed ?? 0, failed: counts.failed ?? 0 },
        recentRuns: runs.map(view),
      };
    },

    /** `organizationId`: roll that organization only (an ADMIN's run); null: every organization. */
    async trigger(actor, organizationId, input) {
      if (input.from && Date.parse(input.from) < Date.now() - MAX_MANUAL_RANGE_MS) {
        throw new InvalidInputError('A manual run rolls at most 7 days back.');
      }
      const jobId = await queue.trigger(input.granularity, input.from ? new Date(input.from).toISOString() : null, organizationId);
      const em = orm.em.fork();
      em.create(AuditLog, {
        organizationId: organizationId ?? actor.organizationId,
        actorUserId: actor.userId,
        action: 'aggregation.trigger',
        targetType: 'aggregation',
        targetId: input.granularity,
        details: { from: input.from ?? null, jobId, organizationId },
      });
      await em.flush();
      return { jobId };
    },
  };
}
