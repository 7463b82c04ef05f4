import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { ActivityEventView } from '@pulse/api-contract/schemas';
import type { ActivityStore } from '../activity-store/activity-store.ts';
import { countBatch } from '../counters/count-batch.ts';
import { errorFields, type Logger } from '../log.ts';
import { ActivityLogJob, viewsOfBatch } from '../batch/activity-batch.ts';
import { withAttribution } from './batch-attribution.ts';
import { RealtimeEventsJob } from './pipeline-queues.ts';

type Dependencies = {
  /** Connection for the counter script: separate so it never waits behind a blocking read. */
  counters: Redis;
  prefix: string;
  log: Logger;
  /** Called after a batch moved an organization's live counters (alert rules watch them). */
  afterCount?: (organizationId: string) => Promise<void>;
  /** Where the events of a job without them are read: the activity-log job, else the store. */
  activityLog: Queue<ActivityLogJob>;
  store: ActivityStore;
};

/**
 * A batch that stored all its events hands on no copy of them (a copy would also stay in Redis
 * with each of the 1000 finished jobs kept): they are in the activity-log job of the same id,
 * kept for the last 1000 jobs, and always in the store.
 */
async function eventsOf(job: RealtimeEventsJob, { activityLog, store }: Pick<Dependencies, 'activityLog' | 'store'>): Promise<ActivityEventView[]> {
  if (job.events) return job.events;
  const source = await activityLog.getJob(job.batchId);
  if (source) {
    const views = viewsOfBatch(ActivityLogJob.parse(source.data));
    return job.attribution ? withAttribution(views, job.attribution) : views;
  }
  return store.ownEvents({ organizationId: job.organizationId, batchId: job.batchId, earliest: new Date(job.earliest), latest: new Date(job.latest) });
}

/**
 * `realtime-events`: moves the live counters and publishes the batch as one live delta, in one
 * atomic script that refuses a batch it already counted. Returns the delta's stream id, or
 * null when this batch had been counted before.
 */
export function createRealtimeEventsStep({ counters, prefix, log, afterCount, ...sources }: Dependencies) {
  return async function countAndPublish(data: unknown): Promise<{ deltaId: string | null }> {
    const batch = RealtimeEventsJob.parse(data);
    const events = await eventsOf(batch, sources);
    // Nothing left to count (the rows were already past retention): no empty delta either.
    if (events.length === 0) return { deltaId: null };
    const deltaId = await countBatch(counters, prefix, batch.organizationId, batch.batchId, events);
    if (deltaId && afterCount) {
      // The counters are already moved: a failure here must not make BullMQ retry the batch.
      await afterCount(batch.organizationId).catch((error: unknown) => log.warn('could not trigger counter alert rules', errorFields(error)));
    }
    return { deltaId };
  };
}
