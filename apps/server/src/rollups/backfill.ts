import { runSql, sqlStateOf } from '@pulse/db';
import type { EntityManager, MikroORM } from '@pulse/db';
import { ACTIVITY_ROLLUPS_QUEUE } from '../pipeline/pipeline-queues.ts';
import { addToRollupPlan, emptyRollupPlan, rollupEventsOf, type RollupPlan } from './rollup-plan.ts';
import { lockOrganizationRollups, writeRollupPlan } from './rollup-writes.ts';

const PAGE = 20_000;
/** Rows a plan may hold before it is added to the tables (bounds the backfill's memory). */
const FLUSH_AT = 100_000;

// Only the numeric top-level properties leave Postgres: what a rollup sums and sketches.
const PAGE_SQL = `
SELECT occurred_at, occurred_at::text AS cursor_at, id, type, user_id, batch_id, branch_id, department_id,
       (SELECT jsonb_object_agg(key, value) FROM jsonb_each(properties) WHERE jsonb_typeof(value) = 'number') AS numeric
FROM activity_events
WHERE organization_id = $1 AND (occurred_at, id) > ($2::timestamptz, $3::uuid)
ORDER BY occurred_at, id
LIMIT $4`;

type PageRow = {
  occurred_at: Date;
  cursor_at: string;
  id: string;
  type: string;
  user_id: string | null;
  batch_id: string;
  branch_id: string | null;
  department_id: string | null;
  numeric: Record<string, number> | null;
};

/**
 * Rebuilds one organization's activity rollups from its raw events (Postgres store), in one
 * repeatable-read transaction under the organization's exclusive rollup lock: the old rows go,
 * every stored event is folded in once, and every batch read is claimed for the
 * `activity-rollups` step, so a batch whose rollup job is still queued is not added twice.
 * Running it again gives the same rows. Answers the number of events folded.
 *
 * The snapshot is taken when the lock is asked for: a batch applied while the backfill waited
 * makes its DELETE fail with a serialization error, and the rebuild starts over (a few times).
 */
export async function rebuildActivityRollups(orm: MikroORM, organizationId: string, now = Date.now()): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await rebuildOnce(orm, organizationId, now);
    } catch (error) {
      if (sqlStateOf(error) !== '40001' || attempt >= 5) throw error;
    }
  }
}

async function rebuildOnce(orm: MikroORM, organizationId: string, now: number): Promise<number> {
  return orm.em.fork().transactional(
    async (tx) => {
      await runSql(tx, 'SET TRANSACTION ISOLATION LEVEL REPEATABLE READ', []);
      await lockOrganizationRollups(tx, organizationId, 'exclusive');
      await runSql(tx, 'DELETE FROM activity_rollups WHERE organization_id = $1', [organizationId]);
      await runSql(tx, 'DELETE FROM activity_user_rollups WHERE organization_id = $1', [organizationId]);
      let cursor: [string, string] = ['-infinity', '00000000-0000-0000-0000-000000000000'];
      let plan: RollupPlan = emptyRollupPlan();
      let total = 0;
      const batches = new Set<string>();
      for (;;) {
        const rows = await runSql<PageRow>(tx, PAGE_SQL, [organizationId, cursor[0], cursor[1], PAGE]);
        if (rows.length === 0) break;
        const events = rows.map((row) => ({
          type: row.type,
          userId: row.user_id,
          occurredAt: new Date(row.occurred_at).toISOString(),
          properties: row.numeric ?? {},
          branchId: row.branch_id,
          departmentId: row.department_id,
        }));
        addToRollupPlan(plan, rollupEventsOf(events), now);
        for (const row of rows) batches.add(row.batch_id);
        total += rows.length;
        const last = rows.at(-1) as PageRow;
        // The text form keeps the microseconds a Date would drop (a cursor a little behind would read rows again).
        cursor = [last.cursor_at, last.id];
        if (plan.rows.size + plan.users.size >= FLUSH_AT) {
          await writeRollupPlan(tx, organizationId, plan);
          plan = emptyRollupPlan();
        }
      }
      await writeRollupPlan(tx, organizationId, plan);
      await claimBatches(tx, [...batches]);
      await runSql(
        tx,
        `INSERT INTO activity_rollup_backfills (organization_id, events) VALUES ($1, $2)
         ON CONFLICT (organization_id) DO UPDATE SET events = excluded.events, completed_at = now()`,
        [organizationId, total],
      );
      return total;
    },
  );
}

async function claimBatches(tx: EntityManager, batchIds: string[]): Promise<void> {
  for (let index = 0; index < batchIds.length; index += PAGE) {
    await runSql(tx, `INSERT INTO processed_batches (queue, batch_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING`, [ACTIVITY_ROLLUPS_QUEUE, batchIds.slice(index, index + PAGE)]);
  }
}

/**
 * The first start with rollups: every organization not backfilled yet gets its rollups built
 * from the raw events retention kept. A row in activity_rollup_backfills marks it done, so later
 * starts do nothing. Only for the Postgres store (MongoDB's events are not read here).
 */
export async function backfillActivityRollups(orm: MikroORM, onOrganization: (organizationId: string, events: number) => void = () => undefined): Promise<number> {
  const pending = await runSql<{ id: string }>(
    orm.em.fork(),
    'SELECT o.id FROM organizations o WHERE NOT EXISTS (SELECT 1 FROM activity_rollup_backfills b WHERE b.organization_id = o.id) ORDER BY o.id',
    [],
  );
  for (const { id } of pending) onOrganization(id, await rebuildActivityRollups(orm, id));
  return pending.length;
}

/** Minute rows past their two days are no longer read: removed by the daily maintenance. */
export async function pruneMinuteRollups(orm: MikroORM, now = new Date()): Promise<number> {
  const before = new Date(now.getTime() - 2 * 86_400_000 - 3_600_000);
  const rows = await runSql(orm.em.fork(), `DELETE FROM activity_rollups WHERE granularity = 'minute' AND bucket_start < $1 RETURNING 1`, [before.toISOString()]);
  return rows.length;
}
