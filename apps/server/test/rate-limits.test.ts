import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pageView, postIngest } from '../testing/http-requests.ts';
import { startTestPulse, type TestPulse } from '../testing/start-test-pulse.ts';

let t: TestPulse;
beforeAll(async () => {
  t = await startTestPulse({
    RATE_LIMIT_INGEST_PER_KEY_PER_SECOND: '5',
    RATE_LIMIT_CALLS_PER_USER_PER_MINUTE: '10',
    RATE_LIMIT_CALLS_PER_ADDRESS_PER_MINUTE: '4',
  });
});
afterAll(async () => t?.close());

type TrpcError = { error?: { json?: unknown; message?: string; data?: { code?: string; retryAfterSeconds?: number | null } } };

async function summaryOverHttp(token: string | null) {
  const response = await fetch(`${t.url}/trpc/dashboards.summary?input=${encodeURIComponent('{}')}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body: (await response.json()) as TrpcError };
}

describe('ingest per key', () => {
  it('answers 429 with Retry-After past RATE_LIMIT_INGEST_PER_KEY_PER_SECOND, on every ingest endpoint; another key is unaffected', async () => {
    const answers = await Promise.all(Array.from({ length: 8 }, () => postIngest(t.url, 'pk_demo_acme', { events: [pageView('limited')] })));
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses.filter((status) => status === 202)).toHaveLength(5);
    expect(statuses.filter((status) => status === 429)).toHaveLength(3);
    const refused = answers.find((answer) => answer.status === 429);
    expect(refused?.body).toMatchObject({ error: 'too_many_requests', retryAfterSeconds: 1 });
    expect(String(refused?.body.message)).toMatch(/ingest key/);
    // The same key's other endpoints share the count.
    const segment = await fetch(`${t.url}/v1/batch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer pk_demo_acme` },
      body: JSON.stringify({ batch: [{ type: 'track', event: 'x', userId: 'u' }] }),
    });
    expect(segment.status).toBe(429);
    expect(segment.headers.get('retry-after')).toBe('1');
    expect((await postIngest(t.url, 'pk_demo_globex', { events: [pageView('other')] })).status).toBe(202);
    // The window passes.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await postIngest(t.url, 'pk_demo_acme', { events: [pageView('later')] })).status).toBe(202);
  });
});

describe('tRPC calls', () => {
  it('per user: 429 with Retry-After and data.retryAfterSeconds past RATE_LIMIT_CALLS_PER_USER_PER_MINUTE; others unaffected', async () => {
    const { accessToken } = await t.services.auth.login({ email: 'leader@acme.test', password: 'pulse-demo' });
    const answers = [];
    for (let i = 0; i < 12; i++) answers.push(await summaryOverHttp(accessToken));
    expect(answers.slice(0, 10).map((answer) => answer.status)).toEqual(Array.from({ length: 10 }, () => 200));
    const refused = answers[11];
    expect(refused?.status).toBe(429);
    expect(Number(refused?.retryAfter)).toBeGreaterThan(0);
    expect(refused?.body.error?.data?.code).toBe('TOO_MANY_REQUESTS');
    expect(refused?.body.error?.data?.retryAfterSeconds).toBe(Number(refused?.retryAfter));
    // Every call of a batch counts.
    const other = await t.services.auth.login({ email: 'owner@acme.test', password: 'pulse-demo' });
    const inputs = encodeURIComponent(JSON.stringify(Object.fromEntries(Array.from({ length: 12 }, (_, i) => [i, {}]))));
    const batch = await fetch(`${t.url}/trpc/${Array.from({ length: 12 }, () => 'dashboards.summary').join(',')}?batch=1&input=${inputs}`, {
      headers: { authorization: `Bearer ${other.accessToken}` },
    });
    const results = (await batch.json()) as TrpcError[];
    expect(results.filter((result) => result.error?.data?.code === 'TOO_MANY_REQUESTS')).toHaveLength(2);
    // A third user still gets answers.
    const third = await t.services.auth.login({ email: 'manager@acme.test', password: 'pulse-demo' });
    expect((await summaryOverHttp(third.accessToken)).status).toBe(200);
  });

  it('per address without a credential: RATE_LIMIT_CALLS_PER_ADDRESS_PER_MINUTE', async () => {
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await summaryOverHttp(null)).status);
    // Unauthenticated calls are refused as such until the address's allowance is spent.
    expect(statuses).toEqual([401, 401, 401, 401, 429, 429]);
  });
});
