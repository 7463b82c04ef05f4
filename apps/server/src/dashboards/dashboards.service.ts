import { randomUUID } from 'node:crypto';
import type { EntityManager, MikroORM } from '@pulse/db';
import type { PulseServices } from '@pulse/api-contract/router';
import {
  BUILT_IN_DASHBOARD_ID,
  DASHBOARD_LIMITS,
  DashboardContent,
  type Dashboard,
  type DashboardHome,
  type DashboardListItem,
  type UpdateDashboardInput,
  type UserActor,
} from '@pulse/api-contract/schemas';
import { ConflictError, ForbiddenError, invalidInputFromIssues, NotFoundError } from '@pulse/api-contract/errors';
import { writeAudit } from '../audit/write-audit.ts';
import { builtInDashboard } from './built-in-dashboard.ts';
import { contentOfDocument, toDocument } from './dashboard-document.ts';
import { homeRole, mayEdit, mayGiveVisibility } from './dashboard-access.ts';
import { contentOf, type DashboardRow, sharedOf, toDashboard } from './dashboard-rows.ts';
import * as store from './dashboard-store.ts';
import { ensureRoleDefaults } from './seed-role-defaults.ts';
import { summarizeChange } from './version-summary.ts';

type DashboardsService = Omit<PulseServices['dashboards'], 'summary' | 'engagement' | 'widgetCsv' | 'recordImageExport'>;

const notFound = () => new NotFoundError('No such dashboard in this organization, or it is not shared with you.');
const builtInIsFixed = () => new ForbiddenError('The built-in dashboard cannot be changed: duplicate it to make your own.');
const stale = (expected: number, current: number) =>
  new ConflictError(`This dashboard is at version ${current}, not ${expected}: someone saved it in between. Reload it, reapply your change, and save again from version ${current}.`);

/** The change the caller may not make, or null. */
function editRefusal(actor: UserActor, row: DashboardRow): ForbiddenError | null {
  if (mayEdit(actor, sharedOf(row))) return null;
  return new ForbiddenError(
    row.visibility === 'private' ? 'Only its owner changes a private dashboard.' : 'Only the OWNER and the administrators change shared dashboards.',
  );
}

/**
 * A view is audited at most once per user and dashboard in this window, so a page left open
 * (or reloaded, or refetched) does not flood the log. The memory is per process: with several
 * API processes, each may write one entry for the same view in the same window.
 */
const VIEW_AUDIT_WINDOW_MS = 10 * 60_000;
/** Past this many remembered views, the ones older than the window are forgotten. */
const VIEW_MEMORY_LIMIT = 10_000;

const copyName = (name: string) => `Copy of ${name}`.slice(0, DASHBOARD_LIMITS.maxNameLength).trim();

/** The whole content after a partial update, checked by the contract's schema. */
function mergedContent(actor: UserActor, row: DashboardRow, input: UpdateDashboardInput): DashboardContent {
  const visibility = input.visibility ?? row.visibility;
  const role = input.role !== undefined ? input.role : visibility === 'role' ? row.role : null;
  const candidate = {
    name: input.name ?? row.name,
    visibility,
    role,
    layoutConfig: input.layoutConfig ?? row.layout_config,
    widgetPreferences: input.widgetPreferences ?? row.widget_preferences,
    themeSettings: input.themeSettings ?? row.theme_settings,
  };
  if (row.is_default && (candidate.visibility !== row.visibility || candidate.role !== row.role)) {
    throw invalidInputFromIssues('A default dashboard keeps its audience.', [
      { path: ['visibility'], message: `this is the ${row.role} default: it stays a role dashboard of ${row.role}` },
    ]);
  }
  if (!mayGiveVisibility(actor, candidate.visibility)) throw new ForbiddenError('Only the OWNER and the administrators share dashboards with the organization or a role.');
  const parsed = DashboardContent.safeParse(candidate);
  if (!parsed.success) throw invalidInputFromIssues('The dashboard would not be valid after this change.', parsed.error.issues);
  return parsed.data;
}

export function createDashboardsService(orm: MikroORM): DashboardsService {
  // Each organization's role defaults, made once per process on first use: an organization
  // created after setup ran gets them the first time anyone opens its dashboards.
  const ensured = new Map<string, Promise<unknown>>();
  function withRoleDefaults(organizationId: string): Promise<unknown> {
    let done = ensured.get(organizationId);
    if (!done) {
      done = ensureRoleDefaults(orm.em.fork(), organizationId).catch((error: unknown) => {
        ensured.delete(organizationId);
        throw error;
      });
      ensured.set(organizationId, done);
    }
    return done;
  }

  // When each user last had each dashboard's view audited (`userId dashboardId` → ms, monotonic).
  const viewsAudited = new Map<string, number>();
  async function auditView(actor: UserActor, organizationId: string, dashboardId: string, details: Record<string, unknown>): Promise<void> {
    const key = `${actor.userId} ${dashboardId}`;
    const now = performance.now();
    const last = viewsAudited.get(key);
    if (last !== undefined && now - last < VIEW_AUDIT_WINDOW_MS) return;
    if (viewsAudited.size >= VIEW_MEMORY_LIMIT) {
      for (const [seen, at] of viewsAudited) if (now - at >= VIEW_AUDIT_WINDOW_MS) viewsAudited.delete(seen);
    }
    // Remembered before the write, so views arriving together write one entry.
    viewsAudited.set(key, now);
    try {
      await writeAudit(orm.em.fork(), { organizationId, actorUserId: actor.userId, action: 'dashboard.viewed', targetType: 'dashboard', targetId: dashboardId, details });
    } catch (error) {
      // Not written: the next view tries again.
      if (viewsAudited.get(key) === now) viewsAudited.delete(key);
      throw error;
    }
  }

  async function visibleOrThrow(em: EntityManager, actor: UserActor, organizationId: string, id: string): Promise<DashboardRow> {
    const row = await store.loadVisible(em, organizationId, actor, id);
    if (!row) throw notFound();
    return row;
  }

  async function editableAt(em: EntityManager, actor: UserActor, organizationId: string, id: string, expectedVersion: number): Promise<DashboardRow> {
    if (id === BUILT_IN_DASHBOARD_ID) throw builtInIsFixed();
    const row = await visibleOrThrow(em, actor, organizationId, id);
    const refusal = editRefusal(actor, row);
    if (refusal) throw refusal;
    if (row.version !== expectedVersion) throw stale(expectedVersion, row.version);
    return row;
  }

  /** Writes `content` as the version after `expectedVersion`, with its snapshot, in one transaction. */
  async function saveVersion(
    action: 'dashboard.updated' | 'dashboard.restored',
    actor: UserActor,
    organizationId: string,
    id: string,
    expectedVersion: number,
    next: (em: EntityManager, row: DashboardRow) => Promise<{ content: DashboardContent; summaryPrefix?: string; note?: string | undefined }>,
  ): Promise<Dashboard> {
    return orm.em.fork().transactional(async (em) => {
      const row = await editableAt(em, actor, organizationId, id, expectedVersion);
      const { content, summaryPrefix, note } = await next(em, row);
      // a private dashboard keeps its owner; one made private belongs to whoever did it; shared ones to nobody
      const userId = content.visibility !== 'private' ? null : row.visibility === 'private' ? row.user_id : actor.userId;
      const updated = await store.updateIfVersion(em, organizationId, id, expectedVersion, { userId, content, updatedBy: actor.userId });
      if (!updated) {
        const current = await store.currentVersion(em, organizationId, id);
        throw current === null ? notFound() : stale(expectedVersion, current);
      }
      const change = summarizeChange(contentOf(row), content);
      const summary = summaryPrefix ? `${summaryPrefix}: ${change}` : change;
      await store.recordVersion(em, updated, { content, summary, note: note || null, createdBy: actor.userId });
      await writeAudit(em, { organizationId, actorUserId: actor.userId, action, targetType: 'dashboard', targetId: id, details: { version: updated.version, summary } });
      return toDashboard(updated, actor);
    });
  }

  async function insertNew(
    action: 'dashboard.created' | 'dashboard.duplicated' | 'dashboard.imported',
    actor: UserActor,
    organizationId: string,
    content: DashboardContent,
    summary: string,
    note: string | null,
  ): Promise<Dashboard> {
    return orm.em.fork().transactional(async (em) => {
      if ((await store.countDashboards(em, organizationId)) >= DASHBOARD_LIMITS.maxDashboardsPerOrganization) {
        throw new ConflictError(`This organization keeps ${DASHBOARD_LIMITS.maxDashboardsPerOrganization} dashboards, the most it may: delete one first.`);
      }
      const userId = content.visibility === 'private' ? actor.userId : null;
      const row = await store.insertDashboard(em, organizationId, { id: randomUUID(), userId, isDefault: false, createdBy: actor.userId, content });
      if (!row) throw new Error('a new dashboard was not inserted');
      await store.recordVersion(em, row, { content, summary, note, createdBy: actor.userId });
      await writeAudit(em, { organizationId, actorUserId: actor.userId, action, targetType: 'dashboard', targetId: row.id, details: { name: content.name, visibility: content.visibility, summary } });
      return toDashboard(row, actor);
    });
  }

  async function resolveHome(em: EntityManager, actor: UserActor, organizationId: string): Promise<DashboardHome> {
    const choice = await store.loadHomeChoice(em, organizationId, actor.userId);
    if (choice === null) return { source: 'own', dashboard: builtInDashboard(organizationId) };
    if (choice !== undefined) {
      // a choice no longer visible (made private by someone else, moved to another role) is passed over
      const own = await store.loadVisible(em, organizationId, actor, choice);
      if (own) return { source: 'own', dashboard: toDashboard(own, actor) };
    }
    const role = homeRole(actor);
    const roleDefault = role ? await store.loadRoleDefault(em, organizationId, role) : null;
    if (roleDefault) return { source: 'role_default', dashboard: toDashboard(roleDefault, actor) };
    return { source: 'built_in', dashboard: builtInDashboard(organizationId) };
  }

  /** A dashboard the caller sees, the built-in one included (NOT_FOUND otherwise). */
  async function loadSeen(actor: UserActor, organizationId: string, id: string): Promise<Dashboard> {
    return id === BUILT_IN_DASHBOARD_ID ? builtInDashboard(organizationId) : toDashboard(await visibleOrThrow(orm.em.fork(), actor, organizationId, id), actor);
  }

  return {
    async list(actor, organizationId) {
      await withRoleDefaults(organizationId);
      const em = orm.em.fork();
      const rows = await store.listVisible(em, organizationId, actor);
      const home = await resolveHome(em, actor, organizationId);
      const builtIn = builtInDashboard(organizationId);
      const item = (dashboard: Dashboard): DashboardListItem => ({
        id: dashboard.id,
        userId: dashboard.userId,
        role: dashboard.role,
        name: dashboard.name,
        visibility: dashboard.visibility,
        isDefault: dashboard.isDefault,
        builtIn: dashboard.builtIn,
        version: dashboard.version,
        canEdit: dashboard.canEdit,
        updatedAt: dashboard.updatedAt,
        widgetCount: dashboard.widgetPreferences.length,
        isHome: dashboard.id === home.dashboard.id,
      });
      return { items: [...rows.map((row) => item(toDashboard(row, actor))), item(builtIn)] };
    },

    async get(actor, organizationId, id) {
      const dashboard = await loadSeen(actor, organizationId, id);
      await auditView(actor, organizationId, id, {});
      return dashboard;
    },

    async create(actor, organizationId, input) {
      const { organizationId: _organization, note, ...content } = input;
      if (!mayGiveVisibility(actor, content.visibility)) throw new ForbiddenError('Only the OWNER and the administrators share dashboards with the organization or a role.');
      return insertNew('dashboard.created', actor, organizationId, content, 'created', note || null);
    },

    update: (actor, organizationId, input) =>
      saveVersion('dashboard.updated', actor, organizationId, input.id, input.expectedVersion, async (_em, row) => ({ content: mergedContent(actor, row, input), note: input.note })),

    async duplicate(actor, organizationId, input) {
      const source = await loadSeen(actor, organizationId, input.id);
      const content: DashboardContent = {
        name: input.name ?? copyName(source.name),
        visibility: 'private',
        role: null,
        layoutConfig: source.layoutConfig,
        widgetPreferences: source.widgetPreferences,
        themeSettings: source.themeSettings,
      };
      return insertNew('dashboard.duplicated', actor, organizationId, content, `duplicated from "${source.name}" version ${source.version}`, null);
    },

    async export(actor, organizationId, dashboardId) {
      const document = toDocument(await loadSeen(actor, organizationId, dashboardId));
      await writeAudit(orm.em.fork(), { organizationId, actorUserId: actor.userId, action: 'dashboard.exported', targetType: 'dashboard', targetId: dashboardId, details: { format: 'json' } });
      return document;
    },

    import: (actor, organizationId, input) =>
      insertNew('dashboard.imported', actor, organizationId, contentOfDocument(input.document, input.name), `imported from a ${input.document.format} v${input.document.version} document`, null),

    async remove(actor, organizationId, input) {
      if (input.id === BUILT_IN_DASHBOARD_ID) throw builtInIsFixed();
      await orm.em.fork().transactional(async (em) => {
        const row = await visibleOrThrow(em, actor, organizationId, input.id);
        const refusal = editRefusal(actor, row);
        if (refusal) throw refusal;
        if (row.is_default) throw new ForbiddenError(`This is the ${row.role} default dashboard: change it or restore an earlier version, but it stays.`);
        if (input.expectedVersion !== undefined && row.version !== input.expectedVersion) throw stale(input.expectedVersion, row.version);
        if (!(await store.deleteIfVersion(em, organizationId, input.id, input.expectedVersion ?? null))) {
          const current = await store.currentVersion(em, organizationId, input.id);
          throw current === null || input.expectedVersion === undefined ? notFound() : stale(input.expectedVersion, current);
        }
        await writeAudit(em, { organizationId, actorUserId: actor.userId, action: 'dashboard.deleted', targetType: 'dashboard', targetId: input.id, details: { name: row.name, version: row.version } });
      });
    },

    async home(actor, organizationId) {
      await withRoleDefaults(organizationId);
      const home = await resolveHome(orm.em.fork(), actor, organizationId);
      await auditView(actor, organizationId, home.dashboard.id, { source: home.source });
      return home;
    },

    async setHome(actor, organizationId, input) {
      await withRoleDefaults(organizationId);
      return orm.em.fork().transactional(async (em) => {
        if (input.id === null) await store.forgetHomeChoice(em, organizationId, actor.userId);
        else if (input.id === BUILT_IN_DASHBOARD_ID) await store.saveHomeChoice(em, organizationId, actor.userId, null);
        else {
          await visibleOrThrow(em, actor, organizationId, input.id);
          await store.saveHomeChoice(em, organizationId, actor.userId, input.id);
        }
        return resolveHome(em, actor, organizationId);
      });
    },

    async versions(actor, organizationId, input) {
      if (input.id === BUILT_IN_DASHBOARD_ID) return { items: [], nextBeforeVersion: null };
      const em = orm.em.fork();
      await visibleOrThrow(em, actor, organizationId, input.id);
      const { items, more } = await store.listVersions(em, organizationId, input.id, input.beforeVersion ?? null, input.limit);
      return { items, nextBeforeVersion: more ? (items.at(-1)?.version ?? null) : null };
    },

    async version(actor, organizationId, input) {
      const em = orm.em.fork();
      // The built-in dashboard keeps no versions; another organization's id is not visible here.
      if (input.dashboardId !== BUILT_IN_DASHBOARD_ID) await visibleOrThrow(em, actor, organizationId, input.dashboardId);
      const kept = input.dashboardId === BUILT_IN_DASHBOARD_ID ? null : await store.loadVersion(em, organizationId, input.dashboardId, input.version);
      if (!kept) throw new NotFoundError(`Version ${input.version} of this dashboard is not kept (the last ${DASHBOARD_LIMITS.keptVersions} are).`);
      await auditView(actor, organizationId, input.dashboardId, { version: input.version });
      return { ...kept.item, dashboardId: input.dashboardId, content: kept.content };
    },

    restore: (actor, organizationId, input) =>
      saveVersion('dashboard.restored', actor, organizationId, input.id, input.expectedVersion, async (em, row) => {
        const snapshot = (await store.loadVersion(em, organizationId, row.id, input.version))?.content;
        if (!snapshot) throw new NotFoundError(`Version ${input.version} of this dashboard is not kept (the last ${DASHBOARD_LIMITS.keptVersions} are).`);
        // the snapshot goes through the same checks as an edit: who may share, a default's audience, today's schema
        const content = mergedContent(actor, row, { ...snapshot, id: row.id, expectedVersion: input.expectedVersion });
        return { content, summaryPrefix: `restored version ${input.version}`, note: input.note };
      }),
  };
}
