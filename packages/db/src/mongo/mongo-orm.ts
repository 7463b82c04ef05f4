import type { MikroORM as CoreMikroORM } from '@mikro-orm/core';
import { MikroORM, type MongoDriver, type MongoEntityManager } from '@mikro-orm/mongodb';
import { ACTIVITY_BATCHES_COLLECTION, type ActivityBatchDocument, ActivityBatchSchema } from './activity-batch.entity.ts';
import { type ActivityLogCollection, type ActivityLogDocument, type ActivityLogRetentionDays, defineActivityLogEntities } from './activity-log.entity.ts';

export type MongoOrm = CoreMikroORM<MongoDriver, MongoEntityManager>;

/**
 * The MongoDB ORM (the database is the URL's path, e.g. `mongodb://host:27017/pulse`), with
 * the collections and their indexes ensured. A changed retention conflicts with the existing
 * TTL index; MikroORM's ensureIndexes then drops that collection's conflicting index and
 * creates it again with the new value.
 */
export async function createMongoOrm(url: string, retentionDays: Partial<ActivityLogRetentionDays> = {}): Promise<MongoOrm> {
  const orm = await MikroORM.init<MongoDriver>({
    clientUrl: url,
    entities: [...defineActivityLogEntities(retentionDays), ActivityBatchSchema],
    // as in createOrm(): a forgotten em.fork() fails instead of sharing an identity map
    allowGlobalContext: false,
  });
  try {
    await orm.schema.ensureIndexes();
  } catch (error) {
    await orm.close(true);
    throw error;
  }
  return orm;
}

/** The driver's collection, for what the ORM does not offer (unordered bulk inserts, aggregations). */
export function activityLogCollection(orm: MongoOrm, collection: ActivityLogCollection) {
  return orm.em.getConnection().getCollection<ActivityLogDocument>(collection);
}

/** The completed batches (see activity-batch.entity.ts). */
export function activityBatchCollection(orm: MongoOrm) {
  return orm.em.getConnection().getCollection<ActivityBatchDocument>(ACTIVITY_BATCHES_COLLECTION);
}
