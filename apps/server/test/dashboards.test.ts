import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILT_IN_DASHBOARD_ID, DASHBOARD_LIMITS, type CreateDashboardInput, type UserActor, type WidgetInput } from '@pulse/api-contract/schemas';
import { runSql } from '@pulse/db';
import { backfillRoleDefaults } from '../src/dashboards/seed-role-defaults.ts';
import { startTestPulse, type TestPulse } from '../testing/start-test-pulse.ts';

let t: TestPulse;
beforeAll(async () => {
  // the api role only: dashboards need no pipeline
  t = await startTestPulse({ PULSE_ROLE: 'api' });
});
afterAll(async () => t?.close());

type Caller = Awaited<ReturnType<TestPulse['callerFor']>>;
const as = (email: string): Promise<Caller> => t.callerFor(email);

const card = (id: string, title = `Card ${id}`): WidgetInput => ({ id, type: 'metric_card', title, query: { source: 'counters', counter: 'active_users' } });

function draft(name: string, extra: Partial<CreateDashboardInput> = {}, widgets: WidgetInput[] = [card('a'), card('b')]) {
  return {
    name,
    visibility: 'private' as const,
    widgetPreferences: widgets,
    layoutConfig: { lg: widgets.map((widget, index) => ({ widgetId: widget.id, x: (index % 4) * 3, y: Math.floor(index / 4) * 2, w: 3, h: 2 })) },
    ...extra,
  };
}

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'OK',
    (error: { code?: string }) => error.code ?? String(error),
  );

describe('role default dashboards', () => {
  it('every role of every organization opens its own default, built from at least 12 widgets of several types', async () => {
    const expected = { 'owner@acme.test': 'Organization overview', 'leader@acme.test': 'Branch overview', 'manager@acme.test': 'Department overview', 'admin@acme.test': 'Organization overview', 'owner@globex.test': 'Organization overview' };
    for (const [email, name] of Object.entries(expected)) {
      const home = await (await as(email)).dashboards.home({});
      expect(home.source, email).toBe('role_default');
      expect(home.dashboard.name, email).toBe(name);
      expect(home.dashboard.isDefault).toBe(true);
      expect(home.dashboard.widgetPreferences.length).toBeGreaterThanOrEqual(12);
      expect(new Set(home.dashboard.widgetPreferences.map((widget) => widget.type)).size).toBeGreaterThanOrEqual(6);
    }
    const owner = await (await as('owner@acme.test')).dashboards.home({});
    expect(owner.dashboard.widgetPreferences.map((widget) => widget.type)).toContain('heatmap');
    expect(owner.dashboard.canEdit).toBe(true);
    const manager = await (await as('manager@acme.test')).dashboards.home({});
    expect(manager.dashboard.canEdit).toBe(false);
  });

  it('are seeded once per organization and role, however often the backfill runs', async () => {
    expect(await backfillRoleDefaults(t.pulse.orm)).toBe(0);
    const rows = await runSql<{ organization_id: string; role: string; n: string }>(
      t.pulse.orm.em.fork(),
      'SELECT organization_id, role, count(*) AS n FROM dashboard_configs WHERE is_default GROUP BY 1, 2',
      [],
    );
    expect(rows).toHaveLength(6);
    expect(rows.every((row) => row.n === '1')).toBe(true);
  });

  it('stay: a default cannot be deleted or given another audience, and the built-in cannot be changed', async () => {
    const owner = await as('owner@acme.test');
    const home = (await owner.dashboards.home({})).dashboard;
    await expect(owner.dashboards.delete({ id: home.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(owner.dashboards.update({ id: home.id, expectedVersion: home.version, visibility: 'organization' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(owner.dashboards.update({ id: BUILT_IN_DASHBOARD_ID, expectedVersion: 1, name: 'Mine' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(owner.dashboards.delete({ id: BUILT_IN_DASHBOARD_ID })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const builtIn = await owner.dashboards.get({ id: BUILT_IN_DASHBOARD_ID });
    expect(builtIn).toMatchObject({ builtIn: true, canEdit: false, name: 'Overview' });
  });
});

describe('dashboard CRUD and versions', () => {
  it('creates, reads, updates and deletes a private dashboard', async () => {
    const manager = await as('manager@acme.test');
    const created = await manager.dashboards.create(draft('My numbers'));
    expect(created).toMatchObject({ name: 'My numbers', visibility: 'private', version: 1, canEdit: true, isDefault: false, builtIn: false, role: null });
    expect(await manager.dashboards.get({ id: created.id })).toEqual(created);

    const updated = await manager.dashboards.update({ id: created.id, expectedVersion: 1, name: 'Renamed', themeSettings: { mode: 'dark', primaryColor: '#000000' } });
    expect(updated).toMatchObject({ name: 'Renamed', version: 2, themeSettings: { mode: 'dark' } });
    expect(updated.widgetPreferences).toEqual(created.widgetPreferences);

    const list = await manager.dashboards.list({});
    expect(list.items.find((item) => item.id === created.id)).toMatchObject({ name: 'Renamed', version: 2, widgetCount: 2, isHome: false });
    expect(list.items.at(-1)).toMatchObject({ id: BUILT_IN_DASHBOARD_ID, builtIn: true });

    await expect(manager.dashboards.delete({ id: created.id, expectedVersion: 1 })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await manager.dashboards.delete({ id: created.id, expectedVersion: 2 })).toEqual({ deleted: true });
    await expect(manager.dashboards.get({ id: created.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const [history] = await runSql<{ n: string }>(t.pulse.orm.em.fork(), 'SELECT count(*) AS n FROM dashboard_versions WHERE dashboard_id = $1', [created.id]);
    expect(history?.n).toBe('0');
  });

  it('refuses a stale version with CONFLICT naming the current one, and writes nothing', async () => {
    const leader = await as('leader@acme.test');
    const created = await leader.dashboards.create(draft('Stale'));
    await leader.dashboards.update({ id: created.id, expectedVersion: 1, name: 'Fresh' });
    const stale = leader.dashboards.update({ id: created.id, expectedVersion: 1, name: 'Overwrite' });
    await expect(stale).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('at version 2, not 1') });
    expect(await leader.dashboards.get({ id: created.id })).toMatchObject({ name: 'Fresh', version: 2 });
  });

  it('lets exactly one of two concurrent updates from the same version win', async () => {
    const owner = await as('owner@acme.test');
    const created = await owner.dashboards.create(draft('Race'));
    for (let round = 0; round < 5; round++) {
      const { version } = await owner.dashboards.get({ id: created.id });
      const results = await Promise.allSettled([
        owner.dashboards.update({ id: created.id, expectedVersion: version, name: `left ${round}` }),
        owner.dashboards.update({ id: created.id, expectedVersion: version, name: `right ${round}` }),
      ]);
      const won = results.filter((result) => result.status === 'fulfilled');
      const lost = results.filter((result) => result.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect(lost[0]?.status === 'rejected' && lost[0].reason).toMatchObject({ code: 'CONFLICT' });
      const after = await owner.dashboards.get({ id: created.id });
      expect(after.version).toBe(version + 1);
      expect(won[0]?.status === 'fulfilled' && won[0].value.name).toBe(after.name);
    }
    const versions = await owner.dashboards.versions({ id: created.id });
    expect(versions.items.map((item) => item.version)).toEqual([6, 5, 4, 3, 2, 1]);
  });

  it('lists versions newest first with who and what changed, keeps the last 50, and pages', async () => {
    const manager = await as('manager@acme.test');
    const created = await manager.dashboards.create({ ...draft('History'), note: 'a start' });
    let version = 1;
    const edits = DASHBOARD_LIMITS.keptVersions + 5;
    for (let edit = 1; edit <= edits; edit++) {
      const widgets = edit === edits - 1 ? [card('a'), card('b'), card('c', 'Third')] : undefined;
      const layoutConfig = widgets ? draft('x', {}, widgets).layoutConfig : undefined;
      version = (await manager.dashboards.update({ id: created.id, expectedVersion: version, name: `History ${edit}`, widgetPreferences: widgets, layoutConfig })).version;
    }
    expect(version).toBe(edits + 1);
    const first = await manager.dashboards.versions({ id: created.id, limit: 20 });
    expect(first.items.map((item) => item.version)).toEqual(Array.from({ length: 20 }, (_, index) => edits + 1 - index));
    expect(first.items[0]).toMatchObject({ summary: `renamed to "History ${edits}"`, createdBy: { name: 'Mia Manager' }, note: null });
    const all = [...first.items];
    for (let page = first; page.nextBeforeVersion !== null; ) {
      page = await manager.dashboards.versions({ id: created.id, limit: 20, beforeVersion: page.nextBeforeVersion });
      all.push(...page.items);
    }
    expect(all).toHaveLength(DASHBOARD_LIMITS.keptVersions);
    expect(all.at(-1)?.version).toBe(edits + 2 - DASHBOARD_LIMITS.keptVersions);
    // the last edit but one added a widget and moved the layout
    expect(all.find((item) => item.version === edits)?.summary).toBe(`renamed to "History ${edits - 1}"; 1 widget added: "Third"; layout changed`);
    // version 1 is gone: restoring it is NOT_FOUND, saying how many are kept
    await expect(manager.dashboards.restore({ id: created.id, version: 1, expectedVersion: version })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringContaining('last 50'),
    });
  });

  it('restores an old version as a new version with its content', async () => {
    const owner = await as('owner@acme.test');
    const created = await owner.dashboards.create(draft('Before', { visibility: 'organization' }));
    const changed = await owner.dashboards.update({
      id: created.id,
      expectedVersion: 1,
      name: 'After',
      widgetPreferences: [card('z', 'Only one')],
      layoutConfig: { lg: [{ widgetId: 'z', x: 0, y: 0, w: 12, h: 3 }] },
    });
    expect(changed.version).toBe(2);
    await expect(owner.dashboards.restore({ id: created.id, version: 1, expectedVersion: 1 })).rejects.toMatchObject({ code: 'CONFLICT' });
    const restored = await owner.dashboards.restore({ id: created.id, version: 1, expectedVersion: 2, note: 'undo' });
    expect(restored.version).toBe(3);
    const { version: _v, updatedAt: _u, ...oldContent } = created;
    const { version: _v3, updatedAt: _u3, ...restoredContent } = restored;
    expect(restoredContent).toEqual(oldContent);
    const [newest] = (await owner.dashboards.versions({ id: created.id })).items;
    expect(newest).toMatchObject({ version: 3, note: 'undo', summary: expect.stringMatching(/^restored version 1: renamed to "Before"; 2 widgets added: "Card a", "Card b"; 1 widget removed: "Only one"; layout changed$/) });
  });

  it('reads one kept version as it was saved, to whoever may see the dashboard', async () => {
    const owner = await as('owner@acme.test');
    const created = await owner.dashboards.create(draft('First', { visibility: 'role', role: 'MANAGER' }));
    await owner.dashboards.update({ id: created.id, expectedVersion: 1, name: 'Second', widgetPreferences: [card('z', 'Only one')], layoutConfig: { lg: [{ widgetId: 'z', x: 0, y: 0, w: 12, h: 3 }] } });
    const first = await owner.dashboards.version({ dashboardId: created.id, version: 1 });
    expect(first).toMatchObject({ dashboardId: created.id, version: 1, summary: 'created', createdBy: { userId: expect.any(String) } });
    const { name, visibility, role, layoutConfig, widgetPreferences, themeSettings } = created;
    expect(first.content).toEqual({ name, visibility, role, layoutConfig, widgetPreferences, themeSettings });
    // the history's summary of version 2 and its content
    const second = await (await as('manager@acme.test')).dashboards.version({ dashboardId: created.id, version: 2 });
    expect(second.content.name).toBe('Second');
    expect(second.content.widgetPreferences.map((widget) => widget.title)).toEqual(['Only one']);
    expect(second.summary).toBe((await owner.dashboards.versions({ id: created.id })).items[0]?.summary);
    // not kept, never made, the built-in one, or a dashboard the caller may not see: NOT_FOUND
    expect(await codeOf(owner.dashboards.version({ dashboardId: created.id, version: 3 }))).toBe('NOT_FOUND');
    expect(await codeOf(owner.dashboards.version({ dashboardId: BUILT_IN_DASHBOARD_ID, version: 1 }))).toBe('NOT_FOUND');
    expect(await codeOf((await as('leader@acme.test')).dashboards.version({ dashboardId: created.id, version: 1 }))).toBe('NOT_FOUND');
    // hostile input is refused before any lookup
    for (const input of [{ dashboardId: 'x', version: 1 }, { dashboardId: created.id, version: 0 }, { dashboardId: created.id, version: 1.5 }, { dashboardId: created.id, version: 1, id: created.id }]) {
      expect(await codeOf(owner.dashboards.version(input as never))).toBe('BAD_REQUEST');
    }
  });

  it('audits every change: created, updated, restored, duplicated and deleted, with the version it made', async () => {
    const owner = await as('owner@acme.test');
    const created = await owner.dashboards.create(draft('Audited', { visibility: 'organization' }));
    await owner.dashboards.update({ id: created.id, expectedVersion: 1, name: 'Audited twice' });
    await owner.dashboards.restore({ id: created.id, version: 1, expectedVersion: 2 });
    const copy = await owner.dashboards.duplicate({ id: created.id });
    await owner.dashboards.delete({ id: created.id, expectedVersion: 3 });
    const trail = await owner.audit.list({ targetType: 'dashboard', targetId: created.id });
    expect(trail.entries.map((entry) => [entry.action, entry.details.version])).toEqual([
      ['dashboard.deleted', 3],
      ['dashboard.restored', 3],
      ['dashboard.updated', 2],
      ['dashboard.created', undefined],
    ]);
    expect(trail.entries.every((entry) => entry.actorEmail === 'owner@acme.test')).toBe(true);
    const duplicated = await owner.audit.list({ action: 'dashboard.duplicated', targetId: copy.id });
    expect(duplicated.entries).toHaveLength(1);
  });

  it('audits a view once per user and dashboard in ten minutes: an open page does not flood the log', async () => {
    const owner = await as('owner@acme.test');
    const leader = await as('leader@acme.test');
    const created = await owner.dashboards.create(draft('Watched', { visibility: 'organization' }));
    const views = async (id: string) => (await owner.audit.list({ action: 'dashboard.viewed', targetId: id })).entries;
    await owner.dashboards.get({ id: created.id });
    expect(await views(created.id)).toMatchObject([{ actorEmail: 'owner@acme.test', targetType: 'dashboard', targetId: created.id, details: {} }]);
    await owner.dashboards.get({ id: created.id });
    expect(await views(created.id)).toHaveLength(1);
    // another person's view is theirs to record
    await leader.dashboards.get({ id: created.id });
    expect((await views(created.id)).map((entry) => entry.actorEmail)).toEqual(['leader@acme.test', 'owner@acme.test']);

    const leaderId = (await leader.auth.me()).id;
    const home = await leader.dashboards.home({});
    const homeViews = async () => (await owner.audit.list({ action: 'dashboard.viewed', targetId: home.dashboard.id, actorUserId: leaderId })).entries;
    const first = await homeViews();
    expect(first[0]).toMatchObject({ actorEmail: 'leader@acme.test', details: { source: home.source } });
    await leader.dashboards.home({});
    expect(await homeViews()).toHaveLength(first.length);
  });

  it('duplicates any visible dashboard, the built-in and role defaults included, as a private copy', async () => {
    const manager = await as('manager@acme.test');
    const home = (await manager.dashboards.home({})).dashboard;
    const copy = await manager.dashboards.duplicate({ id: home.id });
    expect(copy).toMatchObject({ name: 'Copy of Department overview', visibility: 'private', role: null, isDefault: false, version: 1, canEdit: true });
    expect(copy.widgetPreferences).toEqual(home.widgetPreferences);
    expect(copy.layoutConfig).toEqual(home.layoutConfig);
    const builtIn = await manager.dashboards.duplicate({ id: BUILT_IN_DASHBOARD_ID, name: 'My overview' });
    expect(builtIn).toMatchObject({ name: 'My overview', builtIn: false, canEdit: true });
    expect((await manager.dashboards.versions({ id: builtIn.id })).items[0]?.summary).toBe('duplicated from "Overview" version 1');
  });

  it('refuses hostile and invalid input with BAD_REQUEST and its issues', async () => {
    const manager = await as('manager@acme.test');
    const hostile = [
      draft('x'.repeat(1_000_000)),
      draft('Huge', {}, [{ id: 'k', type: 'kpi_card', title: 'KPI', query: { source: 'counters', counter: 'active_users' }, options: { target: 1e308 } }]),
      draft('Heatmap of one number', {}, [{ id: 'h', type: 'heatmap', title: 'H', query: { source: 'counters', counter: 'active_users' } }]),
      { ...draft('Deep'), themeSettings: JSON.parse(`${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`) as never },
    ];
    for (const input of hostile) {
      await expect(manager.dashboards.create(input)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    }
    const created = await manager.dashboards.create(draft('Valid'));
    // the merged result is checked: dropping a widget the layout still places is refused
    const dropped = manager.dashboards.update({ id: created.id, expectedVersion: 1, widgetPreferences: [card('a')] });
    await expect(dropped).rejects.toMatchObject({ code: 'BAD_REQUEST', message: 'The dashboard would not be valid after this change.' });
    expect((await manager.dashboards.get({ id: created.id })).version).toBe(1);
  });
});

describe('home', () => {
  it('opens the user\'s own choice, else their role\'s default, else the built-in one', async () => {
    const leader = await as('leader@acme.test');
    expect((await leader.dashboards.home({})).source).toBe('role_default');

    const own = await leader.dashboards.create(draft('Leader home'));
    expect(await leader.dashboards.setHome({ id: own.id })).toMatchObject({ source: 'own', dashboard: { id: own.id } });
    expect((await leader.dashboards.list({})).items.find((item) => item.isHome)?.id).toBe(own.id);

    await leader.dashboards.delete({ id: own.id });
    expect(await leader.dashboards.home({})).toMatchObject({ source: 'role_default', dashboard: { name: 'Branch overview' } });

    expect(await leader.dashboards.setHome({ id: BUILT_IN_DASHBOARD_ID })).toMatchObject({ source: 'own', dashboard: { builtIn: true } });
    expect(await leader.dashboards.setHome({ id: null })).toMatchObject({ source: 'role_default' });

    // someone with no role (and no administration) has no role default: the built-in one
    const [row] = await runSql<{ id: string }>(
      t.pulse.orm.em.fork(),
      `INSERT INTO users (email, name, password_hash, organization_id) VALUES ($1, 'No Role', 'x', $2) RETURNING id`,
      [`norole-${randomUUID()}@acme.test`, t.organizations.acme],
    );
    const noRole: UserActor = { kind: 'user', userId: row?.id ?? '', organizationId: t.organizations.acme, orgRole: null, platformRole: null, branchId: null, departmentId: null };
    expect(await t.callerAs(noRole).dashboards.home({})).toMatchObject({ source: 'built_in', dashboard: { id: BUILT_IN_DASHBOARD_ID } });
  });

  it('passes over a home the user may no longer see', async () => {
    const owner = await as('owner@acme.test');
    const manager = await as('manager@acme.test');
    const shared = await owner.dashboards.create(draft('For everyone', { visibility: 'organization' }));
    await manager.dashboards.setHome({ id: shared.id });
    expect((await manager.dashboards.home({})).dashboard.id).toBe(shared.id);
    await owner.dashboards.update({ id: shared.id, expectedVersion: 1, visibility: 'role', role: 'LEADER' });
    expect(await manager.dashboards.home({})).toMatchObject({ source: 'role_default', dashboard: { name: 'Department overview' } });
  });
});

describe('visibility and tenancy', () => {
  const viewers = ['owner@acme.test', 'leader@acme.test', 'manager@acme.test', 'admin@acme.test', 'owner@globex.test'] as const;
  let ids: Record<'organization' | 'leaders' | 'managers' | 'managerPrivate', string>;
  let callers: Record<(typeof viewers)[number], Caller>;

  beforeAll(async () => {
    callers = Object.fromEntries(await Promise.all(viewers.map(async (email) => [email, await as(email)] as const))) as typeof callers;
    const owner = callers['owner@acme.test'];
    ids = {
      organization: (await owner.dashboards.create(draft('Org wide', { visibility: 'organization' }))).id,
      leaders: (await owner.dashboards.create(draft('For leaders', { visibility: 'role', role: 'LEADER' }))).id,
      managers: (await owner.dashboards.create(draft('For managers', { visibility: 'role', role: 'MANAGER' }))).id,
      managerPrivate: (await callers['manager@acme.test'].dashboards.create(draft('Mine only'))).id,
    };
  });

  it('shows each dashboard to exactly who may see it, and lets exactly who may edit it do so', async () => {
    // [sees, edits] per viewer, in the order of `viewers`
    const expected: Record<keyof typeof ids, [string, string][]> = {
      organization: [['OK', 'OK'], ['OK', 'FORBIDDEN'], ['OK', 'FORBIDDEN'], ['OK', 'OK'], ['NOT_FOUND', 'NOT_FOUND']],
      leaders: [['OK', 'OK'], ['OK', 'FORBIDDEN'], ['NOT_FOUND', 'NOT_FOUND'], ['OK', 'OK'], ['NOT_FOUND', 'NOT_FOUND']],
      managers: [['OK', 'OK'], ['NOT_FOUND', 'NOT_FOUND'], ['OK', 'FORBIDDEN'], ['OK', 'OK'], ['NOT_FOUND', 'NOT_FOUND']],
      managerPrivate: [['NOT_FOUND', 'NOT_FOUND'], ['NOT_FOUND', 'NOT_FOUND'], ['OK', 'OK'], ['NOT_FOUND', 'NOT_FOUND'], ['NOT_FOUND', 'NOT_FOUND']],
    };
    for (const [key, id] of Object.entries(ids) as [keyof typeof ids, string][]) {
      const actual: [string, string][] = [];
      for (const email of viewers) {
        const caller = callers[email];
        const sees = await codeOf(caller.dashboards.get({ id }));
        const listed = (await caller.dashboards.list({})).items.some((item) => item.id === id);
        expect(listed, `${email} lists ${key}`).toBe(sees === 'OK');
        const { version } = sees === 'OK' ? await caller.dashboards.get({ id }) : { version: 1 };
        // a no-op rename is still a new version: it proves the right to write
        const name = sees === 'OK' ? (await caller.dashboards.get({ id })).name : 'x';
        actual.push([sees, await codeOf(caller.dashboards.update({ id, expectedVersion: version, name }))]);
      }
      expect(actual, key).toEqual(expected[key]);
    }
  });

  it('lets only OWNER and the administrators share a dashboard', async () => {
    const leader = callers['leader@acme.test'];
    await expect(leader.dashboards.create(draft('Shared', { visibility: 'organization' }))).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const mine = await leader.dashboards.create(draft('Private'));
    await expect(leader.dashboards.update({ id: mine.id, expectedVersion: 1, visibility: 'role', role: 'MANAGER' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const admin = callers['admin@acme.test'];
    expect(await admin.dashboards.create(draft('By admin', { visibility: 'role', role: 'LEADER' }))).toMatchObject({ visibility: 'role', userId: null, canEdit: true });
  });

  it('answers NOT_FOUND to another organization for every procedure naming one of its dashboards', async () => {
    const globex = callers['owner@globex.test'];
    const superadmin = await as('admin@pulse.test');
    const globexId = t.organizations.globex;
    for (const id of Object.values(ids)) {
      // thunks, so each call starts only when awaited (a rejection is never left unhandled)
      const procedures = (caller: Caller, organizationId?: string) => [
        () => caller.dashboards.get({ id, organizationId }),
        () => caller.dashboards.update({ id, organizationId, expectedVersion: 1, name: 'stolen' }),
        () => caller.dashboards.duplicate({ id, organizationId }),
        () => caller.dashboards.delete({ id, organizationId }),
        () => caller.dashboards.setHome({ id, organizationId }),
        () => caller.dashboards.versions({ id, organizationId }),
        () => caller.dashboards.version({ dashboardId: id, organizationId, version: 1 }),
        () => caller.dashboards.restore({ id, organizationId, version: 1, expectedVersion: 1 }),
      ];
      for (const call of [...procedures(globex), ...procedures(superadmin, globexId)]) expect(await codeOf(call())).toBe('NOT_FOUND');
    }
    const seen = (await globex.dashboards.list({})).items.map((item) => item.id);
    expect(seen.some((id) => Object.values(ids).includes(id))).toBe(false);
    // the same ids opened in their own organization by a SUPERADMIN: shared ones, never private ones
    expect(await codeOf(superadmin.dashboards.get({ id: ids.leaders, organizationId: t.organizations.acme }))).toBe('OK');
    expect(await codeOf(superadmin.dashboards.get({ id: ids.managerPrivate, organizationId: t.organizations.acme }))).toBe('NOT_FOUND');
    // and every dashboard row still says what it said
    expect((await callers['owner@acme.test'].dashboards.get({ id: ids.organization })).name).not.toBe('stolen');
  });
});
