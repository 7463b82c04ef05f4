import { type AddressInfo, createConnection } from 'node:net';
import { createServer, request } from 'node:http';
import { deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSql } from '@pulse/db';
import { INGEST_LIMITS } from '@pulse/api-contract/schemas';
import type { Authenticate } from '../src/auth/authenticate.ts';
import { readSummary } from '../src/counters/read-summary.ts';
import { createMetricsIngestRoute } from '../src/http/metrics-ingest.route.ts';
import { forgetExpiredEventIds } from '../src/maintenance/partition-maintenance.ts';
import type { MetricRecorder } from '../src/metrics/metric-recorder.ts';
import type { ActivityLogJob } from '../src/batch/activity-batch.ts';
import { pageView, postIngest, postMetrics } from '../testing/http-requests.ts';
import { startTestPulse, type TestPulse } from '../testing/start-test-pulse.ts';
import { inlinePipeline } from './pipeline-harness.ts';

// Issue 11, "nothing accepted is lost": what is answered 2xx is stored, once per id, whatever
// the text, the timestamps or the encoding of the body.
let t: TestPulse;
beforeAll(async () => {
  t = await startTestPulse();
});
afterAll(async () => t?.close());

const DAY_MS = 86_400_000;
const eventsToday = async (organizationId: string) => (await readSummary(t.redis, t.settings.REDIS_PREFIX, organizationId)).eventsToday;
const rowsWithId = async (id: string) => runSql<{ occurred_at: string }>(t.pulse.orm.em.fork(), 'SELECT occurred_at FROM activity_events WHERE id = $1', [id]);
type Issue = { path: (string | number)[]; message: string; code?: string };
const issuesOf = (body: Record<string, unknown>) => body.issues as Issue[];

/** Waits until a marker sent after `events` is stored: everything queued before it was processed. */
async function afterMarker(key: string, organizationId: string, expectedStored: number) {
  expect((await postIngest(t.url, key, { events: [pageView('trust-marker')] })).status).toBe(202);
  await expect.poll(() => t.storedCount(organizationId), { timeout: 10_000 }).toBe(expectedStored + 1);
}

async function post(path: string, body: Buffer | string, headers: Record<string, string>): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${t.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : new Uint8Array(body) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const segmentAuth = { authorization: `Basic ${Buffer.from('pk_demo_acme:').toString('base64')}` };
const bearer = { authorization: 'Bearer pk_demo_acme' };

describe('text Postgres cannot store (finding 1)', () => {
  it.each([
    ['a NUL in a property value', { type: 'custom.x', properties: { a: '\u0000' } }, ['events', 1, 'properties', 'a']],
    ['a lone surrogate in a property value', { type: 'custom.x', properties: { deep: [{ b: 'x\ud800' }] } }, ['events', 1, 'properties', 'deep', 0, 'b']],
    ['a lone surrogate in a property key', { type: 'custom.x', properties: { '\udc00k': 1 } }, ['events', 1, 'properties', '\udc00k']],
    ['a NUL in the user id', { type: 'custom.x', userId: 'u\u0000' }, ['events', 1, 'userId']],
    ['a NUL in the type', { type: 'custom.x\u0000' }, ['events', 1, 'type']],
  ])('POST /api/ingest refuses %s with 400 naming the event and field, and queues none of the batch', async (_, bad, path) => {
    const before = await t.storedCount(t.organizations.acme);
    const good = pageView('unstorable-neighbour');
    const response = await postIngest(t.url, 'pk_demo_acme', { events: [good, bad] });
    expect(response.status).toBe(400);
    expect(response.body.error).toBe('invalid_events');
    expect(issuesOf(response.body)).toEqual([expect.objectContaining({ path, code: 'unstorable_text', message: expect.stringContaining('NUL') })]);
    await afterMarker('pk_demo_acme', t.organizations.acme, before);
    expect(await rowsWithId(good.id)).toHaveLength(0);
  });

  it('the Segment routes refuse it with 400 and the message path as sent', async () => {
    const batch = await post('/v1/batch', JSON.stringify({ batch: [{ type: 'track', event: 'ok', userId: 'u' }, { type: 'track', event: 'x', userId: 'u', properties: { a: 'b\u0000' } }] }), segmentAuth);
    expect(batch.status).toBe(400);
    expect(batch.body.success).toBe(false);
    expect(issuesOf(batch.body).map((issue) => issue.path)).toEqual([['batch', 1, 'properties', 'a']]);
    const track = await post('/v1/track', JSON.stringify({ event: 'x', userId: '\ud800' }), segmentAuth);
    expect(track.status).toBe(400);
    expect(issuesOf(track.body).map((issue) => issue.path)).toEqual([['userId']]);
  });

  it('POST /api/metrics refuses it with 400, not 503', async () => {
    const sample = { name: 'trust_text', type: 'gauge', category: 'system', value: 1, labels: { host: 'a\u0000' } };
    const response = await postMetrics(t.url, 'pk_demo_acme', { samples: [sample] });
    expect(response.status).toBe(400);
    expect(issuesOf(response.body).map((issue) => issue.path)).toEqual([['samples', 0, 'labels', 'host']]);
  });
});

describe('a batch that Postgres refuses for one event (finding 1, in the worker)', () => {
  it('stores and counts the 10 good events and records the bad one for an operator, once', async () => {
    const organizationId = t.organizations.globex;
    const storedBefore = await t.storedCount(organizationId);
    const countedBefore = await eventsToday(organizationId);
    const now = new Date().toISOString();
    const event = (i: number, properties: Record<string, unknown>) => ({ id: crypto.randomUUID(), type: 'custom.split', userId: `split-${i}`, sessionId: null, occurredAt: now, properties });
    // Past the API's check (a crafted job): what Postgres refuses even though it was accepted.
    const bad = event(99, { note: 'nul \u0000 here' });
    const good = Array.from({ length: 10 }, (_, i) => event(i, { i }));
    const job: ActivityLogJob = { batchId: crypto.randomUUID(), organizationId, receivedAt: now, events: [...good.slice(0, 4), bad, ...good.slice(4)] };
    const run = inlinePipeline(t);
    const first = await run(job);
    expect(first.stored).toBe(10);
    expect(first.deltaId).not.toBeNull();
    expect(await t.storedCount(organizationId)).toBe(storedBefore + 10);
    expect(await eventsToday(organizationId)).toBe(countedBefore + 10);

    const rejected = await runSql<{ event_id: string; batch_id: string; reason: string; event: string }>(
      t.pulse.orm.em.fork(),
      'SELECT event_id, batch_id, reason, event FROM rejected_events WHERE organization_id = $1',
      [organizationId],
    );
    // The event as it would have been stored, with the attribution the batch gave it (none here).
    expect(rejected).toEqual([{ event_id: bad.id, batch_id: job.batchId, reason: expect.stringMatching(/\S/), event: JSON.stringify({ ...bad, branchId: null, departmentId: null }) }]);

    // A retry of the job (stalled worker) changes nothing: no second row, no second count.
    const second = await run(job);
    expect(second.stored).toBe(10);
    expect(second.deltaId).toBeNull();
    expect(await t.storedCount(organizationId)).toBe(storedBefore + 10);
    const [again] = await runSql<{ n: string }>(t.pulse.orm.em.fork(), 'SELECT count(*) AS n FROM rejected_events WHERE organization_id = $1', [organizationId]);
    expect(Number(again?.n)).toBe(1);
  });
});

describe('the same event id twice (finding 3)', () => {
  it('is stored and counted once when sent without occurredAt', async () => {
    const organizationId = t.organizations.acme;
    const stored = await t.storedCount(organizationId);
    const counted = await eventsToday(organizationId);
    const id = crypto.randomUUID();
    const event = { id, type: 'PAGE_VIEW', userId: 'resender', properties: { path: '/again' } };
    expect((await postIngest(t.url, 'pk_demo_acme', { events: [event] })).status).toBe(202);
    await expect.poll(() => t.storedCount(organizationId)).toBe(stored + 1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect((await postIngest(t.url, 'pk_demo_acme', { events: [event] })).status).toBe(202);
    await afterMarker('pk_demo_acme', organizationId, stored + 1);
    expect(await rowsWithId(id)).toHaveLength(1);
    await expect.poll(() => eventsToday(organizationId)).toBe(counted + 2);
  });

  it('is stored once across day partitions and within one batch with two times', async () => {
    const organizationId = t.organizations.globex;
    const stored = await t.storedCount(organizationId);
    const id = crypto.randomUUID();
    const yesterday = new Date(Date.now() - DAY_MS).toISOString();
    const event = (occurredAt: string) => ({ id, type: 'PAGE_VIEW', userId: 'two-days', occurredAt, properties: { path: '/' } });
    expect((await postIngest(t.url, 'pk_demo_globex', { events: [event(yesterday)] })).status).toBe(202);
    await expect.poll(() => t.storedCount(organizationId)).toBe(stored + 1);
    expect((await postIngest(t.url, 'pk_demo_globex', { events: [event(new Date().toISOString())] })).status).toBe(202);
    const other = crypto.randomUUID();
    const twice = [new Date(Date.now() - 1000).toISOString(), new Date().toISOString()].map((occurredAt) => ({ id: other, type: 'custom.twice', occurredAt }));
    expect((await postIngest(t.url, 'pk_demo_globex', { events: twice })).status).toBe(202);
    await afterMarker('pk_demo_globex', organizationId, stored + 2);
    expect(await rowsWithId(id)).toEqual([{ occurred_at: expect.stringContaining(yesterday.slice(0, 10)) }]);
    expect(await rowsWithId(other)).toHaveLength(1);
  });

  it('is stored once across a restart of Pulse, and ids are per organization', async () => {
    const id = crypto.randomUUID();
    const event = { id, type: 'custom.restart' };
    const acme = await t.storedCount(t.organizations.acme);
    const globex = await t.storedCount(t.organizations.globex);
    expect((await postIngest(t.url, 'pk_demo_acme', { events: [event] })).status).toBe(202);
    await expect.poll(() => t.storedCount(t.organizations.acme)).toBe(acme + 1);
    await t.restart();
    expect((await postIngest(t.url, 'pk_demo_acme', { events: [event] })).status).toBe(202);
    // The same id from another organization is another event.
    expect((await postIngest(t.url, 'pk_demo_globex', { events: [event] })).status).toBe(202);
    await afterMarker('pk_demo_acme', t.organizations.acme, acme + 1);
    await expect.poll(() => t.storedCount(t.organizations.globex)).toBe(globex + 1);
    expect(await rowsWithId(id)).toHaveLength(2);
  });
});

describe('the deduplication window', () => {
  it('keeps an id as long as its day partition is kept, and forgets it with that day', async () => {
    const em = t.pulse.orm.em.fork();
    const organizationId = t.organizations.acme;
    const retentionDays = 31;
    const now = new Date();
    const dayStart = (ms: number) => new Date(Math.floor(ms / DAY_MS) * DAY_MS);
    // The first day whose partition retention keeps, and the last one it drops.
    const oldestKept = dayStart(now.getTime() - retentionDays * DAY_MS);
    const [kept, forgotten] = [crypto.randomUUID(), crypto.randomUUID()];
    const claim = 'INSERT INTO activity_event_ids (organization_id, id, occurred_at) VALUES ($1, $2, $3)';
    await runSql(em, claim, [organizationId, kept, oldestKept.toISOString()]);
    await runSql(em, claim, [organizationId, forgotten, new Date(oldestKept.getTime() - 1).toISOString()]);
    expect((await forgetExpiredEventIds(t.pulse.orm, retentionDays, now)).ids).toBeGreaterThanOrEqual(1);
    const left = await runSql<{ id: string }>(em, 'SELECT id FROM activity_event_ids WHERE id = ANY($1)', [[kept, forgotten]]);
    expect(left.map((row) => row.id)).toEqual([kept]);
  });
});

describe('compressed bodies (finding 4)', () => {
  const batch = () => JSON.stringify({ events: [pageView('gzip-user')] });

  it('accepts gzip and deflate on /api/ingest, the Segment routes and /api/metrics', async () => {
    const gzip = { ...bearer, 'content-encoding': 'gzip' };
    expect((await post('/api/ingest', gzipSync(batch()), gzip)).status).toBe(202);
    expect((await post('/api/ingest', deflateSync(batch()), { ...bearer, 'content-encoding': 'deflate' })).status).toBe(202);
    const segment = JSON.stringify({ batch: [{ type: 'track', event: 'zipped', userId: 'gzip-user' }] });
    expect(await post('/v1/batch', gzipSync(segment), { ...segmentAuth, 'content-encoding': 'gzip' })).toMatchObject({ status: 200, body: { success: true, accepted: 1 } });
    const samples = JSON.stringify({ samples: [{ name: 'trust_zipped', type: 'gauge', category: 'system', value: 1 }] });
    expect((await post('/api/metrics', gzipSync(samples), gzip)).status).toBe(202);
  });

  it('applies the size limit after decompression: a small body that inflates past it gets 413', async () => {
    const inflated = `{"events":[${' '.repeat(INGEST_LIMITS.maxBatchBytes * 8)}]}`;
    const small = gzipSync(inflated, { level: 9 });
    expect(small.length).toBeLessThan(INGEST_LIMITS.maxBatchBytes / 50);
    const response = await post('/api/ingest', small, { ...bearer, 'content-encoding': 'gzip' });
    expect(response.status).toBe(413);
    expect(response.body.limit).toBe(INGEST_LIMITS.maxBatchBytes);
  });

  it('answers 415 for an encoding it does not know and 400 for a corrupt body', async () => {
    const unknown = await post('/api/ingest', batch(), { ...bearer, 'content-encoding': 'br' });
    expect(unknown.status).toBe(415);
    expect(unknown.body.error).toBe('unsupported_encoding');
    const corrupt = gzipSync(batch()).subarray(0, 20);
    const broken = await post('/api/ingest', Buffer.concat([corrupt, Buffer.from('not gzip at all')]), { ...bearer, 'content-encoding': 'gzip' });
    expect(broken.status).toBe(400);
    expect(broken.body.error).toBe('invalid_encoding');
  });
});

describe('answers that tell the truth (finding 8, ingest)', () => {
  it('/api/metrics answers huge values as the client\'s problem, never "retry shortly", without database text', async () => {
    const counter = (value: number) => ({ id: crypto.randomUUID(), name: 'trust_overflow_total', type: 'counter', category: 'system', value });
    for (const value of [1.7e308, 1.7e308, -1.7e308]) {
      const answer = await postMetrics(t.url, 'pk_demo_acme', { samples: [counter(value)] });
      // Refused for good at the door, or stored with a documented value; never a 5xx.
      expect([202, 400]).toContain(answer.status);
      expect(JSON.stringify(answer.body)).not.toMatch(/out of range|overflow:|sqlstate|postgres/i);
    }
  });

  it('/api/metrics answers what Postgres refuses for good 400, an outage 503 + Retry-After, and neither with database text', async () => {
    const em = t.pulse.orm.em.fork();
    const failures = {
      // a real data exception (22003) from Postgres, as a sum past float8 raised it
      refused: () => runSql(em, 'SELECT 1e308::float8 * 10 AS x', []),
      // a real refused connection, as while Postgres restarts
      outage: () => new Promise<never>((_, reject) => createConnection(1, '127.0.0.1').on('error', reject)),
    };
    const answers: Record<string, { status: number; retryAfter: string | null; body: string }> = {};
    for (const [name, fail] of Object.entries(failures)) {
      const recorder: MetricRecorder = {
        async record() {
          await fail();
          throw new Error('the failure above throws');
        },
        recordOwn: async () => {},
      };
      const authenticate: Authenticate = async () => ({ kind: 'ingestKey', keyId: 'k', organizationId: t.organizations.acme });
      const server = createServer(createMetricsIngestRoute(authenticate, recorder, () => {}));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      try {
        const { port } = server.address() as AddressInfo;
        const response = await fetch(`http://127.0.0.1:${port}/api/metrics`, {
          method: 'POST',
          headers: { authorization: 'Bearer pk_any', 'content-type': 'application/json' },
          body: JSON.stringify({ samples: [{ name: 'trust_refused', type: 'gauge', category: 'system', value: 1 }] }),
        });
        answers[name] = { status: response.status, retryAfter: response.headers.get('retry-after'), body: await response.text() };
      } finally {
        await new Promise((resolve) => server.close(resolve));
      }
    }
    expect(answers.refused).toMatchObject({ status: 400, retryAfter: null });
    expect(JSON.parse(answers.refused?.body ?? '{}')).toMatchObject({ error: 'invalid_samples', message: expect.stringMatching(/will not help/) });
    expect(answers.outage).toMatchObject({ status: 503, retryAfter: '5' });
    for (const answer of Object.values(answers)) expect(answer.body).not.toMatch(/out of range|ECONNREFUSED|float8|127\.0\.0\.1:1/i);
  });

  it('answers 405 with Allow for a method the server does not know', async () => {
    for (const path of ['/', '/api/ingest', '/health', '/trpc/health']) {
      const answer = await new Promise<{ status: number; allow: string | undefined }>((resolve, reject) => {
        const call = request(`${t.url}${path}`, { method: 'TRACE' }, (response) => {
          response.resume();
          resolve({ status: response.statusCode ?? 0, allow: response.headers.allow });
        });
        call.on('error', reject);
        call.end();
      });
      expect(answer, path).toEqual({ status: 405, allow: expect.any(String) });
    }
  });
});
