import { Queue, type DefaultJobOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { type ActivityLogJob, StoredEventData } from '../batch/activity-batch.ts';
import { BatchAttribution } from './batch-attribution.ts';

/**
 * The source documents' queues, in the order a batch passes through them:
 * - `activity-log` persists an accepted batch (one job per batch of one organization), then
 *   hands the rows it stored to the three below;
 * - `realtime-events` moves the live counters and publishes the delta to live subscribers;
 * - `analytics-processing` folds the events into per-user daily engagement;
 * - `report-tracking` records report generation and views (only batches that hold some);
 * - `activity-rollups` folds the events into the minute, hour and day rollups widgets read.
 */
export const ACTIVITY_LOG_QUEUE = 'activity-log';
export const REALTIME_EVENTS_QUEUE = 'realtime-events';
export const ANALYTICS_PROCESSING_QUEUE = 'analytics-processing';
export const REPORT_TRACKING_QUEUE = 'report-tracking';
export const ACTIVITY_ROLLUPS_QUEUE = 'activity-rollups';
export const PIPELINE_QUEUES = [ACTIVITY_LOG_QUEUE, REALTIME_EVENTS_QUEUE, ANALYTICS_PROCESSING_QUEUE, REPORT_TRACKING_QUEUE, ACTIVITY_ROLLUPS_QUEUE] as const;
export type PipelineQueueName = (typeof PIPELINE_QUEUES)[number];

/**
 * What `activity-log` hands on: the events the batch stored (never the duplicates it skipped).
 * The job id is the batch id in every queue, so handing on again after a retry adds nothing
 * while the first job exists, and each step keeps its own record of batches it applied.
 */
export const StoredBatchJob = z.object({
  batchId: z.uuid(),
  organizationId: z.uuid(),
  events: z.array(StoredEventData.extend({ receivedAt: z.string() })).min(1),
});
export type StoredBatchJob = z.output<typeof StoredBatchJob>;

/**
 * `realtime-events` counts and publishes the events a batch stored. When the batch stored all
 * of its events (the usual case) they are not copied: the step reads them from the
 * activity-log job of the same id, or, once that job is trimmed, from the store. `events` is
 * set only when some were duplicates of earlier batches.
 */
export const RealtimeEventsJob = z.object({
  batchId: z.uuid(),
  organizationId: z.uuid(),
  earliest: z.iso.datetime({ offset: true }),
  latest: z.iso.datetime({ offset: true }),
  events: StoredBatchJob.shape.events.optional(),
  /** Without `events`: where the activity-log job's events were attributed (absent in jobs queued before attribution). */
  attribution: BatchAttribution.optional(),
});
export type RealtimeEventsJob = z.output<typeof RealtimeEventsJob>;

/** `analytics-processing` needs who did what when, not the properties: a much smaller job. */
export const EngagementBatchJob = z.object({
  batchId: z.uuid(),
  organizationId: z.uuid(),
  events: z.array(StoredEventData.pick({ type: true, userId: true, occurredAt: true })).min(1),
});
export type EngagementBatchJob = z.output<typeof EngagementBatchJob>;

/**
 * `activity-rollups` needs the type, user, time, scope and the numeric properties (what a
 * rollup sums and sketches), not the rest of the properties.
 */
export const RollupBatchJob = z.object({
  batchId: z.uuid(),
  organizationId: z.uuid(),
  events: z
    .array(
      z.object({
        type: StoredEventData.shape.type,
        userId: StoredEventData.shape.userId,
        occurredAt: StoredEventData.shape.occurredAt,
        branchId: z.string().nullish(),
        departmentId: z.string().nullish(),
        numeric: z.record(z.string(), z.number()).optional(),
      }),
    )
    .min(1),
});
export type RollupBatchJob = z.output<typeof RollupBatchJob>;

/**
 * The documents' retry policy for every pipeline queue: 3 attempts, backoff 2 s, 4 s, 8 s;
 * finished jobs trimmed by count and age. Outages of Postgres or Redis spend no attempt (the
 * worker waits them out), so a job that fails 3 times failed for a reason of its own. It is
 * then a dead letter holding accepted events: kept for a week by age only (a count cap would
 * silently delete some in a bad incident) and retryable (`admin.queues.retry`); each step is
 * idempotent, so a retry applies the batch exactly once.
 */
export const PIPELINE_JOB_OPTIONS: DefaultJobOptions = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 2000 },
  removeOnComplete: { count: 1000, age: 3600 },
  removeOnFail: { age: 7 * 86_400 },
};

export function createPipelineQueue<Data>(name: PipelineQueueName, connection: Redis, prefix: string): Queue<Data> {
  return new Queue<Data>(name, { connection, prefix, defaultJobOptions: PIPELINE_JOB_OPTIONS });
}

export function createActivityLogQueue(connection: Redis, prefix: string): Queue<ActivityLogJob> {
  return createPipelineQueue<ActivityLogJob>(ACTIVITY_LOG_QUEUE, connection, prefix);
}
