import { defineEntity, p } from '@mikro-orm/core';
import { createdAtProperty, idProperty } from './base.properties.ts';

// Append-only. Plain ids instead of relations: an audit row must outlive the user or
// organization it mentions, and writing it must never fail on a foreign key.
export const AuditLogSchema = defineEntity({
  name: 'AuditLog',
  tableName: 'audit_logs',
  properties: {
    ...idProperty,
    organizationId: p.uuid().nullable(),
    actorUserId: p.uuid().nullable(),
    action: p.text(),
    targetType: p.text().nullable(),
    targetId: p.text().nullable(),
    details: p.json<Record<string, unknown>>(),
    ip: p.text().nullable(),
    ...createdAtProperty,
  },
  // The audit screen filters one organization by time, every organization by time (SUPERADMIN), and by actor.
  indexes: [{ properties: ['organizationId', 'createdAt'] }, { properties: ['createdAt'] }, { properties: ['actorUserId', 'createdAt'] }],
  // Append-only in the database itself: UPDATE is refused always, DELETE except in the retention
  // job's transaction, which sets pulse.audit_retention (apps/server/src/audit/audit-retention.ts).
  // TRUNCATE is refused by a statement trigger on the same function, created by the migration.
  triggers: [
    {
      name: 'append_only',
      timing: 'before',
      events: ['update', 'delete'],
      forEach: 'row',
      body: `if tg_op = 'DELETE' and current_setting('pulse.audit_retention', true) = 'on' then return old; end if; raise exception 'audit_logs is append-only: % refused', tg_op using errcode = 'P0001';`,
    },
  ],
});

export class AuditLog extends AuditLogSchema.class {}
AuditLogSchema.setClass(AuditLog);
