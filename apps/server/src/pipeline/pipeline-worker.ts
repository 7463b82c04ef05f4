import { DelayedError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { errorFields, type Logger } from '../log.ts';
import type { PipelineQueueName } from './pipeline-queues.ts';
import { Aborted, untilDependenciesAnswer } from './wait-for-dependencies.ts';

/**
 * How often a job may be found stalled (its worker died or lost Redis) before BullMQ gives up
 * on it. BullMQ's default of 1 fails a job the second time its worker is killed under it; every
 * pipeline step is idempotent, so running it again is always safe. The limit stays finite so a
 * batch that itself crashes workers ends up a dead letter instead of crashing them forever.
 */
const MAX_STALLED_COUNT = 10;

export type PipelineWorkerOptions = {
  /** Blocking connection owned by the worker (maxRetriesPerRequest: null). */
  connection: Redis;
  prefix: string;
  concurrency: number;
  lockDurationMs: number;
  stalledIntervalMs: number;
  log: Logger;
};

/**
 * A worker of one pipeline queue. While Postgres or Redis is unreachable a job keeps its slot
 * and waits (see untilDependenciesAnswer) instead of spending its attempts, so an outage longer
 * than the retry schedule leaves no accepted batch behind in the failed set. Stop it with
 * stopPipelineWorker so jobs waiting out an outage are handed back at once.
 */
export function startPipelineWorker<Data, Result>(
  name: PipelineQueueName,
  step: (data: unknown) => Promise<Result>,
  options: PipelineWorkerOptions,
): Worker<Data, Result> {
  const { log } = options;
  const worker = new Worker<Data, Result>(
    name,
    async (job, token, signal) => {
      try {
        return await untilDependenciesAnswer(() => step(job.data), signal ?? new AbortController().signal, (error, waitMs) =>
          log.warn(`${name} job waits for a dependency`, { jobId: job.id, waitMs, error: error instanceof Error ? error.message : String(error) }),
        );
      } catch (error) {
        if (!(error instanceof Aborted) || !token) throw error;
        // Stopping during an outage: back to the queue as it was, no attempt spent.
        await job.moveToDelayed(Date.now(), token);
        throw new DelayedError();
      }
    },
    {
      connection: options.connection,
      prefix: options.prefix,
      concurrency: options.concurrency,
      lockDuration: options.lockDurationMs,
      stalledInterval: options.stalledIntervalMs,
      maxStalledCount: MAX_STALLED_COUNT,
    },
  );
  worker.on('error', (error) => log.error(`${name} worker error`, errorFields(error)));
  worker.on('failed', (job, error) => log.warn(`${name} job failed`, { jobId: job?.id, attemptsMade: job?.attemptsMade, ...errorFields(error) }));
  return worker;
}

/** Ends any wait for a dependency (those jobs go back to the queue), then drains the worker. */
export async function stopPipelineWorker(worker: Worker): Promise<void> {
  worker.cancelAllJobs('shutting down');
  await worker.close();
}
