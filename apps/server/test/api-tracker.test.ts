import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApiTracker, type ApiTracker, type ApiTrackerOptions, type RoutedRequest } from '@pulse/api-contract/tracker';
import { runSql } from '@pulse/db';
import { freePort } from '../testing/free-port.ts';
import { startTestPulse, type TestPulse } from '../testing/start-test-pulse.ts';

let t: TestPulse;
beforeAll(async () => {
  t = await startTestPulse();
});
afterAll(async () => t?.close());

/**
 * The host: a plain node:http service instrumented with the tracker. `/reports/<id>` plays an
 * Express route (it sets `req.route`); `x-user` plays the auth middleware's user.
 */
async function startHost(tracker: ApiTracker, style: 'wrap' | 'middleware'): Promise<{ url: string; server: Server }> {
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path.startsWith('/reports/')) (req as RoutedRequest).route = { path: '/reports/:reportId' };
    const status = path === '/missing' ? 404 : req.method === 'POST' ? 201 : 200;
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ok: status < 400, path }));
  };
  const server = createServer(style === 'wrap' ? tracker.wrap(handler) : (req, res) => tracker.middleware(req, res, () => handler(req, res)));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

const hosts: Server[] = [];
afterEach(async () => {
  for (const server of hosts.splice(0)) await new Promise((resolve) => server.close(resolve));
});

async function instrumentedHost(options: Partial<ApiTrackerOptions> & Pick<ApiTrackerOptions, 'onError'>, pulseUrl = t.url, style: 'wrap' | 'middleware' = 'wrap') {
  const tracker = createApiTracker({ url: pulseUrl, ingestKey: 'pk_demo_acme', userOf: (req) => req.headers['x-user'] as string | undefined, ...options } as ApiTrackerOptions);
  const host = await startHost(tracker, style);
  hosts.push(host.server);
  const call = async (method: string, path: string, user?: string) => {
    const response = await fetch(`${host.url}${path}`, { method, headers: user ? { 'x-user': user } : {} });
    return { status: response.status, body: (await response.json()) as { ok: boolean; path: string } };
  };
  return { tracker, call };
}

type ApiCallRow = { user_id: string | null; occurred_at: string; properties: { method: string; route: string; status: number; durationMs: number } };
const apiCallsOf = (userPrefix: string) =>
  runSql<ApiCallRow>(
    t.pulse.orm.em.fork(),
    "SELECT user_id, occurred_at, properties FROM activity_events WHERE organization_id = $1 AND type = 'API_CALL' AND user_id LIKE $2 ORDER BY user_id",
    [t.organizations.acme, `${userPrefix}%`],
  );

describe('the API-call tracker', () => {
  it('records method, route template, status, duration and user of each call', async () => {
    const run = `trk-${crypto.randomUUID().slice(0, 8)}`;
    const errors: unknown[] = [];
    const { tracker, call } = await instrumentedHost({ batchSize: 2, flushIntervalMs: 20, onError: (error) => errors.push(error) });
    const started = Date.now();
    await call('GET', `/users/42?expand=1`, `${run}-a`);
    await call('POST', `/orders/${crypto.randomUUID()}/items`, `${run}-b`);
    await call('GET', '/missing', `${run}-c`);
    await call('GET', '/reports/123', `${run}-d`);
    await call('GET', '/health'); // no user: recorded without one
    // Full batches of 2 go out on their own; the timer takes the rest.
    await expect.poll(async () => (await apiCallsOf(run)).length).toBe(4);
    expect(errors).toEqual([]);

    const rows = await apiCallsOf(run);
    expect(rows.map((row) => [row.user_id, row.properties.method, row.properties.route, row.properties.status])).toEqual([
      [`${run}-a`, 'GET', '/users/:id', 200],
      [`${run}-b`, 'POST', '/orders/:id/items', 201],
      [`${run}-c`, 'GET', '/missing', 404],
      [`${run}-d`, 'GET', '/reports/:reportId', 200],
    ]);
    for (const row of rows) {
      expect(row.properties.durationMs).toBeGreaterThanOrEqual(0);
      expect(new Date(row.occurred_at).getTime()).toBeGreaterThanOrEqual(started - 1000);
    }
    await tracker.close();
    expect(tracker.stats()).toMatchObject({ sent: 5, dropped: 0, failed: 0, buffered: 0 });
  });

  it('sends nothing with sampling 0', async () => {
    const run = `sample-${crypto.randomUUID().slice(0, 8)}`;
    const { tracker, call } = await instrumentedHost({ sampleRate: 0, batchSize: 1, onError: () => {} });
    for (let i = 0; i < 5; i++) expect((await call('GET', `/users/${i}`, `${run}-u`)).status).toBe(200);
    await tracker.close();
    expect(tracker.stats()).toEqual({ buffered: 0, sent: 0, dropped: 0, failed: 0 });
    expect(await apiCallsOf(run)).toEqual([]);
  });

  it('keeps the host answering when Pulse is down, reports to onError and bounds its buffer', async () => {
    const errors: unknown[] = [];
    const closedPort = await freePort();
    const { tracker, call } = await instrumentedHost(
      { batchSize: 1000, flushIntervalMs: 60_000, maxBuffer: 3, retry: { attempts: 2, baseDelayMs: 5, maxDelayMs: 10 }, onError: (error) => errors.push(error) },
      `http://127.0.0.1:${closedPort}`,
    );
    for (let i = 0; i < 10; i++) {
      expect(await call('GET', `/users/${i}`, 'down-user')).toEqual({ status: 200, body: { ok: true, path: `/users/${i}` } });
    }
    // Recorded when each response finishes, which the client may see a moment before.
    await expect.poll(() => tracker.stats()).toMatchObject({ buffered: 3, dropped: 7 });
    await tracker.close();
    expect(tracker.stats()).toEqual({ buffered: 0, sent: 0, dropped: 7, failed: 3 });
    expect(errors).toHaveLength(1);
  });

  it('flushes what is buffered on close() (used as Express-style middleware)', async () => {
    const run = `close-${crypto.randomUUID().slice(0, 8)}`;
    const { tracker, call } = await instrumentedHost({ batchSize: 1000, flushIntervalMs: 60_000, onError: () => {} }, t.url, 'middleware');
    for (let i = 0; i < 7; i++) await call('PUT', `/users/${i}`, `${run}-u`);
    await expect.poll(() => tracker.stats()).toMatchObject({ buffered: 7, sent: 0 });
    await tracker.close();
    expect(tracker.stats()).toMatchObject({ buffered: 0, sent: 7 });
    await expect.poll(async () => (await apiCallsOf(run)).length).toBe(7);
  });
});
