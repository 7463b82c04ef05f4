import type { MikroORM } from '@pulse/db';
import { AuditLog, runSql } from '@pulse/db';
import type { PulseServices } from '@pulse/api-contract/router';
import type { AggregationRunView } from '@pulse/api-contract/schemas';
import { TRPCError } from '@trpc/server';
import { AGGREGATION_SCHEDULES, type MetricsAggregationQueue } from './metrics-aggregation.queue.ts';
import { DAY_MS, readWatermarks } from './rollup.ts';

type RunRow = {
  id: string;
  granularity: 'hour' | 'day';
  bucket_start: string;
  bucket_end: string;
  trigger: AggregationRunView['trigger'];
  organization_id: string | null;
  status: AggregationRunView['status'];
  rows: number;
  started_at: string;
  finished_at: string | null;
  duration_ms: number | null;
  error: string | null;
};

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

/** How far back a manual run may roll again (raw samples are kept longer than that). */
const MAX_MANUAL_RANGE_MS = 7 * DAY_MS;

/** `admin.aggregation`: the status of the rollups and a manual run. */
export function createAggregationService(orm: MikroORM, queue: MetricsAggregationQueue): PulseServices['aggregation'] {
  return {
    async status() {
      const em = orm.em.fork();
      const [marks, runs, last, pending, counts, next] = await Promise.all([
        readWatermarks(em),
        runSql<RunRow>(orm.em.fork(), 'SELECT * FROM metric_aggregation_runs ORDER BY started_at DESC LIMIT 50', []),
        runSql<RunRow>(
          orm.em.fork(),
          `SELECT DISTINCT ON (granularity) * FROM metric_aggregation_runs WHERE trigger <> 'late' ORDER BY granularity, started_at DESC`,
          [],
        ),
        runSql<{ n: number }>(orm.em.fork(), 'SELECT count(*)::int AS n FROM metric_rollup_pending', []),
        queue.queue.getJobCounts('waiting', 'active', 'delayed', 'failed'),
        queue.nextRuns(),
      ]);
      const lastOf = (granularity: 'hour' | 'day') => {
        const row = last.find((run) => run.granularity === granularity);
        return row ? toRunView(row) : null;
      };
      const watermark = (date: Date | null) => date?.toISOString() ?? null;
      return {
        hourly: { watermark: watermark(marks.hour), pattern: AGGREGATION_SCHEDULES.hourly.pattern, nextRunAt: watermark(next.hourly), lastRun: lastOf('hour') },
        daily: { watermark: watermark(marks.day), pattern: AGGREGATION_SCHEDULES.daily.pattern, nextRunAt: watermark(next.daily), lastRun: lastOf('day') },
        pendingHours: pending[0]?.n ?? 0,
        queue: { waiting: counts.waiting ?? 0, active: counts.active ?? 0, delayed: counts.delayed ?? 0, failed: counts.failed ?? 0 },
        recentRuns: runs.map(toRunView),
      };
    },

    async trigger(actor, input) {
      if (input.from && Date.parse(input.from) < Date.now() - MAX_MANUAL_RANGE_MS) {
        throw new TRPCError({ code: 'BAD_REQUEST', message: 'A manual run rolls at most 7 days back.' });
      }
      const jobId = await queue.trigger(input.granularity, input.from ? new Date(input.from).toISOString() : null);
      const em = orm.em.fork();
      em.create(AuditLog, {
        organizationId: actor.organizationId,
        actorUserId: actor.userId,
        action: 'aggregation.trigger',
        targetType: 'aggregation',
        targetId: input.granularity,
        details: { from: input.from ?? null, jobId },
      });
      await em.flush();
      return { jobId };
    },
  };
}
