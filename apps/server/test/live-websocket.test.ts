import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPulseClient, type ActivityDelta, type DashboardSummary } from '@pulse/api-contract';
import { EventSource } from 'eventsource';
import { pageView, postIngest } from '../testing/http-requests.ts';
import { startTestPulse, type TestPulse } from '../testing/start-test-pulse.ts';

let t: TestPulse;
beforeAll(async () => {
  t = await startTestPulse();
});
afterAll(async () => t?.close());

async function signedInClient(transport: 'websocket' | 'sse') {
  const session = await t.services.auth.login({ email: 'owner@acme.test', password: 'pulse-demo' });
  return createPulseClient({ url: t.url, token: session.accessToken, transport, EventSource });
}

describe.each(['websocket', 'sse'] as const)('live.activity over %s', (transport) => {
  it('receives an event ingested over HTTP, with a resumable id', async () => {
    const client = await signedInClient(transport);
    const items: { id: string; data: ActivityDelta }[] = [];
    const started = Promise.withResolvers<void>();
    const subscription = client.api.live.activity.subscribe({}, { onStarted: () => started.resolve(), onData: (item) => items.push(item) });
    try {
      await started.promise;
      await new Promise((resolve) => setTimeout(resolve, 200));
      const event = pageView(`live-${transport}`);
      expect((await postIngest(t.url, 'pk_demo_acme', { events: [event] })).status).toBe(202);
      await expect.poll(() => items.flatMap((item) => item.data.events).find((e) => e.id === event.id)).toBeTruthy();
      expect(items[0]?.id).toMatch(/^\d+-\d+$/);
    } finally {
      subscription.unsubscribe();
      client.close();
    }
  });
});

describe('resuming', () => {
  it('a client that reconnects with lastEventId gets what it missed, without duplicates', async () => {
    const client = await signedInClient('websocket');
    const first = pageView('resume-1');
    await postIngest(t.url, 'pk_demo_acme', { events: [first] });
    const streamKey = `${t.settings.REDIS_PREFIX}:{${t.organizations.acme}}:activity`;
    // The id of the delta that carried `first`, as a client that saw it would have it.
    const deltaCarrying = async (eventId: string) =>
      (await t.redis.xrange(streamKey, '-', '+')).find(([, fields]) => fields[1]?.includes(eventId));
    await expect.poll(() => deltaCarrying(first.id)).toBeDefined();
    const seen = await deltaCarrying(first.id);
    const backlog = await t.redis.xrange(streamKey, '-', '+');
    const missedA = pageView('resume-2');
    const missedB = pageView('resume-3');
    await postIngest(t.url, 'pk_demo_acme', { events: [missedA] });
    await postIngest(t.url, 'pk_demo_acme', { events: [missedB] });
    await expect.poll(async () => (await t.redis.xlen(streamKey)) >= backlog.length + 2).toBe(true);

    const ids: string[] = [];
    const subscription = client.api.live.activity.subscribe({ lastEventId: seen?.[0] ?? null }, { onData: (item) => ids.push(...item.data.events.map((e) => e.id)) });
    try {
      await expect.poll(() => ids.includes(missedA.id) && ids.includes(missedB.id)).toBe(true);
      expect(ids).not.toContain(first.id);
      expect(new Set(ids).size).toBe(ids.length);
    } finally {
      subscription.unsubscribe();
      client.close();
    }
  });
});

describe('live.counters', () => {
  it('sends the summary at once and again after an event', async () => {
    const client = await signedInClient('websocket');
    const summaries: DashboardSummary[] = [];
    const subscription = client.api.live.counters.subscribe({}, { onData: (summary) => summaries.push(summary) });
    try {
      await expect.poll(() => summaries.length).toBeGreaterThan(0);
      const before = summaries.at(-1)?.eventsToday ?? 0;
      await postIngest(t.url, 'pk_demo_acme', { events: [pageView('counter-user')] });
      await expect.poll(() => summaries.at(-1)?.eventsToday).toBe(before + 1);
    } finally {
      subscription.unsubscribe();
      client.close();
    }
  });
});
