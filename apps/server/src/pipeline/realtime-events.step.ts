import type { Redis } from 'ioredis';
import { countBatch } from '../counters/count-batch.ts';
import { errorFields, type Logger } from '../log.ts';
import { StoredBatchJob } from './pipeline-queues.ts';

type Dependencies = {
  /** Connection for the counter script: separate so it never waits behind a blocking read. */
  counters: Redis;
  prefix: string;
  log: Logger;
  /** Called after a batch moved an organization's live counters (alert rules watch them). */
  afterCount?: (organizationId: string) => Promise<void>;
};

/**
 * `realtime-events`: moves the live counters and publishes the batch as one live delta, in one
 * atomic script that refuses a batch it already counted. Returns the delta's stream id, or
 * null when this batch had been counted before.
 */
export function createRealtimeEventsStep({ counters, prefix, log, afterCount }: Dependencies) {
  return async function countAndPublish(data: unknown): Promise<{ deltaId: string | null }> {
    const batch = StoredBatchJob.parse(data);
    const deltaId = await countBatch(counters, prefix, batch.organizationId, batch.batchId, batch.events);
    if (deltaId && afterCount) {
      // The counters are already moved: a failure here must not make BullMQ retry the batch.
      await afterCount(batch.organizationId).catch((error: unknown) => log.warn('could not trigger counter alert rules', errorFields(error)));
    }
    return { deltaId };
  };
}
