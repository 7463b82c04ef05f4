// Test databases for Vitest: one migrated, demo-seeded template per run (globalSetup), then a
// cheap copy of it per test file (CREATE DATABASE ... TEMPLATE copies files, no migrations).
// Exported as `@pulse/db/testing`; never imported by production code.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, inject } from 'vitest';
import { quoteIdentifier, withDatabaseName } from './database-url.ts';
import type { MikroORM } from '@mikro-orm/postgresql';
import { createOrm, runMigrations } from './orm.ts';
import { ensureActivityPartitions, metricPartitions } from './partitions.ts';
import { seedDemo } from './seed-demo.ts';
import { withMaintenanceConnection } from './server-admin.ts';
import { runSql, sqlStateOf } from './sql.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The template database this Vitest run made (see test-global-setup.ts). */
    pulseTemplateDatabase: string;
  }
}
const DEFAULT_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const DAY_MS = 24 * 60 * 60 * 1000;
// 55006 object_in_use: the template is being copied or prepared by someone else right now
const OBJECT_IN_USE = '55006';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

export function testAdminUrl(): string {
  return process.env.TEST_DATABASE_ADMIN_URL || DEFAULT_ADMIN_URL;
}

/**
 * Creates a template database under a random name: migrated, demo-seeded, with activity and
 * metric partitions from a week ago to two days ahead. Every connection to it is closed before
 * returning, because Postgres copies a template only while nobody is connected to it.
 */
export async function prepareTemplateDatabase(adminUrl: string = testAdminUrl()): Promise<{ name: string; drop(): Promise<void> }> {
  const name = `pulse_tpl_${randomBytes(6).toString('hex')}`;
  await withMaintenanceConnection(adminUrl, async (em) => {
    await runSql(em, `create database ${quoteIdentifier(name)}`, []);
  });
  const orm = await createOrm(withDatabaseName(adminUrl, name), { poolMax: 2 });
  try {
    await runMigrations(orm);
    const now = Date.now();
    await ensureActivityPartitions(orm.em.fork(), new Date(now - 7 * DAY_MS), new Date(now + 2 * DAY_MS));
    await metricPartitions.ensure(orm.em.fork(), new Date(now - 7 * DAY_MS), new Date(now + 2 * DAY_MS));
    await seedDemo(orm);
  } finally {
    await orm.close(true);
  }
  return { name, drop: () => dropDatabase(adminUrl, name) };
}

function dropDatabase(adminUrl: string, name: string): Promise<void> {
  return withMaintenanceConnection(adminUrl, async (em) => {
    // FORCE: a test that leaked a connection must not leave its database behind
    await runSql(em, `drop database if exists ${quoteIdentifier(name)} with (force)`, []);
  });
}

/** A private copy of the template for one test file; call drop() in afterAll. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = testAdminUrl();
  const name = `pulse_test_${randomBytes(6).toString('hex')}`;
  const template = inject('pulseTemplateDatabase');
  await withMaintenanceConnection(adminUrl, async (em) => {
    const sql = `create database ${quoteIdentifier(name)} template ${quoteIdentifier(template)}`;
    // parallel test files copy the same template; a copy in flight makes the next one wait
    for (let attempt = 1; ; attempt++) {
      try {
        await runSql(em, sql, []);
        return;
      } catch (error) {
        if (sqlStateOf(error) !== OBJECT_IN_USE || attempt >= 20) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
      }
    }
  });
  return {
    url: withDatabaseName(adminUrl, name),
    drop: () => dropDatabase(adminUrl, name),
  };
}

/**
 * A test file's own database and ORM: created before its tests, closed and dropped after them.
 * Read `orm` and `db` inside tests or hooks (they are set once beforeAll has run).
 */
export function useTestOrm(): { orm: MikroORM; db: TestDatabase } {
  const context = {} as { orm: MikroORM; db: TestDatabase };
  beforeAll(async () => {
    context.db = await createTestDatabase();
    context.orm = await createOrm(context.db.url);
  });
  afterAll(async () => {
    await context.orm?.close(true);
    await context.db?.drop();
  });
  return context;
}

