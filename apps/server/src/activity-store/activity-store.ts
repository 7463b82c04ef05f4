import type { ActivityEventView } from '@pulse/api-contract/schemas';
import type { ActivityLogJob } from '../batch/activity-batch.ts';
import type { EventScope } from '../batch/event-scope.ts';

/** What the live counters of one organization are rebuilt from (see rebuild-counters.ts). */
export type ActivitySnapshot = {
  /** Events per type and minute (epoch minute), counting only rows of `batchIds`. */
  groups: { type: string; minute: number; count: number }[];
  /** Distinct users per minute since `usersFrom`, again only rows of `batchIds`. */
  users: { minute: number; userIds: string[] }[];
  /** Every batch with rows in the window: the rebuild marks them counted. */
  batchIds: string[];
  /** The newest events of the window, newest first. */
  recent: ActivityEventView[];
};

export type SnapshotWindow = { from: Date; usersFrom: Date; recentLimit: number };

/** A stored batch: its ids and the range of its events' occurredAt (the stores index by time). */
export type BatchRef = { organizationId: string; batchId: string; earliest: Date; latest: Date };

/**
 * Where raw activity events live: Postgres (the default, `activity_events`) or MongoDB
 * (`ACTIVITY_STORE=mongo`, the schema document's `user_activity_logs` and siblings). Both
 * keep the same promises, proven by one contract suite (test/activity-store.contract.ts):
 * - persistBatch is idempotent: a batch run again stores nothing twice and answers the same
 *   rows; a duplicate event (same organization and id, whatever its occurredAt) is stored
 *   once, owned by the batch that stored it first, and never returned to another batch;
 * - reads are scoped to one organization.
 */
export interface ActivityStore {
  readonly kind: 'postgres' | 'mongo';
  /** Stores the batch's events; answers every event this batch owns, in any attempt. */
  persistBatch(batch: ActivityLogJob): Promise<ActivityEventView[]>;
  /** The events a stored batch owns (what persistBatch answered for it), in no set order. */
  ownEvents(batch: BatchRef): Promise<ActivityEventView[]>;
  /** The newest events that occurred at or after `since`, newest first; of `scope` only (default: the organization's). */
  recent(organizationId: string, since: Date, limit: number, scope?: EventScope): Promise<ActivityEventView[]>;
  /** Counts for rebuilding live counters. Groups and users describe exactly the rows of batchIds. */
  snapshot(organizationId: string, window: SnapshotWindow): Promise<ActivitySnapshot>;
  close(): Promise<void>;
}
