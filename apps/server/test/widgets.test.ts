import { runSql } from '@pulse/db';
import type { UserActor, WidgetQueryInput, WidgetResult } from '@pulse/api-contract/schemas';
import { WidgetQuery } from '@pulse/api-contract/schemas';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenIssuer } from '../src/auth/tokens.ts';
import { readSummary } from '../src/counters/read-summary.ts';
import { createLiveHub } from '../src/live/live-hub.ts';
import { createLogger } from '../src/log.ts';
import { rollupChannel, type RollupSignal } from '../src/rollups/rollup-signal.ts';
import { createActivityRollupsStep } from '../src/rollups/activity-rollups.step.ts';
import { rebuildActivityRollups } from '../src/rollups/backfill.ts';
import { DASHBOARD_CACHE_REFRESH_QUEUE, warmKey } from '../src/widgets/cache-refresh.queue.ts';
import { scopeOf } from '../src/widgets/viewer-scope.ts';
import { createWidgetEngine } from '../src/widgets/widget-engine.ts';
import { postIngest } from '../testing/http-requests.ts';
import { startTestPulse, type TestPulse } from '../testing/start-test-pulse.ts';

let t: TestPulse;
const actors = new Map<string, UserActor>();
const HOUR = 3_600_000;

async function actorOf(email: string): Promise<UserActor> {
  const known = actors.get(email);
  if (known) return known;
  const session = await t.services.auth.login({ email, password: 'pulse-demo' });
  const actor = (await createTokenIssuer(t.settings.TOKEN_SECRET).verifyAccess(session.accessToken)) as UserActor;
  actors.set(email, actor);
  return actor;
}

const apiCall = (userId: string, durationMs: number, occurredAt: Date) => ({
  id: crypto.randomUUID(),
  type: 'API_CALL',
  userId,
  occurredAt: occurredAt.toISOString(),
  properties: { method: 'GET', route: '/api/x', status: 200, durationMs },
});
const pageView = (userId: string, occurredAt: Date) => ({ id: crypto.randomUUID(), type: 'PAGE_VIEW', userId, occurredAt: occurredAt.toISOString(), properties: { path: '/p' } });

/** Rows the rollups hold for an organization (every granularity counts each event once per granularity). */
async function rolledUp(organizationId: string): Promise<number> {
  const [row] = await runSql<{ n: string }>(t.pulse.orm.em.fork(), `SELECT coalesce(sum(event_count), 0) AS n FROM activity_rollups WHERE organization_id = $1 AND granularity = 'day'`, [organizationId]);
  return Number(row?.n ?? 0);
}

async function ingestAndWait(key: string, organizationId: string, events: unknown[]): Promise<void> {
  const before = await rolledUp(organizationId);
  const response = await postIngest(t.url, key, { events });
  expect(response.status).toBe(202);
  const deadline = Date.now() + 15_000;
  while ((await rolledUp(organizationId)) < before + events.length) {
    if (Date.now() > deadline) throw new Error('the rollups did not catch up');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function data(email: string, widgets: { id: string; query: WidgetQueryInput }[]) {
  const caller = await t.callerFor(email);
  return caller.widgets.data({ widgets: widgets.map((widget) => ({ id: widget.id, query: WidgetQuery.parse(widget.query) })) });
}
const valueOf = (result: WidgetResult | undefined) => (result?.data?.shape === 'scalar' ? result.data.value : undefined);

beforeAll(async () => {
  t = await startTestPulse();
  const now = Date.now();
  // Spread over the last hours (and so over hour buckets), several users, with durations.
  const events = [];
  for (let index = 0; index < 120; index++) {
    const at = new Date(now - (index % 5) * HOUR * 0.7 - index * 1000);
    events.push(index % 3 === 0 ? pageView(`user-${index % 7}`, at) : apiCall(`user-${index % 9}`, 5 + ((index * 37) % 400), at));
  }
  // Two batches, so the second one's numeric summaries and sketches merge into the first one's rows.
  await ingestAndWait('pk_demo_acme', t.organizations.acme, events.slice(0, 60));
  await ingestAndWait('pk_demo_acme', t.organizations.acme, events.slice(60));
  await ingestAndWait('pk_demo_globex', t.organizations.globex, [apiCall('globex-user', 999, new Date(now - 1000))]);
}, 60_000);

afterAll(async () => {
  await t?.close();
});

describe('activity rollups', () => {
  it('answer what SQL over the raw events answers, for each measure', async () => {
    const to = new Date();
    const from = new Date(to.getTime() - 5 * HOUR);
    const range = { kind: 'absolute', from: new Date(Math.floor(from.getTime() / HOUR) * HOUR).toISOString(), to: to.toISOString() } as const;
    const em = t.pulse.orm.em.fork();
    const raw = async <T extends object>(sql: string) => runSql<T>(em, sql, [t.organizations.acme, range.from, range.to]);
    const where = `organization_id = $1 AND occurred_at >= $2 AND occurred_at < $3`;
    const [count] = await raw<{ n: string }>(`SELECT count(*) AS n FROM activity_events WHERE ${where}`);
    const [users] = await raw<{ n: string }>(`SELECT count(DISTINCT user_id) AS n FROM activity_events WHERE ${where}`);
    const [latency] = await raw<{ sum: number; avg: number; p95: number }>(
      `SELECT sum((properties->>'durationMs')::float8) AS sum, avg((properties->>'durationMs')::float8) AS avg,
              percentile_disc(0.95) WITHIN GROUP (ORDER BY (properties->>'durationMs')::float8) AS p95
       FROM activity_events WHERE ${where} AND type = 'API_CALL'`,
    );
    const byType = await raw<{ type: string; n: string }>(`SELECT type, count(*) AS n FROM activity_events WHERE ${where} GROUP BY 1`);
    const byUser = await raw<{ user_id: string; n: string }>(`SELECT user_id, count(*) AS n FROM activity_events WHERE ${where} GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 3`);

    const answer = await data('owner@acme.test', [
      { id: 'count', query: { source: 'activity', measure: { kind: 'count' }, timeRange: range } },
      { id: 'users', query: { source: 'activity', measure: { kind: 'distinct_users' }, timeRange: range } },
      { id: 'sum', query: { source: 'activity', measure: { kind: 'sum', property: 'durationMs' }, filters: { eventTypes: ['API_CALL'] }, timeRange: range } },
      { id: 'avg', query: { source: 'activity', measure: { kind: 'avg', property: 'durationMs' }, filters: { eventTypes: ['API_CALL'] }, timeRange: range } },
      { id: 'p95', query: { source: 'activity', measure: { kind: 'p95', property: 'durationMs' }, filters: { eventTypes: ['API_CALL'] }, timeRange: range } },
      { id: 'types', query: { source: 'activity', measure: { kind: 'count' }, groupBy: { by: 'event_type' }, timeRange: range } },
      { id: 'people', query: { source: 'activity', measure: { kind: 'count' }, groupBy: { by: 'user' }, timeRange: range, limit: 3 } },
      { id: 'hours', query: { source: 'activity', measure: { kind: 'count' }, groupBy: { by: 'time', bucket: 'hour' }, timeRange: range } },
    ]);
    const byId = new Map(answer.widgets.map((widget) => [widget.widgetId, widget]));
    expect(valueOf(byId.get('count'))).toBe(Number(count?.n));
    expect(valueOf(byId.get('users'))).toBe(Number(users?.n));
    expect(valueOf(byId.get('sum'))).toBeCloseTo(Number(latency?.sum), 6);
    expect(valueOf(byId.get('avg'))).toBeCloseTo(Number(latency?.avg), 6);
    // The sketch promises 1 % relative accuracy.
    expect(Math.abs((valueOf(byId.get('p95')) ?? 0) - Number(latency?.p95))).toBeLessThanOrEqual(Number(latency?.p95) * 0.011);
    const types = byId.get('types')?.data;
    expect(types?.shape === 'categories' ? Object.fromEntries(types.items.map((item) => [item.key, item.value])) : null).toEqual(Object.fromEntries(byType.map((row) => [row.type, Number(row.n)])));
    const people = byId.get('people')?.data;
    expect(people?.shape === 'categories' ? people.items.map((item) => [item.key, item.value]) : null).toEqual(byUser.map((row) => [row.user_id, Number(row.n)]));
    const hours = byId.get('hours')?.data;
    expect(hours?.shape === 'series' ? hours.points.reduce((sum, point) => sum + (point.value ?? 0), 0) : null).toBe(Number(count?.n));
  });

  it('rebuilt from the raw events gives the same rows, and claims the batches it counted', async () => {
    const em = t.pulse.orm.em.fork();
    const snapshot = () => runSql(em.fork(), `SELECT granularity, bucket_start, event_type, event_count, numeric FROM activity_rollups WHERE organization_id = $1 ORDER BY 1, 2, 3`, [t.organizations.acme]);
    const users = () => runSql(em.fork(), `SELECT bucket_start, event_type, user_id, event_count FROM activity_user_rollups WHERE organization_id = $1 ORDER BY 1, 2, 3`, [t.organizations.acme]);
    const before = [await snapshot(), await users()];
    expect(await rebuildActivityRollups(t.pulse.orm, t.organizations.acme)).toBe(await t.storedCount(t.organizations.acme));
    expect(await rebuildActivityRollups(t.pulse.orm, t.organizations.acme)).toBe(await t.storedCount(t.organizations.acme));
    const after = [await snapshot(), await users()];
    // Sketch counts are floats in jsonb either way; compare the values.
    expect(JSON.parse(JSON.stringify(after))).toEqual(JSON.parse(JSON.stringify(before)));
  });

  it('rebuilds events stored with microseconds exactly once (the page cursor keeps them)', async () => {
    const em = t.pulse.orm.em.fork();
    const organizationId = t.organizations.globex;
    await runSql(
      em,
      `INSERT INTO activity_events (organization_id, occurred_at, id, type, user_id, received_at, properties, batch_id)
       SELECT $1, now() - interval '10 minutes' + i * interval '1 microsecond', gen_random_uuid(), 'PAGE_VIEW', 'micro', now(), '{}', gen_random_uuid()
       FROM generate_series(1, 30) i`,
      [organizationId],
    );
    expect(await rebuildActivityRollups(t.pulse.orm, organizationId)).toBe(await t.storedCount(organizationId));
    expect(await rolledUp(organizationId)).toBe(await t.storedCount(organizationId));
  });
});

describe('widgets.data', () => {
  it('answers a role default dashboard whole, each widget as of now', async () => {
    const caller = await t.callerFor('owner@acme.test');
    const home = await caller.dashboards.home({});
    const answer = await caller.widgets.data({ dashboardId: home.dashboard.id });
    expect(answer.widgets.map((widget) => widget.widgetId)).toEqual(home.dashboard.widgetPreferences.map((widget) => widget.id));
    for (const widget of answer.widgets) {
      expect(widget.error, widget.widgetId).toBeNull();
      expect(Date.now() - Date.parse(widget.asOf)).toBeLessThan(60_000);
    }
    const types = answer.widgets.find((widget) => widget.widgetId === 'events-by-type')?.data;
    const summary = await readSummary(t.redis, t.settings.REDIS_PREFIX, t.organizations.acme);
    expect(types?.shape === 'categories' ? Object.fromEntries(types.items.map((item) => [item.key, item.value])) : null).toEqual(summary.eventsByTypeToday);
  });

  it('computes identical queries once, across widgets and viewers of the same scope', async () => {
    const subscriber = new Redis(t.settings.REDIS_URL);
    const log = createLogger('error');
    const rollupHub = createLiveHub<RollupSignal>(subscriber, t.settings.REDIS_PREFIX, log, (organizationId) => rollupChannel(t.settings.REDIS_PREFIX, organizationId));
    const engine = createWidgetEngine({ orm: t.pulse.orm, redis: t.redis, prefix: `${t.settings.REDIS_PREFIX}-dedupe`, rollupHub, summary: (id) => readSummary(t.redis, t.settings.REDIS_PREFIX, id), breakers: t.pulse.breakers, log });
    try {
      const query = WidgetQuery.parse({ source: 'activity', measure: { kind: 'count' }, groupBy: { by: 'event_type' }, timeRange: { kind: 'relative', range: 'last_24h' } });
      const same = WidgetQuery.parse({ timeRange: { range: 'last_24h', kind: 'relative' }, groupBy: { by: 'event_type' }, measure: { kind: 'count' }, source: 'activity' });
      const owner = scopeOf(await actorOf('owner@acme.test'));
      const now = Date.now();
      const first = await engine.answerAll(t.organizations.acme, owner, [{ id: 'a', query }, { id: 'b', query: same }], now);
      expect(engine.stats.computed).toBe(1);
      expect(first.widgets[0]?.data).toEqual(first.widgets[1]?.data);
      // Another viewer with the same scope (an ADMIN sees the organization too): no new computation.
      await engine.answerAll(t.organizations.acme, scopeOf(await actorOf('admin@acme.test')), [{ id: 'c', query }], now);
      expect(engine.stats.computed).toBe(1);
      // A narrower scope is another answer.
      await engine.answerAll(t.organizations.acme, scopeOf(await actorOf('manager@acme.test')), [{ id: 'd', query }], now);
      expect(engine.stats.computed).toBe(2);
    } finally {
      subscriber.disconnect();
    }
  });

  it('reads again after the pipeline counted new events (the cache is invalidated by the rollup signal)', async () => {
    const widget: { id: string; query: WidgetQueryInput } = { id: 'count', query: { source: 'activity', measure: { kind: 'count' }, filters: { eventTypes: ['PAGE_VIEW'] }, timeRange: { kind: 'relative', range: 'last_1h' } } };
    const before = valueOf((await data('owner@acme.test', [widget])).widgets[0]) ?? 0;
    expect(valueOf((await data('owner@acme.test', [widget])).widgets[0])).toBe(before);
    await ingestAndWait('pk_demo_acme', t.organizations.acme, [pageView('late-user', new Date()), pageView('late-user', new Date())]);
    const deadline = Date.now() + 5000;
    let after = before;
    while (after === before && Date.now() < deadline) after = valueOf((await data('owner@acme.test', [widget])).widgets[0]) ?? 0;
    expect(after).toBe(before + 2);
  });

  it('shows each viewer their scope only: another organization nothing, a manager no unassigned events', async () => {
    const widget = { id: 'count', query: { source: 'activity', measure: { kind: 'count' }, timeRange: { kind: 'relative', range: 'last_24h' } } } as const;
    const acme = await t.storedCount(t.organizations.acme);
    expect(valueOf((await data('owner@acme.test', [widget])).widgets[0])).toBe(acme);
    expect(valueOf((await data('admin@acme.test', [widget])).widgets[0])).toBe(acme);
    expect(valueOf((await data('admin@globex.test', [widget])).widgets[0])).toBe(await t.storedCount(t.organizations.globex));
    // Events naming no branch or department are the organization's only.
    expect(valueOf((await data('manager@acme.test', [widget])).widgets[0])).toBe(0);
    expect(valueOf((await data('leader@acme.test', [widget])).widgets[0])).toBe(0);
    const manager = await t.callerFor('manager@acme.test');
    const managerHome = await manager.widgets.data({ dashboardId: (await manager.dashboards.home({})).dashboard.id });
    for (const result of managerHome.widgets) {
      const shown = result.data;
      if (shown?.shape === 'scalar') expect(shown.value ?? 0, result.widgetId).toBe(0);
      if (shown?.shape === 'categories') expect(shown.items, result.widgetId).toEqual([]);
      if (shown?.shape === 'rows') expect(shown.rows, result.widgetId).toEqual([]);
      if (shown?.shape === 'series') expect(shown.points.every((point) => !point.value), result.widgetId).toBe(true);
    }
  });

  it('shows a MANAGER their department and a LEADER their branch once events carry them', async () => {
    const manager = await actorOf('manager@acme.test');
    const leader = await actorOf('leader@acme.test');
    const em = t.pulse.orm.em.fork();
    const [sales] = await runSql<{ id: string; branch_id: string }>(em, `SELECT id, branch_id FROM departments WHERE organization_id = $1 AND id <> $2 AND branch_id = $3 LIMIT 1`, [
      t.organizations.acme,
      manager.departmentId,
      leader.branchId,
    ]);
    const [lisbon] = await runSql<{ id: string }>(em, `SELECT id FROM branches WHERE organization_id = $1 AND id <> $2 LIMIT 1`, [t.organizations.acme, leader.branchId]);
    expect(sales && lisbon).toBeTruthy();
    const at = new Date().toISOString();
    const event = (branchId: string | null, departmentId: string | null) => ({ type: 'custom.scoped', userId: 'scoped-user', occurredAt: at, branchId, departmentId });
    // The rollup step as the pipeline runs it, with events that name their branch and department.
    const step = createActivityRollupsStep({ orm: t.pulse.orm, redis: t.redis, prefix: t.settings.REDIS_PREFIX });
    await step({
      batchId: crypto.randomUUID(),
      organizationId: t.organizations.acme,
      events: [
        ...Array.from({ length: 3 }, () => event(leader.branchId, manager.departmentId)),
        ...Array.from({ length: 2 }, () => event(leader.branchId, sales?.id ?? null)),
        event(lisbon?.id ?? null, null),
      ],
    });
    const widget: { id: string; query: WidgetQueryInput } = { id: 'scoped', query: { source: 'activity', measure: { kind: 'count' }, filters: { eventTypes: ['custom.scoped'] }, timeRange: { kind: 'relative', range: 'last_1h' } } };
    const deadline = Date.now() + 5000;
    while (valueOf((await data('owner@acme.test', [widget])).widgets[0]) !== 6 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(valueOf((await data('owner@acme.test', [widget])).widgets[0])).toBe(6);
    expect(valueOf((await data('leader@acme.test', [widget])).widgets[0])).toBe(5);
    expect(valueOf((await data('manager@acme.test', [widget])).widgets[0])).toBe(3);
    expect(valueOf((await data('admin@globex.test', [widget])).widgets[0])).toBe(0);
    const byDepartment = (await data('leader@acme.test', [{ id: 'departments', query: { ...widget.query, groupBy: { by: 'department' } } as WidgetQueryInput }])).widgets[0]?.data;
    expect(byDepartment?.shape === 'categories' ? Object.fromEntries(byDepartment.items.map((item) => [item.key, item.value])) : null).toEqual({ [manager.departmentId ?? '']: 3, [sales?.id ?? '']: 2 });
  });

  it('masks the user ids of most active users and counts by user for a LEADER, as events.recent does; the OWNER sees them as stored', async () => {
    const leader = await actorOf('leader@acme.test');
    const person = 'masked-person@acme.test';
    const at = new Date().toISOString();
    const step = createActivityRollupsStep({ orm: t.pulse.orm, redis: t.redis, prefix: t.settings.REDIS_PREFIX });
    await step({
      batchId: crypto.randomUUID(),
      organizationId: t.organizations.acme,
      events: Array.from({ length: 4 }, () => ({ type: 'custom.masked', userId: person, occurredAt: at, branchId: leader.branchId, departmentId: null })),
    });
    const widgets: { id: string; query: WidgetQueryInput }[] = [
      { id: 'most-active', query: { source: 'engagement', measure: 'most_active_users', limit: 50 } },
      { id: 'by-user', query: { source: 'activity', measure: { kind: 'count' }, filters: { eventTypes: ['custom.masked'] }, groupBy: { by: 'user' }, timeRange: { kind: 'relative', range: 'last_1h' } } },
    ];
    const deadline = Date.now() + 5000;
    while (!JSON.stringify(await data('owner@acme.test', widgets)).includes(person) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    const owner = await data('owner@acme.test', widgets);
    const leaderAnswer = await data('leader@acme.test', widgets);
    expect(JSON.stringify(owner.widgets)).toContain(person);
    expect(JSON.stringify(leaderAnswer.widgets)).not.toContain(person);
    const [mostActive, byUser] = leaderAnswer.widgets;
    const pseudonyms = mostActive?.data?.shape === 'rows' ? mostActive.data.rows.map((row) => row[0]) : [];
    expect(pseudonyms.length).toBeGreaterThan(0);
    for (const id of pseudonyms) expect(id).toMatch(/^user-[\w-]{12}$/);
    // The numbers are the owner's: masking changes who, not how many.
    expect(byUser?.data?.shape === 'categories' ? byUser.data.items.map((item) => [item.key.startsWith('user-'), item.value]) : null).toEqual([[true, 4]]);
    const preview = await (await t.callerFor('leader@acme.test')).widgets.preview({ query: WidgetQuery.parse(widgets[1]?.query) });
    expect(JSON.stringify(preview)).not.toContain(person);
  });

  it('answers NOT_FOUND for a dashboard of another organization, and FORBIDDEN for naming it', async () => {
    const acmeDashboard = (await (await t.callerFor('owner@acme.test')).dashboards.home({})).dashboard.id;
    const globex = await t.callerFor('admin@globex.test');
    await expect(globex.widgets.data({ dashboardId: acmeDashboard })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(globex.widgets.data({ dashboardId: acmeDashboard, organizationId: t.organizations.acme })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(globex.widgets.data({})).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('previews one unsaved widget, and says which queries the rollups cannot answer', async () => {
    const caller = await t.callerFor('owner@acme.test');
    const preview = await caller.widgets.preview({ query: WidgetQuery.parse({ source: 'activity', measure: { kind: 'count' }, filters: { eventTypes: ['PAGE_VIEW'] }, timeRange: { kind: 'relative', range: 'last_24h' } }) });
    const [pageViews] = await runSql<{ n: string }>(t.pulse.orm.em.fork(), `SELECT count(*) AS n FROM activity_events WHERE organization_id = $1 AND type = 'PAGE_VIEW'`, [t.organizations.acme]);
    expect(valueOf(preview)).toBe(Number(pageViews?.n));
    const unsupported = await caller.widgets.preview({
      query: WidgetQuery.parse({ source: 'activity', measure: { kind: 'count' }, filters: { properties: [{ property: 'route', op: 'eq', values: ['/x'] }] }, timeRange: { kind: 'relative', range: 'last_1h' } }),
    });
    expect(unsupported.error?.code).toBe('NOT_SUPPORTED');
  });
});

describe('dashboard-cache-refresh', () => {
  it('recomputes the widgets of a dashboard opened in the last hour after new events, and is listed by admin.queues', async () => {
    const caller = await t.callerFor('owner@acme.test');
    const dashboardId = (await caller.dashboards.home({})).dashboard.id;
    await caller.widgets.data({ dashboardId });
    const queue = new Queue(DASHBOARD_CACHE_REFRESH_QUEUE, { connection: t.redis, prefix: t.settings.REDIS_PREFIX });
    try {
      const before = await queue.getCompletedCount();
      await ingestAndWait('pk_demo_acme', t.organizations.acme, [pageView('warm-user', new Date())]);
      const deadline = Date.now() + 10_000;
      while ((await queue.getCompletedCount()) === before && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
      const [job] = await queue.getCompleted(0, 0);
      expect(job?.data).toEqual({ organizationId: t.organizations.acme });
      // Every dashboard and scope opened so far in this file (the owner's home among them).
      const warm = await t.redis.hkeys(warmKey(t.settings.REDIS_PREFIX, t.organizations.acme));
      expect(warm).toContain(`${dashboardId}|organization`);
      expect(job?.returnvalue).toEqual({ refreshed: warm.length });
    } finally {
      await queue.close();
    }
    const admin = await t.callerFor('admin@pulse.test');
    expect((await admin.admin.queues.list()).queues.map((q) => q.name)).toContain(DASHBOARD_CACHE_REFRESH_QUEUE);
  });
});

describe('live.dashboard', () => {
  const liveWidget = 'events-today-trend';

  async function nextUpdate(iterator: AsyncIterator<{ id: string; data: { version: number; widgets: WidgetResult[] } }>, until: (widgets: WidgetResult[]) => boolean) {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const result = await Promise.race([iterator.next(), new Promise<null>((resolve) => setTimeout(() => resolve(null), Math.max(0, deadline - Date.now())))]);
      if (result === null || result.done) throw new Error('no such update');
      if (until(result.value.data.widgets)) return result.value;
    }
  }
  const totalOf = (widgets: WidgetResult[]) => {
    const data = widgets.find((widget) => widget.widgetId === liveWidget)?.data;
    return data?.shape === 'series' ? data.points.reduce((sum, point) => sum + (point.value ?? 0), 0) : null;
  };

  it('pushes the change of events ingested over HTTP, and a resumed stream gets exactly what it missed', async () => {
    const owner = await actorOf('owner@acme.test');
    const dashboardId = (await (await t.callerFor('owner@acme.test')).dashboards.home({})).dashboard.id;
    const controller = new AbortController();
    const stream = t.services.live.dashboard(owner, t.organizations.acme, { dashboardId }, controller.signal)[Symbol.asyncIterator]();
    const first = await nextUpdate(stream, (widgets) => totalOf(widgets) !== null);
    const start = totalOf(first.data.widgets) ?? 0;
    await postIngest(t.url, 'pk_demo_acme', { events: [pageView('live-user', new Date())] });
    const moved = await nextUpdate(stream, (widgets) => totalOf(widgets) !== null && totalOf(widgets) !== start);
    expect(totalOf(moved.data.widgets)).toBe(start + 1);
    expect(Date.now() - Date.parse(moved.data.widgets[0]?.asOf ?? '')).toBeLessThan(10_000);
    controller.abort();
    await stream.return?.(undefined);

    // Away: three more events; back with the last id seen.
    await ingestAndWait('pk_demo_acme', t.organizations.acme, [pageView('live-user', new Date()), pageView('live-user', new Date()), pageView('live-user', new Date())]);
    const again = new AbortController();
    const resumed = t.services.live.dashboard(owner, t.organizations.acme, { dashboardId, lastEventId: moved.id }, again.signal)[Symbol.asyncIterator]();
    const caughtUp = await nextUpdate(resumed, (widgets) => totalOf(widgets) !== null);
    expect(totalOf(caughtUp.data.widgets)).toBe(start + 4);
    expect(Number(caughtUp.id)).toBeGreaterThan(Number(moved.id));
    again.abort();
    await resumed.return?.(undefined);
  });

  it('shows a manager and another organization none of it, and refuses a foreign dashboard', async () => {
    const manager = await actorOf('manager@acme.test');
    const managerHome = (await (await t.callerFor('manager@acme.test')).dashboards.home({})).dashboard.id;
    const controller = new AbortController();
    const stream = t.services.live.dashboard(manager, t.organizations.acme, { dashboardId: managerHome }, controller.signal)[Symbol.asyncIterator]();
    const first = await nextUpdate(stream, () => true);
    // Only the events of the manager's department (the scoped ones written above), none of the unassigned.
    expect(totalOf(first.data.widgets)).toBe(3);
    await ingestAndWait('pk_demo_acme', t.organizations.acme, [pageView('live-user', new Date())]);
    const changed = await Promise.race([stream.next(), new Promise<'quiet'>((resolve) => setTimeout(() => resolve('quiet'), 1500))]);
    if (changed !== 'quiet' && !changed.done) expect(totalOf(changed.value.data.widgets) ?? 3).toBe(3);
    controller.abort();
    await stream.return?.(undefined);

    const globexAdmin = await actorOf('admin@globex.test');
    const acmeHome = (await (await t.callerFor('owner@acme.test')).dashboards.home({})).dashboard.id;
    const foreign = t.services.live.dashboard(globexAdmin, t.organizations.globex, { dashboardId: acmeHome }, new AbortController().signal)[Symbol.asyncIterator]();
    await expect(foreign.next()).rejects.toMatchObject({ name: 'NotFoundError' });
  });
});
