import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCaller } from '@pulse/api-contract/router';
import { type DrillFilter, type UserActor, WidgetQuery, type WidgetQueryInput, type WidgetResult } from '@pulse/api-contract/schemas';
import { runSql } from '@pulse/db';
import { createTokenIssuer } from '../src/auth/tokens.ts';
import { createActivityRollupsStep } from '../src/rollups/activity-rollups.step.ts';
import { startTestPulse, type TestPulse } from '../testing/start-test-pulse.ts';

// The dashboard-level drill-down filters (`filters` of widgets.data, widgets.preview,
// live.dashboard and the public links) against rollups written as the pipeline writes them.

let t: TestPulse;
type Caller = Awaited<ReturnType<TestPulse['callerFor']>>;
const as = (email: string): Promise<Caller> => t.callerFor(email);

async function actorOf(email: string): Promise<UserActor> {
  const session = await t.services.auth.login({ email, password: 'pulse-demo' });
  return (await createTokenIssuer(t.settings.TOKEN_SECRET).verifyAccess(session.accessToken)) as UserActor;
}

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'OK',
    (error: { code?: string }) => error.code ?? String(error),
  );

const TYPES = ['custom.drill', 'custom.other'];
const RANGE = { kind: 'relative', range: 'last_24h' } as const;
const count: Extract<WidgetQueryInput, { source: 'activity' }> = { source: 'activity', measure: { kind: 'count' }, filters: { eventTypes: TYPES }, timeRange: RANGE };

let owner: UserActor;
let manager: UserActor;
let leader: UserActor;
let departmentB: string;
let lisbon: string;
let write: ReturnType<typeof createActivityRollupsStep>;
/** The seeded events' instant: the heatmap cell they fall in. */
const at = new Date();
const cell = { weekday: ((at.getUTCDay() + 6) % 7) + 1, hour: at.getUTCHours() };

type Seed = { type: string; userId: string; branchId: string | null; departmentId: string | null };
const seed = (events: Seed[]) =>
  write({ batchId: crypto.randomUUID(), organizationId: t.organizations.acme, events: events.map((event) => ({ ...event, occurredAt: at.toISOString(), numeric: { durationMs: 10 } })) });
const times = (n: number, event: Seed) => Array.from({ length: n }, () => event);

const valueOf = (result: WidgetResult | undefined) => (result?.data?.shape === 'scalar' ? result.data.value : undefined);

async function data(caller: Caller, filters: DrillFilter[] | undefined, widgets: { id: string; query: WidgetQueryInput }[] = [{ id: 'count', query: count }]) {
  const answer = await caller.widgets.data({ widgets: widgets.map((widget) => ({ id: widget.id, query: WidgetQuery.parse(widget.query) })), ...(filters ? { filters } : {}) });
  return new Map(answer.widgets.map((widget) => [widget.widgetId, widget]));
}
/** A private dashboard of the caller with one widget: `count`. */
async function dashboardOf(caller: Caller) {
  const widgets = [{ id: 'count', type: 'metric_card' as const, title: 'Drill', query: count }];
  return caller.dashboards.create({ name: `Drill ${crypto.randomUUID().slice(0, 6)}`, visibility: 'private', widgetPreferences: widgets, layoutConfig: { lg: [{ widgetId: 'count', x: 0, y: 0, w: 3, h: 2 }] } });
}

const countOf = async (caller: Caller, filters?: DrillFilter[]) => valueOf((await data(caller, filters)).get('count'));

beforeAll(async () => {
  t = await startTestPulse({ PULSE_ROLE: 'api' });
  [owner, manager, leader] = await Promise.all(['owner@acme.test', 'manager@acme.test', 'leader@acme.test'].map(actorOf)) as [UserActor, UserActor, UserActor];
  const em = t.pulse.orm.em.fork();
  const [b] = await runSql<{ id: string }>(em, 'SELECT id FROM departments WHERE organization_id = $1 AND id <> $2 AND branch_id = $3 ORDER BY name LIMIT 1', [t.organizations.acme, manager.departmentId, leader.branchId]);
  const [other] = await runSql<{ id: string }>(em, 'SELECT id FROM branches WHERE organization_id = $1 AND id <> $2 LIMIT 1', [t.organizations.acme, leader.branchId]);
  if (!b || !other) throw new Error('the demo organization lacks a second department or branch');
  departmentB = b.id;
  lisbon = other.id;
  write = createActivityRollupsStep({ orm: t.pulse.orm, redis: t.redis, prefix: t.settings.REDIS_PREFIX });
  const headquarters = leader.branchId;
  // Department A (the manager's): 3 drill by a1, 2 other by a2; department B: 2 drill by b1;
  // Lisbon (no department): 1 drill by walk-in; nobody's: 1 drill by stranger. 9 in all.
  await seed([
    ...times(3, { type: 'custom.drill', userId: 'a1', branchId: headquarters, departmentId: manager.departmentId }),
    ...times(2, { type: 'custom.other', userId: 'a2', branchId: headquarters, departmentId: manager.departmentId }),
    ...times(2, { type: 'custom.drill', userId: 'b1', branchId: headquarters, departmentId: departmentB }),
    { type: 'custom.drill', userId: 'walk-in', branchId: lisbon, departmentId: null },
    { type: 'custom.drill', userId: 'stranger', branchId: null, departmentId: null },
  ]);
}, 60_000);

afterAll(async () => t?.close());

describe('drill-down filters on widgets.data', () => {
  it('narrow the owner’s numbers exactly, by each dimension and ANDed together', async () => {
    const caller = await as('owner@acme.test');
    const department = (value: string): DrillFilter => ({ dimension: 'department', value });
    const cases: [DrillFilter[] | undefined, number][] = [
      [undefined, 9],
      [[], 9],
      [[department(manager.departmentId as string)], 5],
      [[department(manager.departmentId as string), { dimension: 'event_type', value: 'custom.drill' }], 3],
      [[department('none')], 2],
      [[{ dimension: 'branch', value: 'none' }], 1],
      [[{ dimension: 'branch', value: leader.branchId as string }], 7],
      [[{ dimension: 'branch', value: lisbon }], 1],
      [[{ dimension: 'user', value: 'a1' }], 3],
      [[{ dimension: 'user', value: 'a1' }, { dimension: 'event_type', value: 'custom.other' }], 0],
      [[{ dimension: 'hour_of_week', ...cell }], 9],
      [[{ dimension: 'hour_of_week', weekday: cell.weekday, hour: (cell.hour + 1) % 24 }], 0],
      [[{ dimension: 'hour_of_week', weekday: (cell.weekday % 7) + 1, hour: cell.hour }], 0],
      // an event type the widget's own list does not hold: the intersection is empty
      [[{ dimension: 'event_type', value: 'PAGE_VIEW' }], 0],
      // two event types ANDed match nothing
      [[{ dimension: 'event_type', value: 'custom.drill' }, { dimension: 'event_type', value: 'custom.other' }], 0],
    ];
    for (const [filters, expected] of cases) expect(await countOf(caller, filters), JSON.stringify(filters)).toBe(expected);
  });

  it('filter every source that has the dimensions, and mark the widgets that ignore them', async () => {
    const caller = await as('owner@acme.test');
    const answer = await data(
      caller,
      [{ dimension: 'department', value: manager.departmentId as string }],
      [
        { id: 'users', query: { ...count, measure: { kind: 'distinct_users' } } },
        { id: 'sum', query: { ...count, measure: { kind: 'sum', property: 'durationMs' } } },
        { id: 'by-type', query: { ...count, groupBy: { by: 'event_type' } } },
        { id: 'grid', query: { ...count, groupBy: { by: 'hour_of_week' } } },
        { id: 'series', query: { ...count, groupBy: { by: 'time', bucket: 'day' } } },
        { id: 'people', query: { source: 'engagement', measure: 'most_active_users', timeRange: RANGE, limit: 50 } },
        { id: 'today', query: { source: 'counters', counter: 'events_today' } },
        { id: 'metric', query: { source: 'metrics', metricName: 'api_latency_ms', aggregation: 'avg', timeRange: RANGE } },
        { id: 'reports', query: { source: 'reports', measure: 'most_viewed' } },
      ],
    );
    expect(valueOf(answer.get('users'))).toBe(2);
    expect(valueOf(answer.get('sum'))).toBe(50);
    const byType = answer.get('by-type')?.data;
    expect(byType?.shape === 'categories' ? byType.items.map((item) => [item.key, item.value]) : null).toEqual([
      ['custom.drill', 3],
      ['custom.other', 2],
    ]);
    const grid = answer.get('grid')?.data;
    expect(grid?.shape === 'grid' ? grid.cells.filter((c) => c.value > 0) : null).toEqual([{ x: cell.hour, y: cell.weekday, value: 5 }]);
    const series = answer.get('series')?.data;
    expect(series?.shape === 'series' ? series.points.reduce((sum, point) => sum + (point.value ?? 0), 0) : null).toBe(5);
    const people = answer.get('people')?.data;
    expect(people?.shape === 'rows' ? people.rows.map((row) => row[0]).sort() : null).toEqual(['a1', 'a2']);
    // the counters are read from the department's rollups: today's events of department A (mine only, the demo sends none)
    expect(valueOf(answer.get('today'))).toBe(5);
    for (const id of ['users', 'sum', 'by-type', 'grid', 'series', 'people', 'today']) expect(answer.get(id)?.filtered, id).toBe(true);
    expect(answer.get('metric')?.filtered).toBe(false);
    expect(answer.get('reports')?.filtered).toBe(false);
    // without filters, no marker at all
    expect((await data(caller, undefined)).get('count')?.filtered).toBeUndefined();
  });

  it('answer a property filter with the widget’s NOT_SUPPORTED error, the others still answer', async () => {
    const answer = await data(await as('owner@acme.test'), [{ dimension: 'property', property: 'page.path', value: '/home' }], [
      { id: 'count', query: count },
      { id: 'metric', query: { source: 'metrics', metricName: 'api_latency_ms', aggregation: 'avg', timeRange: RANGE } },
    ]);
    expect(answer.get('count')).toMatchObject({ data: null, error: { code: 'NOT_SUPPORTED' } });
    expect(answer.get('metric')).toMatchObject({ error: null, filtered: false });
  });

  it('never widen a scope: a MANAGER or LEADER filtering outside it gets nothing', async () => {
    const managerCaller = await as('manager@acme.test');
    expect(await countOf(managerCaller)).toBe(5);
    expect(await countOf(managerCaller, [{ dimension: 'department', value: manager.departmentId as string }])).toBe(5);
    for (const filter of [
      { dimension: 'department', value: departmentB },
      { dimension: 'department', value: 'none' },
      { dimension: 'branch', value: lisbon },
      { dimension: 'branch', value: 'none' },
    ] as DrillFilter[]) {
      expect(await countOf(managerCaller, [filter]), JSON.stringify(filter)).toBe(0);
    }
    const leaderCaller = await as('leader@acme.test');
    expect(await countOf(leaderCaller)).toBe(7);
    expect(await countOf(leaderCaller, [{ dimension: 'department', value: departmentB }])).toBe(2);
    expect(await countOf(leaderCaller, [{ dimension: 'branch', value: lisbon }])).toBe(0);
    expect(await countOf(leaderCaller, [{ dimension: 'department', value: 'none' }])).toBe(0);
    // another organization's owner naming acme's department sees nothing of acme
    expect(await countOf(await as('owner@globex.test'), [{ dimension: 'department', value: manager.departmentId as string }])).toBe(0);
  });

  it('refuse a user filter from a viewer who sees pseudonyms, and take one from the owner', async () => {
    const managerCaller = await as('manager@acme.test');
    const byUser = (await data(managerCaller, undefined, [{ id: 'by-user', query: { ...count, groupBy: { by: 'user' } } }])).get('by-user')?.data;
    const pseudonym = byUser?.shape === 'categories' ? byUser.items[0]?.key : undefined;
    expect(pseudonym).toMatch(/^user-/);
    await expect(managerCaller.widgets.data({ widgets: [{ id: 'count', query: WidgetQuery.parse(count) }], filters: [{ dimension: 'user', value: pseudonym as string }] })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    await expect(managerCaller.widgets.preview({ query: WidgetQuery.parse(count), filters: [{ dimension: 'user', value: 'a1' }] })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(valueOf(await (await as('owner@acme.test')).widgets.preview({ query: WidgetQuery.parse(count), filters: [{ dimension: 'user', value: 'a1' }] }))).toBe(3);
  });

  it('refuse hostile filters with BAD_REQUEST', async () => {
    const caller = await as('owner@acme.test');
    const query = WidgetQuery.parse(count);
    const hostile: unknown[] = [
      Array.from({ length: 21 }, (_, hour) => ({ dimension: 'hour_of_week', weekday: 1, hour: hour % 24 })),
      [{ dimension: 'branch', value: "1' OR 1=1" }],
      [{ dimension: 'department', value: 'sales' }],
      [{ dimension: 'hour_of_week', weekday: 8, hour: 1 }],
      [{ dimension: 'hour_of_week', weekday: 1, hour: 24 }],
      [{ dimension: 'user', value: 'x'.repeat(201) }],
      [{ dimension: 'user', value: '' }],
      [{ dimension: 'event_type', value: 'DROP TABLE' }],
      [{ dimension: 'property', property: 'a;b', value: 'x' }],
      [{ dimension: 'scope', value: 'organization' }],
      [{ dimension: 'branch', value: lisbon, extra: true }],
      { dimension: 'branch', value: lisbon },
    ];
    for (const filters of hostile) expect(await codeOf(caller.widgets.data({ widgets: [{ id: 'count', query }], filters: filters as never })), JSON.stringify(filters).slice(0, 80)).toBe('BAD_REQUEST');
  });
});

describe('the cache and the filters', () => {
  it('never gives a filtered answer for an unfiltered question, nor the reverse; filters in another order are one question', async () => {
    const caller = await as('owner@acme.test');
    const a: DrillFilter = { dimension: 'department', value: manager.departmentId as string };
    const drill: DrillFilter = { dimension: 'event_type', value: 'custom.drill' };
    // the same query, one call after another, each answered from the caches where it can be
    expect(await countOf(caller)).toBe(9);
    expect(await countOf(caller, [a])).toBe(5);
    expect(await countOf(caller)).toBe(9);
    expect(await countOf(caller, [a, drill])).toBe(3);
    expect(await countOf(caller, [drill, a, drill])).toBe(3);
    expect(await countOf(caller, [a])).toBe(5);
    // and within one call: the same widget twice, unfiltered and filtered, cannot share an answer
    const answer = await caller.widgets.data({ widgets: [{ id: 'count', query: WidgetQuery.parse(count) }], filters: [a] });
    expect(valueOf(answer.widgets[0])).toBe(5);
  });
});

describe('live.dashboard overrides', () => {
  it('sends the numbers of the range, comparison and filters picked, and moves on new events', async () => {
    const dashboard = await dashboardOf(await as('owner@acme.test'));
    const controller = new AbortController();
    const filters: DrillFilter[] = [{ dimension: 'department', value: manager.departmentId as string }, { dimension: 'event_type', value: 'custom.drill' }];
    const input = { dashboardId: dashboard.id, timeRange: { kind: 'relative', range: 'last_1h' } as const, compare: 'previous_period' as const, filters };
    const stream = t.services.live.dashboard(owner, t.organizations.acme, input, controller.signal)[Symbol.asyncIterator]();
    try {
      const first = await stream.next();
      const widget = first.done ? undefined : first.value.data.widgets[0];
      expect(valueOf(widget)).toBe(3);
      expect(widget).toMatchObject({ filtered: true, compare: { shape: 'scalar', value: 0 } });
      expect(Date.parse(widget?.range?.to ?? '') - Date.parse(widget?.range?.from ?? '')).toBe(3_600_000);
      // events outside the filters change nothing the stream shows; one inside moves it
      await seed([{ type: 'custom.drill', userId: 'b1', branchId: leader.branchId, departmentId: departmentB }]);
      await seed([{ type: 'custom.drill', userId: 'a1', branchId: leader.branchId, departmentId: manager.departmentId }]);
      const next = await stream.next();
      expect(next.done ? undefined : valueOf(next.value.data.widgets[0])).toBe(4);
    } finally {
      controller.abort();
      await stream.return?.(undefined);
    }
  });

  it('reads a range in the past once, then idles until the client leaves, and ends cleanly', async () => {
    const dashboard = await dashboardOf(await as('owner@acme.test'));
    const controller = new AbortController();
    const timeRange = { kind: 'absolute', from: new Date(at.getTime() - 3_600_000).toISOString(), to: new Date(at.getTime() + 1).toISOString() } as const;
    const stream = t.services.live.dashboard(owner, t.organizations.acme, { dashboardId: dashboard.id, timeRange }, controller.signal)[Symbol.asyncIterator]();
    const first = await stream.next();
    const seeded = first.done ? undefined : valueOf(first.value.data.widgets[0]);
    expect(seeded).toBeGreaterThanOrEqual(9);
    // a late event inside the range: a live stream would send it, the still one reads nothing more
    let settled = false;
    const pending = stream.next().finally(() => (settled = true));
    const live = t.services.live.dashboard(owner, t.organizations.acme, { dashboardId: dashboard.id, timeRange: RANGE }, controller.signal)[Symbol.asyncIterator]();
    const liveFirst = await live.next();
    await seed([{ type: 'custom.drill', userId: 'late', branchId: null, departmentId: null }]);
    const liveNext = await live.next();
    expect(liveNext.done ? undefined : valueOf(liveNext.value.data.widgets[0])).toBe((liveFirst.done ? 0 : (valueOf(liveFirst.value.data.widgets[0]) ?? 0)) + 1);
    expect(settled).toBe(false);
    controller.abort();
    expect(await pending).toEqual({ done: true, value: undefined });
    await live.return?.(undefined);
  });

  it('refuses a masked viewer’s user filter and hostile overrides', async () => {
    const dashboard = await dashboardOf(await as('manager@acme.test'));
    const stream = t.services.live.dashboard(manager, t.organizations.acme, { dashboardId: dashboard.id, filters: [{ dimension: 'user', value: 'a1' }] }, new AbortController().signal);
    await expect(stream[Symbol.asyncIterator]().next()).rejects.toMatchObject({ code: 'INVALID' });
    const caller = await as('manager@acme.test');
    const subscribe = (input: unknown) => (async () => (await caller.live.dashboard(input as never))[Symbol.asyncIterator]().next())();
    await expect(subscribe({ dashboardId: dashboard.id, filters: [{ dimension: 'branch', value: 'x' }] })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(subscribe({ dashboardId: dashboard.id, timeRange: { kind: 'absolute', from: '2026-01-02T00:00:00Z', to: '2026-01-01T00:00:00Z' } })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});

describe('exports carry the filters', () => {
  it('exports a filtered widget’s CSV with exactly the filtered numbers, and audits the filters', async () => {
    const caller = await as('owner@acme.test');
    const dashboard = await dashboardOf(caller);
    const filters: DrillFilter[] = [{ dimension: 'department', value: departmentB }];
    const shown = valueOf((await caller.widgets.data({ dashboardId: dashboard.id, filters })).widgets[0]);
    const file = await caller.dashboards.widgetCsv({ dashboardId: dashboard.id, widgetId: 'count', filters });
    expect(file.csv.trim().split(/\r?\n/)).toEqual(['value', String(shown)]);
    expect(shown).toBeLessThan(valueOf((await caller.widgets.data({ dashboardId: dashboard.id })).widgets[0]) ?? 0);
    const [entry] = await runSql<{ details: { filters?: unknown } }>(t.pulse.orm.em.fork(), `SELECT details FROM audit_logs WHERE action = 'widget.exported' AND target_id = $1`, [dashboard.id]);
    expect(entry?.details.filters).toEqual(filters);
  });
});

describe('public links carry the filters', () => {
  it('narrow a link’s numbers within the sharer’s scope and refuse user filters (a link shows pseudonyms)', async () => {
    const ownerCaller = await as('owner@acme.test');
    const dashboard = await dashboardOf(ownerCaller);
    const { token } = await ownerCaller.dashboards.shares.create({ dashboardId: dashboard.id });
    const anonymous = createCaller({ actor: null, services: t.services, clientAddress: '198.51.100.9' });
    const publicCount = async (filters?: DrillFilter[]) => valueOf((await anonymous.public.widgets({ token, ...(filters ? { filters } : {}) })).widgets[0]);
    const inB: DrillFilter[] = [{ dimension: 'department', value: departmentB }];
    // what the sharer sees (department B holds 2 seeded events, and whatever the live tests added)
    const expected = await countOf(ownerCaller, inB);
    expect(expected).toBeGreaterThanOrEqual(2);
    expect(await publicCount()).toBe(await countOf(ownerCaller));
    expect(await publicCount(inB)).toBe(expected);
    expect(await codeOf(anonymous.public.widgets({ token, filters: [{ dimension: 'user', value: 'a1' }] }))).toBe('BAD_REQUEST');
    const controller = new AbortController();
    const live = t.services.shares.live(await t.services.shares.open(token, { address: '198.51.100.9' }), { token, filters: inB }, controller.signal)[Symbol.asyncIterator]();
    const first = await live.next();
    controller.abort();
    await live.return?.(undefined);
    expect(first.done ? undefined : valueOf(first.value.data.widgets[0])).toBe(expected);
  });
});
