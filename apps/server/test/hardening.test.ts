import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startTestPulse, type TestPulse } from '../testing/start-test-pulse.ts';

const webDist = mkdtempSync(join(tmpdir(), 'pulse-web-'));
writeFileSync(join(webDist, 'index.html'), '<!doctype html><title>Pulse</title><script type="module" src="/assets/index.js"></script>');

let plain: TestPulse;
let configured: TestPulse;
beforeAll(async () => {
  [plain, configured] = await Promise.all([
    startTestPulse({ WEB_DIST: webDist }),
    startTestPulse({ METRICS_PUBLIC: 'true', ALLOWED_ORIGINS: 'https://pulse.example.com, http://localhost:5173' }),
  ]);
});
afterAll(async () => {
  await Promise.all([plain?.close(), configured?.close()]);
  rmSync(webDist, { recursive: true, force: true });
});

function expectHardened(response: Response) {
  expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  expect(response.headers.get('referrer-policy')).toBe('no-referrer');
  expect(response.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
}

describe('hardening headers', () => {
  it('the SPA is served with a policy that allows no inline or foreign script', async () => {
    for (const path of ['/', '/some/client/route']) {
      const response = await fetch(`${plain.url}${path}`);
      expect(response.status).toBe(200);
      expectHardened(response);
      const policy = response.headers.get('content-security-policy') ?? '';
      expect(policy).toMatch(/(^|; )script-src 'self'(;|$)/);
      expect(policy).not.toMatch(/unsafe-eval/);
      expect(policy).toMatch(/object-src 'none'/);
    }
  });

  it('API answers carry them too: tRPC, ingest, health, errors', async () => {
    const answers = await Promise.all([
      fetch(`${plain.url}/trpc/dashboards.summary?input=${encodeURIComponent('{}')}`),
      fetch(`${plain.url}/api/ingest`, { method: 'POST', body: '{}' }),
      fetch(`${plain.url}/api/ingest`, { method: 'POST', headers: { authorization: 'Bearer pk_demo_acme' }, body: '{"events":[]}' }),
      fetch(`${plain.url}/health`),
    ]);
    expect(answers.map((answer) => answer.status)).toEqual([401, 401, 400, 200]);
    for (const answer of answers) {
      expectHardened(answer);
      expect(answer.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    }
  });
});

describe('GET /metrics', () => {
  it('requires a token by default: 401 when no METRICS_TOKEN is set, with how to open it', async () => {
    const response = await fetch(`${plain.url}/metrics`);
    expect(response.status).toBe(401);
    expect(((await response.json()) as { message: string }).message).toMatch(/METRICS_PUBLIC=true/);
  });

  it('is served without a token only when METRICS_PUBLIC=true', async () => {
    const response = await fetch(`${configured.url}/metrics`);
    expect(response.status).toBe(200);
    expect(await response.text()).toMatch(/pulse_live_connections/);
  });
});

describe('WebSocket origin', () => {
  const upgrade = (url: string, origin: string | null) =>
    new Promise<number>((resolve) => {
      const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/trpc`, origin ? { headers: { origin } } : {});
      socket.once('open', () => {
        socket.close();
        resolve(101);
      });
      socket.once('unexpected-response', (_request, response) => {
        resolve(response.statusCode ?? 0);
        socket.terminate();
      });
      socket.once('error', () => resolve(-1));
    });

  it('with ALLOWED_ORIGINS set, an upgrade from another origin is refused with 403; listed origins and non-browser clients connect', async () => {
    expect(await upgrade(configured.url, 'https://evil.example.net')).toBe(403);
    expect(await upgrade(configured.url, 'null')).toBe(403);
    expect(await upgrade(configured.url, null)).toBe(101);
    expect(await upgrade(configured.url, 'https://pulse.example.com')).toBe(101);
    expect(await upgrade(configured.url, 'http://localhost:5173')).toBe(101);
  });

  it('without ALLOWED_ORIGINS any origin may connect (the token authenticates the socket)', async () => {
    expect(await upgrade(plain.url, 'https://elsewhere.example.net')).toBe(101);
  });
});
