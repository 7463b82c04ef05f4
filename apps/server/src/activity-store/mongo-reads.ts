import { activityBatchCollection, activityBatchKey, type ActivityLogDocument } from '@pulse/db/mongo';
import type { ActivitySnapshot, BatchRef, SnapshotWindow } from './activity-store.ts';
import { type ActivityLogs, newestFirst, toEventView } from './mongo-event-document.ts';

type ActivityBatches = ReturnType<typeof activityBatchCollection>;

/** One organization's documents from `since` on; only those of `batchIds`, of `unit` (a branch or department) when given. */
type Scope = { organizationId: string; since: Date; batchIds?: string[]; unit?: { branchId: string } | { departmentId: string } };

function matching({ organizationId, since, batchIds, unit }: Scope) {
  return { organizationId, timestamp: { $gte: since }, ...(batchIds && { batchId: { $in: batchIds } }), ...unit };
}

/** The documents a batch owns; the time bound keeps the read on the unique index. */
export function ownedBy({ organizationId, batchId, earliest, latest }: BatchRef) {
  return { organizationId, batchId, timestamp: { $gte: earliest, $lte: latest } };
}

/** The documents a batch owns, across the collections. */
export async function ownDocuments(logs: ActivityLogs, batch: BatchRef): Promise<ActivityLogDocument[]> {
  const perCollection = await Promise.all(logs.map((log) => log.find(ownedBy(batch)).toArray()));
  return perCollection.flat();
}

/** Epoch minute, as the Postgres store computes it: floor(epoch seconds / 60). */
const EPOCH_MINUTE = { $floor: { $divide: [{ $toLong: '$timestamp' }, 60_000] } };

/**
 * The newest documents across the collections. One query per collection, merged here, rather
 * than one `$unionWith` pipeline: each query is a short backward walk of its collection's
 * (organizationId, timestamp, eventId) index stopping after `limit`, and the five run in
 * parallel; a union would run its branches one after another and sort their whole windows
 * unless every branch repeated the sort and limit anyway.
 */
export async function newestDocuments(logs: ActivityLogs, scope: Scope, limit: number): Promise<ActivityLogDocument[]> {
  // MongoDB reads limit(0) as "no limit"
  if (limit <= 0) return [];
  const perCollection = await Promise.all(logs.map((log) => log.find(matching(scope)).sort({ timestamp: -1, eventId: -1 }).limit(limit).toArray()));
  return perCollection.flat().sort(newestFirst).slice(0, limit);
}

/** Batches with documents in scope whose every document is written (completed). */
async function completedBatchIdsOf(logs: ActivityLogs, batches: ActivityBatches, scope: Scope): Promise<string[]> {
  const perCollection = await Promise.all(logs.map((log) => log.distinct('batchId', matching(scope))));
  const seen = [...new Set(perCollection.flat())];
  if (seen.length === 0) return [];
  const completed = await batches.find({ _id: { $in: seen.map((batchId) => activityBatchKey(scope.organizationId, batchId)) } }, { projection: { batchId: 1 } }).toArray();
  return completed.map((batch) => batch.batchId);
}

async function eventGroups(logs: ActivityLogs, scope: Scope): Promise<ActivitySnapshot['groups']> {
  const pipeline = [{ $match: matching(scope) }, { $group: { _id: { type: '$eventType', minute: EPOCH_MINUTE }, count: { $sum: 1 } } }];
  const perCollection = await Promise.all(logs.map((log) => log.aggregate<{ _id: { type: string; minute: number }; count: number }>(pipeline).toArray()));
  // a type lives in one collection, unless the routing changed while its events were kept
  const groups = new Map<string, ActivitySnapshot['groups'][number]>();
  for (const { _id: { type, minute }, count } of perCollection.flat()) {
    const key = `${minute}:${type}`;
    const group = groups.get(key);
    if (group) group.count += count;
    else groups.set(key, { type, minute, count });
  }
  return [...groups.values()];
}

async function activeUsers(logs: ActivityLogs, scope: Scope): Promise<ActivitySnapshot['users']> {
  const pipeline = [{ $match: { ...matching(scope), userId: { $ne: null } } }, { $group: { _id: EPOCH_MINUTE, userIds: { $addToSet: '$userId' } } }];
  const perCollection = await Promise.all(logs.map((log) => log.aggregate<{ _id: number; userIds: string[] }>(pipeline).toArray()));
  const users = new Map<number, Set<string>>();
  for (const { _id: minute, userIds } of perCollection.flat()) {
    const set = users.get(minute) ?? new Set();
    for (const userId of userIds) set.add(userId);
    users.set(minute, set);
  }
  return [...users].map(([minute, userIds]) => ({ minute, userIds: [...userIds] }));
}

/**
 * A standalone MongoDB has no snapshot across several reads. The ids of completed batches are
 * read first and every other read is restricted to them, so groups, users and recent describe
 * exactly the rows of those batches even while other batches are being inserted. A batch
 * still being written is left out entirely: not counted here and not marked counted, so its
 * realtime-events job counts all of it.
 */
export async function readSnapshot(logs: ActivityLogs, batches: ActivityBatches, organizationId: string, { from, usersFrom, recentLimit }: SnapshotWindow): Promise<ActivitySnapshot> {
  const batchIds = await completedBatchIdsOf(logs, batches, { organizationId, since: from });
  const [groups, users, recent] = await Promise.all([
    eventGroups(logs, { organizationId, since: from, batchIds }),
    activeUsers(logs, { organizationId, since: usersFrom, batchIds }),
    newestDocuments(logs, { organizationId, since: from, batchIds }, recentLimit),
  ]);
  return { groups, users, batchIds, recent: recent.map(toEventView) };
}
