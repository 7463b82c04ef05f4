import type { MikroORM } from '@pulse/db';
import { runSql } from '@pulse/db';
import {
  clearPendingHour,
  DAY_MS,
  floorTo,
  HOUR_MS,
  markRollupFailed,
  organizationsInBucket,
  type PendingHour,
  readPendingHours,
  readWatermarks,
  rollBucket,
} from './rollup.ts';

export type AggregationTrigger = 'schedule' | 'manual' | 'late';
type Granularity = 'hour' | 'day';

/** A scheduler that was off for long catches up at most this far back (raw samples older may be gone). */
const MAX_CATCH_UP_MS = 7 * DAY_MS;
const LATE_HOURS_PER_RUN = 500;

type Dependencies = {
  orm: MikroORM;
  /** Duration of each rolled bucket, for the Prometheus export. */
  observe(granularity: Granularity, durationMs: number): Promise<void>;
  /** One organization's bucket failed to roll (it is marked and retried), for the Prometheus export. */
  organizationFailed(granularity: Granularity): Promise<void>;
};

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * The metrics-aggregation work: hourly rollups (catching up from the watermark to the last full
 * hour), daily ones (from the daily watermark to the last day fully rolled by the hour), and
 * late re-rolls. Each bucket gets a metric_aggregation_runs row, which is both the status the
 * admin screen shows and the watermark queries trust.
 *
 * One organization cannot hold back the others: a bucket is rolled for every organization in
 * one statement, and should that fail, for each organization on its own. An organization that
 * still fails gets a failed run row with the error and its hour marked in metric_rollup_pending
 * (read raw by queries, retried by later runs with growing delays); the bucket completes for the
 * rest and the watermark moves on. Only a failure to record that (Postgres gone) fails the job.
 */
export function createAggregationRunner({ orm, observe, organizationFailed }: Dependencies) {
  const bucketEnd = (granularity: Granularity, start: Date) => new Date(start.getTime() + (granularity === 'hour' ? HOUR_MS : DAY_MS));

  async function startRun(granularity: Granularity, start: Date, trigger: AggregationTrigger, organizationId: string | null) {
    const em = orm.em.fork();
    const started = Date.now();
    const [run] = await runSql<{ id: string }>(
      em,
      `INSERT INTO metric_aggregation_runs (granularity, bucket_start, bucket_end, trigger, organization_id, status, started_at)
       VALUES ($1, $2, $3, $4, $5, 'running', now()) RETURNING id`,
      [granularity, start.toISOString(), bucketEnd(granularity, start).toISOString(), trigger, organizationId],
    );
    return {
      finish: (status: 'completed' | 'failed', rows: number, error: string | null) =>
        runSql(em, `UPDATE metric_aggregation_runs SET status = $2, rows = $3, error = $4, finished_at = now(), duration_ms = $5 WHERE id = $1`, [
          run?.id,
          status,
          rows,
          error,
          Date.now() - started,
        ]),
      elapsed: () => Date.now() - started,
    };
  }

  /** Records one organization's failed bucket: a failed run row (unless it has one) and the retry marker. */
  async function recordFailure(granularity: Granularity, start: Date, trigger: AggregationTrigger, organizationId: string, error: unknown, hasRunRow: boolean) {
    const em = orm.em.fork();
    if (!hasRunRow) {
      await runSql(
        em,
        `INSERT INTO metric_aggregation_runs (granularity, bucket_start, bucket_end, trigger, organization_id, status, started_at, finished_at, error)
         VALUES ($1, $2, $3, $4, $5, 'failed', now(), now(), $6)`,
        [granularity, start.toISOString(), bucketEnd(granularity, start).toISOString(), trigger, organizationId, messageOf(error)],
      );
    }
    await markRollupFailed(em, organizationId, start, messageOf(error));
    await organizationFailed(granularity);
  }

  /** One organization's bucket with its own run row; false when it failed (recorded, not thrown). */
  async function runOrganizationBucket(granularity: Granularity, start: Date, trigger: AggregationTrigger, organizationId: string): Promise<boolean> {
    const run = await startRun(granularity, start, trigger, organizationId);
    let rows: number;
    try {
      rows = await rollBucket(orm.em.fork(), granularity, start, organizationId);
    } catch (error) {
      await run.finish('failed', 0, messageOf(error));
      await recordFailure(granularity, start, trigger, organizationId, error, true);
      return false;
    }
    await run.finish('completed', rows, null);
    await observe(granularity, run.elapsed());
    return true;
  }

  /** Every organization's bucket; when the one statement fails, each organization on its own. */
  async function runPlatformBucket(granularity: Granularity, start: Date, trigger: AggregationTrigger): Promise<void> {
    const run = await startRun(granularity, start, trigger, null);
    try {
      const rows = await rollBucket(orm.em.fork(), granularity, start, null);
      await run.finish('completed', rows, null);
      await observe(granularity, run.elapsed());
      return;
    } catch (error) {
      try {
        const organizations = await organizationsInBucket(orm.em.fork(), granularity, start);
        let rows = 0;
        let failed = 0;
        for (const organizationId of organizations) {
          try {
            rows += await rollBucket(orm.em.fork(), granularity, start, organizationId);
          } catch (organizationError) {
            failed++;
            await recordFailure(granularity, start, trigger, organizationId, organizationError, false);
          }
        }
        const note = failed > 0 ? `${failed} of ${organizations.length} organizations failed and are retried on their own (see their runs).` : null;
        await run.finish('completed', rows, note);
        await observe(granularity, run.elapsed());
      } catch (outage) {
        // Nothing could be recorded (Postgres unreachable?): the job fails and is retried whole.
        await run.finish('failed', 0, messageOf(error)).catch(() => undefined);
        throw outage;
      }
    }
  }

  /** Rolls each bucket of [start, end) in order, for every organization or for one. */
  async function runRange(granularity: Granularity, start: Date, end: Date, trigger: AggregationTrigger, organizationId: string | null): Promise<number> {
    const unit = granularity === 'hour' ? HOUR_MS : DAY_MS;
    let buckets = 0;
    for (let bucket = start.getTime(); bucket < end.getTime(); bucket += unit) {
      if (organizationId === null) await runPlatformBucket(granularity, new Date(bucket), trigger);
      else await runOrganizationBucket(granularity, new Date(bucket), trigger, organizationId);
      buckets++;
    }
    return buckets;
  }

  /**
   * Hours that got samples after they ended, or failed: rolled again for their organization, and
   * their day too when it is already over (so daily rollups include them). A rolled hour's marker
   * is cleared unless its day then failed; a failed hour stays marked with its failure, which also
   * keeps its day read from hours until it rolls (and its day with it).
   */
  async function late(now = new Date(), organizationId: string | null = null, dueOnly = true): Promise<number> {
    const marks = await readWatermarks(orm.em.fork());
    const today = floorTo(now, DAY_MS);
    const pending = await readPendingHours(orm.em.fork(), marks.hour ?? floorTo(now, HOUR_MS), LATE_HOURS_PER_RUN, organizationId, dueOnly);
    const days = new Map<string, { organizationId: string; day: Date; rolled: PendingHour[]; failed: boolean }>();
    for (const hour of pending) {
      const day = floorTo(hour.hourStart, DAY_MS);
      const key = `${hour.organizationId}:${day.getTime()}`;
      const group = days.get(key) ?? { organizationId: hour.organizationId, day, rolled: [], failed: false };
      days.set(key, group);
      if (await runOrganizationBucket('hour', hour.hourStart, 'late', hour.organizationId)) group.rolled.push(hour);
      else group.failed = true;
    }
    for (const group of days.values()) {
      const dayRolled = group.failed || group.day >= today || (await runOrganizationBucket('day', group.day, 'late', group.organizationId));
      if (dayRolled) for (const hour of group.rolled) await clearPendingHour(orm.em.fork(), hour);
    }
    return pending.length;
  }

  const notBefore = (time: Date, limit: Date) => (time < limit ? limit : time);

  return {
    /**
     * Hours from the watermark (or `from`) up to the last full hour, then the late hours. With an
     * organization (an ADMIN's manual run): that organization's hours only, and its marked hours
     * at once, whatever their retry time; the platform watermark does not move.
     */
    async hourly(trigger: AggregationTrigger, from: Date | null, now = new Date(), organizationId: string | null = null): Promise<{ buckets: number; late: number }> {
      const end = floorTo(now, HOUR_MS);
      const marks = await readWatermarks(orm.em.fork());
      const start = notBefore(floorTo(from ?? marks.hour ?? new Date(end.getTime() - HOUR_MS), HOUR_MS), new Date(end.getTime() - MAX_CATCH_UP_MS));
      const buckets = await runRange('hour', start, end, trigger, organizationId);
      return { buckets, late: await late(now, organizationId, organizationId === null) };
    },

    /** Days from the daily watermark (or `from`) up to the last day whose hours are all rolled. */
    async daily(trigger: AggregationTrigger, from: Date | null, now = new Date(), organizationId: string | null = null): Promise<{ buckets: number }> {
      const marks = await readWatermarks(orm.em.fork());
      if (!marks.hour) return { buckets: 0 };
      const end = floorTo(new Date(Math.min(marks.hour.getTime(), now.getTime())), DAY_MS);
      // Hourly rolling began at firstHour; every earlier sample arrived late and re-rolls its day.
      const first = from ?? marks.day ?? marks.firstHour ?? end;
      const start = notBefore(floorTo(first, DAY_MS), new Date(end.getTime() - MAX_CATCH_UP_MS));
      return { buckets: await runRange('day', start, end, trigger, organizationId) };
    },

    late,
  };
}

export type AggregationRunner = ReturnType<typeof createAggregationRunner>;
