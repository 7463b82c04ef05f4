import type { EntityManager, Joined, SqlRow } from '@pulse/db';
import { runSql } from '@pulse/db';
import { DASHBOARD_LIMITS, type DashboardContent, type DashboardVersionItem, type OrgRole, type UserActor } from '@pulse/api-contract/schemas';
import { visibleParams, visibleSql } from './dashboard-access.ts';
import { DASHBOARD_COLUMNS, type DashboardRow } from './dashboard-rows.ts';

// Every statement on dashboards names the organization, so an id from another organization
// finds nothing whatever else the statement says. Meant to run inside the caller's transaction.

/** The dashboard if the caller may see it; null for a foreign, invisible or missing one. */
export async function loadVisible(em: EntityManager, organizationId: string, actor: UserActor, id: string): Promise<DashboardRow | null> {
  const [row] = await runSql<DashboardRow>(em, `SELECT ${DASHBOARD_COLUMNS} FROM dashboard_configs d WHERE d.organization_id = $1 AND d.id = $2 AND ${visibleSql(3)}`, [
    organizationId,
    id,
    ...visibleParams(actor),
  ]);
  return row ?? null;
}

export async function listVisible(em: EntityManager, organizationId: string, actor: UserActor): Promise<DashboardRow[]> {
  return runSql<DashboardRow>(
    em,
    `SELECT ${DASHBOARD_COLUMNS} FROM dashboard_configs d WHERE d.organization_id = $1 AND ${visibleSql(2)}
      ORDER BY d.is_default DESC, d.visibility, lower(d.name), d.id LIMIT ${DASHBOARD_LIMITS.maxDashboardsPerOrganization}`,
    [organizationId, ...visibleParams(actor)],
  );
}

export async function countDashboards(em: EntityManager, organizationId: string): Promise<number> {
  const [row] = await runSql<{ n: string }>(em, 'SELECT count(*) AS n FROM dashboard_configs WHERE organization_id = $1', [organizationId]);
  return Number(row?.n ?? 0);
}

/** A content's six columns in the order both writers list them: role, name, visibility, layout, widgets, theme. */
const contentParams = (content: DashboardContent) => [
  content.role,
  content.name,
  content.visibility,
  JSON.stringify(content.layoutConfig),
  JSON.stringify(content.widgetPreferences),
  JSON.stringify(content.themeSettings),
];

export type NewDashboard = { id: string; userId: string | null; isDefault: boolean; createdBy: string | null; content: DashboardContent };

/** Inserts version 1; with `isDefault`, nothing when the role already has its default (then null). */
export async function insertDashboard(em: EntityManager, organizationId: string, dashboard: NewDashboard): Promise<DashboardRow | null> {
  const [row] = await runSql<DashboardRow>(
    em,
    `INSERT INTO dashboard_configs AS d (id, organization_id, user_id, role, name, visibility, layout_config, widget_preferences, theme_settings, is_default, version, created_by, updated_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb, $9::jsonb, $10, 1, $11, $11)
     ON CONFLICT (organization_id, role) WHERE is_default DO NOTHING
     RETURNING ${DASHBOARD_COLUMNS}`,
    [dashboard.id, organizationId, dashboard.userId, ...contentParams(dashboard.content), dashboard.isDefault, dashboard.createdBy],
  );
  return row ?? null;
}

/**
 * The optimistic write: the row changes only if it is still at `expectedVersion`. Under READ
 * COMMITTED a concurrent writer with the same expectation waits for the row lock, then finds
 * the version moved on and changes nothing: exactly one of them wins.
 */
export async function updateIfVersion(
  em: EntityManager,
  organizationId: string,
  id: string,
  expectedVersion: number,
  change: { userId: string | null; content: DashboardContent; updatedBy: string },
): Promise<DashboardRow | null> {
  const [row] = await runSql<DashboardRow>(
    em,
    `UPDATE dashboard_configs AS d SET user_id = $4, role = $5, name = $6, visibility = $7, layout_config = $8::jsonb, widget_preferences = $9::jsonb,
       theme_settings = $10::jsonb, version = d.version + 1, updated_by = $11, updated_at = now()
     WHERE d.organization_id = $1 AND d.id = $2 AND d.version = $3
     RETURNING ${DASHBOARD_COLUMNS}`,
    [organizationId, id, expectedVersion, change.userId, ...contentParams(change.content), change.updatedBy],
  );
  return row ?? null;
}

/** The version a dashboard is at now, whoever may see it (for the conflict message); null when gone. */
export async function currentVersion(em: EntityManager, organizationId: string, id: string): Promise<number | null> {
  const [row] = await runSql<{ version: number }>(em, 'SELECT version FROM dashboard_configs WHERE organization_id = $1 AND id = $2', [organizationId, id]);
  return row?.version ?? null;
}

export async function deleteIfVersion(em: EntityManager, organizationId: string, id: string, expectedVersion: number | null): Promise<boolean> {
  const rows = await runSql(em, 'DELETE FROM dashboard_configs WHERE organization_id = $1 AND id = $2 AND ($3::int IS NULL OR version = $3) RETURNING id', [
    organizationId,
    id,
    expectedVersion,
  ]);
  return rows.length > 0;
}

// --- versions ---

/** Records a version's full snapshot and forgets those older than the kept number, in the caller's transaction. */
export async function recordVersion(
  em: EntityManager,
  row: DashboardRow,
  version: { content: DashboardContent; summary: string; note: string | null; createdBy: string | null },
): Promise<void> {
  await runSql(
    em,
    `INSERT INTO dashboard_versions (dashboard_id, version, organization_id, snapshot, summary, note, created_by, created_at)
     VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7, $8::timestamptz)`,
    [row.id, row.version, row.organization_id, JSON.stringify(version.content), version.summary, version.note, version.createdBy, row.updated_at],
  );
  await runSql(em, 'DELETE FROM dashboard_versions WHERE organization_id = $1 AND dashboard_id = $2 AND version <= $3', [
    row.organization_id,
    row.id,
    row.version - DASHBOARD_LIMITS.keptVersions,
  ]);
}

type VersionRow = Pick<SqlRow<'dashboard_versions'>, 'version' | 'created_at' | 'summary' | 'note' | 'created_by'> & Joined<SqlRow<'users'>, { author: 'name' }>;

const VERSION_COLUMNS = 'v.version, v.created_at, v.summary, v.note, v.created_by, u.name AS author';

const versionItem = (row: VersionRow): DashboardVersionItem => ({
  version: row.version,
  createdAt: new Date(row.created_at).toISOString(),
  createdBy: row.created_by && row.author !== null ? { userId: row.created_by, name: row.author } : null,
  summary: row.summary,
  note: row.note,
});

/** Newest first; one more than asked for tells whether an older page exists. */
export async function listVersions(em: EntityManager, organizationId: string, id: string, beforeVersion: number | null, limit: number): Promise<{ items: DashboardVersionItem[]; more: boolean }> {
  const rows = await runSql<VersionRow>(
    em,
    `SELECT ${VERSION_COLUMNS}
       FROM dashboard_versions v LEFT JOIN users u ON u.id = v.created_by
      WHERE v.organization_id = $1 AND v.dashboard_id = $2 AND ($3::int IS NULL OR v.version < $3)
      ORDER BY v.version DESC LIMIT $4`,
    [organizationId, id, beforeVersion, limit + 1],
  );
  return { items: rows.slice(0, limit).map(versionItem), more: rows.length > limit };
}

/** One kept version with its snapshot; null when it is not kept (or the dashboard is another organization's). */
export async function loadVersion(em: EntityManager, organizationId: string, id: string, version: number): Promise<{ item: DashboardVersionItem; content: DashboardContent } | null> {
  const [row] = await runSql<VersionRow & { snapshot: DashboardContent }>(
    em,
    `SELECT ${VERSION_COLUMNS}, v.snapshot
       FROM dashboard_versions v LEFT JOIN users u ON u.id = v.created_by
      WHERE v.organization_id = $1 AND v.dashboard_id = $2 AND v.version = $3`,
    [organizationId, id, version],
  );
  return row ? { item: versionItem(row), content: row.snapshot } : null;
}

// --- home ---

/** undefined: no choice; null: the built-in one; else the chosen dashboard's id. */
export async function loadHomeChoice(em: EntityManager, organizationId: string, userId: string): Promise<string | null | undefined> {
  const [row] = await runSql<{ dashboard_id: string | null }>(em, 'SELECT dashboard_id FROM dashboard_homes WHERE organization_id = $1 AND user_id = $2', [organizationId, userId]);
  return row ? row.dashboard_id : undefined;
}

export async function saveHomeChoice(em: EntityManager, organizationId: string, userId: string, dashboardId: string | null): Promise<void> {
  await runSql(
    em,
    `INSERT INTO dashboard_homes (organization_id, user_id, dashboard_id, updated_at) VALUES ($1, $2, $3, now())
     ON CONFLICT (organization_id, user_id) DO UPDATE SET dashboard_id = excluded.dashboard_id, updated_at = excluded.updated_at`,
    [organizationId, userId, dashboardId],
  );
}

export async function forgetHomeChoice(em: EntityManager, organizationId: string, userId: string): Promise<void> {
  await runSql(em, 'DELETE FROM dashboard_homes WHERE organization_id = $1 AND user_id = $2', [organizationId, userId]);
}

export async function loadRoleDefault(em: EntityManager, organizationId: string, role: OrgRole): Promise<DashboardRow | null> {
  const [row] = await runSql<DashboardRow>(em, `SELECT ${DASHBOARD_COLUMNS} FROM dashboard_configs d WHERE d.organization_id = $1 AND d.is_default AND d.role = $2`, [
    organizationId,
    role,
  ]);
  return row ?? null;
}
