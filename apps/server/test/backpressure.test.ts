import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createPulseClient, type PulseClient } from '@pulse/api-contract/client';
import { runSql } from '@pulse/db';
import { Queue } from 'bullmq';
import { ANALYTICS_PROCESSING_QUEUE } from '../src/pipeline/pipeline-queues.ts';
import { pageView, postIngest } from '../testing/http-requests.ts';
import { startTestPulse, type TestPulse } from '../testing/start-test-pulse.ts';
import { startTestWorker } from './pipeline-harness.ts';
import { startPrivateRedis } from '../testing/private-redis.ts';

const FAST_RETRY = { attempts: 20, baseDelayMs: 20, maxDelayMs: 200 };

async function storedIds(t: TestPulse, ids: string[]): Promise<string[]> {
  const rows = await runSql<{ id: string }>(t.pulse.orm.em.fork(), 'SELECT id FROM activity_events WHERE id = ANY($1::uuid[])', [ids]);
  return rows.map((row) => row.id).sort();
}

const clients: PulseClient[] = [];
const clientFor = (t: TestPulse, retry: Partial<typeof FAST_RETRY>) => {
  const client = createPulseClient({ url: t.url, token: 'pk_demo_acme', retry });
  clients.push(client);
  return client;
};
afterEach(() => {
  for (const client of clients.splice(0)) client.close();
});

describe('when the activity-log queue is deeper than INGEST_MAX_QUEUE_DEPTH', () => {
  let t: TestPulse;
  // An api-only Pulse: no worker drains the queue until the test starts one.
  beforeAll(async () => {
    t = await startTestPulse({ PULSE_ROLE: 'api', INGEST_MAX_QUEUE_DEPTH: '3', INGEST_GROUP_COMMIT_MS: '0' });
  });
  afterAll(async () => t?.close());

  it('answers 503 with Retry-After, keeps nothing of the refused call, and the client gets through once the queue drains', async () => {
    const accepted: string[] = [];
    // Fill the queue (one job per call) until the depth reading catches up and ingest refuses.
    let refused: { status: number; body: Record<string, unknown>; retryAfter: string | null; eventId: string } | undefined;
    await expect
      .poll(async () => {
        const event = pageView('bp-user');
        const response = await fetch(`${t.url}/api/ingest`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: 'Bearer pk_demo_acme' },
          body: JSON.stringify({ events: [event] }),
        });
        const body = (await response.json()) as Record<string, unknown>;
        if (response.status === 202) accepted.push(event.id);
        else refused = { status: response.status, body, retryAfter: response.headers.get('retry-after'), eventId: event.id };
        return response.status;
      })
      .toBe(503);
    expect(accepted.length).toBeGreaterThanOrEqual(3);
    expect(refused?.retryAfter).toBe('2');
    expect(refused?.body).toMatchObject({ error: 'unavailable', reason: 'queue_full', retryAfterSeconds: 2 });

    // The Segment endpoints refuse the same way, so Segment SDKs back off and resend.
    const segment = await fetch(`${t.url}/v1/batch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from('pk_demo_acme:').toString('base64')}` },
      body: JSON.stringify({ batch: [{ type: 'track', userId: 'bp-segment', event: 'Refused' }] }),
    });
    expect(segment.status).toBe(503);
    expect(segment.headers.get('retry-after')).toBe('2');
    expect(await segment.json()).toMatchObject({ success: false, reason: 'queue_full' });

    // tRPC answers the same refusal with a code and hint the typed client recognises.
    const once = clientFor(t, { attempts: 1 });
    const failure = await once.send([pageView('bp-trpc')]).catch((error: unknown) => error);
    expect(failure).toMatchObject({ name: 'TRPCClientError', data: { code: 'SERVICE_UNAVAILABLE', httpStatus: 503, retryAfterSeconds: 2 } });

    // A retrying send waits; a worker starts draining; the send gets through.
    const patient = clientFor(t, FAST_RETRY);
    const retried = [pageView('bp-retry'), pageView('bp-retry')];
    const sending = patient.send(retried);
    const stopWorker = startTestWorker(t, 2);
    try {
      const result = await sending;
      expect(result.ids).toEqual(retried.map((event) => event.id));
      const expected = [...accepted, ...result.ids].sort();
      await expect.poll(() => storedIds(t, [...expected, refused?.eventId ?? ''])).toEqual(expected);
    } finally {
      await stopWorker();
    }
  });
});

describe('when a step after activity-log falls behind', () => {
  let t: TestPulse;
  beforeAll(async () => {
    t = await startTestPulse({ PULSE_ROLE: 'api', INGEST_MAX_QUEUE_DEPTH: '50', INGEST_GROUP_COMMIT_MS: '0' });
  });
  afterAll(async () => t?.close());

  it('refuses ingest too, until that queue is back under the limit', async () => {
    const analytics = new Queue(ANALYTICS_PROCESSING_QUEUE, { connection: t.redis, prefix: t.settings.REDIS_PREFIX });
    const post = async () => (await postIngest(t.url, 'pk_demo_acme', { events: [pageView('behind')] })).status;
    try {
      expect(await post()).toBe(202);
      // 50 batches waiting for engagement processing; only the few posted here wait for persistence.
      const engagement = { organizationId: t.organizations.acme, events: [{ type: 'PAGE_VIEW', userId: 'u', occurredAt: new Date().toISOString() }] };
      await analytics.addBulk(Array.from({ length: 50 }, () => ({ name: 'engagement', data: { ...engagement, batchId: crypto.randomUUID() } })));
      await expect.poll(post).toBe(503);
      await analytics.drain();
      await expect.poll(post).toBe(202);
    } finally {
      await analytics.close();
    }
  });
});

describe('when Redis is unreachable', () => {
  let t: TestPulse;
  let redis: Awaited<ReturnType<typeof startPrivateRedis>>;
  beforeAll(async () => {
    redis = await startPrivateRedis();
    t = await startTestPulse({ REDIS_URL: redis.url });
  });
  afterAll(async () => {
    await redis?.start().catch(() => undefined);
    await t?.close();
    await redis?.stop();
  });

  it('answers 503 at once, and the client succeeds once Redis is back', async () => {
    await redis.stop();
    const event = pageView('down-user');
    // The bound only guards against a hang; the refusal needs no Redis round trip at all.
    const response = await fetch(`${t.url}/api/ingest`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer pk_demo_acme' },
      body: JSON.stringify({ events: [event] }),
      signal: AbortSignal.timeout(5000),
    });
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
    expect(await response.json()).toMatchObject({ error: 'unavailable', reason: 'redis_unreachable' });

    const client = clientFor(t, FAST_RETRY);
    const events = [pageView('down-retry'), pageView('down-retry')];
    const sending = client.send(events);
    await redis.start();
    const result = await sending;
    expect(result.accepted).toBe(2);
    await expect.poll(() => storedIds(t, [...result.ids, event.id])).toEqual([...result.ids].sort());
  });
});
