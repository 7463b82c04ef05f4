export { createOrm, pendingMigrationCount, runMigrations, MIGRATIONS_DIR, type CreateOrmOptions } from './orm.ts';
export { ensureDatabase } from './ensure-database.ts';
export { runSql, sqlStateOf } from './sql.ts';
export type { Joined, SqlRow, Tables } from './sql-rows.ts';
export {
  activityPartitions,
  dailyPartitions,
  metricPartitions,
  type DailyPartitions,
  activityPartitionDay,
  activityPartitionName,
  dropActivityPartitionsBefore,
  ensureActivityPartitions,
  listActivityPartitions,
} from './partitions.ts';
export {
  generateIngestKey,
  hashIngestKey,
  hashPassword,
  ingestKeyPrefix,
  INGEST_KEY_PREFIX_LENGTH,
  verifyPassword,
} from './credentials.ts';
export { seedDemo, type SeedDemoResult } from './seed-demo.ts';
export * from './demo.ts';
export * from './entities/index.ts';
export { databaseNameOf, redactUrl, withDatabaseName } from './database-url.ts';
// the ORM types the server needs, so it does not import @mikro-orm/* itself
export type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
