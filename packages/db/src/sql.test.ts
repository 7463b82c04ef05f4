import { UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { describe, expect, it } from 'vitest';
import { AuditLog } from './entities/audit-log.entity.ts';
import { runSql, sqlStateOf } from './sql.ts';
import { useTestOrm } from './testing.ts';

const t = useTestOrm();

describe('runSql', () => {
  it('binds $n parameters on the server, arrays as Postgres arrays', async () => {
    const rows = await runSql<{ n: number; total: number }>(
      t.orm.em.fork(),
      'select count(*)::int as n, sum(x)::int as total from unnest($1::int[]) as x',
      [[1, 2, 3, 4]],
    );
    expect(rows).toEqual([{ n: 4, total: 10 }]);
  });

  it('leaves a literal ? alone (the jsonb key-exists operator)', async () => {
    const [row] = await runSql<{ has: boolean }>(t.orm.em.fork(), `select $1::jsonb ? 'a' as has`, [{ a: 1 }]);
    expect(row?.has).toBe(true);
  });

  it('passes values that would break string interpolation unchanged', async () => {
    const tricky = `'; drop table users; -- \\ "`;
    const [row] = await runSql<{ value: string }>(t.orm.em.fork(), 'select $1::text as value', [tricky]);
    expect(row?.value).toBe(tricky);
  });

  it("runs inside the EntityManager's transaction", async () => {
    const action = `test.rollback.${Date.now()}`;
    await expect(
      t.orm.em.fork().transactional(async (em) => {
        await runSql(em, `insert into audit_logs (action, details) values ($1, '{}')`, [action]);
        // visible inside the transaction...
        expect(await em.count(AuditLog, { action })).toBe(1);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    // ...and gone with it
    expect(await t.orm.em.fork().count(AuditLog, { action })).toBe(0);
  });

  it('raises the same exception classes as the ORM, with the SQLSTATE', async () => {
    const em = t.orm.em.fork();
    const error = await runSql(em, `insert into organizations (name, slug, subscription_tier, subscription_status) values ('Dup', 'acme', 'free', 'active')`, []).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UniqueConstraintViolationException);
    expect(sqlStateOf(error)).toBe('23505');
  });
});
