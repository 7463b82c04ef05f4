import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { quoteIdentifier, withDatabaseName } from './database-url.ts';
import { ensureDatabase } from './ensure-database.ts';
import { createOrm, pendingMigrationCount, runMigrations } from './orm.ts';
import { ensureActivityPartitions, metricPartitions } from './partitions.ts';
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
      await metricPartitions.ensure(orm.em.fork(), new Date('2021-06-01T00:00:00Z'), new Date('2021-06-03T00:00:00Z'));
      expect(await orm.schema.getUpdateSchemaSQL({ wrap: false })).toBe('');
    } finally {
      await orm.close(true);
    }
  });

  it.each([
    ['activity_events', 'occurred_at'],
    ['metric_samples', 'recorded_at'],
  ])('create %s partitioned by range of %s, without foreign keys', async (tableName, column) => {
    const orm = await createOrm(url);
    try {
      const em = orm.em.fork();
      const [table] = await runSql<{ definition: string }>(em, `select pg_get_partkeydef($1::regclass) as definition`, [tableName]);
      expect(table?.definition).toBe(`RANGE (${column})`);
      const [pk] = await runSql<{ definition: string }>(
        em,
        `select pg_get_constraintdef(oid) as definition from pg_constraint
          where conrelid = $1::regclass and contype = 'p'`,
        [tableName],
      );
      expect(pk?.definition).toBe(`PRIMARY KEY (organization_id, ${column}, id)`);
      const fks = await runSql(em, `select 1 from pg_constraint where conrelid = $1::regclass and contype = 'f'`, [tableName]);
      expect(fks).toHaveLength(0);
    } finally {
      await orm.close(true);
    }
  });
});
