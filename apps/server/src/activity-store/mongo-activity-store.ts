import { activityBatchCollection, type MongoOrm } from '@pulse/db/mongo';
import type { ActivityStore } from './activity-store.ts';
import { activityLogs, toEventView } from './mongo-event-document.ts';
import { persistBatch } from './mongo-persist-batch.ts';
import { newestDocuments, ownDocuments, readSnapshot } from './mongo-reads.ts';

/** Raw events in the schema document's MongoDB collections (`ACTIVITY_STORE=mongo`). */
export function createMongoActivityStore(orm: MongoOrm): ActivityStore {
  const logs = activityLogs(orm);
  const batches = activityBatchCollection(orm);
  return {
    kind: 'mongo',
    persistBatch: (batch) => persistBatch(orm, batch),
    async ownEvents(batch) {
      return (await ownDocuments(logs, batch)).map(toEventView);
    },
    async recent(organizationId, since, limit) {
      const docs = await newestDocuments(logs, { organizationId, since }, limit);
      return docs.map(toEventView);
    },
    snapshot: (organizationId, window) => readSnapshot(logs, batches, organizationId, window),
    // unlike the Postgres ORM, this one exists only for the store
    close: () => orm.close(),
  };
}
