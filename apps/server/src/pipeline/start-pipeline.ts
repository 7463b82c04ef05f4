import type { Worker } from 'bullmq';
import type { MikroORM } from '@pulse/db';
import type { Redis } from 'ioredis';
import type { ActivityStore } from '../activity-store/activity-store.ts';
import { createBatchAttributor } from '../directory/attribute-batch.ts';
import { createOrgUnitsCache } from '../directory/org-units.ts';
import type { Logger } from '../log.ts';
import { createBlockingConnections } from '../redis/connections.ts';
import { createActivityRollupsStep } from '../rollups/activity-rollups.step.ts';
import { createActivityLogStep, createHandOn } from './activity-log.step.ts';
import { createAnalyticsProcessingStep } from './analytics-processing.step.ts';
import {
  ACTIVITY_LOG_QUEUE,
  ACTIVITY_ROLLUPS_QUEUE,
  type PipelineQueueName,
  ANALYTICS_PROCESSING_QUEUE,
  createActivityLogQueue,
  createPipelineQueue,
  type EngagementBatchJob,
  type RealtimeEventsJob,
  REALTIME_EVENTS_QUEUE,
  REPORT_TRACKING_QUEUE,
  type RollupBatchJob,
  type StoredBatchJob,
} from './pipeline-queues.ts';
import { startPipelineWorker, stopPipelineWorker } from './pipeline-worker.ts';
import { createRealtimeEventsStep } from './realtime-events.step.ts';
import { createReportTrackingStep } from './report-tracking.step.ts';

export type PipelineDependencies = {
  orm: MikroORM;
  store: ActivityStore;
  redisUrl: string;
  prefix: string;
  /** Jobs each of `activity-log`, `realtime-events` and `activity-rollups` runs at once; the other two run fewer. */
  concurrency: number;
  lockDurationMs: number;
  stalledIntervalMs: number;
  log: Logger;
  afterCount?: (organizationId: string) => Promise<void>;
  /** After a batch moved the activity rollups (the dashboard cache refresh). */
  afterRollup?: (organizationId: string) => Promise<void>;
};

/** activity-rollups jobs in hand per unit of WORKER_CONCURRENCY (see the worker table below). */
const ROLLUP_JOBS_PER_SLOT = 4;

export type RunningPipeline = { queueNames: string[]; stop(): Promise<void> };

/** One pipeline queue's worker: its step and how many jobs it runs at once. */
export type PipelineRow = { queue: PipelineQueueName; step: (data: unknown) => Promise<unknown>; concurrency: number };

/**
 * The five pipeline steps of a worker process, as rows of the worker table, with what they
 * share: the hand-on queues (activity-log gives its stored rows to the four others) and the
 * counters connection. Every Redis connection here waits out a Redis restart instead of
 * failing (and spending an attempt of) the batches in hand.
 */
export function createPipelineRows(deps: PipelineDependencies, connect: (name: string) => Redis): { rows: PipelineRow[]; close(): Promise<void> } {
  const handOnConnection = connect('pulse-hand-on');
  const handOnQueues = {
    realtime: createPipelineQueue<RealtimeEventsJob>(REALTIME_EVENTS_QUEUE, handOnConnection, deps.prefix),
    analytics: createPipelineQueue<EngagementBatchJob>(ANALYTICS_PROCESSING_QUEUE, handOnConnection, deps.prefix),
    reports: createPipelineQueue<StoredBatchJob>(REPORT_TRACKING_QUEUE, handOnConnection, deps.prefix),
    rollups: createPipelineQueue<RollupBatchJob>(ACTIVITY_ROLLUPS_QUEUE, handOnConnection, deps.prefix),
  };
  // Read only (job data for realtime-events); shares the hand-on connection.
  const activityLog = createActivityLogQueue(handOnConnection, deps.prefix);
  const counting = { counters: connect('pulse-counters'), prefix: deps.prefix, log: deps.log, afterCount: deps.afterCount, activityLog, store: deps.store };
  return {
    rows: [
      { queue: ACTIVITY_LOG_QUEUE, step: createActivityLogStep(deps.store, createHandOn(handOnQueues), createBatchAttributor(deps.orm, createOrgUnitsCache(deps.orm))), concurrency: deps.concurrency },
      { queue: REALTIME_EVENTS_QUEUE, step: createRealtimeEventsStep(counting), concurrency: deps.concurrency },
      // Derived tables may lag under a burst; the live path and persistence get the CPU first.
      { queue: ANALYTICS_PROCESSING_QUEUE, step: createAnalyticsProcessingStep(deps.orm), concurrency: 1 },
      { queue: REPORT_TRACKING_QUEUE, step: createReportTrackingStep(deps.orm), concurrency: 1 },
      // Widgets read these rollups, live: they move with the counters, not behind the derived tables.
      // Jobs in hand mostly wait to join the organization's next transaction (the step folds
      // them), so more of them in hand means fewer, larger transactions, not more CPU.
      {
        queue: ACTIVITY_ROLLUPS_QUEUE,
        step: createActivityRollupsStep({ orm: deps.orm, redis: counting.counters, prefix: deps.prefix, afterRollup: deps.afterRollup }),
        concurrency: deps.concurrency * ROLLUP_JOBS_PER_SLOT,
      },
    ],
    close: async () => {
      await Promise.all([...Object.values(handOnQueues), activityLog].map((queue) => queue.close()));
    },
  };
}

/** The pipeline workers alone (a second worker process in tests); the worker role starts them from its table. */
export function startPipeline(deps: PipelineDependencies): RunningPipeline {
  const connections = createBlockingConnections(deps.redisUrl, deps.log);
  const pipeline = createPipelineRows(deps, connections.open);
  const workers: Worker[] = pipeline.rows.map((row) => startPipelineWorker(row.queue, row.step, pipelineWorkerOptions(deps, connections.open(`pulse-${row.queue}`), row.concurrency)));
  return {
    queueNames: workers.map((worker) => worker.name),
    async stop() {
      await Promise.all(workers.map(stopPipelineWorker));
      await pipeline.close();
      await connections.quitAll();
    },
  };
}

/** The pipeline's worker options: its own blocking connection, the lock and stall timings. */
export function pipelineWorkerOptions(deps: Pick<PipelineDependencies, 'prefix' | 'lockDurationMs' | 'stalledIntervalMs' | 'log'>, connection: Redis, concurrency: number) {
  return { connection, prefix: deps.prefix, concurrency, lockDurationMs: deps.lockDurationMs, stalledIntervalMs: deps.stalledIntervalMs, log: deps.log };
}
