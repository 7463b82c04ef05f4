// Developer database commands: `node packages/db/src/cli.ts <migrate|seed|migration:create [name]>`.
// Reads DATABASE_URL (default postgres://postgres@127.0.0.1:5432/pulse). The full setup that
// `npm start` runs (create, migrate, partitions, demo seed) is `apps/server/src/setup.ts`.
import type { MikroORM } from '@mikro-orm/postgresql';
import { redactUrl } from './database-url.ts';
import { createOrm, runMigrations } from './orm.ts';
import { seedDemo } from './seed-demo.ts';

const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/pulse';

const USAGE = `usage: node packages/db/src/cli.ts <command>

  migrate                  apply pending migrations
  seed                     insert the missing demo data
  migration:create [name]  write a migration for the entity changes since the last snapshot`;

const log = (line: string): void => console.log(`[db] ${line}`);

async function withOrm<T>(databaseUrl: string, work: (orm: MikroORM) => Promise<T>): Promise<T> {
  const orm = await createOrm(databaseUrl, { poolMax: 2 });
  try {
    return await work(orm);
  } finally {
    await orm.close(true);
  }
}

async function migrate(orm: MikroORM): Promise<void> {
  const pending = await orm.migrator.getPending();
  if (pending.length === 0) {
    log('migrations: up to date');
    return;
  }
  await runMigrations(orm);
  log(`migrations: applied ${pending.map((m) => m.name).join(', ')}`);
}

async function seed(orm: MikroORM): Promise<void> {
  const { created } = await seedDemo(orm);
  log(created === 0 ? 'demo data: already present' : `demo data: inserted ${created} rows`);
}

async function createMigration(databaseUrl: string, name: string | undefined): Promise<void> {
  await withOrm(databaseUrl, async (orm) => {
    const result = await orm.migrator.create(undefined, false, false, name);
    log(result.fileName ? `wrote src/migrations/${result.fileName}` : 'no entity changes: no migration written');
  });
}

async function main(argv: string[]): Promise<void> {
  const [command, arg] = argv;
  const databaseUrl = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
  switch (command) {
    case 'migrate':
      return withOrm(databaseUrl, migrate);
    case 'seed':
      return withOrm(databaseUrl, seed);
    case 'migration:create':
      return createMigration(databaseUrl, arg);
    default:
      console.error(USAGE);
      process.exitCode = 2;
  }
}

const started = Date.now();
main(process.argv.slice(2)).then(
  () => {
    if (!process.exitCode) log(`done in ${Date.now() - started} ms`);
  },
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    const target = redactUrl(process.env.DATABASE_URL || DEFAULT_DATABASE_URL);
    console.error(`[db] ${process.argv[2]} failed on ${target}: ${message}`);
    if (process.env.DEBUG) console.error(error);
    process.exitCode = 1;
  },
);
