import { z } from 'zod';
import { TenantInput } from './scope.ts';

const AuditFilters = {
  /** Only what this user did. */
  actorUserId: z.uuid().optional(),
  /** An action (`alerts.rule.created`) or a prefix ending in a dot (`alerts.`). */
  action: z.string().min(1).max(100).optional(),
  targetType: z.string().min(1).max(100).optional(),
  targetId: z.string().min(1).max(200).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
};

/**
 * The audit log of one organization (OWNER and platform ADMIN), or of every organization for a
 * SUPERADMIN who names none. Newest first.
 */
export const AuditListInput = TenantInput.extend({
  ...AuditFilters,
  cursor: z.string().max(400).optional(),
  limit: z.int().min(1).max(200).default(50),
});
export type AuditListInput = z.output<typeof AuditListInput>;

export const AuditExportInput = TenantInput.extend(AuditFilters);
export type AuditExportInput = z.output<typeof AuditExportInput>;

export const AuditEntry = z.object({
  id: z.uuid(),
  organizationId: z.uuid().nullable(),
  actorUserId: z.uuid().nullable(),
  /** The actor's e-mail while the account exists. */
  actorEmail: z.string().nullable(),
  action: z.string(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  ip: z.string().nullable(),
  createdAt: z.iso.datetime({ offset: true }),
});
export type AuditEntry = z.output<typeof AuditEntry>;

export const AuditPage = z.object({ entries: z.array(AuditEntry), nextCursor: z.string().nullable() });
export type AuditPage = z.output<typeof AuditPage>;

/** At most this many rows in one export; `truncated` says when there were more. */
export const AUDIT_EXPORT_MAX_ROWS = 10_000;

export const AuditExport = z.object({ filename: z.string(), csv: z.string(), rows: z.int(), truncated: z.boolean() });
export type AuditExport = z.output<typeof AuditExport>;
