import type { EntityManager } from '@pulse/db';
import { runSql } from '@pulse/db';

export type AuditEntry = {
  organizationId: string | null;
  actorUserId: string | null;
  action: string;
  targetType: string;
  targetId: string;
  details: Record<string, unknown>;
  /** The caller's address, where it matters (sign-in, sign-out). */
  ip?: string | null;
};

/**
 * The audit log row of a change, written in the same transaction as the change so that one is
 * never kept without the other. `actorUserId` null: the platform itself acted.
 */
export async function writeAudit(em: EntityManager, entry: AuditEntry): Promise<void> {
  await runSql(em, `INSERT INTO audit_logs (organization_id, actor_user_id, action, target_type, target_id, details, ip) VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7)`, [
    entry.organizationId,
    entry.actorUserId,
    entry.action,
    entry.targetType,
    entry.targetId,
    JSON.stringify(entry.details),
    entry.ip ?? null,
  ]);
}
