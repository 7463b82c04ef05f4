import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { SignJWT } from 'jose';
import { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSql } from '@pulse/db';
import { createLogger, startPulse } from '../testing/pulse-internals.ts';
import { ENDED_SESSIONS_KEPT_DAYS, forgetEndedSessions } from '../src/auth/session-rows.ts';
import { startTestPulse, type TestPulse } from '../testing/start-test-pulse.ts';
import { trpcMutation, trpcQuery } from './trpc-http.ts';

// A one-second check cache so "within the cache time" is quick to wait out; a short grace for
// refreshes racing each other (two tabs).
const SETTINGS = { SESSION_CHECK_CACHE_SECONDS: '1', SESSION_REFRESH_GRACE_SECONDS: '2' };

let t: TestPulse;
beforeAll(async () => {
  t = await startTestPulse(SETTINGS);
});
afterAll(async () => t?.close());

type Tokens = { accessToken: string; refreshToken: string };

async function signIn(email: string, url = t.url): Promise<Tokens> {
  const answer = await trpcMutation(url, 'auth.login', { email, password: 'pulse-demo' });
  expect(answer.status).toBe(200);
  return answer.data as Tokens;
}

const me = (accessToken: string, url = t.url) => trpcQuery(url, 'auth.me', undefined, { token: accessToken });
const summary = (accessToken: string, url = t.url) => trpcQuery(url, 'dashboards.summary', {}, { token: accessToken });
const refresh = (refreshToken: string) => trpcMutation(t.url, 'auth.refresh', { refreshToken });

async function auditActions(sessionUserEmail: string): Promise<string[]> {
  const rows = await runSql<{ action: string }>(
    t.pulse.orm.em.fork(),
    `SELECT a.action FROM audit_logs a JOIN users u ON u.id = a.actor_user_id WHERE u.email = $1 AND a.action <> 'auth.login' ORDER BY a.created_at`,
    [sessionUserEmail],
  );
  return rows.map((row) => row.action);
}

describe('sessions', () => {
  it('sign-out revokes the session on the server: its access and refresh tokens stop working', async () => {
    const session = await signIn('owner@acme.test');
    expect((await me(session.accessToken)).status).toBe(200);
    const out = await trpcMutation(t.url, 'auth.logout', { refreshToken: session.refreshToken }, { token: session.accessToken });
    expect(out.status).toBe(200);
    expect((await me(session.accessToken)).status).toBe(401);
    expect((await summary(session.accessToken)).status).toBe(401);
    expect((await refresh(session.refreshToken)).status).toBe(401);
    expect(await auditActions('owner@acme.test')).toContain('auth.logout');
  });

  it('sign-out with only the refresh token (the access token already expired) ends the session too', async () => {
    const session = await signIn('leader@acme.test');
    expect((await trpcMutation(t.url, 'auth.logout', { refreshToken: session.refreshToken })).status).toBe(200);
    expect((await me(session.accessToken)).status).toBe(401);
    expect((await refresh(session.refreshToken)).status).toBe(401);
  });

  it('refresh tokens rotate; reusing an old one after the grace period revokes the whole family', async () => {
    const first = await signIn('manager@acme.test');
    const second = (await refresh(first.refreshToken)).data as Tokens;
    expect(second.refreshToken).not.toBe(first.refreshToken);
    const third = (await refresh(second.refreshToken)).data as Tokens;
    expect((await me(third.accessToken)).status).toBe(200);
    await sleep(2100);
    // A stolen, already used token comes back: refused, and every token of the family dies.
    expect((await refresh(first.refreshToken)).status).toBe(401);
    expect((await refresh(third.refreshToken)).status).toBe(401);
    expect((await me(third.accessToken)).status).toBe(401);
    expect(await auditActions('manager@acme.test')).toContain('auth.session.revoked');
  });

  it('two refreshes racing with one token (two tabs) both succeed within the grace period', async () => {
    const session = await signIn('admin@acme.test');
    const [a, b] = await Promise.all([refresh(session.refreshToken), refresh(session.refreshToken)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const next = a.data as Tokens;
    expect((await me(next.accessToken)).status).toBe(200);
    expect((await me((b.data as Tokens).accessToken)).status).toBe(200);
    expect((await refresh(next.refreshToken)).status).toBe(200);
  });

  it('a correctly signed token naming a user who does not exist is refused', async () => {
    const key = new TextEncoder().encode(t.settings.TOKEN_SECRET);
    const claims = { sub: randomUUID(), typ: 'access', org: t.organizations.acme, orgRole: 'OWNER', platformRole: 'SUPERADMIN', branch: null, dept: null, sid: randomUUID() };
    const forged = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setIssuer('pulse').setIssuedAt().setExpirationTime('10m').sign(key);
    const answer = await summary(forged);
    expect(answer.status).toBe(401);
  });

  it('a token stops working once its user is deleted or its roles change (within the check cache)', async () => {
    const em = t.pulse.orm.em.fork();
    const demoted = await signIn('owner@globex.test');
    expect((await summary(demoted.accessToken)).status).toBe(200);
    await runSql(em, `UPDATE users SET org_role = 'MANAGER' WHERE email = 'owner@globex.test'`, []);
    await sleep(1100);
    expect((await summary(demoted.accessToken)).status).toBe(401);
    // A refresh reads the roles again and gives a working token with the new role.
    const renewed = await refresh(demoted.refreshToken);
    expect(renewed.status).toBe(200);
    expect((await me((renewed.data as Tokens).accessToken)).data).toMatchObject({ orgRole: 'MANAGER' });

    const removed = await signIn('admin@globex.test');
    expect((await summary(removed.accessToken)).status).toBe(200);
    await runSql(em, `DELETE FROM users WHERE email = 'admin@globex.test'`, []);
    await sleep(1100);
    expect((await summary(removed.accessToken)).status).toBe(401);
  });

  it('a sign-out on one API process is refused at once by another that had the session cached', async () => {
    // A second API process on the same Postgres and Redis, with the longest check cache.
    const other = await startPulse({ ...t.settings, PULSE_ROLE: 'api', SESSION_CHECK_CACHE_SECONDS: 60 }, createLogger('error'));
    try {
      const otherUrl = `http://127.0.0.1:${other.port}`;
      const session = await signIn('admin@pulse.test');
      expect((await me(session.accessToken, otherUrl)).status).toBe(200);
      expect((await trpcMutation(t.url, 'auth.logout', { refreshToken: session.refreshToken })).status).toBe(200);
      // "At once": as soon as the other process has read the revocation off its Redis channel
      // (a request may overtake it by a few milliseconds), not after its 60 s cache time.
      await expect.poll(async () => (await me(session.accessToken, otherUrl)).status, { timeout: 2000, interval: 20 }).toBe(401);
    } finally {
      await other.stop();
    }
  });

  it('a WebSocket opened with a session is closed when that session is signed out', async () => {
    const session = await signIn('owner@acme.test');
    const socket = new WebSocket(`${t.url.replace('http', 'ws')}/trpc?connectionParams=1`);
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    const answered = new Promise<unknown>((resolve) => socket.once('message', (data) => resolve(JSON.parse(String(data)))));
    await new Promise((resolve) => socket.once('open', resolve));
    socket.send(JSON.stringify({ method: 'connectionParams', data: { token: session.accessToken } }));
    socket.send(JSON.stringify({ id: 1, method: 'query', params: { path: 'auth.me' } }));
    expect(await answered).toMatchObject({ id: 1, result: { data: { email: 'owner@acme.test' } } });

    expect((await trpcMutation(t.url, 'auth.logout', { refreshToken: session.refreshToken })).status).toBe(200);
    expect(await Promise.race([closed, sleep(5000).then(() => 'still open')])).toBe(4401);
    socket.terminate();
  });

  it('ended sessions are deleted ENDED_SESSIONS_KEPT_DAYS after they ended, live ones are kept', async () => {
    const em = t.pulse.orm.em.fork();
    const [user] = await runSql<{ id: string }>(em, `SELECT id FROM users WHERE email = 'owner@acme.test'`, []);
    const day = 86_400_000;
    const ago = (days: number) => new Date(Date.now() - days * day).toISOString();
    const insert = `INSERT INTO auth_sessions (id, user_id, current_token_id, expires_at, revoked_at) VALUES ($1, $2, gen_random_uuid(), $3, $4)`;
    const [longRevoked, recentlyRevoked, longExpired, live] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    await runSql(em, insert, [longRevoked, user!.id, new Date(Date.now() + day).toISOString(), ago(ENDED_SESSIONS_KEPT_DAYS + 1)]);
    await runSql(em, insert, [recentlyRevoked, user!.id, new Date(Date.now() + day).toISOString(), ago(ENDED_SESSIONS_KEPT_DAYS - 1)]);
    await runSql(em, insert, [longExpired, user!.id, ago(ENDED_SESSIONS_KEPT_DAYS + 1), null]);
    await runSql(em, insert, [live, user!.id, new Date(Date.now() + day).toISOString(), null]);
    expect(await forgetEndedSessions(em)).toBeGreaterThanOrEqual(2);
    const left = await runSql<{ id: string }>(em, 'SELECT id FROM auth_sessions WHERE id = ANY($1) ORDER BY id', [[longRevoked, recentlyRevoked, longExpired, live]]);
    expect(left.map((row) => row.id)).toEqual([recentlyRevoked, live].sort());
  });
});
