import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSql } from '@pulse/db';
import { startTestPulse, type TestPulse } from '../testing/start-test-pulse.ts';

let t: TestPulse;
beforeAll(async () => {
  t = await startTestPulse();
});
afterAll(async () => t?.close());

describe('auth', () => {
  it('signs in with the demo password, returns the user and writes an audit entry', async () => {
    const session = await t.callerAs(null).auth.login({ email: 'Manager@Acme.test', password: 'pulse-demo' });
    expect(session.user.email).toBe('manager@acme.test');
    expect(session.user.orgRole).toBe('MANAGER');
    expect(session.user.organization?.slug).toBe('acme');
    expect(session.user.viewableOrganizations).toHaveLength(1);
    const audit = await runSql(t.pulse.orm.em.fork(), `SELECT 1 FROM audit_logs WHERE action = 'auth.login'`, []);
    expect(audit.length).toBeGreaterThan(0);
  });

  it('refuses a wrong password and an unknown email with the same message', async () => {
    const anonymous = t.callerAs(null);
    await expect(anonymous.auth.login({ email: 'manager@acme.test', password: 'nope' })).rejects.toThrow('Wrong email or password.');
    await expect(anonymous.auth.login({ email: 'nobody@acme.test', password: 'nope' })).rejects.toThrow('Wrong email or password.');
  });

  it('refreshes a session and rejects a forged or wrong-kind token', async () => {
    const anonymous = t.callerAs(null);
    const session = await anonymous.auth.login({ email: 'owner@globex.test', password: 'pulse-demo' });
    const refreshed = await anonymous.auth.refresh({ refreshToken: session.refreshToken });
    expect(refreshed.user.email).toBe('owner@globex.test');
    // An access token is not a refresh token.
    await expect(anonymous.auth.refresh({ refreshToken: session.accessToken })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(anonymous.auth.refresh({ refreshToken: `${session.refreshToken}x` })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('serves auth.me over HTTP only with a valid bearer token', async () => {
    const session = await t.callerAs(null).auth.login({ email: 'owner@acme.test', password: 'pulse-demo' });
    const ok = await fetch(`${t.url}/trpc/auth.me`, { headers: { authorization: `Bearer ${session.accessToken}` } });
    expect(ok.status).toBe(200);
    const denied = await fetch(`${t.url}/trpc/auth.me`, { headers: { authorization: 'Bearer not-a-token' } });
    expect(denied.status).toBe(401);
    const body = JSON.stringify(await denied.json());
    expect(body).not.toContain('stack');
  });
});

describe('health', () => {
  it('reports live and ready', async () => {
    expect((await fetch(`${t.url}/health`)).status).toBe(200);
    const ready = await fetch(`${t.url}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready' });
  });
});
