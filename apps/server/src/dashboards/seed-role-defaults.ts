import { randomUUID } from 'node:crypto';
import type { EntityManager, MikroORM } from '@pulse/db';
import { runSql } from '@pulse/db';
import { ORG_ROLES } from '@pulse/api-contract/schemas';
import { insertDashboard, recordVersion } from './dashboard-store.ts';
import { ROLE_DEFAULT_DASHBOARDS } from './role-defaults.ts';

/**
 * Gives the organization the default dashboard of each role it lacks; returns how many it
 * created. Idempotent and safe to run concurrently: the unique index on (organization, role)
 * of defaults turns a second insert into nothing. A default that exists is never touched, so
 * what an OWNER made of it stays.
 */
export async function ensureRoleDefaults(em: EntityManager, organizationId: string): Promise<number> {
  return em.transactional(async (tx) => {
    let created = 0;
    for (const role of ORG_ROLES) {
      const row = await insertDashboard(tx, organizationId, { id: randomUUID(), userId: null, isDefault: true, createdBy: null, content: ROLE_DEFAULT_DASHBOARDS[role] });
      if (!row) continue;
      await recordVersion(tx, row, { content: ROLE_DEFAULT_DASHBOARDS[role], summary: `created by Pulse: the ${role} default`, note: null, createdBy: null });
      created++;
    }
    return created;
  });
}

/** Every organization's missing defaults (at setup, for organizations made before dashboards existed). */
export async function backfillRoleDefaults(orm: MikroORM): Promise<number> {
  const organizations = await runSql<{ id: string }>(orm.em.fork(), 'SELECT id FROM organizations ORDER BY id', []);
  let created = 0;
  for (const { id } of organizations) created += await ensureRoleDefaults(orm.em.fork(), id);
  return created;
}
