// Test databases for Vitest: one migrated, demo-seeded template per run (globalSetup), then a
// cheap copy of it per test file (CREATE DATABASE ... TEMPLATE copies files, no migrations).
// Exported as `@pulse/db/testing`; never imported by production code.
import { randomBytes } from 'node:crypto';
import { quoteIdentifier, withDatabaseName } from './database-url.ts';
import { createOrm, runMigrations } from './orm.ts';
import { ensureActivityPartitions } from './partitions.ts';
import { seedDemo } from './seed-demo.ts';
import { withMaintenanceConnection } from './server-admin.ts';
import { runSql, sqlStateOf } from './sql.ts';

export const TEST_TEMPLATE_DATABASE = 'pulse_test_template';
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
 * Drops and recreates `pulse_test_template`: migrated, demo-seeded, with activity partitions
 * from a week ago to two days ahead. Every connection to it is closed before returning,
 * because Postgres copies a template only while nobody is connected to it.
 */
export async function prepareTemplateDatabase(adminUrl: string = testAdminUrl()): Promise<string> {
  // Vitest runs the global setups of all projects one after another in its main process;
  // when several projects use this, the template is built once per run, not once per project.
  const prepared = preparedTemplates();
  let preparing = prepared.get(adminUrl);
  if (!preparing) {
    preparing = buildTemplateDatabase(adminUrl);
    prepared.set(adminUrl, preparing);
    preparing.catch(() => prepared.delete(adminUrl));
  }
  return preparing;
}

function preparedTemplates(): Map<string, Promise<string>> {
  // globalThis, not module scope: each project's setup file may load its own copy of this module
  const key = Symbol.for('@pulse/db/testing:prepared-templates');
  const registry = globalThis as { [key]?: Map<string, Promise<string>> };
  return (registry[key] ??= new Map());
}

async function buildTemplateDatabase(adminUrl: string): Promise<string> {
  const templateUrl = withDatabaseName(adminUrl, TEST_TEMPLATE_DATABASE);
  await withMaintenanceConnection(adminUrl, async (em) => {
    await runSql(em, `drop database if exists ${quoteIdentifier(TEST_TEMPLATE_DATABASE)} with (force)`, []);
    await runSql(em, `create database ${quoteIdentifier(TEST_TEMPLATE_DATABASE)}`, []);
  });
  const orm = await createOrm(templateUrl, { poolMax: 2 });
  try {
    await runMigrations(orm);
    const now = Date.now();
    await ensureActivityPartitions(orm.em.fork(), new Date(now - 7 * DAY_MS), new Date(now + 2 * DAY_MS));
    await seedDemo(orm);
  } finally {
    await orm.close(true);
  }
  return templateUrl;
}

/** A private copy of the template for one test file; call drop() in afterAll. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = testAdminUrl();
  const name = `pulse_test_${randomBytes(6).toString('hex')}`;
  await withMaintenanceConnection(adminUrl, async (em) => {
    const sql = `create database ${quoteIdentifier(name)} template ${quoteIdentifier(TEST_TEMPLATE_DATABASE)}`;
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
    drop: () =>
      withMaintenanceConnection(adminUrl, async (em) => {
        // FORCE: a test that leaked a connection must not leave its database behind
        await runSql(em, `drop database if exists ${quoteIdentifier(name)} with (force)`, []);
      }),
  };
}
