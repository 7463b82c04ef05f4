import type { ActivityEventView } from '@pulse/api-contract/schemas';
import { activityBatchCollection, activityBatchKey, activityLogCollection, activityLogKey, type ActivityLogDocument, type MongoOrm } from '@pulse/db/mongo';
import type { ActivityLogJob } from '../batch/activity-batch.ts';
import { collectionFor } from './mongo-collections.ts';
import { failedOnlyOnDuplicates } from './mongo-duplicate-key.ts';
import { toEventView } from './mongo-event-document.ts';
import { ownedBy } from './mongo-reads.ts';

type LogCollection = ReturnType<typeof activityLogCollection>;

function toDocument(job: ActivityLogJob, event: ActivityLogJob['events'][number], createdAt: Date): ActivityLogDocument {
  // lower case as Postgres returns a uuid: the key and the unique index then see one event written two ways as one
  const fields = { organizationId: job.organizationId, eventId: event.id.toLowerCase(), timestamp: new Date(event.occurredAt) };
  return {
    _id: activityLogKey(fields),
    ...fields,
    batchId: job.batchId,
    eventType: event.type,
    userId: event.userId,
    sessionId: event.sessionId,
    properties: event.properties,
    branchId: event.branchId ?? null,
    departmentId: event.departmentId ?? null,
    receivedAt: new Date(job.receivedAt),
    createdAt,
  };
}

/** Inserts one collection's share of the batch; answers the documents this batch owns there. */
async function insertOwned(collection: LogCollection, job: ActivityLogJob, docs: ActivityLogDocument[]): Promise<ActivityLogDocument[]> {
  try {
    // unordered: a duplicate does not stop the documents after it
    await collection.insertMany(docs, { ordered: false });
    // every document is new: the batch already holds them, no need to read them back
    return docs;
  } catch (error) {
    if (!failedOnlyOnDuplicates(error)) throw error;
  }
  // Some existed: stored by an earlier attempt of this batch (ours), by another batch (not
  // ours) or twice in this batch.
  const times = docs.map((doc) => doc.timestamp.getTime());
  const batch = { organizationId: job.organizationId, batchId: job.batchId, earliest: new Date(Math.min(...times)), latest: new Date(Math.max(...times)) };
  return collection.find(ownedBy(batch)).toArray();
}

/**
 * Writes a batch into the collections its event types route to. Without a transaction (a
 * standalone MongoDB has none) an attempt may stop halfway; the next attempt inserts the rest
 * and, through the deterministic keys, stores nothing twice. Only then is the batch recorded
 * as completed, which is what the counter rebuild trusts (see readSnapshot).
 */
export async function persistBatch(orm: MongoOrm, job: ActivityLogJob): Promise<ActivityEventView[]> {
  const createdAt = new Date();
  const docs = job.events.map((event) => toDocument(job, event, createdAt));
  const byCollection = Map.groupBy(docs, (doc) => collectionFor(doc.eventType));
  const owned = await Promise.all([...byCollection].map(([name, share]) => insertOwned(activityLogCollection(orm, name), job, share)));
  const { organizationId, batchId } = job;
  await activityBatchCollection(orm).updateOne(
    { _id: activityBatchKey(organizationId, batchId) },
    { $setOnInsert: { organizationId, batchId, completedAt: createdAt } },
    { upsert: true },
  );
  return owned.flat().map(toEventView);
}
