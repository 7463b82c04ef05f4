/**
 * Whose events a reader may see, as the layers below widgets need it: the same shape as the
 * widgets' ViewerScope (widgets/viewer-scope.ts, which derives it from the actor), so a viewer's
 * scope is passed down as it is. Events of unknown branch or department (null) belong to the
 * organization scope only.
 */
export type EventScope = { kind: 'organization' } | { kind: 'branch'; id: string } | { kind: 'department'; id: string } | { kind: 'nothing' };

export const ORGANIZATION_SCOPE: EventScope = { kind: 'organization' };

export function inScope(scope: EventScope, event: { branchId?: string | null; departmentId?: string | null }): boolean {
  switch (scope.kind) {
    case 'organization':
      return true;
    case 'branch':
      return event.branchId === scope.id;
    case 'department':
      return event.departmentId === scope.id;
    case 'nothing':
      return false;
  }
}
