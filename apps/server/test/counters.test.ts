import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DashboardSummary } from '@pulse/api-contract/schemas';
import { readSummary } from '../src/counters/read-summary.ts';
import { rebuildLostCounters } from '../src/counters/rebuild-counters.ts';
import { postIngest } from '../testing/http-requests.ts';
import { startTestPulse, type TestPulse } from '../testing/start-test-pulse.ts';
import { inlinePipeline } from './pipeline-harness.ts';

let t: TestPulse;
beforeAll(async () => {
  t = await startTestPulse();
});
afterAll(async () => t?.close());

const at = new Date().toISOString();
const event = (type: string, userId: string, properties: Record<string, unknown> = {}) => ({ id: crypto.randomUUID(), type, userId, occurredAt: at, properties });
const api = { method: 'GET', route: '/api/employees', status: 200, durationMs: 5 };

/** Everything but the timestamp of a summary: what must survive a rebuild unchanged. */
const comparable = ({ generatedAt: _generatedAt, ...rest }: DashboardSummary) => rest;

async function forgetCounters() {
  const keys = await t.redis.keys(`${t.settings.REDIS_PREFIX}:{*`);
  if (keys.length > 0) await t.redis.del(...keys);
}

describe('live counters', () => {
  it('count logins, logouts, products, API calls and events per type', async () => {
    const organizationId = t.organizations.globex;
    const events = [
      ...Array.from({ length: 3 }, (_, i) => event('USER_LOGIN', `c-${i}`)),
      ...Array.from({ length: 2 }, (_, i) => event('USER_LOGOUT', `c-${i}`)),
      ...Array.from({ length: 4 }, (_, i) => event('PRODUCT_CREATED', `c-${i}`, { productId: `p-${i}` })),
      ...Array.from({ length: 5 }, (_, i) => event('API_CALL', `c-${i}`, api)),
    ];
    expect((await postIngest(t.url, 'pk_demo_globex', { events })).status).toBe(202);
    await expect.poll(async () => (await readSummary(t.redis, t.settings.REDIS_PREFIX, organizationId)).eventsToday).toBe(14);
    const summary = await readSummary(t.redis, t.settings.REDIS_PREFIX, organizationId);
    expect(summary).toMatchObject({ loginsLastHour: 3, logoutsLastHour: 2, productsCreatedToday: 4, apiCallsPerMinute: 5, activeUsers: 5 });
    expect(summary.eventsByTypeToday).toEqual({ USER_LOGIN: 3, USER_LOGOUT: 2, PRODUCT_CREATED: 4, API_CALL: 5 });
  });
});

describe('rebuilding counters from the activity store', () => {
  it('restores exactly what Redis lost, and later batches count on top', async () => {
    const organizationId = t.organizations.globex;
    const before = await readSummary(t.redis, t.settings.REDIS_PREFIX, organizationId, new Date(at));
    expect(before.eventsToday).toBeGreaterThan(0);
    await forgetCounters();
    expect((await readSummary(t.redis, t.settings.REDIS_PREFIX, organizationId, new Date(at))).eventsToday).toBe(0);

    const admin = await t.callerFor('admin@pulse.test');
    const result = await admin.admin.rebuildCounters({ organizationId });
    expect(result.events).toBe(before.eventsToday);
    expect(comparable(await readSummary(t.redis, t.settings.REDIS_PREFIX, organizationId, new Date(at)))).toEqual(comparable(before));

    await postIngest(t.url, 'pk_demo_globex', { events: [event('USER_LOGIN', 'after-rebuild')] });
    await expect.poll(async () => (await readSummary(t.redis, t.settings.REDIS_PREFIX, organizationId)).loginsLastHour).toBe(before.loginsLastHour + 1);
  });

  it('does not count again a batch that was stored before the rebuild but counted after it', async () => {
    const organizationId = t.organizations.acme;
    const job = { batchId: crypto.randomUUID(), organizationId, receivedAt: at, events: [0, 1, 2].map((i) => ({ ...event('USER_LOGIN', `late-${i}`), sessionId: null })) };
    // The worker stored the batch, then died before counting it.
    await t.pulse.store.persistBatch(job);
    await forgetCounters();
    expect(await rebuildLostCounters(t.pulse.orm, t.pulse.store, t.redis, t.settings.REDIS_PREFIX)).toContain(organizationId);
    const rebuilt = await readSummary(t.redis, t.settings.REDIS_PREFIX, organizationId);
    expect(rebuilt.loginsLastHour).toBeGreaterThanOrEqual(3);
    // Its retry now finds the batch already counted by the rebuild.
    const retry = await inlinePipeline(t)(job);
    expect(retry).toMatchObject({ stored: 3, deltaId: null });
    expect((await readSummary(t.redis, t.settings.REDIS_PREFIX, organizationId)).loginsLastHour).toBe(rebuilt.loginsLastHour);
    // A second start finds the counters present and leaves them alone.
    expect(await rebuildLostCounters(t.pulse.orm, t.pulse.store, t.redis, t.settings.REDIS_PREFIX)).toEqual([]);
  });

  it('is for administrators only', async () => {
    const manager = await t.callerFor('manager@acme.test');
    await expect(manager.admin.rebuildCounters({})).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
