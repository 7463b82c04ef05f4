import type { UserActor } from '@pulse/api-contract/schemas';
import { scopeOf, type ViewerScope } from '../widgets/viewer-scope.ts';
import type { LiveShare } from './share-store.ts';

/**
 * Whose numbers a link shows: never more than its sharer saw when sharing, nor more than they
 * see now. Of the two scopes the narrower one applies (a LEADER made MANAGER of a department of
 * the same branch: that department); when neither holds the other (moved to another branch or
 * department, no role any more, left the organization), the link stops: null.
 */
export function linkReader(share: LiveShare): UserActor | null {
  const inOrganization = share.now.organizationId === share.organizationId || share.now.platformRole === 'SUPERADMIN';
  if (!inOrganization) return null;
  const then = scopeOf(share.atShare);
  const now = scopeOf(share.now);
  const branchOf = (departmentId: string) => share.departmentBranches.get(departmentId) ?? null;
  if (holds(then, now, branchOf)) return share.now;
  if (holds(now, then, branchOf)) return share.atShare;
  return null;
}

/** Whether every row inside `inner` is inside `outer` too (`nothing` is held by nothing: a link showing nothing stops). */
function holds(outer: ViewerScope, inner: ViewerScope, branchOf: (departmentId: string) => string | null): boolean {
  if (outer.kind === 'nothing' || inner.kind === 'nothing') return false;
  if (outer.kind === 'organization') return true;
  if (inner.kind === 'organization') return false;
  if (outer.kind === inner.kind) return outer.id === inner.id;
  return outer.kind === 'branch' && inner.kind === 'department' && branchOf(inner.id) === outer.id;
}
