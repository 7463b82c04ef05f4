import { Worker } from 'bullmq';
import type { MikroORM } from '@pulse/db';
import type { Redis } from 'ioredis';
import { countBatch } from '../counters/count-batch.ts';
import { errorFields, type Logger } from '../log.ts';
import { ACTIVITY_LOG_QUEUE, ActivityLogJob } from './activity-log.queue.ts';
import { persistBatch } from './persist-batch.ts';

export type ActivityLogResult = { stored: number; deltaId: string | null };

type ProcessDependencies = {
  orm: MikroORM;
  /** Connection for the counter script: separate so it never waits behind a blocking read. */
  counters: Redis;
  prefix: string;
};

type Dependencies = ProcessDependencies & {
  /** Blocking connection owned by the worker (maxRetriesPerRequest: null). */
  connection: Redis;
  concurrency: number;
  log: Logger;
  /** Called after a batch moved an organization's live counters (alert rules watch them). */
  afterCount?: (organizationId: string) => Promise<void>;
};

/**
 * Persist, count, publish: DESIGN.md steps 2 to 4 for one batch. Each step is idempotent, so
 * BullMQ may run a job again (retry, stalled worker) without storing or counting anything twice.
 */
export async function processActivityLogBatch(deps: ProcessDependencies, data: unknown): Promise<ActivityLogResult> {
  const batch = ActivityLogJob.parse(data);
  const stored = await persistBatch(deps.orm.em.fork(), batch);
  const deltaId = stored.length > 0 ? await countBatch(deps.counters, deps.prefix, batch.organizationId, batch.batchId, stored) : null;
  return { stored: stored.length, deltaId };
}

export function startActivityLogWorker(deps: Dependencies): Worker<ActivityLogJob, ActivityLogResult> {
  const worker = new Worker<ActivityLogJob, ActivityLogResult>(ACTIVITY_LOG_QUEUE, async (job) => {
    const result = await processActivityLogBatch(deps, job.data);
    if (result.deltaId && deps.afterCount) {
      // The counters are already moved: a failure here must not make BullMQ retry the batch.
      await deps.afterCount(job.data.organizationId).catch((error: unknown) => deps.log.warn('could not trigger counter alert rules', errorFields(error)));
    }
    return result;
  }, {
    connection: deps.connection,
    prefix: deps.prefix,
    concurrency: deps.concurrency,
  });
  worker.on('error', (error) => deps.log.error('activity-log worker error', errorFields(error)));
  worker.on('failed', (job, error) =>
    deps.log.warn('activity-log job failed', { jobId: job?.id, attemptsMade: job?.attemptsMade, ...errorFields(error) }),
  );
  return worker;
}
