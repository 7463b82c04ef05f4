import type { Queue } from 'bullmq';
import { InvalidInputError } from '@pulse/api-contract/errors';
import { INGEST_LIMITS, type IngestEvent, type IngestResult } from '@pulse/api-contract/schemas';
import type { ActivityLogJob, StoredEventData } from '../batch/activity-batch.ts';
import { GroupCommit } from './group-commit.ts';
import { type IngestCapacity, IngestUnavailable } from './ingest-capacity.ts';
import { isoInstant } from '../batch/iso-instant.ts';

type IngestIssue = { path: (string | number)[]; message: string };

/** Events are queued in jobs of at most this many, so one job stays one cheap statement. */
const MAX_EVENTS_PER_JOB = 1000;

/**
 * Step 1 of the data path: refuses work it cannot keep (backpressure), checks what the schema
 * cannot (time window), gives every event an id, and answers only once the batch is in a
 * BullMQ job in Redis. Refusals and queue failures throw IngestUnavailable.
 */
export function createIngestService(queue: Queue<ActivityLogJob>, groupCommitMs: number, capacity: IngestCapacity) {
  const groups = new GroupCommit<StoredEventData>({
    windowMs: groupCommitMs,
    maxItems: MAX_EVENTS_PER_JOB,
    async flush(organizationId, events) {
      const batchId = crypto.randomUUID();
      const job: ActivityLogJob = { batchId, organizationId, receivedAt: new Date().toISOString(), events };
      try {
        await queue.add('batch', job, { jobId: batchId });
      } catch (error) {
        throw new IngestUnavailable('queue_error', { cause: error });
      }
    },
  });

  return {
    /** For routes that want to refuse before reading a body. */
    assertAccepting: capacity.assertAccepting,
    async ingest(organizationId: string, events: IngestEvent[], now = Date.now()): Promise<IngestResult> {
      capacity.assertAccepting();
      const issues: IngestIssue[] = [];
      const stored = events.map((event, index): StoredEventData => {
        const occurredAt = event.occurredAt ? Date.parse(event.occurredAt) : now;
        if (occurredAt < now - INGEST_LIMITS.maxPastMs) {
          issues.push({ path: ['events', index, 'occurredAt'], message: `more than ${INGEST_LIMITS.maxPastMs / 86_400_000} days in the past` });
        } else if (occurredAt > now + INGEST_LIMITS.maxFutureMs) {
          issues.push({ path: ['events', index, 'occurredAt'], message: `more than ${INGEST_LIMITS.maxFutureMs / 60_000} minutes in the future` });
        }
        return {
          id: event.id ?? crypto.randomUUID(),
          type: event.type,
          userId: event.userId ?? null,
          sessionId: event.sessionId ?? null,
          occurredAt: event.occurredAt ? isoInstant(event.occurredAt) : new Date(now).toISOString(),
          properties: event.properties,
          // what the sender claims; the activity-log step checks it against the organization
          ...(event.branchId ? { branchId: event.branchId.toLowerCase() } : {}),
          ...(event.departmentId ? { departmentId: event.departmentId.toLowerCase() } : {}),
        };
      });
      // Reported like a schema failure (the issues, in zod's shape) by tRPC and HTTP alike.
      if (issues.length > 0) throw new InvalidInputError('Some events were rejected.', issues.map((issue) => ({ code: 'custom', ...issue })));
      await groups.add(organizationId, stored);
      return { accepted: stored.length, ids: stored.map((event) => event.id) };
    },
    drain: () => groups.drain(),
  };
}

export type IngestService = ReturnType<typeof createIngestService>;

