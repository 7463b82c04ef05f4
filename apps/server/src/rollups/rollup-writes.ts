import { runSql } from '@pulse/db';
import type { EntityManager } from '@pulse/db';
import type { RollupPlan } from './rollup-plan.ts';

/**
 * Two numeric summaries ({property: {n, sum, min, max, sketch}}) merged key by key in SQL: counts
 * and sums add, min and max widen, sketch buckets add (as metrics/sketch.ts mergeSketches does).
 */
const mergeNumeric = (a: string, b: string) => `(
  SELECT coalesce(jsonb_object_agg(k, CASE
    WHEN ${a} -> k IS NULL THEN ${b} -> k
    WHEN ${b} -> k IS NULL THEN ${a} -> k
    ELSE jsonb_build_object(
      'n', (${a} -> k ->> 'n')::float8 + (${b} -> k ->> 'n')::float8,
      'sum', (${a} -> k ->> 'sum')::float8 + (${b} -> k ->> 'sum')::float8,
      'min', least((${a} -> k ->> 'min')::float8, (${b} -> k ->> 'min')::float8),
      'max', greatest((${a} -> k ->> 'max')::float8, (${b} -> k ->> 'max')::float8),
      'sketch', (SELECT coalesce(jsonb_object_agg(key, n), '{}'::jsonb) FROM (
        SELECT key, sum(value::float8) AS n FROM (
          SELECT * FROM jsonb_each_text(${a} -> k -> 'sketch') UNION ALL SELECT * FROM jsonb_each_text(${b} -> k -> 'sketch')) s
        GROUP BY key) t))
    END), '{}'::jsonb)
  FROM (SELECT jsonb_object_keys(${a}) AS k UNION SELECT jsonb_object_keys(${b})) keys)`;

// One statement per table: the rows arrive as one JSON parameter. Rows are written in key order,
// so two batches touching the same buckets lock them in the same order (no deadlock).
const ADD_ROLLUPS = `
INSERT INTO activity_rollups AS r (organization_id, granularity, bucket_start, event_type, scope_key, branch_id, department_id, event_count, numeric)
SELECT $1::uuid, x.granularity, x."bucketStart", x."eventType", x."scopeKey", x."branchId", x."departmentId", x."eventCount", x.numeric
FROM json_to_recordset($2::json) AS x(granularity text, "bucketStart" timestamptz, "eventType" text, "scopeKey" text, "branchId" uuid, "departmentId" uuid, "eventCount" bigint, numeric jsonb)
ORDER BY 2, 3, 4, 5
ON CONFLICT (organization_id, granularity, bucket_start, event_type, scope_key) DO UPDATE SET
  event_count = r.event_count + excluded.event_count,
  numeric = CASE WHEN excluded.numeric = '{}'::jsonb THEN r.numeric ELSE ${mergeNumeric('r.numeric', 'excluded.numeric')} END,
  updated_at = now()`;

const ADD_USERS = `
INSERT INTO activity_user_rollups AS u (organization_id, bucket_start, event_type, scope_key, user_id, branch_id, department_id, event_count)
SELECT $1::uuid, x."bucketStart", x."eventType", x."scopeKey", x."userId", x."branchId", x."departmentId", x."eventCount"
FROM json_to_recordset($2::json) AS x("bucketStart" timestamptz, "eventType" text, "scopeKey" text, "userId" text, "branchId" uuid, "departmentId" uuid, "eventCount" int)
ORDER BY 2, 3, 4, 5
ON CONFLICT (organization_id, bucket_start, event_type, scope_key, user_id) DO UPDATE SET event_count = u.event_count + excluded.event_count`;

/** Rows per statement: keeps one JSON parameter (and one statement's memory) bounded in a backfill. */
const CHUNK = 5000;

/** Adds a plan's rows to what the tables hold, inside the caller's transaction. */
export async function writeRollupPlan(tx: EntityManager, organizationId: string, plan: RollupPlan): Promise<void> {
  const rows = [...plan.rows.values()];
  const users = [...plan.users.values()];
  for (let index = 0; index < rows.length; index += CHUNK) await runSql(tx, ADD_ROLLUPS, [organizationId, JSON.stringify(rows.slice(index, index + CHUNK))]);
  for (let index = 0; index < users.length; index += CHUNK) await runSql(tx, ADD_USERS, [organizationId, JSON.stringify(users.slice(index, index + CHUNK))]);
}

/**
 * Batches of one organization apply under a shared lock, its backfill under the exclusive one:
 * a backfill sees a stable set of applied batches and none applies halfway through it.
 */
export async function lockOrganizationRollups(tx: EntityManager, organizationId: string, mode: 'shared' | 'exclusive'): Promise<void> {
  const fn = mode === 'shared' ? 'pg_advisory_xact_lock_shared' : 'pg_advisory_xact_lock';
  await runSql(tx, `SELECT ${fn}(hashtextextended('activity-rollups:' || $1, 0))`, [organizationId]);
}
