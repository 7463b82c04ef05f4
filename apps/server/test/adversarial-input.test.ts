import { appRouter } from '@pulse/api-contract/router';
import { runSql } from '@pulse/db';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPulse, type TestPulse } from '../testing/start-test-pulse.ts';

/**
 * Property-based attacks on every way in: the ingest endpoints (JSON, Segment, metrics, raw
 * bytes) and every tRPC procedure's input. What must hold for any input: no 5xx, no hang, and
 * every event answered 2xx is stored.
 */

/** Any UTF-16 code unit, so lone surrogates and NUL turn up as often as letters. */
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((unit) => String.fromCharCode(unit));
const hostileString = fc.oneof(
  fc.string(),
  fc.string({ unit: codeUnit, maxLength: 40 }),
  fc.constantFrom('\u0000', 'a\u0000b', '\ud800', 'x\udfffy', '😀', '<script>alert(1)</script>', "'; DROP TABLE activity_events;--", '${7*7}', ' ', 'x'.repeat(70_000)),
);
const hostileNumber = fc.oneof(fc.double(), fc.constantFrom(1.7e308, -1.7e308, 5e-324, -0, 2 ** 53 + 2, Number.MAX_VALUE));
const hostileJson = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostileString,
    hostileNumber,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(hostileString, tie('value'), { maxKeys: 4 }),
  ),
})).value;
const isoOrHostile = fc.oneof(
  fc.date({ min: new Date(Date.now() - 6 * 86_400_000), max: new Date(Date.now() + 60_000), noInvalidDate: true }).map((date) => date.toISOString()),
  hostileString,
);

/** Events that mostly pass the schema (so the store, not validation, meets the hostile content). */
const hostileEvent = fc.record(
  {
    id: fc.oneof(fc.uuid({ version: 4 }), hostileString),
    type: fc.oneof({ weight: 6, arbitrary: fc.constant('custom.fuzz') }, { weight: 1, arbitrary: hostileString }),
    userId: hostileString,
    sessionId: hostileString,
    occurredAt: isoOrHostile,
    properties: fc.dictionary(hostileString, hostileJson, { maxKeys: 6 }),
  },
  { requiredKeys: ['type'] },
);

/** JSON nested deeper than any recursion should meet, written out (JSON.stringify itself would overflow). */
function deeplyNestedEvent(levels: number): string {
  return `{"events":[{"type":"custom.x","properties":{"a":${'{"a":['.repeat(levels)}"bottom"${']}'.repeat(levels)}}}]}`;
}

let t: TestPulse;
beforeAll(async () => {
  t = await startTestPulse();
}, 60_000);
afterAll(async () => t?.close());

type Answer = { status: number; body: unknown };

async function post(path: string, body: string | Uint8Array<ArrayBuffer>, headers: Record<string, string> = {}, key = 'pk_demo_acme'): Promise<Answer> {
  const response = await fetch(`${t.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}`, ...headers },
    body,
    // A hang fails the property instead of the whole file's timeout.
    signal: AbortSignal.timeout(15_000),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // a non-JSON answer is kept as text for the failure message
  }
  return { status: response.status, body: parsed };
}

/** Ids answered 2xx by /api/ingest, to be found stored at the end. */
const acceptedIds = new Set<string>();

async function storedIds(ids: string[]): Promise<Set<string>> {
  const rows = await runSql<{ id: string }>(t.pulse.orm.em.fork(), 'SELECT id::text AS id FROM activity_events WHERE organization_id = $1 AND id = ANY($2::uuid[])', [t.organizations.acme, ids]);
  return new Set(rows.map((row) => row.id));
}

const FUZZ_RUNS = 120;

describe('hostile input on the ingest endpoints', () => {
  it('POST /api/ingest never answers 5xx, and stores every event it answers 2xx', { timeout: 180_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(hostileEvent, { minLength: 1, maxLength: 8 }), async (events) => {
        const answer = await post('/api/ingest', JSON.stringify({ events }));
        expect(answer.status, JSON.stringify(answer.body).slice(0, 500)).toBeLessThan(500);
        if (answer.status < 300) for (const id of (answer.body as { ids: string[] }).ids) acceptedIds.add(id);
      }),
      { numRuns: FUZZ_RUNS },
    );
  });

  it('resends without timestamps, NUL and lone surrogates next to good events: nothing 2xx is lost', { timeout: 60_000 }, async () => {
    for (const bad of ['\u0000', '\ud800', 'x\udc00']) {
      const good = Array.from({ length: 5 }, () => ({ id: crypto.randomUUID(), type: 'custom.fuzz', properties: { n: 1 } }));
      for (const events of [[...good, { type: 'custom.fuzz', properties: { a: bad } }], good, good]) {
        const answer = await post('/api/ingest', JSON.stringify({ events }));
        expect(answer.status).toBeLessThan(500);
        if (answer.status < 300) for (const id of (answer.body as { ids: string[] }).ids) acceptedIds.add(id);
      }
    }
  });

  it('the Segment batch endpoint never answers 5xx', { timeout: 120_000 }, async () => {
    const message = fc.record({
      type: fc.oneof(fc.constantFrom('track', 'page', 'identify', 'group', 'screen', 'alias'), hostileString),
      event: hostileString,
      userId: hostileString,
      anonymousId: hostileString,
      messageId: hostileString,
      timestamp: isoOrHostile,
      properties: fc.dictionary(hostileString, hostileJson, { maxKeys: 4 }),
      traits: fc.dictionary(hostileString, hostileJson, { maxKeys: 4 }),
    }, { requiredKeys: ['type'] });
    await fc.assert(
      fc.asyncProperty(fc.array(message, { minLength: 1, maxLength: 5 }), async (batch) => {
        const answer = await post('/v1/batch', JSON.stringify({ batch }));
        expect(answer.status, JSON.stringify(answer.body).slice(0, 500)).toBeLessThan(500);
      }),
      { numRuns: FUZZ_RUNS },
    );
  });

  it('POST /api/metrics never answers 5xx, and the organization’s metrics still read afterwards', { timeout: 120_000 }, async () => {
    const sample = fc.record({
      name: fc.oneof(fc.constantFrom('fuzz_latency', 'fuzz_total'), hostileString),
      type: fc.oneof(fc.constantFrom('counter', 'gauge', 'histogram', 'summary'), hostileString),
      category: fc.oneof(fc.constantFrom('system', 'business', 'user', 'performance', 'security'), hostileString),
      value: hostileNumber,
      labels: fc.dictionary(fc.oneof(fc.constantFrom('route', 'region'), hostileString), hostileString, { maxKeys: 3 }),
      timestamp: isoOrHostile,
    }, { requiredKeys: ['name', 'type', 'category'] });
    await fc.assert(
      fc.asyncProperty(fc.array(sample, { minLength: 1, maxLength: 6 }), async (samples) => {
        const answer = await post('/api/metrics', JSON.stringify({ samples }));
        expect(answer.status, JSON.stringify(answer.body).slice(0, 500)).toBeLessThan(500);
      }),
      { numRuns: FUZZ_RUNS },
    );
    const owner = await t.callerFor('owner@acme.test');
    await expect(owner.metrics.health({})).resolves.toBeDefined();
  });

  it('raw bodies (bytes, broken JSON, huge numbers, deep nesting, bad encodings) never answer 5xx', { timeout: 120_000 }, async () => {
    const specials = [
      '{"events":[{"type":"custom.x","properties":{"n":1e400}}]}',
      '{"events":[{"type":"custom.x","properties":{"n":-1e400}}]}',
      '{"events":[{"type":"custom.x","properties":{"a":"\\u0000"}}]}',
      '{"events":[{"type":"custom.x","properties":{"a":"\\ud800"}}]}',
      '{"events":[',
      'null',
      '[]',
      '"events"',
      deeplyNestedEvent(10_000),
      '['.repeat(100_000),
    ];
    const bodies = fc.oneof(fc.constantFrom(...specials), fc.uint8Array({ maxLength: 2000 }), fc.string({ unit: codeUnit, maxLength: 200 }));
    const headers = fc.constantFrom<Record<string, string>>({}, { 'content-encoding': 'gzip' }, { 'content-encoding': 'deflate' }, { 'content-encoding': 'br' }, { 'content-type': 'text/plain' });
    for (const path of ['/api/ingest', '/v1/batch', '/api/metrics']) {
      await fc.assert(
        fc.asyncProperty(bodies, headers, async (body, extra) => {
          const answer = await post(path, body, extra);
          expect(answer.status, `${path}: ${JSON.stringify(answer.body).slice(0, 300)}`).toBeLessThan(500);
        }),
        { numRuns: 60 },
      );
    }
  });

  it('every event answered 2xx above is stored', { timeout: 60_000 }, async () => {
    const ids = [...acceptedIds];
    expect(ids.length).toBeGreaterThan(0);
    // The pipeline stores asynchronously: wait until nothing accepted is missing.
    const missing = async () => {
      const stored = await storedIds(ids);
      return ids.filter((id) => !stored.has(id));
    };
    await expect.poll(missing, { timeout: 45_000, interval: 500 }).toEqual([]);
  });
});

describe('hostile input on every tRPC procedure', () => {
  const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { type: 'query' | 'mutation' | 'subscription' } }>;

  it('no query or mutation answers 5xx to any input, as an owner or as an admin', { timeout: 240_000 }, async () => {
    const owner = await t.services.auth.login({ email: 'owner@acme.test', password: 'pulse-demo' });
    const admin = await t.services.auth.login({ email: 'admin@acme.test', password: 'pulse-demo' });
    // auth.logout ends the session of the token it is called with: fuzzed last, so every other
    // procedure is fuzzed with tokens that still work.
    const calls = Object.entries(procedures)
      .filter(([, procedure]) => procedure._def.type !== 'subscription')
      .sort(([a], [b]) => Number(a === 'auth.logout') - Number(b === 'auth.logout'));
    const input = fc.oneof(hostileJson, fc.dictionary(fc.constantFrom('organizationId', 'id', 'name', 'limit', 'cursor', 'events', 'samples', 'email', 'password'), hostileJson, { maxKeys: 4 }));
    for (const [path, procedure] of calls) {
      await fc.assert(
        fc.asyncProperty(input, fc.constantFrom(owner.accessToken, admin.accessToken), async (value, token) => {
          const encoded = JSON.stringify(value) ?? 'null';
          const init: RequestInit = { headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, signal: AbortSignal.timeout(15_000) };
          const response =
            procedure._def.type === 'query'
              ? await fetch(`${t.url}/trpc/${path}?input=${encodeURIComponent(encoded)}`, init)
              : await fetch(`${t.url}/trpc/${path}`, { ...init, method: 'POST', body: encoded });
          const text = await response.text();
          expect(response.status, `${path} ← ${encoded.slice(0, 200)}: ${text.slice(0, 300)}`).toBeLessThan(500);
        }),
        { numRuns: 25 },
      );
    }
  });
});
