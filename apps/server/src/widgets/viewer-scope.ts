import type { UserActor } from '@pulse/api-contract/schemas';

/**
 * Whose numbers a viewer sees: OWNER and platform ADMIN / SUPERADMIN the organization, LEADER
 * their branch, MANAGER their department, anyone else (or a LEADER / MANAGER without a branch /
 * department) nothing. Rows whose branch or department is unknown (null) count for the
 * organization only: they are never inside a branch or department scope.
 */
export type ViewerScope = { kind: 'organization' } | { kind: 'branch'; id: string } | { kind: 'department'; id: string } | { kind: 'nothing' };

export function scopeOf(actor: UserActor): ViewerScope {
  if (actor.platformRole === 'SUPERADMIN' || actor.platformRole === 'ADMIN' || actor.orgRole === 'OWNER') return { kind: 'organization' };
  if (actor.orgRole === 'LEADER') return actor.branchId ? { kind: 'branch', id: actor.branchId } : { kind: 'nothing' };
  if (actor.orgRole === 'MANAGER') return actor.departmentId ? { kind: 'department', id: actor.departmentId } : { kind: 'nothing' };
  return { kind: 'nothing' };
}

/** The scope as part of a cache key: viewers with the same scope share answers. */
export const scopeKey = (scope: ViewerScope) => (scope.kind === 'organization' || scope.kind === 'nothing' ? scope.kind : `${scope.kind}:${scope.id}`);
