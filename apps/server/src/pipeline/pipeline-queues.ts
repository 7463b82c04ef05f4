import { Queue, type DefaultJobOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { ActivityEventView } from '@pulse/api-contract/schemas';
import { isoInstant } from '../ingest/iso-instant.ts';

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

/** A JSON object, checked without copying it (zod's record would copy every one). */
const jsonObject = z.custom<Record<string, unknown>>((value) => typeof value === 'object' && value !== null && !Array.isArray(value), 'expected an object');

/**
 * Job data is built by Pulse from input the contract's schemas accepted, so workers check its
 * shape, not every format again: uuid and timestamp patterns per event and copies of every
 * properties object were a tenth of the worker's CPU. Timestamps are still checked to be
 * timestamps (one Date.parse), since every store derives times from them.
 */
const storedEvent = {
  id: z.string(),
  type: z.string(),
  userId: z.string().nullable(),
  sessionId: z.string().nullable(),
  occurredAt: z.string().refine((value) => !Number.isNaN(Date.parse(value)), 'expected an ISO 8601 timestamp'),
  properties: jsonObject,
};

/** An event as accepted: what the API returns of it, less the batch's receivedAt. */
export const StoredEventData = z.object(storedEvent);
export type StoredEventData = z.output<typeof StoredEventData>;

export const ActivityLogJob = z.object({
  /** Also the BullMQ job id and the rows' batch_id: the key that makes retries exactly-once. */
  batchId: z.uuid(),
  organizationId: z.uuid(),
  receivedAt: z.iso.datetime({ offset: true }),
  events: z.array(StoredEventData).min(1),
});
export type ActivityLogJob = z.output<typeof ActivityLogJob>;

/** The events of a batch as the API returns them (what a store answers for rows it just stored). */
export function viewsOfBatch(job: ActivityLogJob): ActivityEventView[] {
  const receivedAt = isoInstant(job.receivedAt);
  return job.events.map((e) => ({ id: e.id.toLowerCase(), type: e.type, userId: e.userId, sessionId: e.sessionId, occurredAt: isoInstant(e.occurredAt), receivedAt, properties: e.properties }));
}

/** The earliest and latest occurredAt of some events (never empty). */
export function occurredRange(events: readonly { occurredAt: string }[]): { earliest: Date; latest: Date } {
  const times = events.map((e) => Date.parse(e.occurredAt));
  return { earliest: new Date(Math.min(...times)), latest: new Date(Math.max(...times)) };
}

/**
 * What `activity-log` hands on: the events the batch stored (never the duplicates it skipped).
 * The job id is the batch id in every queue, so handing on again after a retry adds nothing
 * while the first job exists, and each step keeps its own record of batches it applied.
 */
export const StoredBatchJob = z.object({
  batchId: z.uuid(),
  organizationId: z.uuid(),
  events: z.array(z.object({ ...storedEvent, receivedAt: z.string() })).min(1),
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
});
export type RealtimeEventsJob = z.output<typeof RealtimeEventsJob>;

/** `analytics-processing` needs who did what when, not the properties: a much smaller job. */
export const EngagementBatchJob = z.object({
  batchId: z.uuid(),
  organizationId: z.uuid(),
  events: z.array(z.object({ type: storedEvent.type, userId: storedEvent.userId, occurredAt: storedEvent.occurredAt })).min(1),
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
        type: storedEvent.type,
        userId: storedEvent.userId,
        occurredAt: storedEvent.occurredAt,
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
