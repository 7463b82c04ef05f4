import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSql } from '@pulse/db';
import { startTestPulse, type TestPulse } from '../testing/start-test-pulse.ts';
import { trpcQuery } from './trpc-http.ts';

// A short grace so a reused cookie counts as reuse quickly; two failed sign-ins then a wait.
const SETTINGS = { SESSION_CHECK_CACHE_SECONDS: '1', SESSION_REFRESH_GRACE_SECONDS: '1', SIGNIN_ACCOUNT_DELAY_AFTER: '1', SIGNIN_ACCOUNT_LOCK_AFTER: '2' };

let t: TestPulse;
beforeAll(async () => {
  t = await startTestPulse(SETTINGS);
});
afterAll(async () => t?.close());

type Answer = { status: number; body: Record<string, unknown>; setCookie: string | null; headers: Headers };

/** A POST as the SPA sends it: the CSRF header, and the cookie the browser holds, if any. */
async function post(action: string, options: { body?: unknown; cookie?: string | null; headers?: Record<string, string> } = {}): Promise<Answer> {
  const response = await fetch(`${t.url}/api/session/${action}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-pulse-request': '1',
      ...(options.cookie ? { cookie: options.cookie } : {}),
      ...options.headers,
    },
    body: options.body === undefined ? '' : JSON.stringify(options.body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown>, setCookie: response.headers.get('set-cookie'), headers: response.headers };
}

/** `pulse_refresh=<value>` as the browser sends it back. */
function cookieOf(setCookie: string | null): string {
  const pair = setCookie?.split(';')[0] ?? '';
  expect(pair).toMatch(/^pulse_refresh=.+/);
  return pair;
}

const signIn = (email: string) => post('login', { body: { email, password: 'pulse-demo' } });
const me = (accessToken: string) => trpcQuery(t.url, 'auth.me', undefined, { token: accessToken });

async function auditActions(email: string): Promise<string[]> {
  const rows = await runSql<{ action: string }>(
    t.pulse.orm.em.fork(),
    `SELECT a.action FROM audit_logs a JOIN users u ON u.id = a.actor_user_id WHERE u.email = $1 ORDER BY a.created_at`,
    [email],
  );
  return rows.map((row) => row.action);
}

describe('browser session in an httpOnly cookie', () => {
  it('sign-in sets an HttpOnly, SameSite=Strict cookie scoped to /api/session; the body has no refresh token', async () => {
    const answer = await signIn('owner@acme.test');
    expect(answer.status).toBe(200);
    expect(answer.body).not.toHaveProperty('refreshToken');
    expect(JSON.stringify(answer.body)).not.toContain(cookieOf(answer.setCookie).split('=')[1]);
    expect(answer.body).toMatchObject({ user: { email: 'owner@acme.test' } });
    const attributes = (answer.setCookie ?? '').split(';').map((part) => part.trim());
    expect(attributes).toEqual(expect.arrayContaining(['HttpOnly', 'SameSite=Strict', 'Path=/api/session']));
    // Plain http on localhost: not Secure, or the browser would never send it back.
    expect(attributes).not.toContain('Secure');
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect((await me(answer.body.accessToken as string)).status).toBe(200);
    expect(await auditActions('owner@acme.test')).toContain('auth.login');
  });

  it('the cookie is Secure when a trusted proxy says the browser used https', async () => {
    const other = await startTestPulse({ ...SETTINGS, TRUST_PROXY: '1' });
    try {
      const response = await fetch(`${other.url}/api/session/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-pulse-request': '1', 'x-forwarded-proto': 'https' },
        body: JSON.stringify({ email: 'owner@acme.test', password: 'pulse-demo' }),
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('set-cookie')?.split(';').map((part) => part.trim())).toContain('Secure');
    } finally {
      await other.close();
    }
  });

  it('refresh reads the cookie, rotates it and answers a new access token', async () => {
    const login = await signIn('leader@acme.test');
    const first = cookieOf(login.setCookie);
    const refreshed = await post('refresh', { cookie: first });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body).not.toHaveProperty('refreshToken');
    const second = cookieOf(refreshed.setCookie);
    expect(second).not.toBe(first);
    expect((await me(refreshed.body.accessToken as string)).status).toBe(200);
    expect((await post('refresh', { cookie: second })).status).toBe(200);
  });

  it('an old cookie presented again is refused with 401, clears the cookie and revokes the whole session', async () => {
    const login = await signIn('manager@acme.test');
    const first = cookieOf(login.setCookie);
    const refreshed = await post('refresh', { cookie: first });
    const second = cookieOf(refreshed.setCookie);
    await sleep(1100);
    const reused = await post('refresh', { cookie: first });
    expect(reused.status).toBe(401);
    expect(reused.body).toMatchObject({ error: 'unauthorized' });
    expect(reused.setCookie).toMatch(/^pulse_refresh=; Max-Age=0/);
    // Every token of the family died with it.
    expect((await post('refresh', { cookie: second })).status).toBe(401);
    await sleep(1100);
    expect((await me(refreshed.body.accessToken as string)).status).toBe(401);
    expect(await auditActions('manager@acme.test')).toContain('auth.session.revoked');
  });

  it('refresh without a cookie, or with a forged one, answers 401', async () => {
    expect((await post('refresh')).status).toBe(401);
    expect((await post('refresh', { cookie: 'pulse_refresh=not-a-token' })).status).toBe(401);
  });

  it('sign-out revokes the session and clears the cookie', async () => {
    const login = await signIn('admin@acme.test');
    const cookie = cookieOf(login.setCookie);
    const out = await post('logout', { cookie });
    expect(out.status).toBe(200);
    expect(out.body).toEqual({ signedOut: true });
    expect(out.setCookie).toMatch(/^pulse_refresh=; Max-Age=0; Path=\/api\/session; HttpOnly; SameSite=Strict/);
    expect((await post('refresh', { cookie })).status).toBe(401);
    await sleep(1100);
    expect((await me(login.body.accessToken as string)).status).toBe(401);
    expect(await auditActions('admin@acme.test')).toContain('auth.logout');
  });

  it('refuses with 403 a POST without the CSRF header or from a foreign Origin, before touching the session', async () => {
    const login = await signIn('owner@globex.test');
    const cookie = cookieOf(login.setCookie);
    const noHeader = await fetch(`${t.url}/api/session/logout`, { method: 'POST', headers: { cookie } });
    expect(noHeader.status).toBe(403);
    const foreign = await post('logout', { cookie, headers: { origin: 'https://evil.example' } });
    expect(foreign.status).toBe(403);
    expect(foreign.body).toMatchObject({ error: 'forbidden' });
    expect((await post('login', { body: { email: 'owner@globex.test', password: 'pulse-demo' }, headers: { origin: 'https://evil.example' } })).status).toBe(403);
    // The session survived both attempts; the page's own origin is accepted.
    const sameOrigin = await post('refresh', { cookie, headers: { origin: t.url } });
    expect(sameOrigin.status).toBe(200);
  });

  it('answers wrong credentials 401, bad input 400, sign-in limits 429 with Retry-After, other methods 405', async () => {
    const wrong = await post('login', { body: { email: 'admin@globex.test', password: 'wrong' } });
    expect(wrong.status).toBe(401);
    expect(wrong.setCookie).toBeNull();
    const limited = await post('login', { body: { email: 'admin@globex.test', password: 'wrong' } });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await post('login', { body: { email: 'not an email' } })).status).toBe(400);
    const notJson = await fetch(`${t.url}/api/session/login`, { method: 'POST', headers: { 'x-pulse-request': '1' }, body: '{' });
    expect(notJson.status).toBe(400);
    expect((await fetch(`${t.url}/api/session/refresh`, { headers: { 'x-pulse-request': '1' } })).status).toBe(405);
    expect((await post('elsewhere')).status).toBe(404);
  });
});
