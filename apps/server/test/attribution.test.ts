import { runSql } from '@pulse/db';
import type { ActivityEventView, UserActor, WidgetQueryInput, WidgetResult } from '@pulse/api-contract/schemas';
import { WidgetQuery } from '@pulse/api-contract/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenIssuer } from '../src/auth/tokens.ts';
import { postIngest } from '../testing/http-requests.ts';
import { startTestPulse, type TestPulse } from '../testing/start-test-pulse.ts';

// The scope matrix: events sent over HTTP for department A, department B, a person the directory
// places in A, a branch without departments, nobody (and ids of another organization), read
// back by the OWNER, the LEADER of A's branch, the MANAGER of A and another organization,
// through every source a viewer can read them from.

let t: TestPulse;
const VIEWERS = ['owner@acme.test', 'leader@acme.test', 'manager@acme.test', 'owner@globex.test'] as const;
type Viewer = (typeof VIEWERS)[number];
const actors = new Map<Viewer, UserActor>();
const actor = (viewer: Viewer) => actors.get(viewer) as UserActor;

type Units = { headquarters: string; lisbon: string; departmentA: string; departmentB: string; globexDepartment: string; globexBranch: string };
let units: Units;

const matrixEvent = (userId: string, extra: Record<string, unknown> = {}) => ({
  id: crypto.randomUUID() as string,
  type: 'custom.matrix',
  userId,
  occurredAt: new Date().toISOString(),
  properties: { durationMs: 10 },
  ...extra,
});

/** The ids each viewer must see of the matrix, filled by the setup. */
const expected = new Map<Viewer, Set<string>>();

async function send(events: unknown[]): Promise<void> {
  const response = await postIngest(t.url, 'pk_demo_acme', { events });
  if (response.status !== 202) throw new Error(`ingest answered ${response.status}: ${JSON.stringify(response.body)}`);
}

/** Waits for `done` (the setup runs outside any test, where expect.poll is not available). */
async function until(what: string, done: () => Promise<boolean> | boolean, everyMs = 50): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** Day rollups of the organization hold every stored event: the pipeline is through. */
async function pipelineCaughtUp(organizationId: string, events: number): Promise<void> {
  await until('the rollups', async () => {
    const [row] = await runSql<{ n: string }>(t.pulse.orm.em.fork(), `SELECT coalesce(sum(event_count), 0) AS n FROM activity_rollups WHERE organization_id = $1 AND granularity = 'day'`, [organizationId]);
    return Number(row?.n) === events;
  });
}

async function unitsOf(): Promise<Units> {
  const em = t.pulse.orm.em.fork();
  const manager = actor('manager@acme.test');
  const leader = actor('leader@acme.test');
  const one = async (sql: string, params: unknown[]) => ((await runSql<{ id: string }>(em, sql, params))[0] as { id: string }).id;
  return {
    headquarters: leader.branchId as string,
    departmentA: manager.departmentId as string,
    departmentB: await one('SELECT id FROM departments WHERE organization_id = $1 AND branch_id = $2 AND id <> $3 ORDER BY name LIMIT 1', [t.organizations.acme, leader.branchId, manager.departmentId]),
    lisbon: await one('SELECT id FROM branches WHERE organization_id = $1 AND id <> $2', [t.organizations.acme, leader.branchId]),
    globexDepartment: await one('SELECT id FROM departments WHERE organization_id = $1 LIMIT 1', [t.organizations.globex]),
    globexBranch: await one('SELECT id FROM branches WHERE organization_id = $1 LIMIT 1', [t.organizations.globex]),
  };
}

/** What one live.activity subscription received. */
type Collector = { events: ActivityEventView[]; stop(): void };
function collect(viewer: Viewer, organizationId: string): Collector {
  const controller = new AbortController();
  const events: ActivityEventView[] = [];
  void (async () => {
    for await (const item of t.services.live.activity(organizationId, null, controller.signal, actor(viewer))) events.push(...item.data.events);
  })().catch(() => undefined);
  return { events, stop: () => controller.abort() };
}
const typed = (events: ActivityEventView[], type: string) => events.filter((event) => event.type === type);

const collectors = new Map<Viewer, Collector>();

beforeAll(async () => {
  t = await startTestPulse();
  const tokens = createTokenIssuer(t.settings.TOKEN_SECRET);
  for (const email of VIEWERS) {
    const session = await t.services.auth.login({ email, password: 'pulse-demo' });
    actors.set(email, (await tokens.verifyAccess(session.accessToken)) as UserActor);
  }
  units = await unitsOf();

  // The live streams first: every viewer subscribed before the matrix is sent. A hello event in
  // department A (which every acme viewer may see) is sent until each stream has shown one.
  for (const viewer of VIEWERS) collectors.set(viewer, collect(viewer, viewer === 'owner@globex.test' ? t.organizations.globex : t.organizations.acme));
  const acmeViewers = VIEWERS.filter((viewer) => viewer !== 'owner@globex.test');
  await until(
    'every stream shows a hello',
    async () => {
      await send([{ type: 'custom.hello', userId: 'hello', departmentId: units.departmentA }]);
      return acmeViewers.every((viewer) => typed(collectors.get(viewer)?.events ?? [], 'custom.hello').length > 0);
    },
    200,
  );

  // The directory places `placed-user` in department A (written as a service would, with the ingest key).
  const service = t.callerAs({ kind: 'ingestKey', keyId: crypto.randomUUID(), organizationId: t.organizations.acme });
  await service.directory.upsert({ entries: [{ userId: 'placed-user', departmentId: units.departmentA }, { userId: 'lisbon-user', branchId: units.lisbon }] });

  const inA = [...Array.from({ length: 3 }, () => matrixEvent('a-user', { departmentId: units.departmentA })), ...Array.from({ length: 4 }, () => matrixEvent('placed-user'))];
  // The department wins over a branch that contradicts it: A's own branch is stored.
  inA.push(matrixEvent('a-user', { departmentId: units.departmentA, branchId: units.lisbon }));
  // The event's own department wins over the directory's branch.
  inA.push(matrixEvent('lisbon-user', { departmentId: units.departmentA }));
  // Ids of another organization are ignored as if absent: the directory places the person.
  inA.push(matrixEvent('placed-user', { departmentId: units.globexDepartment, branchId: units.globexBranch }));
  const inB = Array.from({ length: 2 }, () => matrixEvent('b-user', { departmentId: units.departmentB }));
  const inLisbon = [matrixEvent('lisbon-user'), matrixEvent('walk-in', { branchId: units.lisbon })];
  // Nobody: no fields and no entry, or only ids of another organization (never trusted).
  const unknown = [
    ...Array.from({ length: 3 }, () => matrixEvent('stranger')),
    matrixEvent('stranger', { departmentId: units.globexDepartment }),
    matrixEvent('stranger', { branchId: units.globexBranch }),
  ];
  const ids = (events: { id: string }[]) => events.map((event) => event.id);
  expected.set('manager@acme.test', new Set(ids(inA)));
  expected.set('leader@acme.test', new Set(ids([...inA, ...inB])));
  expected.set('owner@acme.test', new Set(ids([...inA, ...inB, ...inLisbon, ...unknown])));
  expected.set('owner@globex.test', new Set());
  // Two batches, mixed, as a busy sender would send them.
  const all = [...inA, ...inB, ...inLisbon, ...unknown].sort(() => Math.random() - 0.5);
  await send(all.slice(0, 9));
  await send(all.slice(9));
  // A last event in A: once every stream has it, each has had every delta before it.
  await send([{ type: 'custom.sentinel', userId: 'hello', departmentId: units.departmentA }]);
  await until('every stream shows the sentinel', () => acmeViewers.every((viewer) => typed(collectors.get(viewer)?.events ?? [], 'custom.sentinel').length === 1));
  await pipelineCaughtUp(t.organizations.acme, await t.storedCount(t.organizations.acme));
}, 90_000);

afterAll(async () => {
  for (const collector of collectors.values()) collector.stop();
  await t?.close();
});

describe('attribution of stored events', () => {
  it('stores each event with the branch and department the rule gives it', async () => {
    const rows = await runSql<{ user_id: string; branch_id: string | null; department_id: string | null; n: string }>(
      t.pulse.orm.em.fork(),
      `SELECT user_id, branch_id, department_id, count(*) AS n FROM activity_events WHERE organization_id = $1 AND type = 'custom.matrix' GROUP BY 1, 2, 3`,
      [t.organizations.acme],
    );
    const { headquarters, lisbon, departmentA, departmentB } = units;
    const sorted = (list: unknown[][]) => list.map((row) => JSON.stringify(row)).sort();
    expect(sorted(rows.map((row) => [row.user_id, row.branch_id, row.department_id, Number(row.n)]))).toEqual(
      sorted([
        ['a-user', headquarters, departmentA, 4],
        ['b-user', headquarters, departmentB, 2],
        ['lisbon-user', headquarters, departmentA, 1],
        ['lisbon-user', lisbon, null, 1],
        ['placed-user', headquarters, departmentA, 5],
        ['stranger', null, null, 5],
        ['walk-in', lisbon, null, 1],
      ]),
    );
  });
});

describe('the scope matrix', () => {
  const matrixCount: Extract<WidgetQueryInput, { source: 'activity' }> = { source: 'activity', measure: { kind: 'count' }, filters: { eventTypes: ['custom.matrix'] }, timeRange: { kind: 'relative', range: 'last_1h' } };

  async function widgets(viewer: Viewer, list: { id: string; query: WidgetQueryInput }[]) {
    const caller = await t.callerFor(viewer);
    const answer = await caller.widgets.data({ widgets: list.map((widget) => ({ id: widget.id, query: WidgetQuery.parse(widget.query) })) });
    return new Map(answer.widgets.map((widget) => [widget.widgetId, widget]));
  }
  const scalar = (result: WidgetResult | undefined) => (result?.data?.shape === 'scalar' ? result.data.value : undefined);

  /** The oracle: stored events of today in a viewer's scope, counted by SQL over activity_events. */
  async function storedToday(viewer: Viewer): Promise<number> {
    const scope = viewer === 'manager@acme.test' ? `AND department_id = '${units.departmentA}'` : viewer === 'leader@acme.test' ? `AND branch_id = '${units.headquarters}'` : '';
    const organizationId = viewer === 'owner@globex.test' ? t.organizations.globex : t.organizations.acme;
    const [row] = await runSql<{ n: string }>(t.pulse.orm.em.fork(), `SELECT count(*) AS n FROM activity_events WHERE organization_id = $1 AND occurred_at >= date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' ${scope}`, [organizationId]);
    return Number(row?.n);
  }

  it.each(VIEWERS)('activity rollups, numeric summaries, engagement and the live counters answer %s their scope exactly', async (viewer) => {
    const size = expected.get(viewer)?.size ?? -1;
    const answer = await widgets(viewer, [
      { id: 'count', query: matrixCount },
      { id: 'users', query: { ...matrixCount, measure: { kind: 'distinct_users' } } },
      { id: 'sum', query: { ...matrixCount, measure: { kind: 'sum', property: 'durationMs' } } },
      { id: 'people', query: { source: 'engagement', measure: 'most_active_users', orderBy: 'eventCount', timeRange: { kind: 'relative', range: 'last_1h' }, limit: 50 } },
      { id: 'today', query: { source: 'counters', counter: 'events_today' } },
      { id: 'departments', query: { ...matrixCount, groupBy: { by: 'department' } } },
    ]);
    expect(scalar(answer.get('count'))).toBe(size);
    expect(scalar(answer.get('sum'))).toBe(size === 0 ? null : size * 10);
    const people = answer.get('people')?.data;
    const rows = await runSql<{ user_id: string }>(t.pulse.orm.em.fork(), 'SELECT DISTINCT user_id FROM activity_events WHERE id = ANY($1::uuid[])', [[...(expected.get(viewer) ?? [])]]);
    const matrixUsers = new Set(rows.map((row) => row.user_id));
    expect(scalar(answer.get('users'))).toBe(matrixUsers.size);
    // Most active users: the people with events in the scope (`hello` sent the hello and sentinel
    // events, in A), masked for a LEADER / MANAGER by the default policy, so counted there.
    const inScope = viewer === 'owner@globex.test' ? [] : [...matrixUsers, 'hello'].sort();
    const seen = people?.shape === 'rows' ? people.rows.map((row) => String(row[0])).sort() : null;
    if (viewer === 'owner@acme.test' || viewer === 'owner@globex.test') expect(seen).toEqual(inScope);
    else expect(seen?.length).toBe(inScope.length);
    // The live counters: Redis for the organization scope, the minute rollups for a narrower one.
    const today = answer.get('today')?.data;
    expect(today?.shape === 'scalar' ? today.value : null).toBe(await storedToday(viewer));
    const departments = answer.get('departments')?.data;
    const keys = departments?.shape === 'categories' ? departments.items.map((item) => item.key).sort() : null;
    if (viewer === 'manager@acme.test') expect(keys).toEqual([units.departmentA]);
    if (viewer === 'leader@acme.test') expect(keys).toEqual([units.departmentA, units.departmentB].sort());
    if (viewer === 'owner@acme.test') expect(keys).toEqual([units.departmentA, units.departmentB, 'none'].sort());
  });

  it.each(VIEWERS)('dashboards.summary and live.counters give %s the counters of their scope', async (viewer) => {
    const organizationId = viewer === 'owner@globex.test' ? t.organizations.globex : t.organizations.acme;
    const summary = await (await t.callerFor(viewer)).dashboards.summary({});
    const today = await storedToday(viewer);
    expect(summary.eventsToday).toBe(today);
    expect(summary.eventsByTypeToday['custom.matrix'] ?? 0).toBe(expected.get(viewer)?.size);
    expect(summary.eventsPerMinute).toHaveLength(60);
    const controller = new AbortController();
    const stream = t.services.live.counters(organizationId, controller.signal, actor(viewer))[Symbol.asyncIterator]();
    const first = await stream.next();
    controller.abort();
    await stream.return?.(undefined);
    expect(first.done ? null : first.value.eventsToday).toBe(today);
  });

  it.each(VIEWERS)('events.recent gives %s the events of their scope, from the Redis list and from the store', async (viewer) => {
    const caller = await t.callerFor(viewer);
    const { events } = await caller.events.recent({ limit: 100 });
    expect(new Set(typed(events, 'custom.matrix').map((event) => event.id))).toEqual(expected.get(viewer));
    // Few enough for the Redis list alone: the same scope.
    const few = await caller.events.recent({ limit: 3 });
    expect(few.events.every((event) => expected.get(viewer)?.has(event.id) || event.type !== 'custom.matrix')).toBe(true);
    if (viewer === 'manager@acme.test') expect(few.events.every((event) => event.departmentId === units.departmentA)).toBe(true);
    if (viewer === 'leader@acme.test') expect(few.events.every((event) => event.branchId === units.headquarters)).toBe(true);
  });

  it.each(VIEWERS)('live.activity sends %s the events of their scope only', (viewer) => {
    const received = collectors.get(viewer)?.events ?? [];
    expect(new Set(typed(received, 'custom.matrix').map((event) => event.id))).toEqual(expected.get(viewer));
    expect(typed(received, 'custom.matrix').length).toBe(expected.get(viewer)?.size);
  });

  it.each(VIEWERS)('live.dashboard opens %s home with the numbers of their scope', async (viewer) => {
    const organizationId = viewer === 'owner@globex.test' ? t.organizations.globex : t.organizations.acme;
    const dashboardId = (await (await t.callerFor(viewer)).dashboards.home({})).dashboard.id;
    const controller = new AbortController();
    const stream = t.services.live.dashboard(actor(viewer), organizationId, { dashboardId }, controller.signal)[Symbol.asyncIterator]();
    const first = await stream.next();
    controller.abort();
    await stream.return?.(undefined);
    const trend = first.done ? undefined : first.value.data.widgets.find((widget) => widget.widgetId === 'events-today-trend')?.data;
    expect(trend?.shape === 'series' ? trend.points.reduce((sum, point) => sum + (point.value ?? 0), 0) : null).toBe(await storedToday(viewer));
  });

  it('refuses another organization in the input, whatever the source', async () => {
    const globex = await t.callerFor('owner@globex.test');
    const acme = { organizationId: t.organizations.acme };
    await expect(globex.events.recent({ ...acme, limit: 10 })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(globex.widgets.data({ ...acme, widgets: [{ id: 'w', query: WidgetQuery.parse(matrixCount) }] })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(globex.directory.list(acme)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(globex.directory.upsert({ ...acme, entries: [{ userId: 'x', departmentId: units.departmentA }] })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const subscription = globex.live.activity({ ...acme });
    await expect((async () => (await subscription)[Symbol.asyncIterator]().next())()).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('hostile and foreign ids', () => {
  it('refuses an envelope id that is not a uuid with a typed 400 naming the field', async () => {
    const response = await postIngest(t.url, 'pk_demo_acme', { events: [matrixEvent('x', { departmentId: 'engineering' }), matrixEvent('x', { branchId: "1' OR 1=1" })] });
    expect(response.status).toBe(400);
    const paths = (response.body.issues as { path: (string | number)[] }[]).map((issue) => issue.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['events.0.departmentId', 'events.1.branchId']));
  });

  it('refuses a directory entry naming another organization’s unit, or a branch its department contradicts', async () => {
    const owner = await t.callerFor('owner@acme.test');
    await expect(owner.directory.upsert({ entries: [{ userId: 'ok', departmentId: units.departmentA }, { userId: 'x', departmentId: units.globexDepartment }] })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    await expect(owner.directory.upsert({ entries: [{ userId: 'x', branchId: units.globexBranch }] })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(owner.directory.upsert({ entries: [{ userId: 'x', branchId: units.lisbon, departmentId: units.departmentA }] })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(owner.directory.upsert({ entries: [{ userId: 'x', departmentId: 'not-a-uuid' }] })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    // Nothing of a refused call is written.
    const page = await owner.directory.list({});
    expect(page.entries.map((entry) => entry.userId)).not.toContain('ok');
  });

  it('lets only the organization’s services, owner and administrators write the directory', async () => {
    for (const email of ['leader@acme.test', 'manager@acme.test']) {
      const caller = await t.callerFor(email);
      await expect(caller.directory.upsert({ entries: [{ userId: 'x', departmentId: units.departmentA }] })).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(caller.directory.list({})).rejects.toMatchObject({ code: 'FORBIDDEN' });
    }
    const admin = await t.callerFor('admin@acme.test');
    expect(await admin.directory.upsert({ entries: [{ userId: 'admin-placed', departmentId: units.departmentB }, { userId: 'admin-placed', branchId: units.lisbon }] })).toEqual({ upserted: 1 });
    const page = await admin.directory.list({ limit: 500 });
    // A userId twice in one call: the last entry wins. A department brings its branch.
    expect(page.entries.find((entry) => entry.userId === 'admin-placed')).toMatchObject({ branchId: units.lisbon, departmentId: null });
    expect(page.entries.find((entry) => entry.userId === 'placed-user')).toMatchObject({ branchId: units.headquarters, departmentId: units.departmentA });
  });
});

describe('Segment identify and group', () => {
  const segment = (body: unknown, call = 'batch') =>
    fetch(`${t.url}/v1/${call}`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from('pk_demo_acme:').toString('base64')}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }).then(async (response) => ({ status: response.status, body: (await response.json()) as Record<string, unknown> }));

  async function storedOf(userId: string) {
    await expect.poll(async () => (await runSql(t.pulse.orm.em.fork(), 'SELECT 1 FROM activity_events WHERE organization_id = $1 AND user_id = $2', [t.organizations.acme, userId])).length, { timeout: 15_000 }).toBe(1);
    const [row] = await runSql<{ branch_id: string | null; department_id: string | null }>(t.pulse.orm.em.fork(), 'SELECT branch_id, department_id FROM activity_events WHERE organization_id = $1 AND user_id = $2', [
      t.organizations.acme,
      userId,
    ]);
    return row;
  }

  it('places people by identify traits and group ids, and attributes their later events', async () => {
    const run = crypto.randomUUID().slice(0, 8);
    const answer = await segment({
      batch: [
        { type: 'identify', userId: `${run}-b`, traits: { email: 'b@example.com', departmentId: units.departmentB } },
        { type: 'group', userId: `${run}-lisbon`, groupId: units.lisbon },
        { type: 'group', userId: `${run}-a`, groupId: units.departmentA },
        { type: 'identify', userId: `${run}-plain`, traits: { plan: 'pro' } },
      ],
    });
    expect(answer).toEqual({ status: 200, body: { success: true, accepted: 0, people: 3, ignored: 1 } });
    await segment({ type: 'track', userId: `${run}-b`, event: 'Clicked' }, 'track');
    await segment({ type: 'track', userId: `${run}-lisbon`, event: 'Clicked' }, 'track');
    await segment({ type: 'track', userId: `${run}-a`, event: 'Clicked' }, 'track');
    expect(await storedOf(`${run}-b`)).toEqual({ branch_id: units.headquarters, department_id: units.departmentB });
    expect(await storedOf(`${run}-lisbon`)).toEqual({ branch_id: units.lisbon, department_id: null });
    expect(await storedOf(`${run}-a`)).toEqual({ branch_id: units.headquarters, department_id: units.departmentA });
  });

  it('stores null for another organization’s ids in identify, and lets a group that names no unit change nothing', async () => {
    const run = crypto.randomUUID().slice(0, 8);
    await segment({ type: 'identify', userId: `${run}-kept`, traits: { departmentId: units.departmentA } }, 'identify');
    const answer = await segment({
      batch: [
        { type: 'group', userId: `${run}-kept`, groupId: 'acme-corp' },
        { type: 'group', userId: `${run}-kept`, groupId: units.globexBranch },
        { type: 'identify', userId: `${run}-foreign`, traits: { departmentId: units.globexDepartment } },
        { type: 'identify', userId: `${run}-garbled`, traits: { departmentId: 'Sales' } },
      ],
    });
    expect(answer.body).toMatchObject({ success: true, people: 2, ignored: 1 });
    const owner = await t.callerFor('owner@acme.test');
    const entries = new Map((await owner.directory.list({ limit: 500 })).entries.map((entry) => [entry.userId, entry]));
    expect(entries.get(`${run}-kept`)).toMatchObject({ branchId: units.headquarters, departmentId: units.departmentA });
    expect(entries.get(`${run}-foreign`)).toMatchObject({ branchId: null, departmentId: null });
    expect(entries.get(`${run}-garbled`)).toMatchObject({ branchId: null, departmentId: null });
  });
});
