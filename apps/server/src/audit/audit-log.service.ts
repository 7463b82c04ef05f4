import type { Joined, MikroORM, SqlRow } from '@pulse/db';
import { runSql } from '@pulse/db';
import type { PulseServices } from '@pulse/api-contract/router';
import { AUDIT_EXPORT_MAX_ROWS, type AuditEntry, type AuditExportInput } from '@pulse/api-contract/schemas';
import { writeAudit } from './write-audit.ts';
import { toCsv } from '../export/csv.ts';
import { decodeCursor, encodeCursor } from '../paging/keyset-cursor.ts';

/** created_at keeps microseconds (ISO 8601 in UTC), so a page cursor never skips rows of the same millisecond. */
type AuditRow = Pick<SqlRow<'audit_logs'>, 'id' | 'organization_id' | 'actor_user_id' | 'action' | 'target_type' | 'target_id' | 'ip' | 'created_at'> &
  Joined<SqlRow<'users'>, { actor_email: 'email' }> & { details: Record<string, unknown> };

const toEntry = (row: AuditRow): AuditEntry => ({
  id: row.id,
  organizationId: row.organization_id,
  actorUserId: row.actor_user_id,
  actorEmail: row.actor_email,
  action: row.action,
  targetType: row.target_type,
  targetId: row.target_id,
  details: row.details,
  ip: row.ip,
  createdAt: new Date(row.created_at).toISOString(),
});

/** The WHERE clause of the filters; the organization is always the first condition a caller may not drop. */
function whereOf(organizationId: string | null, filters: AuditExportInput, params: unknown[]): string {
  const conditions: string[] = [];
  const bind = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  if (organizationId !== null) conditions.push(`a.organization_id = ${bind(organizationId)}`);
  if (filters.actorUserId) conditions.push(`a.actor_user_id = ${bind(filters.actorUserId)}`);
  if (filters.action?.endsWith('.')) conditions.push(`starts_with(a.action, ${bind(filters.action)})`);
  else if (filters.action) conditions.push(`a.action = ${bind(filters.action)}`);
  if (filters.targetType) conditions.push(`a.target_type = ${bind(filters.targetType)}`);
  if (filters.targetId) conditions.push(`a.target_id = ${bind(filters.targetId)}`);
  if (filters.from) conditions.push(`a.created_at >= ${bind(filters.from)}`);
  if (filters.to) conditions.push(`a.created_at < ${bind(filters.to)}`);
  return conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
}

const SELECT = `SELECT a.id, a.organization_id, a.actor_user_id, u.email AS actor_email, a.action, a.target_type, a.target_id, a.details, a.ip,
    to_char(a.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS created_at
  FROM audit_logs a LEFT JOIN users u ON u.id = a.actor_user_id`;

const CSV_HEADER = ['created_at', 'organization_id', 'actor_user_id', 'actor_email', 'action', 'target_type', 'target_id', 'ip', 'details'];

/** Reads the audit log; nothing here (or anywhere in Pulse) updates or deletes its rows. */
export function createAuditLogService(orm: MikroORM): PulseServices['audit'] {
  return {
    async list(organizationId, input) {
      const params: unknown[] = [];
      let where = whereOf(organizationId, input, params);
      if (input.cursor) {
        const cursor = decodeCursor(input.cursor);
        params.push(cursor.at, cursor.id);
        where += `${where ? ' AND' : 'WHERE'} (a.created_at, a.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`;
      }
      params.push(input.limit + 1);
      const rows = await runSql<AuditRow>(orm.em.fork(), `${SELECT} ${where} ORDER BY a.created_at DESC, a.id DESC LIMIT $${params.length}`, params);
      const page = rows.slice(0, input.limit);
      const last = page.at(-1);
      return {
        entries: page.map(toEntry),
        nextCursor: rows.length > input.limit && last ? encodeCursor({ at: last.created_at, id: last.id }) : null,
      };
    },

    async export(actor, organizationId, input) {
      const em = orm.em.fork();
      const params: unknown[] = [];
      const where = whereOf(organizationId, input, params);
      params.push(AUDIT_EXPORT_MAX_ROWS + 1);
      const rows = await runSql<AuditRow>(em, `${SELECT} ${where} ORDER BY a.created_at DESC, a.id DESC LIMIT $${params.length}`, params);
      const kept = rows.slice(0, AUDIT_EXPORT_MAX_ROWS);
      const csv = toCsv(
        CSV_HEADER,
        kept.map((row) => [row.created_at, row.organization_id, row.actor_user_id, row.actor_email, row.action, row.target_type, row.target_id, row.ip, row.details]),
      );
      await writeAudit(em, {
        organizationId,
        actorUserId: actor.userId,
        action: 'audit.exported',
        targetType: 'audit_log',
        targetId: organizationId ?? 'all',
        details: { rows: kept.length, filters: { ...input, organizationId: undefined } },
      });
      const scope = organizationId ?? 'all-organizations';
      return { filename: `pulse-audit-${scope}-${new Date().toISOString().slice(0, 10)}.csv`, csv, rows: kept.length, truncated: rows.length > kept.length };
    },
  };
}
