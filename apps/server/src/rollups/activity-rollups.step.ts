import { runSql } from '@pulse/db';
import type { MikroORM } from '@pulse/db';
import type { Redis } from 'ioredis';
import { ACTIVITY_ROLLUPS_QUEUE, RollupBatchJob } from '../pipeline/pipeline-queues.ts';
import { addToRollupPlan, emptyRollupPlan } from './rollup-plan.ts';
import { signalRollupChange } from './rollup-signal.ts';
import { lockOrganizationRollups, writeRollupPlan } from './rollup-writes.ts';

const CLAIM = `INSERT INTO processed_batches (queue, batch_id) VALUES ($1, $2::uuid) ON CONFLICT DO NOTHING RETURNING batch_id`;

type Dependencies = {
  orm: MikroORM;
  redis: Redis;
  prefix: string;
  /** After the signal (the dashboard cache refresh); must not throw. */
  afterRollup?: (organizationId: string) => Promise<void>;
};

/**
 * `activity-rollups`: adds a batch to the organization's minute, hour and day rollups and its
 * per-user hours, exactly once (the claim in processed_batches commits with the rows, as in
 * applyOnce; the organization's shared lock is taken first so a backfill, which claims what it
 * counted, never waits on a claim that waits on it). Then signals the change, also when the
 * batch had been applied before: a signal lost to a crash after commit is sent by the retry.
 */
export function createActivityRollupsStep({ orm, redis, prefix, afterRollup }: Dependencies) {
  return async function rollUp(data: unknown): Promise<{ applied: boolean }> {
    const batch = RollupBatchJob.parse(data);
    const plan = addToRollupPlan(emptyRollupPlan(), batch.events);
    const applied = await orm.em.fork().transactional(async (tx) => {
      await lockOrganizationRollups(tx, batch.organizationId, 'shared');
      const claimed = await runSql(tx, CLAIM, [ACTIVITY_ROLLUPS_QUEUE, batch.batchId]);
      if (claimed.length === 0) return false;
      await writeRollupPlan(tx, batch.organizationId, plan);
      return true;
    });
    await signalRollupChange(redis, prefix, batch.organizationId);
    await afterRollup?.(batch.organizationId);
    return { applied };
  };
}
