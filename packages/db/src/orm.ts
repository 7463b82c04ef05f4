import { fileURLToPath } from 'node:url';
import { Migrator } from '@mikro-orm/migrations';
import { MikroORM } from '@mikro-orm/postgresql';
import { allEntities } from './entities/index.ts';

export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations', import.meta.url));

export interface CreateOrmOptions {
  debug?: boolean;
  poolMax?: number;
}

/**
 * One ORM per process. Callers fork an EntityManager per unit of work (`orm.em.fork()`):
 * the global context is disabled so a forgotten fork fails loudly instead of sharing an
 * identity map between requests.
 */
export async function createOrm(databaseUrl: string, opts: CreateOrmOptions = {}): Promise<MikroORM> {
  return MikroORM.init({
    clientUrl: databaseUrl,
    entities: allEntities,
    extensions: [Migrator],
    allowGlobalContext: false,
    debug: opts.debug ?? false,
    pool: { min: 0, max: opts.poolMax ?? 10 },
    // creating databases is the job of ensureDatabase()/the CLI, not of every connect
    ensureDatabase: false,
    migrations: {
      // migrations are .ts files run directly by Node's type stripping, so both paths are src
      path: MIGRATIONS_DIR,
      pathTs: MIGRATIONS_DIR,
      glob: '!(*.d).ts',
      emit: 'ts',
      // the default name contains the database name, which differs per environment and test
      snapshotName: '.snapshot-pulse',
      // the committed snapshot is written by migration:create only; migrating (tests,
      // production on a read-only image) must not rewrite files in the source tree
      snapshotOnMigrate: false,
      transactional: true,
      allOrNothing: true,
      silent: true,
    },
  });
}

/** Applies every pending migration, all in one transaction. */
export async function runMigrations(orm: MikroORM): Promise<void> {
  await orm.migrator.up();
}

/**
 * How many committed migrations the database has not run yet (0 means the schema is current).
 * With a snapshot present MikroORM 7.2.1 counts every migration as pending when the database
 * cannot be reached, instead of throwing, which is what a readiness probe wants anyway.
 */
export async function pendingMigrationCount(orm: MikroORM): Promise<number> {
  const pending = await orm.migrator.getPending();
  return pending.length;
}
