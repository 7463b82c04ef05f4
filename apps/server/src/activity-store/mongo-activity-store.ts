import { activityBatchCollection, type MongoOrm } from '@pulse/db/mongo';
import { ORGANIZATION_SCOPE } from '../batch/event-scope.ts';
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
    async recent(organizationId, since, limit, scope = ORGANIZATION_SCOPE) {
      if (scope.kind === 'nothing') return [];
      const unit = scope.kind === 'branch' ? { branchId: scope.id } : scope.kind === 'department' ? { departmentId: scope.id } : undefined;
      const docs = await newestDocuments(logs, { organizationId, since, unit }, limit);
      return docs.map(toEventView);
    },
    snapshot: (organizationId, window) => readSnapshot(logs, batches, organizationId, window),
    // unlike the Postgres ORM, this one exists only for the store
    close: () => orm.close(),
  };
}
