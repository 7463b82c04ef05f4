import type { ActivityEventView } from '@pulse/api-contract/schemas';
import { ACTIVITY_LOG_COLLECTIONS, activityLogCollection, type ActivityLogDocument, type MongoOrm } from '@pulse/db/mongo';

export type ActivityLogs = ReturnType<typeof activityLogCollection>[];

/** The five collections, in the order of ACTIVITY_LOG_COLLECTIONS. */
export function activityLogs(orm: MongoOrm): ActivityLogs {
  return ACTIVITY_LOG_COLLECTIONS.map((collection) => activityLogCollection(orm, collection));
}

/** A stored document as the API returns it: the same view the Postgres store gives of its rows. */
export function toEventView(doc: ActivityLogDocument): ActivityEventView {
  return {
    id: doc.eventId,
    type: doc.eventType,
    userId: doc.userId,
    sessionId: doc.sessionId,
    occurredAt: doc.timestamp.toISOString(),
    receivedAt: doc.receivedAt.toISOString(),
    properties: doc.properties,
    branchId: doc.branchId ?? null,
    departmentId: doc.departmentId ?? null,
  };
}

/** Postgres's `ORDER BY occurred_at DESC, id DESC` (ids are lower-case hex, so strings compare like uuids). */
export function newestFirst(a: ActivityLogDocument, b: ActivityLogDocument): number {
  return b.timestamp.getTime() - a.timestamp.getTime() || (a.eventId < b.eventId ? 1 : a.eventId > b.eventId ? -1 : 0);
}
