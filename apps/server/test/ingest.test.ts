import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSql } from '@pulse/db';
import { INGEST_LIMITS } from '@pulse/api-contract/schemas';
import { readSummary } from '../src/counters/read-summary.ts';
import type { ActivityLogJob } from '../src/batch/activity-batch.ts';
import { pageView, postIngest } from '../testing/http-requests.ts';
import { startTestPulse, type TestPulse } from '../testing/start-test-pulse.ts';
import { inlinePipeline } from './pipeline-harness.ts';

let t: TestPulse;
beforeAll(async () => {
  t = await startTestPulse();
});
afterAll(async () => t?.close());

const summaryOf = (organizationId: string) => readSummary(t.redis, t.settings.REDIS_PREFIX, organizationId);

describe('POST /api/ingest', () => {
  it('accepts a batch with 202, stores each event once and counts it', async () => {
    const before = await t.storedCount(t.organizations.acme);
    const events = Array.from({ length: 25 }, (_, i) => pageView(`ingest-user-${i % 5}`));
    const response = await postIngest(t.url, 'pk_demo_acme', { events });
    expect(response.status).toBe(202);
    expect(response.body.accepted).toBe(25);
    expect(response.body.ids).toHaveLength(25);
    await expect.poll(() => t.storedCount(t.organizations.acme)).toBe(before + 25);
    await expect.poll(async () => (await summaryOf(t.organizations.acme)).eventsToday).toBe(before + 25);
  });

  it('stores and counts an id sent twice only once', async () => {
    const before = await t.storedCount(t.organizations.globex);
    const event = pageView('dup-user');
    expect((await postIngest(t.url, 'pk_demo_globex', { events: [event, event] })).status).toBe(202);
    expect((await postIngest(t.url, 'pk_demo_globex', { events: [event] })).status).toBe(202);
    const marker = pageView('dup-user-marker');
    await postIngest(t.url, 'pk_demo_globex', { events: [marker] });
    // The marker is queued after the duplicates; once it is stored, they have been processed.
    await expect.poll(() => t.storedCount(t.organizations.globex)).toBe(before + 2);
    const rows = await runSql(t.pulse.orm.em.fork(), 'SELECT id FROM activity_events WHERE id = $1', [event.id]);
    expect(rows).toHaveLength(1);
    await expect.poll(async () => (await summaryOf(t.organizations.globex)).eventsToday).toBe(before + 2);
  });

  it('answers 400 with the zod issues, naming the bad field', async () => {
    const response = await postIngest(t.url, 'pk_demo_acme', { events: [{ type: 'API_CALL', properties: { method: 'GET' } }] });
    expect(response.status).toBe(400);
    expect(response.body.error).toBe('invalid_events');
    const paths = (response.body.issues as { path: (string | number)[] }[]).map((issue) => issue.path.join('.'));
    expect(paths).toContain('events.0.properties.route');
    expect(paths).toContain('events.0.properties.status');
  });

  it('rejects unknown types, empty and oversized batches, bad JSON and stale timestamps with 400', async () => {
    const unknownType = await postIngest(t.url, 'pk_demo_acme', { events: [{ type: 'USER_LGOIN' }] });
    expect(unknownType.status).toBe(400);
    expect(JSON.stringify(unknownType.body.issues)).toContain('custom.<name>');
    expect((await postIngest(t.url, 'pk_demo_acme', { events: [] })).status).toBe(400);
    const tooMany = Array.from({ length: INGEST_LIMITS.maxEventsPerBatch + 1 }, () => ({ type: 'custom.x' }));
    expect((await postIngest(t.url, 'pk_demo_acme', { events: tooMany })).status).toBe(400);
    expect((await postIngest(t.url, 'pk_demo_acme', '{"events": [')).status).toBe(400);
    const stale = await postIngest(t.url, 'pk_demo_acme', { events: [pageView('u', { occurredAt: '2020-01-01T00:00:00Z' })] });
    expect(stale.status).toBe(400);
    expect((stale.body.issues as { path: unknown[] }[])[0]?.path).toEqual(['events', 0, 'occurredAt']);
  });

  it('accepts custom event types', async () => {
    const response = await postIngest(t.url, 'pk_demo_acme', { events: [{ type: 'custom.order.completed', properties: { total: 42 } }] });
    expect(response.status).toBe(202);
  });

  it('answers 401 for a missing or wrong key and 413 over the size limit', async () => {
    expect((await postIngest(t.url, null, { events: [pageView('u')] })).status).toBe(401);
    expect((await postIngest(t.url, 'pk_not_a_key', { events: [pageView('u')] })).status).toBe(401);
    const huge = JSON.stringify({ events: [pageView('u', { properties: { path: 'x'.repeat(INGEST_LIMITS.maxBatchBytes) } })] });
    expect((await postIngest(t.url, 'pk_demo_acme', huge)).status).toBe(413);
  });
});

describe('the activity-log job', () => {
  it('stores and counts a batch once even when the job runs twice', async () => {
    const organizationId = t.organizations.globex;
    const before = await summaryOf(organizationId);
    const storedBefore = await t.storedCount(organizationId);
    const now = new Date().toISOString();
    const job: ActivityLogJob = {
      batchId: crypto.randomUUID(),
      organizationId,
      receivedAt: now,
      events: Array.from({ length: 10 }, (_, i) => ({
        id: crypto.randomUUID(),
        type: i < 4 ? 'USER_LOGIN' : 'API_CALL',
        userId: `twice-${i}`,
        sessionId: null,
        occurredAt: now,
        properties: i < 4 ? {} : { method: 'GET', route: '/x', status: 200, durationMs: 3 },
      })),
    };
    const run = inlinePipeline(t);
    const first = await run(job);
    const second = await run(job);
    expect(first.stored).toBe(10);
    expect(first.deltaId).not.toBeNull();
    // The retry sees its own rows again but the counter script refuses to count them twice.
    expect(second.deltaId).toBeNull();
    expect(await t.storedCount(organizationId)).toBe(storedBefore + 10);
    const after = await summaryOf(organizationId);
    expect(after.eventsToday - before.eventsToday).toBe(10);
    expect(after.loginsLastHour - before.loginsLastHour).toBe(4);
    expect(after.apiCallsPerMinute - before.apiCallsPerMinute).toBe(6);
  });

  it('keeps counters equal to what the stored rows give', async () => {
    const organizationId = t.organizations.acme;
    const storedBefore = await t.storedCount(organizationId);
    const now = Date.now();
    const events = [
      ...Array.from({ length: 7 }, (_, i) => ({ type: 'USER_LOGIN', userId: `eq-${i}`, occurredAt: new Date(now - i * 60_000).toISOString() })),
      ...Array.from({ length: 5 }, (_, i) => ({
        type: 'API_CALL',
        userId: `eq-${i}`,
        occurredAt: new Date(now).toISOString(),
        properties: { method: 'POST', route: '/api/candidates', status: 201, durationMs: 12 },
      })),
    ];
    expect((await postIngest(t.url, 'pk_demo_acme', { events })).status).toBe(202);
    // 202 means queued: wait for the rows, or the expectation below is read before they exist
    await expect.poll(() => t.storedCount(organizationId), { timeout: 10_000 }).toBe(storedBefore + events.length);
    const em = t.pulse.orm.em.fork();
    const expected = async () => {
      const [row] = await runSql<Record<string, string>>(
        em,
        `SELECT
           count(*) FILTER (WHERE occurred_at >= date_trunc('day', now() AT TIME ZONE 'utc') AT TIME ZONE 'utc') AS today,
           count(*) FILTER (WHERE type = 'USER_LOGIN' AND occurred_at >= to_timestamp((floor(extract(epoch FROM $2::timestamptz) / 60) - 59) * 60)) AS logins,
           count(*) FILTER (WHERE type = 'API_CALL' AND occurred_at >= to_timestamp(floor(extract(epoch FROM $2::timestamptz) / 60) * 60)) AS api,
           count(DISTINCT user_id) FILTER (WHERE occurred_at >= to_timestamp((floor(extract(epoch FROM $2::timestamptz) / 60) - 4) * 60)) AS active
         FROM activity_events WHERE organization_id = $1`,
        [organizationId, new Date(now).toISOString()],
      );
      return { eventsToday: Number(row?.today), loginsLastHour: Number(row?.logins), apiCallsPerMinute: Number(row?.api), activeUsers: Number(row?.active) };
    };
    const storedToday = (await expected()).eventsToday;
    await expect.poll(async () => (await summaryOf(organizationId)).eventsToday).toBe(storedToday);
    const summary = await readSummary(t.redis, t.settings.REDIS_PREFIX, organizationId, new Date(now));
    const stored = await expected();
    expect(summary.eventsToday).toBe(stored.eventsToday);
    expect(summary.loginsLastHour).toBe(stored.loginsLastHour);
    expect(summary.apiCallsPerMinute).toBe(stored.apiCallsPerMinute);
    // HyperLogLog is exact at this size (its error only shows with thousands of members).
    expect(summary.activeUsers).toBe(stored.activeUsers);
  });
});

describe('events.ingest over tRPC', () => {
  it('answers BAD_REQUEST with the issues', async () => {
    const caller = t.callerAs({ kind: 'ingestKey', keyId: 'k', organizationId: t.organizations.acme });
    const attempt = caller.events.ingest({ events: [{ type: 'PAGE_VIEW', properties: {} }] });
    await expect(attempt).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(attempt).rejects.toThrow(/path/);
  });
});
