import type { MikroORM } from '@pulse/db';
import { runSql } from '@pulse/db';

/**
 * Deletes audit entries older than the retention, the only deletion the database lets through:
 * the append-only trigger allows DELETE only in a transaction that set `pulse.audit_retention`.
 */
export async function forgetOldAuditEntries(orm: MikroORM, retentionDays: number, now = new Date()): Promise<number> {
  const before = new Date(now.getTime() - retentionDays * 86_400_000).toISOString();
  return orm.em.fork().transactional(async (em) => {
    await runSql(em, `SELECT set_config('pulse.audit_retention', 'on', true)`, []);
    const rows = await runSql<{ id: string }>(em, 'DELETE FROM audit_logs WHERE created_at < $1 RETURNING id', [before]);
    return rows.length;
  });
}
