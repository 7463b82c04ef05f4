import type { Worker } from 'bullmq';
import type { MikroORM } from '@pulse/db';
import type { Redis } from 'ioredis';
import type { ActivityStore } from '../activity-store/activity-store.ts';
import { errorFields, type Logger } from '../log.ts';
import { createBlockingRedis } from '../redis/connections.ts';
import { createActivityRollupsStep } from '../rollups/activity-rollups.step.ts';
import { createActivityLogStep, createHandOn } from './activity-log.step.ts';
import { createAnalyticsProcessingStep } from './analytics-processing.step.ts';
import {
  ACTIVITY_LOG_QUEUE,
  ACTIVITY_ROLLUPS_QUEUE,
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
  /** Jobs each of `activity-log` and `realtime-events` runs at once; the other two run fewer. */
  concurrency: number;
  lockDurationMs: number;
  stalledIntervalMs: number;
  log: Logger;
  afterCount?: (organizationId: string) => Promise<void>;
  /** After a batch moved the activity rollups (the dashboard cache refresh). */
  afterRollup?: (organizationId: string) => Promise<void>;
};

export type RunningPipeline = { queueNames: string[]; stop(): Promise<void> };

/**
 * The pipeline workers of a worker process. Every Redis connection here waits out a
 * Redis restart instead of failing (and spending an attempt of) the batches in hand: each
 * worker's own blocking connection, the counters connection, the hand-on connection.
 */
export function startPipeline(deps: PipelineDependencies): RunningPipeline {
  const connections: Redis[] = [];
  const connect = (name: string) => {
    const connection = createBlockingRedis(deps.redisUrl, name);
    connection.on('error', (error) => deps.log.warn(`redis ${name} connection error`, errorFields(error)));
    connections.push(connection);
    return connection;
  };
  const handOnConnection = connect('pulse-hand-on');
  const handOnQueues = {
    realtime: createPipelineQueue<RealtimeEventsJob>(REALTIME_EVENTS_QUEUE, handOnConnection, deps.prefix),
    analytics: createPipelineQueue<EngagementBatchJob>(ANALYTICS_PROCESSING_QUEUE, handOnConnection, deps.prefix),
    reports: createPipelineQueue<StoredBatchJob>(REPORT_TRACKING_QUEUE, handOnConnection, deps.prefix),
    rollups: createPipelineQueue<RollupBatchJob>(ACTIVITY_ROLLUPS_QUEUE, handOnConnection, deps.prefix),
  };
  const options = (name: string, concurrency: number) => ({
    connection: connect(`pulse-${name}`),
    prefix: deps.prefix,
    concurrency,
    lockDurationMs: deps.lockDurationMs,
    stalledIntervalMs: deps.stalledIntervalMs,
    log: deps.log,
  });
  // Read only (job data for realtime-events); shares the hand-on connection.
  const activityLog = createActivityLogQueue(handOnConnection, deps.prefix);
  const counting = { counters: connect('pulse-counters'), prefix: deps.prefix, log: deps.log, afterCount: deps.afterCount, activityLog, store: deps.store };
  const workers: Worker[] = [
    startPipelineWorker(ACTIVITY_LOG_QUEUE, createActivityLogStep(deps.store, createHandOn(handOnQueues)), options('activity-log', deps.concurrency)),
    startPipelineWorker(REALTIME_EVENTS_QUEUE, createRealtimeEventsStep(counting), options('realtime-events', deps.concurrency)),
    // Derived tables may lag under a burst; the live path and persistence get the CPU first.
    startPipelineWorker(ANALYTICS_PROCESSING_QUEUE, createAnalyticsProcessingStep(deps.orm), options('analytics-processing', 1)),
    startPipelineWorker(REPORT_TRACKING_QUEUE, createReportTrackingStep(deps.orm), options('report-tracking', 1)),
    // Widgets read these rollups, live: they move with the counters, not behind the derived tables.
    startPipelineWorker(ACTIVITY_ROLLUPS_QUEUE, createActivityRollupsStep({ orm: deps.orm, redis: counting.counters, prefix: deps.prefix, afterRollup: deps.afterRollup }), options('activity-rollups', deps.concurrency)),
  ];
  return {
    queueNames: workers.map((worker) => worker.name),
    async stop() {
      await Promise.all(workers.map(stopPipelineWorker));
      await Promise.all([...Object.values(handOnQueues), activityLog].map((queue) => queue.close()));
      await Promise.all(connections.map((connection) => connection.quit().catch(() => connection.disconnect())));
    },
  };
}
