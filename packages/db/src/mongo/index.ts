// `@pulse/db/mongo`: only code that stores activity in MongoDB imports this, so the rest of
// Pulse never loads the MongoDB driver.
export {
  ACTIVITY_LOG_COLLECTIONS,
  DEFAULT_ACTIVITY_LOG_RETENTION_DAYS,
  activityLogKey,
  defineActivityLogEntities,
  type ActivityLogCollection,
  type ActivityLogDocument,
  type ActivityLogRetentionDays,
} from './activity-log.entity.ts';
export { activityBatchKey, type ActivityBatchDocument } from './activity-batch.entity.ts';
export { activityBatchCollection, activityLogCollection, createMongoOrm, type MongoOrm } from './mongo-orm.ts';
