import { z } from 'zod';
import type { AuditExportInput } from '@pulse/api-contract/schemas';

export const AUDIT_TIME_RANGES = { any: null, '1h': 3600, '24h': 86_400, '7d': 7 * 86_400, '30d': 30 * 86_400 } as const;
export type AuditTimeRange = keyof typeof AUDIT_TIME_RANGES;

/**
 * The audit screen's state in its address (`#/audit?action=auth.&time=24h`), so a link or a
 * reload shows the same entries. The bounds are the contract's (`AuditListInput`); a value
 * that is out of them is dropped (the default shows), never an error.
 */
export const AuditSearch = z.object({
  /** Only what this user did (their id). */
  actor: z.uuid().optional().catch(undefined),
  /** An action (`alerts.rule.created`) or a prefix ending in a dot (`auth.`). */
  action: z.string().max(100).optional().catch(undefined),
  targetType: z.string().max(100).optional().catch(undefined),
  targetId: z.string().max(200).optional().catch(undefined),
  time: z.enum(['1h', '24h', '7d', '30d']).optional().catch(undefined),
  /** A SUPERADMIN's choice: every organization's entries, not only the one on screen. */
  scope: z.literal('all').optional().catch(undefined),
});
export type AuditSearch = z.output<typeof AuditSearch>;

/** The filters as the procedures take them; "last day" is computed when a page is fetched. */
export function auditInput(organizationId: string, search: AuditSearch, now: number): AuditExportInput {
  const seconds = AUDIT_TIME_RANGES[search.time ?? 'any'];
  return {
    ...(search.scope === 'all' ? {} : { organizationId }),
    ...(search.actor ? { actorUserId: search.actor } : {}),
    ...(search.action ? { action: search.action } : {}),
    ...(search.targetType ? { targetType: search.targetType } : {}),
    ...(search.targetId ? { targetId: search.targetId } : {}),
    ...(seconds === null ? {} : { from: new Date(now - seconds * 1000).toISOString() }),
  };
}
