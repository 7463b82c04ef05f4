import { Queue, type DefaultJobOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { z } from 'zod';

/** The source documents' persistence queue: one job per accepted batch of one organization. */
export const ACTIVITY_LOG_QUEUE = 'activity-log';

export const StoredEventData = z.object({
  id: z.uuid(),
  type: z.string(),
  userId: z.string().nullable(),
  sessionId: z.string().nullable(),
  occurredAt: z.iso.datetime({ offset: true }),
  properties: z.record(z.string(), z.unknown()),
});
export type StoredEventData = z.output<typeof StoredEventData>;

export const ActivityLogJob = z.object({
  /** Also the BullMQ job id and the rows' batch_id: the key that makes retries exactly-once. */
  batchId: z.uuid(),
  organizationId: z.uuid(),
  receivedAt: z.iso.datetime({ offset: true }),
  events: z.array(StoredEventData).min(1),
});
export type ActivityLogJob = z.output<typeof ActivityLogJob>;

/**
 * The documents' retry policy: 3 attempts, backoff 2 s, 4 s, 8 s; finished jobs trimmed.
 * Outages of Postgres or Redis spend no attempt (the worker waits them out), so a job that
 * fails 3 times failed for a reason of its own. It is then a dead letter holding accepted
 * events: kept for a week by age only (a count cap would silently delete some in a bad
 * incident) and retryable (BullMQ `job.retry()`); a retry stores and counts it exactly once.
 */
export const ACTIVITY_LOG_JOB_OPTIONS: DefaultJobOptions = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 2000 },
  removeOnComplete: { count: 1000, age: 3600 },
  removeOnFail: { age: 7 * 86_400 },
};

export function createActivityLogQueue(connection: Redis, prefix: string): Queue<ActivityLogJob> {
  return new Queue<ActivityLogJob>(ACTIVITY_LOG_QUEUE, { connection, prefix, defaultJobOptions: ACTIVITY_LOG_JOB_OPTIONS });
}
