import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type WidgetResult, WidgetQuery } from '@pulse/api-contract/schemas';
import { withDatabaseName } from '@pulse/db';
import { prepareTemplateDatabase } from '@pulse/db/testing';
import type { CircuitBreaker } from '../src/breakers/circuit-breaker.ts';
import { postIngest } from '../testing/http-requests.ts';
import { startPrivatePostgres, type PrivatePostgres } from '../testing/private-postgres.ts';
import { startPrivateRedis, type PrivateRedis } from '../testing/private-redis.ts';
import { startTestPulse, type TestPulse } from '../testing/start-test-pulse.ts';

// Degraded, not down (issue 11): with Redis or Postgres stopped, widgets.data still answers,
// from what is left, marked stale, and the breaker keeps calls away from the dependency.

const activityCount = { id: 'events-24h', query: WidgetQuery.parse({ source: 'activity', measure: { kind: 'count' }, timeRange: { kind: 'relative', range: 'last_24h' } }) };
const eventsToday = { id: 'events-today', query: WidgetQuery.parse({ source: 'counters', counter: 'events_today' }) };
const scalar = (widgets: WidgetResult[], id: string) => {
  const data = widgets.find((widget) => widget.widgetId === id)?.data;
  return data?.shape === 'scalar' ? data.value : undefined;
};

/**
 * What reached the dependency while it was away: every call the breaker let through then was a
 * probe that failed and opened it again, so the calls passed equal the re-openings; all others
 * were refused without a call. Holds whatever the timing, unlike counting on the cool-down.
 */
function watch(breaker: CircuitBreaker) {
  const start = { ...breaker.stats };
  return () => ({
    reachedDependency: breaker.stats.passed - start.passed,
    probesThatFailed: breaker.stats.opened - start.opened,
    refused: breaker.stats.shortCircuited - start.shortCircuited,
  });
}

describe('while Redis is away', () => {
  let dir: string;
  let redis: PrivateRedis;
  let t: TestPulse;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pulse-degraded-'));
    // Durable, as the operations docs ask: the queues are still there when it is back.
    redis = await startPrivateRedis({ durableDir: dir });
    t = await startTestPulse({ REDIS_URL: redis.url, BREAKER_COOL_DOWN_MS: '1000' });
  });
  afterAll(async () => {
    await redis?.start().catch(() => undefined);
    await t?.close();
    await redis?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('answers from the Postgres rollups marked stale, calls Redis no more once the breaker opened, and is fresh again after', async () => {
    const caller = await t.callerFor('owner@acme.test');
    const widgets = [activityCount, eventsToday];
    const events = Array.from({ length: 4 }, () => ({ id: crypto.randomUUID(), type: 'PAGE_VIEW', userId: 'degraded-user', occurredAt: new Date().toISOString(), properties: { path: '/degraded' } }));
    expect((await postIngest(t.url, 'pk_demo_acme', { events })).status).toBe(202);
    // Counted in Redis and rolled up in Postgres alike before Redis goes.
    const numbers = (answer: { widgets: WidgetResult[] }) => answer.widgets.map((widget) => [widget.stale?.reason ?? 'fresh', scalar([widget], widget.widgetId)]);
    await expect.poll(async () => numbers(await caller.widgets.data({ widgets })), { timeout: 15_000 }).toEqual([
      ['fresh', 4],
      ['fresh', 4],
    ]);
    const before = await caller.widgets.data({ widgets });

    await redis.stop();
    // Answers cached in process a moment ago need no Redis: the first read that does opens the breaker.
    await expect.poll(async () => numbers(await caller.widgets.data({ widgets }))).toEqual([
      ['redis_unavailable', 4],
      // The live counter exists only in Redis: it is answered from the rollups of today instead.
      ['redis_unavailable', 4],
    ]);
    expect(t.pulse.breakers.redis.since).not.toBeNull();
    expect((await caller.widgets.data({ widgets })).version).toBe(before.version);

    const reached = watch(t.pulse.breakers.redis);
    for (let call = 0; call < 5; call++) {
      const answer = await caller.widgets.data({ widgets });
      expect(numbers(answer)).toEqual([
        ['redis_unavailable', 4],
        ['redis_unavailable', 4],
      ]);
    }
    const { reachedDependency, probesThatFailed, refused } = reached();
    expect(reachedDependency).toBe(probesThatFailed);
    // Each call needs Redis for its data version and the live counters (the other widget's
    // answer is in the process cache at this version), and was refused them.
    expect(refused).toBeGreaterThanOrEqual(5 * 2 - reachedDependency);

    // The live counters on their own are the contract's retryable UNAVAILABLE, at once.
    await expect(caller.dashboards.summary({})).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    // Readiness says so, and stays 200: the process still serves.
    const ready = await fetch(`${t.url}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'degraded', checks: { redis: { ok: false }, postgres: { ok: true } }, breakers: { redis: { state: expect.stringMatching(/open/) } } });

    await redis.start();
    await expect.poll(async () => (await caller.widgets.data({ widgets })).widgets.map((widget) => widget.stale), { timeout: 15_000 }).toEqual([null, null]);
    expect(t.pulse.breakers.redis.state).toBe('closed');
    expect(await (await fetch(`${t.url}/ready`)).json()).toMatchObject({ status: 'ready', breakers: { redis: { state: 'closed', since: null } } });
    expect(scalar((await caller.widgets.data({ widgets })).widgets, eventsToday.id)).toBe(4);
  });
});

describe('while Postgres is away', () => {
  let dir: string;
  let postgres: PrivatePostgres;
  let t: TestPulse;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pulse-degraded-'));
    postgres = await startPrivatePostgres(dir);
    const database = await prepareTemplateDatabase(postgres.adminUrl);
    t = await startTestPulse({ PULSE_ROLE: 'api', DATABASE_URL: withDatabaseName(postgres.adminUrl, database.name), BREAKER_COOL_DOWN_MS: '1000' });
  }, 60_000);
  afterAll(async () => {
    await postgres?.start().catch(() => undefined);
    await t?.close();
    await postgres?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('opens the last dashboard read with its last numbers marked stale, and an unknown widget gets an error, not the whole call', async () => {
    const owner = await t.callerFor('owner@acme.test');
    const leader = await t.callerFor('leader@acme.test');
    const dashboardId = (await owner.dashboards.home({})).dashboard.id;
    const before = await owner.widgets.data({ dashboardId });
    expect(before.widgets.length).toBeGreaterThan(0);
    expect(before.widgets.every((widget) => widget.stale === null && widget.error === null)).toBe(true);

    await postgres.stop();
    const reached = watch(t.pulse.breakers.postgres);
    const during = await owner.widgets.data({ dashboardId });
    expect(t.pulse.breakers.postgres.since).not.toBeNull();
    expect(during.widgets.map((widget) => widget.widgetId)).toEqual(before.widgets.map((widget) => widget.widgetId));
    for (const [index, widget] of during.widgets.entries()) {
      const previous = before.widgets[index];
      // The numbers of the last answer, with their own asOf; the live counters still come from Redis.
      expect(widget.data, widget.widgetId).toEqual(previous?.data);
      if (previous?.range === null) expect(widget.stale, widget.widgetId).toBeNull();
      else expect(widget.stale, widget.widgetId).toMatchObject({ reason: 'postgres_unavailable' });
    }
    expect(during.widgets.some((widget) => widget.stale !== null)).toBe(true);
    expect((await owner.dashboards.get({ id: dashboardId })).id).toBe(dashboardId);

    const unknown = await owner.widgets.data({ widgets: [{ id: 'never-asked', query: WidgetQuery.parse({ source: 'activity', measure: { kind: 'distinct_users' }, timeRange: { kind: 'relative', range: 'last_7d' } }) }] });
    expect(unknown.widgets[0]).toMatchObject({ widgetId: 'never-asked', data: null, error: { code: 'UNAVAILABLE' } });
    // A dashboard this viewer never opened here: the contract's retryable UNAVAILABLE.
    await expect(leader.dashboards.get({ id: dashboardId })).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });

    for (let call = 0; call < 3; call++) await owner.widgets.data({ dashboardId });
    const { reachedDependency, probesThatFailed, refused } = reached();
    expect(reachedDependency - probesThatFailed).toBeLessThanOrEqual(1);
    expect(refused).toBeGreaterThan(0);

    await postgres.start();
    await expect.poll(async () => (await owner.widgets.data({ dashboardId })).widgets.every((widget) => widget.stale === null), { timeout: 15_000 }).toBe(true);
    expect(t.pulse.breakers.postgres.state).toBe('closed');
  });
});
