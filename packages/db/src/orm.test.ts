import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { quoteIdentifier, withDatabaseName } from './database-url.ts';
import { ensureDatabase } from './ensure-database.ts';
import { createOrm, pendingMigrationCount, runMigrations } from './orm.ts';
import { ensureActivityPartitions } from './partitions.ts';
import { withMaintenanceConnection } from './server-admin.ts';
import { runSql } from './sql.ts';
import { testAdminUrl } from './testing.ts';

// Not from the template: these tests are about what migrations do to an empty database.
const name = `pulse_test_empty_${randomBytes(6).toString('hex')}`;
const url = withDatabaseName(testAdminUrl(), name);

afterAll(async () => {
  await withMaintenanceConnection(url, (em) => runSql(em, `drop database if exists ${quoteIdentifier(name)} with (force)`, []));
});

describe('migrations', () => {
  it('ensureDatabase creates a missing database once', async () => {
    expect(await ensureDatabase(url)).toBe(true);
    expect(await ensureDatabase(url)).toBe(false);
  });

  it('apply to an empty database and leave nothing pending', async () => {
    const orm = await createOrm(url);
    try {
      expect(await pendingMigrationCount(orm)).toBeGreaterThan(0);
      await runMigrations(orm);
      expect(await pendingMigrationCount(orm)).toBe(0);
    } finally {
      await orm.close(true);
    }
  });

  it('agree with the entities: the schema generator finds no difference', async () => {
    const orm = await createOrm(url);
    try {
      expect(await orm.schema.getUpdateSchemaSQL({ wrap: false })).toBe('');
      // still none once daily partitions exist: the generator leaves our partitioning alone
      // (it would propose rebuilding the table if the entity declared `partitionBy`)
      await ensureActivityPartitions(orm.em.fork(), new Date('2021-06-01T00:00:00Z'), new Date('2021-06-03T00:00:00Z'));
      expect(await orm.schema.getUpdateSchemaSQL({ wrap: false })).toBe('');
    } finally {
      await orm.close(true);
    }
  });

  it('create activity_events partitioned by range of occurred_at, without foreign keys', async () => {
    const orm = await createOrm(url);
    try {
      const em = orm.em.fork();
      const [table] = await runSql<{ definition: string }>(
        em,
        `select pg_get_partkeydef('activity_events'::regclass) as definition`,
        [],
      );
      expect(table?.definition).toBe('RANGE (occurred_at)');
      const [pk] = await runSql<{ definition: string }>(
        em,
        `select pg_get_constraintdef(oid) as definition from pg_constraint
          where conrelid = 'activity_events'::regclass and contype = 'p'`,
        [],
      );
      expect(pk?.definition).toBe('PRIMARY KEY (organization_id, occurred_at, id)');
      const fks = await runSql(em, `select 1 from pg_constraint where conrelid = 'activity_events'::regclass and contype = 'f'`, []);
      expect(fks).toHaveLength(0);
    } finally {
      await orm.close(true);
    }
  });
});
