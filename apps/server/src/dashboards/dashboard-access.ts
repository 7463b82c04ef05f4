import type { DashboardVisibility, OrgRole, UserActor } from '@pulse/api-contract/schemas';

// Who may see and who may change a dashboard. The same rule twice: as SQL (so a list or a load
// never reads a row the caller may not see) and as a function (for what the caller may do with
// the row once seen). Both take the organization as already checked by the router.

/** OWNER and the platform administrators manage their organization's shared dashboards. */
export function managesOrganization(actor: UserActor): boolean {
  return actor.orgRole === 'OWNER' || actor.platformRole === 'ADMIN' || actor.platformRole === 'SUPERADMIN';
}

/**
 * The condition on `d` (dashboard_configs) for what the caller sees, with its three parameters
 * at `$first`, `$first+1`, `$first+2` (see `visibleParams`): private ones of their own, every
 * organization one, role ones of their role (all of them for OWNER and ADMIN).
 */
export function visibleSql(first: number): string {
  return `(d.visibility = 'organization'
    OR (d.visibility = 'private' AND d.user_id = $${first}::uuid)
    OR (d.visibility = 'role' AND ($${first + 1}::boolean OR d.role = $${first + 2}::text)))`;
}

export function visibleParams(actor: UserActor): [string, boolean, string | null] {
  return [actor.userId, managesOrganization(actor), actor.orgRole];
}

export type Shared = { visibility: DashboardVisibility; userId: string | null };

/** Private: its user. Organization and role: OWNER and the administrators. */
export function mayEdit(actor: UserActor, dashboard: Shared): boolean {
  return dashboard.visibility === 'private' ? dashboard.userId === actor.userId : managesOrganization(actor);
}

/** Everyone may keep private dashboards; only OWNER and the administrators share them. */
export function mayGiveVisibility(actor: UserActor, visibility: DashboardVisibility): boolean {
  return visibility === 'private' || managesOrganization(actor);
}

/**
 * The role whose default a user opens: their own; platform administrators (who have none)
 * see the organization as an OWNER does, so they open the organization overview.
 */
export function homeRole(actor: UserActor): OrgRole | null {
  if (actor.orgRole) return actor.orgRole;
  return managesOrganization(actor) ? 'OWNER' : null;
}
