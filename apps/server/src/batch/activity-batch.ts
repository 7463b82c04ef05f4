import { z } from 'zod';
import type { ActivityEventView } from '@pulse/api-contract/schemas';
import { isoInstant } from './iso-instant.ts';

/**
 * The shape of an accepted batch, as ingest enqueues it and every store and pipeline step reads
 * it. It sits on the ground floor so that accepting (ingest), persisting (activity-store) and
 * the pipeline steps all read it from below instead of from each other.
 */

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
  /**
   * Before the activity-log step: what the sender named (uuids, not yet checked to be this
   * organization's). From that step on: the attribution stored with the event (attribute-batch.ts).
   * Absent in jobs queued before the fields existed.
   */
  branchId: z.string().nullish(),
  departmentId: z.string().nullish(),
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
  return job.events.map((e) => ({
    id: e.id.toLowerCase(),
    type: e.type,
    userId: e.userId,
    sessionId: e.sessionId,
    occurredAt: isoInstant(e.occurredAt),
    receivedAt,
    properties: e.properties,
    branchId: e.branchId ?? null,
    departmentId: e.departmentId ?? null,
  }));
}

/** The earliest and latest occurredAt of some events (never empty). */
export function occurredRange(events: readonly { occurredAt: string }[]): { earliest: Date; latest: Date } {
  const times = events.map((e) => Date.parse(e.occurredAt));
  return { earliest: new Date(Math.min(...times)), latest: new Date(Math.max(...times)) };
}
