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
  indexes: [{ properties: ['organizationId', 'createdAt'] }],
});

export class AuditLog extends AuditLogSchema.class {}
AuditLogSchema.setClass(AuditLog);
