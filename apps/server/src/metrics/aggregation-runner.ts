import type { MikroORM } from '@pulse/db';
import { runSql } from '@pulse/db';
import { clearPendingHour, DAY_MS, floorTo, HOUR_MS, readPendingHours, readWatermarks, rollBucket } from './rollup.ts';

export type AggregationTrigger = 'schedule' | 'manual' | 'late';

/** A scheduler that was off for long catches up at most this far back (raw samples older may be gone). */
const MAX_CATCH_UP_MS = 7 * DAY_MS;
const LATE_HOURS_PER_RUN = 500;

type Dependencies = {
  orm: MikroORM;
  /** Duration of each rolled bucket, for the Prometheus export. */
  observe(granularity: 'hour' | 'day', durationMs: number): Promise<void>;
};

/**
 * The metrics-aggregation work: hourly rollups (catching up from the watermark to the last full
 * hour), daily ones (from the daily watermark to the last day fully rolled by the hour), and
 * late re-rolls. Each bucket gets a metric_aggregation_runs row, which is both the status the
 * admin screen shows and the watermark queries trust.
 */
export function createAggregationRunner({ orm, observe }: Dependencies) {
  async function runBucket(granularity: 'hour' | 'day', start: Date, trigger: AggregationTrigger, organizationId: string | null): Promise<number> {
    const em = orm.em.fork();
    const end = new Date(start.getTime() + (granularity === 'hour' ? HOUR_MS : DAY_MS));
    const started = Date.now();
    const [run] = await runSql<{ id: string }>(
      em,
      `INSERT INTO metric_aggregation_runs (granularity, bucket_start, bucket_end, trigger, organization_id, status, started_at)
       VALUES ($1, $2, $3, $4, $5, 'running', now()) RETURNING id`,
      [granularity, start.toISOString(), end.toISOString(), trigger, organizationId],
    );
    const finish = (status: 'completed' | 'failed', rows: number, error: string | null) =>
      runSql(em, `UPDATE metric_aggregation_runs SET status = $2, rows = $3, error = $4, finished_at = now(), duration_ms = $5 WHERE id = $1`, [
        run?.id,
        status,
        rows,
        error,
        Date.now() - started,
      ]);
    try {
      const rows = await rollBucket(em, granularity, start, organizationId);
      await finish('completed', rows, null);
      await observe(granularity, Date.now() - started);
      return rows;
    } catch (error) {
      await finish('failed', 0, error instanceof Error ? error.message : String(error));
      throw error;
    }
  }

  /** Rolls each bucket of [start, end) in order; a failure stops the run (and BullMQ retries it). */
  async function runRange(granularity: 'hour' | 'day', start: Date, end: Date, trigger: AggregationTrigger): Promise<number> {
    const unit = granularity === 'hour' ? HOUR_MS : DAY_MS;
    let buckets = 0;
    for (let bucket = start.getTime(); bucket < end.getTime(); bucket += unit) {
      await runBucket(granularity, new Date(bucket), trigger, null);
      buckets++;
    }
    return buckets;
  }

  /**
   * Hours that got samples after they ended: rolled again for their organization, and their day
   * too when it is already over (so daily rollups include them).
   */
  async function late(now = new Date()): Promise<number> {
    const marks = await readWatermarks(orm.em.fork());
    const today = floorTo(now, DAY_MS);
    const pending = await readPendingHours(orm.em.fork(), marks.hour ?? floorTo(now, HOUR_MS), LATE_HOURS_PER_RUN);
    const days = new Map<string, { organizationId: string; day: Date }>();
    for (const hour of pending) {
      await runBucket('hour', hour.hourStart, 'late', hour.organizationId);
      await clearPendingHour(orm.em.fork(), hour);
      const day = floorTo(hour.hourStart, DAY_MS);
      if (day < today) days.set(`${hour.organizationId}:${day.getTime()}`, { organizationId: hour.organizationId, day });
    }
    for (const { organizationId, day } of days.values()) await runBucket('day', day, 'late', organizationId);
    return pending.length;
  }

  const notBefore = (time: Date, limit: Date) => (time < limit ? limit : time);

  return {
    /** Hours from the watermark (or `from`) up to the last full hour, then the late hours. */
    async hourly(trigger: AggregationTrigger, from: Date | null, now = new Date()): Promise<{ buckets: number; late: number }> {
      const end = floorTo(now, HOUR_MS);
      const marks = await readWatermarks(orm.em.fork());
      const start = notBefore(floorTo(from ?? marks.hour ?? new Date(end.getTime() - HOUR_MS), HOUR_MS), new Date(end.getTime() - MAX_CATCH_UP_MS));
      const buckets = await runRange('hour', start, end, trigger);
      return { buckets, late: await late(now) };
    },

    /** Days from the daily watermark (or `from`) up to the last day whose hours are all rolled. */
    async daily(trigger: AggregationTrigger, from: Date | null, now = new Date()): Promise<{ buckets: number }> {
      const marks = await readWatermarks(orm.em.fork());
      if (!marks.hour) return { buckets: 0 };
      const end = floorTo(new Date(Math.min(marks.hour.getTime(), now.getTime())), DAY_MS);
      // Hourly rolling began at firstHour; every earlier sample arrived late and re-rolls its day.
      const first = from ?? marks.day ?? marks.firstHour ?? end;
      const start = notBefore(floorTo(first, DAY_MS), new Date(end.getTime() - MAX_CATCH_UP_MS));
      return { buckets: await runRange('day', start, end, trigger) };
    },

    late,
  };
}

export type AggregationRunner = ReturnType<typeof createAggregationRunner>;
