import { runSql } from '@pulse/db';
import type { MikroORM } from '@pulse/db';
import type { Redis } from 'ioredis';
import { ACTIVITY_ROLLUPS_QUEUE, RollupBatchJob } from '../pipeline/pipeline-queues.ts';
import { coalesceWhileBusy } from './coalesce-while-busy.ts';
import { addToRollupPlan, emptyRollupPlan } from './rollup-plan.ts';
import { signalRollupChange } from './rollup-signal.ts';
import { lockOrganizationRollups, writeRollupPlan } from './rollup-writes.ts';

const CLAIM = `INSERT INTO processed_batches (queue, batch_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING RETURNING batch_id`;

/**
 * Batches of one organization folded into one transaction at most. Every batch adds to the same
 * hot minute, hour and day rows, so batches applied one transaction each queue on those rows'
 * locks (the cause of a live p99 of seconds at 2,000 events/s); folded, the rows are written
 * once per transaction whatever the number of batches.
 */
const MAX_BATCHES_PER_TRANSACTION = 50;

type Dependencies = {
  orm: MikroORM;
  redis: Redis;
  prefix: string;
  /** After the signal (the dashboard cache refresh); must not throw. */
  afterRollup?: (organizationId: string) => Promise<void>;
};

/**
 * `activity-rollups`: adds batches to the organization's minute, hour and day rollups and its
 * per-user hours, exactly once (the claims in processed_batches commit with the rows, as in
 * applyOnce; the organization's shared lock is taken first so a backfill, which claims what it
 * counted, never waits on a claim that waits on it). Batches of one organization that arrive
 * while its previous transaction runs share the next one; batches of different organizations
 * never share one. If a shared transaction fails, each of its batches is applied alone, so one
 * batch that cannot be applied fails only its own job. Then signals the change, also when the
 * batches had been applied before: a signal lost to a crash after commit is sent by the retry.
 */
export function createActivityRollupsStep({ orm, redis, prefix, afterRollup }: Dependencies) {
  async function applyOnce(organizationId: string, batches: RollupBatchJob[]): Promise<boolean[]> {
    const claimed = await orm.em.fork().transactional(async (tx) => {
      await lockOrganizationRollups(tx, organizationId, 'shared');
      const rows = await runSql<{ batch_id: string }>(tx, CLAIM, [ACTIVITY_ROLLUPS_QUEUE, batches.map((batch) => batch.batchId)]);
      const ids = new Set(rows.map((row) => row.batch_id));
      const plan = emptyRollupPlan();
      // a batch id twice in one flush (a job and its stalled copy) is counted once
      const planned = new Set<string>();
      for (const batch of batches) {
        if (!ids.has(batch.batchId) || planned.has(batch.batchId)) continue;
        planned.add(batch.batchId);
        addToRollupPlan(plan, batch.events);
      }
      if (planned.size > 0) await writeRollupPlan(tx, organizationId, plan);
      return ids;
    });
    return batches.map((batch) => claimed.has(batch.batchId));
  }

  const rollUpTogether = coalesceWhileBusy<RollupBatchJob, boolean>(async (organizationId, batches) => {
    let outcomes: PromiseSettledResult<boolean>[];
    try {
      outcomes = (await applyOnce(organizationId, batches)).map((value) => ({ status: 'fulfilled', value }));
    } catch (error) {
      if (batches.length === 1) throw error;
      outcomes = [];
      for (const batch of batches) {
        try {
          outcomes.push({ status: 'fulfilled', value: (await applyOnce(organizationId, [batch]))[0] === true });
        } catch (alone) {
          outcomes.push({ status: 'rejected', reason: alone });
        }
      }
    }
    await signal(organizationId);
    return outcomes;
  }, MAX_BATCHES_PER_TRANSACTION);

  async function signal(organizationId: string): Promise<void> {
    await signalRollupChange(redis, prefix, organizationId);
    await afterRollup?.(organizationId);
  }

  return async function rollUp(data: unknown): Promise<{ applied: boolean }> {
    const batch = RollupBatchJob.parse(data);
    return { applied: await rollUpTogether(batch.organizationId, batch) };
  };
}
