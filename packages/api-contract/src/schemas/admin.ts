import { z } from 'zod';

export const RebuildCountersResult = z.object({
  organizationId: z.uuid(),
  /** Stored events the rebuilt counters were computed from. */
  events: z.int(),
  /** Batches marked as counted, so their jobs do not count them again. */
  batches: z.int(),
});
export type RebuildCountersResult = z.output<typeof RebuildCountersResult>;

export const QueueDepth = z.object({
  name: z.string(),
  waiting: z.int(),
  active: z.int(),
  delayed: z.int(),
  /** Dead letters: jobs that used up their attempts. Retry or discard them. */
  failed: z.int(),
  completed: z.int(),
  /** Age of the oldest waiting job: how far behind the workers are. Null when none waits. */
  lagMs: z.int().nullable(),
});
export type QueueDepth = z.output<typeof QueueDepth>;

export const QueueList = z.object({ queues: z.array(QueueDepth) });
export type QueueList = z.output<typeof QueueList>;

export const FailedJobsInput = z.object({
  queue: z.string().min(1).max(100),
  /** Omitted: the caller's organization; a SUPERADMIN sees every organization's jobs. */
  organizationId: z.uuid().optional(),
  limit: z.int().min(1).max(100).default(50),
});
export type FailedJobsInput = z.output<typeof FailedJobsInput>;

export const FailedJob = z.object({
  id: z.string(),
  name: z.string(),
  organizationId: z.uuid().nullable(),
  failedReason: z.string(),
  attemptsMade: z.int(),
  failedAt: z.iso.datetime().nullable(),
});
export type FailedJob = z.output<typeof FailedJob>;

export const FailedJobAction = z.object({ queue: z.string().min(1).max(100), jobId: z.string().min(1).max(200) });
export type FailedJobAction = z.output<typeof FailedJobAction>;
