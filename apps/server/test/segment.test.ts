import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Analytics } from '@segment/analytics-node';
import { runSql } from '@pulse/db';
import { INGEST_LIMITS } from '@pulse/api-contract/schemas';
import { readSummary } from '../src/counters/read-summary.ts';
import { uuidV5 } from '../src/http/segment-mapping.ts';
import { startTestPulse, type TestPulse } from '../testing/start-test-pulse.ts';

let t: TestPulse;
beforeAll(async () => {
  t = await startTestPulse();
});
afterAll(async () => t?.close());

type StoredRow = { id: string; type: string; user_id: string | null; occurred_at: string; properties: Record<string, unknown> };

const rowsOf = (userPrefix: string) =>
  runSql<StoredRow>(
    t.pulse.orm.em.fork(),
    'SELECT id, type, user_id, occurred_at, properties FROM activity_events WHERE organization_id = $1 AND user_id LIKE $2 ORDER BY occurred_at, id',
    [t.organizations.acme, `${userPrefix}%`],
  );

/** A real Segment SDK pointed at Pulse; every HTTP answer it gets is recorded. */
function segmentClient() {
  const analytics = new Analytics({ writeKey: 'pk_demo_acme', host: t.url, path: '/v1/batch', maxEventsInBatch: 10, flushInterval: 50, maxRetries: 2 });
  const statuses: number[] = [];
  const errors: unknown[] = [];
  analytics.on('http_response', (response) => statuses.push(response.status));
  analytics.on('error', (error) => errors.push(error));
  return { analytics, statuses, errors };
}

describe('the Segment SDK (@segment/analytics-node) sending to /v1/batch', () => {
  it('stores track, page and screen calls as Pulse events, acknowledges the rest, and counts them', async () => {
    const run = `seg-${crypto.randomUUID().slice(0, 8)}`;
    const before = (await readSummary(t.redis, t.settings.REDIS_PREFIX, t.organizations.acme)).eventsToday;
    const at = new Date(Date.now() - 60_000);
    const { analytics, statuses, errors } = segmentClient();
    for (let i = 0; i < 23; i++) {
      analytics.track({ userId: `${run}-user-${i % 4}`, event: 'Order Completed', properties: { total: i, currency: 'EUR' }, timestamp: at });
    }
    analytics.track({ anonymousId: `${run}-anon`, event: 'USER_LOGIN', properties: { method: 'sso' }, timestamp: at });
    analytics.page({ userId: `${run}-user-0`, name: 'Pricing', properties: { url: 'https://app.example/pricing?plan=pro' }, timestamp: at });
    analytics.screen({ userId: `${run}-user-1`, name: 'Home', timestamp: at });
    analytics.identify({ userId: `${run}-user-0`, traits: { plan: 'pro' } });
    analytics.group({ userId: `${run}-user-0`, groupId: 'acme' });
    analytics.alias({ userId: `${run}-user-0`, previousId: `${run}-anon` });
    await analytics.closeAndFlush();

    expect(errors).toEqual([]);
    expect(statuses.length).toBeGreaterThanOrEqual(3); // 29 calls in batches of at most 10
    expect(new Set(statuses)).toEqual(new Set([200]));
    await expect.poll(async () => (await rowsOf(run)).length).toBe(26);

    const rows = await rowsOf(run);
    const order = rows.find((row) => row.type === 'custom.Order Completed' && row.properties.total === 0);
    expect(order?.user_id).toBe(`${run}-user-0`);
    expect(new Date(order?.occurred_at ?? 0).toISOString()).toBe(at.toISOString());
    expect(order?.properties).toMatchObject({ total: 0, currency: 'EUR', segment: { event: 'Order Completed' } });
    // The SDK's messageIds (node-next-...) are not uuids: the id is derived from them.
    const messageId = (order?.properties.segment as { messageId?: string } | undefined)?.messageId;
    expect(messageId).toMatch(/^node-next-/);
    expect(order?.id).toBe(uuidV5(t.organizations.acme, messageId ?? ''));

    const login = rows.find((row) => row.type === 'USER_LOGIN');
    expect(login?.user_id).toBe(`${run}-anon`);
    expect(login?.properties).toMatchObject({ method: 'sso', segment: { anonymousId: `${run}-anon` } });
    expect(rows.find((row) => row.type === 'PAGE_VIEW')?.properties).toMatchObject({ path: '/pricing', title: 'Pricing', segment: { name: 'Pricing' } });
    expect(rows.find((row) => row.type === 'custom.screen')?.properties).toMatchObject({ segment: { name: 'Home' } });

    await expect.poll(async () => (await readSummary(t.redis, t.settings.REDIS_PREFIX, t.organizations.acme)).eventsToday).toBe(before + 26);
  });

  it('stores a resent message once: the event id comes from messageId', async () => {
    const run = `dedupe-${crypto.randomUUID().slice(0, 8)}`;
    const at = new Date();
    const uuidMessageId = crypto.randomUUID();
    const send = async () => {
      const { analytics, statuses } = segmentClient();
      analytics.track({ userId: `${run}-a`, event: 'Signed Up', messageId: uuidMessageId, timestamp: at });
      analytics.track({ userId: `${run}-b`, event: 'Signed Up', messageId: `${run}-custom-id`, timestamp: at });
      await analytics.closeAndFlush();
      return statuses;
    };
    expect(await send()).toEqual([200]);
    expect(await send()).toEqual([200]);
    // A marker sent after the duplicates: once it is stored, the duplicates were processed too.
    const { analytics } = segmentClient();
    analytics.track({ userId: `${run}-marker`, event: 'Marker', timestamp: at });
    await analytics.closeAndFlush();
    await expect.poll(async () => (await rowsOf(run)).length).toBe(3);
    const ids = (await rowsOf(run)).map((row) => row.id).sort();
    expect(ids).toContain(uuidMessageId);
    expect(ids).toContain(uuidV5(t.organizations.acme, `${run}-custom-id`));
  });
});

/** A raw Segment HTTP API call, as curl or any other SDK would make it. */
async function postSegment(path: string, body: unknown, auth: string | null = `Basic ${Buffer.from('pk_demo_acme:').toString('base64')}`) {
  const response = await fetch(`${t.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(auth ? { authorization: auth } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('the Segment HTTP API', () => {
  it('takes single calls on /v1/track and /v1/page and acknowledges /v1/identify', async () => {
    const run = `single-${crypto.randomUUID().slice(0, 8)}`;
    expect(await postSegment('/v1/track', { userId: `${run}-u`, event: 'Clicked', properties: { button: 'buy' } })).toEqual({
      status: 200,
      body: { success: true, accepted: 1, people: 0, ignored: 0 },
    });
    expect((await postSegment('/v1/page', { userId: `${run}-u`, properties: { path: '/docs' } })).body).toMatchObject({ success: true, accepted: 1 });
    expect(await postSegment('/v1/identify', { userId: `${run}-u`, traits: { email: 'a@b.test' } })).toEqual({
      status: 200,
      body: { success: true, accepted: 0, people: 0, ignored: 1 },
    });
    await expect.poll(async () => (await rowsOf(run)).map((row) => row.type).sort()).toEqual(['PAGE_VIEW', 'custom.Clicked']);
  });

  it('answers 401 without the write key or with a wrong one', async () => {
    const message = { batch: [{ type: 'track', userId: 'u', event: 'X' }] };
    expect(await postSegment('/v1/batch', message, null)).toMatchObject({ status: 401, body: { success: false, error: 'unauthorized' } });
    expect((await postSegment('/v1/batch', message, `Basic ${Buffer.from('pk_wrong:').toString('base64')}`)).status).toBe(401);
    expect((await postSegment('/v1/batch', message, 'Basic !!!')).status).toBe(401);
  });

  it('answers 400 pointing at the message and field in Segment terms, and stores nothing of the batch', async () => {
    const run = `bad-${crypto.randomUUID().slice(0, 8)}`;
    const response = await postSegment('/v1/batch', {
      batch: [
        { type: 'track', userId: `${run}-u`, event: 'Fine' },
        { type: 'track', userId: `${run}-u` },
      ],
    });
    expect(response).toMatchObject({ status: 400, body: { success: false, error: 'invalid_events' } });
    expect(response.body.issues).toMatchObject([{ path: ['batch', 1, 'event'], message: 'a track call needs an event name' }]);

    const invalid = await postSegment('/v1/batch', {
      batch: [
        { type: 'identify', userId: 'ignored' },
        { type: 'track', userId: `${run}-u`, event: 'API_CALL', properties: { method: 'GET' } },
        { type: 'track', userId: `${run}-u`, event: 'Old', timestamp: '2020-01-01T00:00:00Z' },
      ],
    });
    expect(invalid.status).toBe(400);
    const paths = (invalid.body.issues as { path: unknown[] }[]).map((issue) => issue.path.join('.'));
    expect(paths).toContain('batch.1.properties.route');
    const stale = await postSegment('/v1/track', { userId: `${run}-u`, event: 'Old', timestamp: '2020-01-01T00:00:00Z' });
    expect(stale.status).toBe(400);
    expect(stale.body.issues).toMatchObject([{ path: ['timestamp'] }]);
    expect(await rowsOf(run)).toEqual([]);
  });

  it('answers 400 for bad JSON and too many messages, 413 over the size limit, 404 for other paths', async () => {
    expect(await postSegment('/v1/batch', '{"batch": [')).toMatchObject({ status: 400, body: { success: false, error: 'invalid_json' } });
    const tooMany = { batch: Array.from({ length: INGEST_LIMITS.maxEventsPerBatch + 1 }, () => ({ type: 'track', userId: 'u', event: 'X' })) };
    const many = await postSegment('/v1/batch', tooMany);
    expect(many.status).toBe(400);
    expect(JSON.stringify(many.body.issues)).toContain(`at most ${INGEST_LIMITS.maxEventsPerBatch} messages per batch`);
    const huge = { batch: [{ type: 'track', userId: 'u', event: 'X', properties: { blob: 'x'.repeat(INGEST_LIMITS.maxBatchBytes) } }] };
    expect(await postSegment('/v1/batch', huge)).toMatchObject({ status: 413, body: { success: false, error: 'payload_too_large' } });
    expect((await postSegment('/v1/import', { batch: [] })).status).toBe(404);
  });
});
