import { runSql } from '@pulse/db';
import type { EntityManager, MikroORM } from '@pulse/db';
import type { PipelineQueueName } from './pipeline-queues.ts';

const CLAIM = `INSERT INTO processed_batches (queue, batch_id) VALUES ($1, $2::uuid) ON CONFLICT DO NOTHING RETURNING batch_id`;

/**
 * Runs a step's writes for a batch at most once: the claim on (queue, batch) and the writes
 * commit together, so a crash between them leaves neither, and a second run (retry, stalled
 * worker, the batch handed on again) finds the claim and writes nothing. Two runs at the same
 * moment serialise on the claim's primary key. Answers whether this run applied the batch.
 */
export async function applyOnce(orm: MikroORM, queue: PipelineQueueName, batchId: string, writes: (tx: EntityManager) => Promise<void>): Promise<boolean> {
  return orm.em.fork().transactional(async (tx) => {
    const claimed = await runSql(tx, CLAIM, [queue, batchId]);
    if (claimed.length === 0) return false;
    await writes(tx);
    return true;
  });
}

/**
 * How long a claim is kept. It must outlive every way a batch can run again: a dead letter is
 * kept (and retryable) for 7 days, and a retried activity-log job hands the batch on afresh.
 */
export const APPLIED_BATCHES_KEPT_DAYS = 30;

/** Forgets claims older than APPLIED_BATCHES_KEPT_DAYS (run daily by the maintenance job). */
export async function forgetOldClaims(orm: MikroORM, now = new Date()): Promise<number> {
  const before = new Date(now.getTime() - APPLIED_BATCHES_KEPT_DAYS * 86_400_000);
  const deleted = await runSql(orm.em.fork(), 'DELETE FROM processed_batches WHERE processed_at < $1 RETURNING 1', [before.toISOString()]);
  return deleted.length;
}
