import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCaller } from '@pulse/api-contract/router';
import { DashboardDocument, type UserActor, type WidgetInput, type WidgetResult } from '@pulse/api-contract/schemas';
import { runSql } from '@pulse/db';
import { createTokenIssuer } from '../src/auth/tokens.ts';
import { createActivityRollupsStep } from '../src/rollups/activity-rollups.step.ts';
import { startTestPulse, type TestPulse } from '../testing/start-test-pulse.ts';
import { trpcMutation, trpcQuery } from './trpc-http.ts';
import { openTrpcSocket } from '../testing/trpc-socket.ts';

let t: TestPulse;
type Caller = Awaited<ReturnType<TestPulse['callerFor']>>;
const as = (email: string): Promise<Caller> => t.callerFor(email);
/** A caller without a session, from an address (as the HTTP context sets it). */
const anonymous = (address = '198.51.100.7') => createCaller({ actor: null, services: t.services, clientAddress: address });

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'OK',
    (error: { code?: string }) => error.code ?? String(error),
  );

async function actorOf(email: string): Promise<UserActor> {
  const session = await t.services.auth.login({ email, password: 'pulse-demo' });
  return (await createTokenIssuer(t.settings.TOKEN_SECRET).verifyAccess(session.accessToken)) as UserActor;
}

const RANGE = { kind: 'relative', range: 'last_1h' } as const;
const scopedCount: WidgetInput = {
  id: 'shared-count',
  type: 'metric_card',
  title: 'Shared events',
  query: { source: 'activity', measure: { kind: 'count' }, filters: { eventTypes: ['custom.shared'] }, timeRange: RANGE },
};
const byUser: WidgetInput = {
  id: 'by-user',
  type: 'bar_chart',
  title: 'By person',
  query: { source: 'activity', measure: { kind: 'count' }, filters: { eventTypes: ['custom.shared'] }, groupBy: { by: 'user' }, timeRange: RANGE },
};
const byAddress: WidgetInput = {
  id: 'by-ip',
  type: 'bar_chart',
  title: 'By address',
  query: { source: 'activity', measure: { kind: 'count' }, filters: { eventTypes: ['custom.shared'] }, groupBy: { by: 'property', property: 'ip' }, timeRange: RANGE },
};
const mostActive: WidgetInput = { id: 'most-active', type: 'table', title: 'Most active', query: { source: 'engagement', measure: 'most_active_users', limit: 50 } };
const perHour: WidgetInput = {
  id: 'per-hour',
  type: 'line_chart',
  title: 'Per hour',
  query: { source: 'activity', measure: { kind: 'count' }, filters: { eventTypes: ['custom.shared'] }, groupBy: { by: 'time', bucket: 'hour' }, timeRange: RANGE, compare: 'previous_period' },
};

function draft(name: string, widgets: WidgetInput[]) {
  return {
    name,
    visibility: 'private' as const,
    widgetPreferences: widgets,
    layoutConfig: { lg: widgets.map((widget, index) => ({ widgetId: widget.id, x: (index % 3) * 4, y: Math.floor(index / 3) * 3, w: 4, h: 3 })) },
  };
}

const PERSON = 'shared-person@acme.test';
const ADDRESS = '203.0.113.77';
const AGENT = 'Mozilla/5.0 (SharedTest)';
let manager: UserActor;
let leader: UserActor;
let salesDepartment: { id: string; name: string };
let managerDepartmentName: string;

const valueOf = (result: WidgetResult | undefined) => (result?.data?.shape === 'scalar' ? result.data.value : undefined);

beforeAll(async () => {
  t = await startTestPulse();
  manager = await actorOf('manager@acme.test');
  leader = await actorOf('leader@acme.test');
  const em = t.pulse.orm.em.fork();
  const [sales] = await runSql<{ id: string; name: string }>(em, 'SELECT id, name FROM departments WHERE organization_id = $1 AND id <> $2 AND branch_id = $3 ORDER BY name LIMIT 1', [
    t.organizations.acme,
    manager.departmentId,
    leader.branchId,
  ]);
  const [own] = await runSql<{ name: string }>(em, 'SELECT name FROM departments WHERE id = $1', [manager.departmentId]);
  const [lisbon] = await runSql<{ id: string }>(em, 'SELECT id FROM branches WHERE organization_id = $1 AND id <> $2 LIMIT 1', [t.organizations.acme, leader.branchId]);
  if (!sales || !own || !lisbon) throw new Error('the demo organization lacks a second department or branch');
  salesDepartment = sales;
  managerDepartmentName = own.name;
  // Rollups written as the pipeline writes them: 3 in the manager's department, 2 in another of
  // the same branch, 1 in another branch; one person with an address and a browser.
  const at = new Date().toISOString();
  const event = (branchId: string | null, departmentId: string | null) => ({
    type: 'custom.shared',
    userId: PERSON,
    occurredAt: at,
    branchId,
    departmentId,
    properties: { ip: ADDRESS, userAgent: AGENT },
  });
  const step = createActivityRollupsStep({ orm: t.pulse.orm, redis: t.redis, prefix: t.settings.REDIS_PREFIX });
  await step({
    batchId: crypto.randomUUID(),
    organizationId: t.organizations.acme,
    events: [...Array.from({ length: 3 }, () => event(leader.branchId, manager.departmentId)), ...Array.from({ length: 2 }, () => event(leader.branchId, sales.id)), event(lisbon.id, null)],
  });
  const owner = await as('owner@acme.test');
  const deadline = Date.now() + 10_000;
  while (valueOf((await owner.widgets.data({ widgets: [{ id: 'c', query: scopedCount.query as never }] })).widgets[0]) !== 6) {
    if (Date.now() > deadline) throw new Error('the rollups did not show the seeded events');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}, 60_000);

afterAll(async () => t?.close());

async function sharedDashboard(email: string, name: string, widgets: WidgetInput[] = [scopedCount]) {
  const caller = await as(email);
  const dashboard = await caller.dashboards.create(draft(name, widgets));
  const share = await caller.dashboards.shares.create({ dashboardId: dashboard.id });
  return { caller, dashboard, share };
}

describe('public links: create, list, revoke', () => {
  it('answers a 256-bit token once and keeps only its hash', async () => {
    const { caller, dashboard, share } = await sharedDashboard('owner@acme.test', 'Shared by the owner');
    expect(share.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(share.path).toBe(`/public/dashboards/${share.token}`);
    expect(share.active).toBe(true);
    const listed = await caller.dashboards.shares.list({ dashboardId: dashboard.id });
    expect(listed.items.map((item) => item.id)).toEqual([share.id]);
    expect(JSON.stringify(listed)).not.toContain(share.token);
    const rows = await runSql<{ token_hash: string }>(t.pulse.orm.em.fork(), 'SELECT token_hash FROM dashboard_shares WHERE id = $1', [share.id]);
    expect(rows).toEqual([{ token_hash: createHash('sha256').update(share.token).digest('hex') }]);
    const again = await caller.dashboards.shares.create({ dashboardId: dashboard.id });
    expect(again.token).not.toBe(share.token);
  });

  it('is for those who may edit the dashboard; another organization sees no such dashboard or link', async () => {
    const { dashboard, share } = await sharedDashboard('owner@acme.test', 'Owner only');
    const globex = await as('admin@globex.test');
    expect(await codeOf(globex.dashboards.shares.list({ dashboardId: dashboard.id }))).toBe('NOT_FOUND');
    expect(await codeOf(globex.dashboards.shares.revoke({ shareId: share.id }))).toBe('NOT_FOUND');
    expect(await codeOf(globex.dashboards.shares.create({ dashboardId: dashboard.id }))).toBe('NOT_FOUND');
    expect(await codeOf(globex.dashboards.shares.list({ dashboardId: dashboard.id, organizationId: t.organizations.acme }))).toBe('FORBIDDEN');
    // The manager does not see the owner's private dashboard; an organization one they see but may not edit.
    const managerCaller = await as('manager@acme.test');
    expect(await codeOf(managerCaller.dashboards.shares.revoke({ shareId: share.id }))).toBe('NOT_FOUND');
    const owner = await as('owner@acme.test');
    const everyone = await owner.dashboards.create({ ...draft('For everyone', [scopedCount]), visibility: 'organization' });
    expect(await codeOf(managerCaller.dashboards.shares.create({ dashboardId: everyone.id }))).toBe('FORBIDDEN');
    // Without a session nothing of this is reachable.
    expect(await codeOf(anonymous().dashboards.shares.list({ dashboardId: dashboard.id }))).toBe('UNAUTHORIZED');
    // The link still works: nobody above could revoke it.
    expect((await anonymous().public.dashboard({ token: share.token })).name).toBe('Owner only');
  });

  it('stops at once when revoked or expired; an unknown token is NOT_FOUND and a malformed one BAD_REQUEST', async () => {
    const { caller, share } = await sharedDashboard('owner@acme.test', 'Short-lived');
    expect((await anonymous().public.dashboard({ token: share.token })).name).toBe('Short-lived');
    const revoked = await caller.dashboards.shares.revoke({ shareId: share.id });
    expect(revoked.active).toBe(false);
    expect(revoked.revokedAt).not.toBeNull();
    expect(await codeOf(anonymous().public.dashboard({ token: share.token }))).toBe('NOT_FOUND');
    expect(await codeOf(anonymous().public.widgets({ token: share.token }))).toBe('NOT_FOUND');

    const expiring = await caller.dashboards.shares.create({ dashboardId: share.dashboardId, expiresAt: new Date(Date.now() + 3_600_000).toISOString() });
    expect((await anonymous().public.dashboard({ token: expiring.token })).expiresAt).toBe(expiring.expiresAt);
    await runSql(t.pulse.orm.em.fork(), `UPDATE dashboard_shares SET expires_at = now() - interval '1 second' WHERE id = $1`, [expiring.id]);
    expect(await codeOf(anonymous().public.widgets({ token: expiring.token }))).toBe('NOT_FOUND');

    expect(await codeOf(anonymous().public.dashboard({ token: 'A'.repeat(43) }))).toBe('NOT_FOUND');
    expect(await codeOf(anonymous().public.dashboard({ token: 'short' }))).toBe('BAD_REQUEST');
    expect(await codeOf(caller.dashboards.shares.create({ dashboardId: share.dashboardId, expiresAt: new Date(Date.now() - 1000).toISOString() }))).toBe('BAD_REQUEST');
  });
});

describe('public links: what they show', () => {
  it('shows a MANAGER’s link exactly the manager’s department, with no session; an OWNER’s link the organization', async () => {
    const { caller, share } = await sharedDashboard('manager@acme.test', 'Department, shared');
    const signedIn = await caller.widgets.data({ dashboardId: share.dashboardId });
    const published = await anonymous().public.widgets({ token: share.token });
    expect(valueOf(published.widgets[0])).toBe(3);
    expect(published.widgets.map((widget) => widget.data)).toEqual(signedIn.widgets.map((widget) => widget.data));
    const { share: ownerShare } = await sharedDashboard('owner@acme.test', 'Organization, shared');
    expect(valueOf((await anonymous().public.widgets({ token: ownerShare.token })).widgets[0])).toBe(6);
    // The time picker applies as it does for widgets.data.
    const past = { kind: 'absolute', from: '2026-01-01T00:00:00Z', to: '2026-01-02T00:00:00Z' } as const;
    expect(valueOf((await anonymous().public.widgets({ token: share.token, timeRange: past })).widgets[0])).toBe(0);
  });

  it('holds no user id, organization id, address or user agent anywhere in its answers; pseudonyms are stable per link', async () => {
    const widgets = [scopedCount, byUser, byAddress, mostActive];
    const { share } = await sharedDashboard('owner@acme.test', 'Personal data, shared', widgets);
    const caller = await as('owner@acme.test');
    const second = await caller.dashboards.shares.create({ dashboardId: share.dashboardId });
    const reader = anonymous();
    const answers = JSON.stringify([await reader.public.dashboard({ token: share.token }), await reader.public.widgets({ token: share.token })]);
    const users = await runSql<{ id: string; email: string }>(t.pulse.orm.em.fork(), 'SELECT id, email FROM users', []);
    for (const secret of [PERSON, ADDRESS, AGENT, t.organizations.acme, ...users.flatMap((user) => [user.id, user.email])]) expect(answers).not.toContain(secret);
    // The owner, signed in, sees the person; the link sees a pseudonym in their place, with the same numbers.
    const signedIn = await caller.widgets.data({ dashboardId: share.dashboardId });
    expect(JSON.stringify(signedIn)).toContain(PERSON);
    const published = await reader.public.widgets({ token: share.token });
    const keysOf = (answer: typeof published, id: string) => {
      const data = answer.widgets.find((widget) => widget.widgetId === id)?.data;
      return data?.shape === 'categories' ? data.items.map((item) => [item.key, item.value]) : null;
    };
    const pseudonymous = keysOf(published, 'by-user');
    expect(pseudonymous).toEqual([[expect.stringMatching(/^user-[\w-]{12}$/), 6]]);
    expect(keysOf(await reader.public.widgets({ token: share.token }), 'by-user')).toEqual(pseudonymous);
    const otherLink = keysOf(await reader.public.widgets({ token: second.token }), 'by-user');
    expect(otherLink?.[0]?.[0]).not.toBe(pseudonymous?.[0]?.[0]);
  });

  it('follows its sharer: a narrower scope applies, an unrelated one stops the link', async () => {
    const { share } = await sharedDashboard('manager@acme.test', 'Follows the manager');
    const em = t.pulse.orm.em.fork();
    const readCount = async () => valueOf((await anonymous().public.widgets({ token: share.token })).widgets[0]);
    expect(await readCount()).toBe(3);
    try {
      // Moved to another department: what they shared is not theirs to show any more.
      await runSql(em, 'UPDATE users SET department_id = $2 WHERE id = $1', [manager.userId, salesDepartment.id]);
      expect(await codeOf(readCount())).toBe('NOT_FOUND');
    } finally {
      await runSql(em, 'UPDATE users SET department_id = $2 WHERE id = $1', [manager.userId, manager.departmentId]);
    }
    expect(await readCount()).toBe(3);

    const owner = await actorOf('owner@acme.test');
    const { share: ownerShare } = await sharedDashboard('owner@acme.test', 'Follows the owner');
    try {
      // The OWNER made LEADER of a branch: the link shows that branch, no more.
      await runSql(em, `UPDATE users SET org_role = 'LEADER', branch_id = $2 WHERE id = $1`, [owner.userId, leader.branchId]);
      expect(valueOf((await anonymous().public.widgets({ token: ownerShare.token })).widgets[0])).toBe(5);
      // With no role at all it stops.
      await runSql(em, 'UPDATE users SET org_role = NULL WHERE id = $1', [owner.userId]);
      expect(await codeOf(anonymous().public.widgets({ token: ownerShare.token }))).toBe('NOT_FOUND');
    } finally {
      await runSql(em, `UPDATE users SET org_role = 'OWNER', branch_id = $2 WHERE id = $1`, [owner.userId, owner.branchId]);
    }
    expect(valueOf((await anonymous().public.widgets({ token: ownerShare.token })).widgets[0])).toBe(6);
  });

  it('audits creation, every view and revocation, never with the token', async () => {
    const { caller, share } = await sharedDashboard('owner@acme.test', 'Audited');
    await anonymous('192.0.2.44').public.dashboard({ token: share.token });
    await caller.dashboards.shares.revoke({ shareId: share.id });
    const rows = await runSql<{ action: string; actor_user_id: string | null; ip: string | null; details: Record<string, unknown> }>(
      t.pulse.orm.em.fork(),
      `SELECT action, actor_user_id, ip, details FROM audit_logs WHERE target_id = $1 ORDER BY created_at`,
      [share.id],
    );
    expect(rows.map((row) => row.action)).toEqual(['dashboard.share_created', 'dashboard.share_viewed', 'dashboard.share_revoked']);
    expect(rows[1]).toMatchObject({ actor_user_id: null, ip: '192.0.2.44', details: { dashboardId: share.dashboardId, scope: 'organization' } });
    const everything = await runSql<{ row: string }>(t.pulse.orm.em.fork(), 'SELECT audit_logs::text AS row FROM audit_logs', []);
    expect(everything.some((row) => row.row.includes(share.token))).toBe(false);
  });

  it('is rate limited per address and per link', async () => {
    const { share } = await sharedDashboard('owner@acme.test', 'Limited');
    const open = (address: string) => codeOf(t.services.shares.open(share.token, { address }));
    const fromOne = [];
    for (let call = 0; call < 241; call++) fromOne.push(await open('192.0.2.200'));
    expect(fromOne.slice(0, 240).every((code) => code === 'OK')).toBe(true);
    expect(fromOne[240]).not.toBe('OK');
    await expect(t.services.shares.open(share.token, { address: '192.0.2.200' })).rejects.toMatchObject({ retryAfterSeconds: expect.any(Number) });
    // Another address is let in, until the link itself has had its 600 calls this minute.
    const answers = [];
    for (let call = 0; call < 370; call++) answers.push(await open(`192.0.2.${call % 2}`));
    expect(answers.filter((code) => code !== 'OK').length).toBe(370 - (600 - 240));
  });
});

describe('the live public stream', () => {
  it('opens without a token where every other stream stays closed, and ends when the link is revoked', async () => {
    const { caller, share } = await sharedDashboard('owner@acme.test', 'Live link');
    const socket = await openTrpcSocket(t.url, null);
    try {
      const [closedStream, publicStream] = socket.send(
        socket.call('subscription', 'live.dashboard', { dashboardId: share.dashboardId }),
        socket.call('subscription', 'live.publicDashboard', { token: share.token }),
      );
      const deadline = Date.now() + 10_000;
      const dataOf = () => socket.answersOf(publicStream ?? 0).filter((answer) => answer.result?.type === 'data');
      while ((dataOf().length === 0 || socket.answersOf(closedStream ?? 0).length === 0) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(socket.answersOf(closedStream ?? 0)[0]?.error?.data?.code).toBe('UNAUTHORIZED');
      const first = dataOf()[0]?.result?.data as { id: string; data: { widgets: WidgetResult[] } };
      expect(valueOf(first.data.widgets[0])).toBe(6);
      expect(JSON.stringify(socket.answers)).not.toContain(PERSON);

      await caller.dashboards.shares.revoke({ shareId: share.id });
      const ended = Date.now() + 10_000;
      const errorOf = () => socket.answersOf(publicStream ?? 0).find((answer) => answer.error);
      while (!errorOf() && Date.now() < ended) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(errorOf()?.error?.data?.code).toBe('NOT_FOUND');
    } finally {
      await socket.close();
    }
  });

  it('ends when its link expires', async () => {
    const { caller, dashboard } = await sharedDashboard('owner@acme.test', 'Expiring live link');
    const expiring = await caller.dashboards.shares.create({ dashboardId: dashboard.id, expiresAt: new Date(Date.now() + 3000).toISOString() });
    const socket = await openTrpcSocket(t.url, null);
    try {
      const [stream] = socket.send(socket.call('subscription', 'live.publicDashboard', { token: expiring.token }));
      const deadline = Date.now() + 15_000;
      const errorOf = () => socket.answersOf(stream ?? 0).find((answer) => answer.error);
      while (!errorOf() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(socket.answersOf(stream ?? 0).some((answer) => answer.result?.type === 'data')).toBe(true);
      expect(errorOf()?.error?.data?.code).toBe('NOT_FOUND');
    } finally {
      await socket.close();
    }
  });

  it('answers over plain HTTP without a session, and refuses tenant procedures there', async () => {
    const { share } = await sharedDashboard('owner@acme.test', 'Over HTTP');
    const answer = await trpcQuery(t.url, 'public.dashboard', { token: share.token });
    expect(answer.status).toBe(200);
    expect((answer.data as { name: string }).name).toBe('Over HTTP');
    expect((await trpcQuery(t.url, 'widgets.data', { dashboardId: share.dashboardId })).status).toBe(401);
  });
});

describe('JSON export and import', () => {
  it('round-trips: what is exported, imported and exported again is equal, with no ids, visibility or scope', async () => {
    const owner = await as('owner@acme.test');
    const original = await owner.dashboards.create({ ...draft('Round trip', [scopedCount, perHour, mostActive]), visibility: 'organization' });
    await owner.dashboards.shares.create({ dashboardId: original.id });
    const document = await owner.dashboards.export({ dashboardId: original.id });
    const text = JSON.stringify(document);
    for (const id of [original.id, t.organizations.acme, (await actorOf('owner@acme.test')).userId]) expect(text).not.toContain(id);
    expect(Object.keys(document).sort()).toEqual(['description', 'format', 'layoutConfig', 'name', 'themeSettings', 'version', 'widgets']);

    const manager = await as('manager@acme.test');
    const imported = await manager.dashboards.import({ document });
    expect(imported).toMatchObject({ visibility: 'private', userId: (await actorOf('manager@acme.test')).userId, role: null, isDefault: false, version: 1 });
    expect(await manager.dashboards.export({ dashboardId: imported.id })).toEqual(document);
    expect((await manager.dashboards.shares.list({ dashboardId: imported.id })).items).toEqual([]);
    expect((await manager.dashboards.import({ document, name: 'Renamed' })).name).toBe('Renamed');
  });

  it('refuses a document that brings ids, scope or visibility along, or that does not hold together', async () => {
    const owner = await as('owner@acme.test');
    const document = await owner.dashboards.export({ dashboardId: (await owner.dashboards.create(draft('Source', [scopedCount]))).id });
    for (const extra of [{ organizationId: t.organizations.acme }, { userId: crypto.randomUUID() }, { visibility: 'organization' }, { role: 'OWNER' }, { shareToken: 'x' }]) {
      expect(await codeOf(owner.dashboards.import({ document: { ...document, ...extra } as DashboardDocument })), JSON.stringify(extra)).toBe('BAD_REQUEST');
    }
    expect(await codeOf(owner.dashboards.import({ document: { ...document, version: 2 } as unknown as DashboardDocument }))).toBe('BAD_REQUEST');
    expect(await codeOf(owner.dashboards.import({ document: { ...document, layoutConfig: { lg: [] } } }))).toBe('BAD_REQUEST');
    expect(await codeOf(owner.dashboards.import({ document: { ...document, name: 'bad\u0000name' } }))).toBe('BAD_REQUEST');
  });

  it('answers hostile input over HTTP with a typed error, never a 500', async () => {
    const session = await t.services.auth.login({ email: 'owner@acme.test', password: 'pulse-demo' });
    // Written as text: deeper than JSON.stringify itself goes.
    const deep = `{"document":${'{"widgets":['.repeat(20_000)}"bottom"${']}'.repeat(20_000)}}`;
    const nested = await fetch(`${t.url}/trpc/dashboards.import`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${session.accessToken}` }, body: deep });
    expect(nested.status).toBe(400);
    const huge = await trpcMutation(t.url, 'dashboards.import', { document: { name: 'x'.repeat(2_000_000) } }, { token: session.accessToken }).catch(() => null);
    expect(huge === null || (huge.status >= 400 && huge.status < 500)).toBe(true);
    const nul = await trpcMutation(t.url, 'dashboards.import', { document: { format: 'pulse.dashboard', version: 1, name: 'a\u0000b', widgets: [], layoutConfig: { lg: [] } } }, { token: session.accessToken });
    expect(nul.status).toBe(400);
    expect(nul.error?.code).toBe('BAD_REQUEST');
  });
});

describe('CSV of one widget', () => {
  it('holds exactly the numbers widgets.data answers, names time range and scope, and is audited', async () => {
    const manager = await as('manager@acme.test');
    const dashboard = await manager.dashboards.create(draft('CSV source', [scopedCount, perHour]));
    const data = await manager.widgets.data({ dashboardId: dashboard.id });
    const exported = await manager.dashboards.widgetCsv({ dashboardId: dashboard.id, widgetId: 'per-hour' });
    const slug = managerDepartmentName.toLowerCase().replace(/[^a-z0-9]+/g, '-');
    expect(exported.filename).toBe(`per-hour_last_1h_department-${slug}.csv`);
    const [header, ...lines] = exported.csv.trimEnd().split('\r\n');
    expect(header).toBe('period,t,value');
    const series = data.widgets.find((widget) => widget.widgetId === 'per-hour');
    const expected = [
      ...(series?.data?.shape === 'series' ? series.data.points.map((point) => `current,${point.t},${point.value ?? ''}`) : []),
      ...(series?.compare?.shape === 'series' ? series.compare.points.map((point) => `previous,${point.t},${point.value ?? ''}`) : []),
    ];
    expect(lines).toEqual(expected);
    expect(lines.some((line) => line.endsWith(',3'))).toBe(true);

    const count = await manager.dashboards.widgetCsv({ dashboardId: dashboard.id, widgetId: 'shared-count', timeRange: { kind: 'relative', range: 'last_24h' } });
    expect(count.csv).toBe('value\r\n3\r\n');
    expect(count.filename).toBe(`shared-events_last_24h_department-${slug}.csv`);
    const audited = await runSql<{ details: { widgetId: string; filename: string } }>(t.pulse.orm.em.fork(), `SELECT details FROM audit_logs WHERE action = 'widget.exported' AND target_id = $1 ORDER BY created_at`, [dashboard.id]);
    expect(audited.map((row) => row.details.filename)).toEqual([exported.filename, count.filename]);
    expect(await codeOf(manager.dashboards.widgetCsv({ dashboardId: dashboard.id, widgetId: 'nope' }))).toBe('NOT_FOUND');
    expect(await codeOf((await as('admin@globex.test')).dashboards.widgetCsv({ dashboardId: dashboard.id, widgetId: 'per-hour' }))).toBe('NOT_FOUND');
  });
});

describe('PNG exports (drawn by the browser)', () => {
  it('are audited per widget and per dashboard once the caller is known to see them; anything else is NOT_FOUND and leaves no entry', async () => {
    const manager = await as('manager@acme.test');
    const dashboard = await manager.dashboards.create(draft('PNG source', [scopedCount, perHour]));
    await expect(manager.dashboards.recordImageExport({ dashboardId: dashboard.id, widgetId: 'per-hour', format: 'png' })).resolves.toEqual({ recorded: true });
    await expect(manager.dashboards.recordImageExport({ dashboardId: dashboard.id, format: 'png' })).resolves.toEqual({ recorded: true });
    expect(await codeOf(manager.dashboards.recordImageExport({ dashboardId: dashboard.id, widgetId: 'nope', format: 'png' }))).toBe('NOT_FOUND');
    expect(await codeOf((await as('admin@globex.test')).dashboards.recordImageExport({ dashboardId: dashboard.id, format: 'png' }))).toBe('NOT_FOUND');
    const audited = await runSql<{ action: string; details: Record<string, unknown> }>(t.pulse.orm.em.fork(), `SELECT action, details FROM audit_logs WHERE target_id = $1 AND details->>'format' = 'png' ORDER BY created_at`, [dashboard.id]);
    expect(audited).toEqual([
      { action: 'widget.exported', details: { format: 'png', widgetId: 'per-hour' } },
      { action: 'dashboard.exported', details: { format: 'png' } },
    ]);
  });
});
