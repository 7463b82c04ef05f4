import { defineEntity, p } from '@mikro-orm/core';

// The raw activity collections of the schema document, all holding one document shape: our
// normalized event. The document's richer per-collection fields (deviceInfo, accessedBy,
// messages...) are what a sender may put into `properties`; none of them is indexed here.

/** Days a document is kept (TTL on createdAt), as the schema document sets them. */
export const DEFAULT_ACTIVITY_LOG_RETENTION_DAYS = {
  user_activity_logs: 90,
  dashboard_interactions: 30,
  report_access_logs: 180,
  ai_chat_session_logs: 365,
  notification_interaction_logs: 90,
} as const satisfies Record<string, number>;

export type ActivityLogCollection = keyof typeof DEFAULT_ACTIVITY_LOG_RETENTION_DAYS;
export type ActivityLogRetentionDays = Record<ActivityLogCollection, number>;

export const ACTIVITY_LOG_COLLECTIONS = Object.keys(DEFAULT_ACTIVITY_LOG_RETENTION_DAYS) as ActivityLogCollection[];

const DAY_SECONDS = 86_400;

const activityLogProperties = {
  /** activityLogKey(): deterministic, so the same event cannot be stored twice. */
  _id: p.string().primary(),
  organizationId: p.uuid(),
  eventId: p.uuid(),
  /** The batch that stored the document first: it owns it (see ActivityStore). */
  batchId: p.uuid(),
  eventType: p.string(),
  userId: p.string().nullable(),
  sessionId: p.string().nullable(),
  properties: p.json<Record<string, unknown>>(),
  /** Where the event belongs (null: unknown), as activity_events.branch_id / department_id. */
  branchId: p.uuid().nullable(),
  departmentId: p.uuid().nullable(),
  /** When the event occurred (the schema document's name for it). */
  timestamp: p.datetime(),
  receivedAt: p.datetime(),
  /** When the document was written: the TTL index runs on it, as in the schema document. */
  createdAt: p.datetime(),
};

function defineActivityLogEntity(collection: ActivityLogCollection, retentionDays: number) {
  return defineEntity({
    name: collection,
    collection,
    properties: activityLogProperties,
    // MongoDB walks an index in either direction, so ascending keys serve the document's
    // `timestamp: -1` reads (newest first) as well. The document's organizationId+timestamp
    // index is the prefix of the first unique key below and is therefore not created twice.
    indexes: [
      { properties: ['userId', 'timestamp'] },
      { properties: ['eventType', 'timestamp'] },
      { properties: 'sessionId' },
      // the scoped feed of a LEADER / MANAGER (see ActivityStore.recent)
      { properties: ['organizationId', 'branchId', 'timestamp'] },
      { properties: ['organizationId', 'departmentId', 'timestamp'] },
      { properties: 'createdAt', options: { expireAfterSeconds: retentionDays * DAY_SECONDS } },
    ],
    // Postgres's primary key in the same order: a tenant's newest events are one index range
    // (the reads sort by it). And an event id is stored once per organization whatever its
    // time (a resend without a timestamp gets a new one), as activity_event_ids makes it in
    // Postgres. Per collection: the same id under a type of another collection is not seen
    // (a resend keeps its type).
    uniques: [{ properties: ['organizationId', 'timestamp', 'eventId'] }, { properties: ['organizationId', 'eventId'] }],
  });
}

/** The five collections' entities; retention days not given keep the document's defaults. */
export function defineActivityLogEntities(retentionDays: Partial<ActivityLogRetentionDays> = {}) {
  return ACTIVITY_LOG_COLLECTIONS.map((collection) => {
    const days = retentionDays[collection] ?? DEFAULT_ACTIVITY_LOG_RETENTION_DAYS[collection];
    // 0 would be a valid TTL to MongoDB: every document deleted within a minute of its insert
    if (!Number.isInteger(days) || days < 1) throw new RangeError(`retention of ${collection} must be a whole number of days, at least 1 (got ${days})`);
    return defineActivityLogEntity(collection, days);
  });
}

/** A document as the driver reads and writes it (the ORM's inferred type makes nullables optional). */
export type ActivityLogDocument = {
  _id: string;
  organizationId: string;
  eventId: string;
  batchId: string;
  eventType: string;
  userId: string | null;
  sessionId: string | null;
  properties: Record<string, unknown>;
  /** Absent on documents stored before events were attributed: read as null. */
  branchId?: string | null;
  departmentId?: string | null;
  timestamp: Date;
  receivedAt: Date;
  createdAt: Date;
};

/**
 * The document key of one event, made of the unique index's fields: one event id always gets
 * the same key, so inserting it again (a retry, a resend at another time) is a duplicate-key error.
 */
export function activityLogKey({ organizationId, eventId }: Pick<ActivityLogDocument, 'organizationId' | 'eventId'>): string {
  return `${organizationId}:${eventId}`;
}
