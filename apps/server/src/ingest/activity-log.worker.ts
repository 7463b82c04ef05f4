import { DelayedError, Worker } from 'bullmq';
import type { MikroORM } from '@pulse/db';
import type { Redis } from 'ioredis';
import { countBatch } from '../counters/count-batch.ts';
import { errorFields, type Logger } from '../log.ts';
import { ACTIVITY_LOG_QUEUE, ActivityLogJob } from './activity-log.queue.ts';
import { persistBatch } from './persist-batch.ts';
import { Aborted, untilDependenciesAnswer } from './wait-for-dependencies.ts';

export type ActivityLogResult = { stored: number; deltaId: string | null };

/**
 * How often a job may be found stalled (its worker died or lost Redis) before BullMQ gives up
 * on it. BullMQ's default of 1 fails a job the second time its worker is killed under it; a
 * batch is idempotent, so running it again is always safe. The limit stays finite so a batch
 * that itself crashes workers ends up a dead letter instead of crashing them forever.
 */
const MAX_STALLED_COUNT = 10;

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
  lockDurationMs: number;
  stalledIntervalMs: number;
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

/**
 * The activity-log worker. While Postgres is unreachable a job keeps its slot and waits for it
 * (see untilDependenciesAnswer) instead of spending its attempts, so an outage longer than the
 * retry schedule leaves no accepted batch behind in the failed set. Stop it with
 * stopActivityLogWorker so jobs waiting out an outage are handed back at once.
 */
export function startActivityLogWorker(deps: Dependencies): Worker<ActivityLogJob, ActivityLogResult> {
  const worker = new Worker<ActivityLogJob, ActivityLogResult>(
    ACTIVITY_LOG_QUEUE,
    async (job, token, signal) => {
      try {
        const result = await untilDependenciesAnswer(() => processActivityLogBatch(deps, job.data), signal ?? new AbortController().signal, (error, waitMs) =>
          deps.log.warn('activity-log job waits for a dependency', { jobId: job.id, waitMs, error: error instanceof Error ? error.message : String(error) }),
        );
        if (result.deltaId && deps.afterCount) {
          // The counters are already moved: a failure here must not make BullMQ retry the batch.
          await deps.afterCount(job.data.organizationId).catch((error: unknown) => deps.log.warn('could not trigger counter alert rules', errorFields(error)));
        }
        return result;
      } catch (error) {
        if (!(error instanceof Aborted) || !token) throw error;
        // Stopping during an outage: back to the queue as it was, no attempt spent.
        await job.moveToDelayed(Date.now(), token);
        throw new DelayedError();
      }
    },
    {
      connection: deps.connection,
      prefix: deps.prefix,
      concurrency: deps.concurrency,
      lockDuration: deps.lockDurationMs,
      stalledInterval: deps.stalledIntervalMs,
      maxStalledCount: MAX_STALLED_COUNT,
    },
  );
  worker.on('error', (error) => deps.log.error('activity-log worker error', errorFields(error)));
  worker.on('failed', (job, error) =>
    deps.log.warn('activity-log job failed', { jobId: job?.id, attemptsMade: job?.attemptsMade, ...errorFields(error) }),
  );
  return worker;
}

/** Ends any wait for a dependency (those jobs go back to the queue), then drains the worker. */
export async function stopActivityLogWorker(worker: Worker<ActivityLogJob, ActivityLogResult>): Promise<void> {
  worker.cancelAllJobs('shutting down');
  await worker.close();
}
