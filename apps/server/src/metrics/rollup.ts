import type { EntityManager } from '@pulse/db';
import { runSql } from '@pulse/db';
import { saturatedSum } from './saturating-sum.ts';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

export const floorTo = (time: Date | number, unitMs: number) => new Date(Math.floor(new Date(time).getTime() / unitMs) * unitMs);

/**
 * Rolls one bucket for every organization (or one): hourly rows from raw samples, daily rows
 * from hourly ones. Every column merges (counts and sums add, min / max, sketches add key by
 * key; `last` is the newest value), and the upsert replaces what an earlier run wrote, so
 * rolling a bucket again gives the same rows. Sums saturate instead of overflowing, so no
 * value can fail the statement. Table and column names are constants here.
 */
const ROLLUP_SQL = (granularity: 'hour' | 'day') => {
  const source =
    granularity === 'hour'
      ? `SELECT organization_id, name, labels_hash, labels, type, category, count, sum, min, max, value AS last, recorded_at AS t, sketch
           FROM metric_samples WHERE recorded_at >= $1::timestamptz AND recorded_at < $2::timestamptz`
      : `SELECT organization_id, name, labels_hash, labels, type, category, count, sum, min, max, last, bucket_start AS t, sketch
           FROM metric_rollups WHERE granularity = 'hour' AND bucket_start >= $1::timestamptz AND bucket_start < $2::timestamptz`;
  return `
WITH src AS (${source} AND ($3::uuid IS NULL OR organization_id = $3::uuid)),
agg AS (
  SELECT organization_id, name, labels_hash, (array_agg(labels))[1] AS labels, (array_agg(type))[1] AS type,
         (array_agg(category ORDER BY t DESC))[1] AS category, sum(count) AS count, ${saturatedSum('sum')} AS sum, min(min) AS min, max(max) AS max,
         (array_agg(last ORDER BY t DESC))[1] AS last
  FROM src GROUP BY 1, 2, 3
),
sk AS (
  SELECT organization_id, name, labels_hash, jsonb_object_agg(key, n) AS sketch
  FROM (SELECT s.organization_id, s.name, s.labels_hash, e.key, sum(e.value::float8) AS n
          FROM src s CROSS JOIN LATERAL jsonb_each_text(s.sketch) e GROUP BY 1, 2, 3, 4) x
  GROUP BY 1, 2, 3
)
INSERT INTO metric_rollups (organization_id, granularity, name, bucket_start, labels_hash, labels, type, category, count, sum, min, max, last, sketch, updated_at)
SELECT a.organization_id, '${granularity}', a.name, $1::timestamptz, a.labels_hash, a.labels, a.type, a.category, a.count, a.sum, a.min, a.max, a.last,
       coalesce(sk.sketch, '{}'::jsonb), now()
FROM agg a LEFT JOIN sk USING (organization_id, name, labels_hash)
ORDER BY a.organization_id, a.name, a.labels_hash
ON CONFLICT (organization_id, granularity, name, bucket_start, labels_hash) DO UPDATE SET
  labels = excluded.labels, type = excluded.type, category = excluded.category, count = excluded.count, sum = excluded.sum,
  min = excluded.min, max = excluded.max, last = excluded.last, sketch = excluded.sketch, updated_at = excluded.updated_at
RETURNING 1`;
};

/** Rolls [start, start + 1 hour / day) and returns the rows written. */
export async function rollBucket(em: EntityManager, granularity: 'hour' | 'day', start: Date, organizationId: string | null): Promise<number> {
  const end = new Date(start.getTime() + (granularity === 'hour' ? HOUR_MS : DAY_MS));
  const rows = await runSql(em, ROLLUP_SQL(granularity), [start.toISOString(), end.toISOString(), organizationId]);
  return rows.length;
}

export type Watermarks = { hour: Date | null; day: Date | null; firstHour: Date | null };

/**
 * The runs over every organization that count as progress: scheduled and manual ones, not a
 * late re-roll or one organization's run (an ADMIN's manual run, a failure within a run).
 */
export const PLATFORM_RUN = `organization_id IS NULL AND trigger <> 'late'`;

/**
 * Every bucket before a watermark is rolled (platform runs go in order, stopping at an outage),
 * except the organizations' hours still marked in metric_rollup_pending (late or failed), which
 * queries read raw.
 */
export async function readWatermarks(em: EntityManager): Promise<Watermarks> {
  const [row] = await runSql<{ hour: string | null; day: string | null; first_hour: string | null }>(
    em,
    `SELECT (SELECT max(bucket_end) FROM metric_aggregation_runs WHERE granularity = 'hour' AND status = 'completed' AND ${PLATFORM_RUN}) AS hour,
            (SELECT max(bucket_end) FROM metric_aggregation_runs WHERE granularity = 'day' AND status = 'completed' AND ${PLATFORM_RUN}) AS day,
            (SELECT min(bucket_start) FROM metric_aggregation_runs WHERE granularity = 'hour' AND ${PLATFORM_RUN}) AS first_hour`,
    [],
  );
  const date = (value: string | null | undefined) => (value ? new Date(value) : null);
  return { hour: date(row?.hour), day: date(row?.day), firstHour: date(row?.first_hour) };
}

export type PendingHour = { organizationId: string; hourStart: Date; version: number };

/**
 * Marked hours before `before`: of one organization or all (null); `dueOnly` leaves out failed
 * hours whose retry time has not come (a manual run retries them at once).
 */
export async function readPendingHours(em: EntityManager, before: Date, limit: number, organizationId: string | null = null, dueOnly = true): Promise<PendingHour[]> {
  const rows = await runSql<{ organization_id: string; hour_start: string; version: string }>(
    em,
    `SELECT organization_id, hour_start, version FROM metric_rollup_pending
      WHERE hour_start < $1 AND ($3::uuid IS NULL OR organization_id = $3::uuid) AND (NOT $4::boolean OR retry_at IS NULL OR retry_at <= now())
      ORDER BY hour_start LIMIT $2`,
    [before.toISOString(), limit, organizationId, dueOnly],
  );
  return rows.map((row) => ({ organizationId: row.organization_id, hourStart: new Date(row.hour_start), version: Number(row.version) }));
}

/**
 * Clears a late-data marker only at the version that was rolled: a sample that arrived while the
 * hour was being rolled bumped the version (and waited for this statement's lock), so its hour
 * stays marked for the next run.
 */
export async function clearPendingHour(em: EntityManager, pending: PendingHour): Promise<boolean> {
  const rows = await runSql(em, 'DELETE FROM metric_rollup_pending WHERE organization_id = $1 AND hour_start = $2 AND version = $3 RETURNING 1', [
    pending.organizationId,
    pending.hourStart.toISOString(),
    pending.version,
  ]);
  return rows.length > 0;
}

/** The first retry waits this long; each further failure doubles it, up to MAX_RETRY_DELAY. */
const FIRST_RETRY_DELAY = `interval '1 minute'`;
const MAX_RETRY_DELAY = `interval '1 hour'`;

/**
 * Records that one organization's bucket failed to roll: its first hour is marked (a day's
 * failure marks the day's first hour, whose re-roll rolls the day again), so queries read it raw
 * and a later run retries it, with growing delays. The version is left alone: the marker is
 * cleared only once a roll at that version succeeds.
 */
export async function markRollupFailed(em: EntityManager, organizationId: string, bucketStart: Date, error: string): Promise<void> {
  await runSql(
    em,
    `INSERT INTO metric_rollup_pending (organization_id, hour_start, failures, last_error, last_failed_at, retry_at)
     VALUES ($1, $2, 1, $3, now(), now() + ${FIRST_RETRY_DELAY})
     ON CONFLICT (organization_id, hour_start) DO UPDATE SET
       failures = metric_rollup_pending.failures + 1, last_error = excluded.last_error, last_failed_at = excluded.last_failed_at,
       retry_at = now() + least(${FIRST_RETRY_DELAY} * power(2, least(metric_rollup_pending.failures, 10)), ${MAX_RETRY_DELAY})`,
    [organizationId, bucketStart.toISOString(), error],
  );
}

/** Organizations that have rows in a bucket's source (when a run must roll them one by one). */
export async function organizationsInBucket(em: EntityManager, granularity: 'hour' | 'day', start: Date): Promise<string[]> {
  const end = new Date(start.getTime() + (granularity === 'hour' ? HOUR_MS : DAY_MS));
  const sql =
    granularity === 'hour'
      ? 'SELECT DISTINCT organization_id FROM metric_samples WHERE recorded_at >= $1 AND recorded_at < $2 ORDER BY 1'
      : `SELECT DISTINCT organization_id FROM metric_rollups WHERE granularity = 'hour' AND bucket_start >= $1 AND bucket_start < $2 ORDER BY 1`;
  const rows = await runSql<{ organization_id: string }>(em, sql, [start.toISOString(), end.toISOString()]);
  return rows.map((row) => row.organization_id);
}
