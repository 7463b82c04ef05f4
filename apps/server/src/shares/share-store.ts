import { type EntityManager, runSql } from '@pulse/db';
import { type OrgRole, type PlatformRole, type ShareView, type UserActor } from '@pulse/api-contract/schemas';

/** The dashboard_shares statements. Every one is filtered by the organization the router checked. */

type ShareRow = {
  id: string;
  dashboard_id: string;
  shared_by_id: string;
  sharer_name: string;
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
  active: boolean;
};

const SHARE_COLUMNS = `s.id, s.dashboard_id, s.shared_by_id, u.name AS sharer_name, s.created_at, s.expires_at, s.revoked_at,
  (s.revoked_at IS NULL AND (s.expires_at IS NULL OR s.expires_at > now())) AS active`;

const iso = (timestamp: string | null) => (timestamp === null ? null : new Date(timestamp).toISOString());

export function toShareView(row: ShareRow): ShareView {
  return {
    id: row.id,
    dashboardId: row.dashboard_id,
    sharedBy: { userId: row.shared_by_id, name: row.sharer_name },
    createdAt: new Date(row.created_at).toISOString(),
    expiresAt: iso(row.expires_at),
    revokedAt: iso(row.revoked_at),
    active: row.active,
  };
}

export async function countActive(em: EntityManager, organizationId: string, dashboardId: string): Promise<number> {
  const [row] = await runSql<{ n: string }>(
    em,
    `SELECT count(*) AS n FROM dashboard_shares WHERE organization_id = $1 AND dashboard_id = $2 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())`,
    [organizationId, dashboardId],
  );
  return Number(row?.n ?? 0);
}

/** A new link with the sharer's roles and scope as they are now. */
export async function insertShare(em: EntityManager, organizationId: string, dashboardId: string, sharer: UserActor, tokenHash: string, expiresAt: string | null): Promise<ShareView> {
  const [row] = await runSql<ShareRow>(
    em,
    `WITH s AS (
       INSERT INTO dashboard_shares (organization_id, dashboard_id, shared_by_id, token_hash, org_role, platform_role, branch_id, department_id, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *)
     SELECT ${SHARE_COLUMNS} FROM s JOIN users u ON u.id = s.shared_by_id`,
    [organizationId, dashboardId, sharer.userId, tokenHash, sharer.orgRole, sharer.platformRole, sharer.branchId, sharer.departmentId, expiresAt],
  );
  if (!row) throw new Error('a new share was not inserted');
  return toShareView(row);
}

export async function listShares(em: EntityManager, organizationId: string, dashboardId: string): Promise<ShareView[]> {
  const rows = await runSql<ShareRow>(
    em,
    `SELECT ${SHARE_COLUMNS} FROM dashboard_shares s JOIN users u ON u.id = s.shared_by_id
      WHERE s.organization_id = $1 AND s.dashboard_id = $2 ORDER BY s.created_at DESC, s.id LIMIT 200`,
    [organizationId, dashboardId],
  );
  return rows.map(toShareView);
}

export async function dashboardOfShare(em: EntityManager, organizationId: string, shareId: string): Promise<string | null> {
  const [row] = await runSql<{ dashboard_id: string }>(em, 'SELECT dashboard_id FROM dashboard_shares WHERE organization_id = $1 AND id = $2', [organizationId, shareId]);
  return row?.dashboard_id ?? null;
}

/** Revokes the link (a revoked one keeps its first revocation time). */
export async function revokeShare(em: EntityManager, organizationId: string, shareId: string): Promise<ShareView | null> {
  const [row] = await runSql<ShareRow>(
    em,
    `WITH s AS (
       UPDATE dashboard_shares SET revoked_at = coalesce(revoked_at, now()) WHERE organization_id = $1 AND id = $2 RETURNING *)
     SELECT ${SHARE_COLUMNS} FROM s JOIN users u ON u.id = s.shared_by_id`,
    [organizationId, shareId],
  );
  return row ? toShareView(row) : null;
}

/** What a link's scope is decided from: its snapshot and its sharer as they are now. */
export type LiveShare = {
  shareId: string;
  organizationId: string;
  dashboardId: string;
  expiresAt: string | null;
  /** The sharer's roles and scope when they shared. */
  atShare: UserActor;
  /** The sharer now. */
  now: UserActor;
  /** The branch of each department named above (null: a department of the whole organization). */
  departmentBranches: Map<string, string | null>;
};

type LiveShareRow = {
  id: string;
  organization_id: string;
  dashboard_id: string;
  expires_at: string | null;
  user_id: string;
  org_role: OrgRole | null;
  platform_role: PlatformRole | null;
  branch_id: string | null;
  department_id: string | null;
  department_branch_id: string | null;
  user_organization_id: string | null;
  user_org_role: OrgRole | null;
  user_platform_role: PlatformRole | null;
  user_branch_id: string | null;
  user_department_id: string | null;
  user_department_branch_id: string | null;
};

/** The link of this token hash (or id) while it works (neither revoked nor expired), with its sharer now; null otherwise. */
export async function findLiveShare(em: EntityManager, which: { tokenHash: string } | { shareId: string }): Promise<LiveShare | null> {
  const [row] = await runSql<LiveShareRow>(
    em,
    `SELECT s.id, s.organization_id, s.dashboard_id, s.expires_at, u.id AS user_id,
            s.org_role, s.platform_role, s.branch_id, s.department_id, sd.branch_id AS department_branch_id,
            u.organization_id AS user_organization_id, u.org_role AS user_org_role, u.platform_role AS user_platform_role,
            u.branch_id AS user_branch_id, u.department_id AS user_department_id, ud.branch_id AS user_department_branch_id
       FROM dashboard_shares s
       JOIN users u ON u.id = s.shared_by_id
       LEFT JOIN departments sd ON sd.id = s.department_id
       LEFT JOIN departments ud ON ud.id = u.department_id
      WHERE ${'tokenHash' in which ? 's.token_hash = $1' : 's.id = $1'} AND s.revoked_at IS NULL AND (s.expires_at IS NULL OR s.expires_at > now())`,
    ['tokenHash' in which ? which.tokenHash : which.shareId],
  );
  if (!row) return null;
  const departmentBranches = new Map<string, string | null>();
  if (row.department_id) departmentBranches.set(row.department_id, row.department_branch_id);
  if (row.user_department_id) departmentBranches.set(row.user_department_id, row.user_department_branch_id);
  return {
    shareId: row.id,
    organizationId: row.organization_id,
    dashboardId: row.dashboard_id,
    expiresAt: iso(row.expires_at),
    atShare: { kind: 'user', userId: row.user_id, organizationId: row.organization_id, orgRole: row.org_role, platformRole: row.platform_role, branchId: row.branch_id, departmentId: row.department_id },
    now: {
      kind: 'user',
      userId: row.user_id,
      organizationId: row.user_organization_id,
      orgRole: row.user_org_role,
      platformRole: row.user_platform_role,
      branchId: row.user_branch_id,
      departmentId: row.user_department_id,
    },
    departmentBranches,
  };
}
