import { createPulseClient, type ActivityDelta } from '@pulse/api-contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postIngest } from '../testing/http-requests.ts';
import { startTestPulse, type TestPulse } from '../testing/start-test-pulse.ts';

/**
 * Masking by role, proven on what goes over the network (raw tRPC answers and live frames),
 * not on what a screen chooses to show.
 */
const PERSONAL = ['alice@acme.test', '203.0.113.9', '198.51.100.7', 'Mozilla/5.0 secret-agent', 'sess-alice-1'];

/** The manager's department: the events are theirs, so that every role sees them (masked or not). */
let department: string | null = null;

function personalEvent(extra: Record<string, unknown> = {}) {
  return {
    id: crypto.randomUUID(),
    ...(department ? { departmentId: department } : {}),
    type: 'USER_LOGIN',
    userId: 'alice@acme.test',
    sessionId: 'sess-alice-1',
    occurredAt: new Date().toISOString(),
    properties: { method: 'password', ipAddress: '203.0.113.9', userAgent: 'Mozilla/5.0 secret-agent', email: 'alice@acme.test', plan: 'pro', nested: { ip: '198.51.100.7', keep: 1 }, ...extra },
  };
}

let t: TestPulse;
const tokens: Record<string, string> = {};

async function raw(path: string, email: string, input: unknown = {}): Promise<string> {
  const response = await fetch(`${t.url}/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`, { headers: { authorization: `Bearer ${tokens[email]}` } });
  return response.text();
}

beforeAll(async () => {
  t = await startTestPulse();
  for (const email of ['owner@acme.test', 'leader@acme.test', 'manager@acme.test', 'admin@acme.test', 'admin@pulse.test']) {
    const session = await t.services.auth.login({ email, password: 'pulse-demo' });
    tokens[email] = session.accessToken;
    if (email === 'manager@acme.test') department = session.user.departmentId;
  }
  expect((await postIngest(t.url, 'pk_demo_acme', { events: [personalEvent()] })).status).toBe(202);
  // The pipeline stores and folds the event asynchronously: wait until the owner sees it in both.
  for (const path of ['events.recent', 'dashboards.engagement']) {
    const until = Date.now() + 15_000;
    while (!(await raw(path, 'owner@acme.test', path === 'events.recent' ? { limit: 50 } : {})).includes('alice@acme.test')) {
      if (Date.now() > until) throw new Error(`the event never reached ${path}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}, 60_000);
afterAll(async () => t?.close());

describe('masking by role', () => {
  it('recent events: managers and leaders get pseudonyms and no network or personal details; the owner and admins get them as stored', async () => {
    for (const email of ['manager@acme.test', 'leader@acme.test']) {
      const answer = await raw('events.recent', email, { limit: 50 });
      for (const secret of PERSONAL) expect(answer, `${email} got ${secret}`).not.toContain(secret);
      expect(answer).toMatch(/"userId":"user-[\w-]{12}"/);
      // What is not about a person is kept, at every depth.
      expect(answer).toContain('"plan":"pro"');
      expect(answer).toContain('"keep":1');
    }
    for (const email of ['owner@acme.test', 'admin@acme.test']) {
      const answer = await raw('events.recent', email, { limit: 50 });
      for (const secret of PERSONAL) expect(answer, `${email} lacks ${secret}`).toContain(secret);
    }
  });

  it('the pseudonym is stable across answers and sources, and aggregated numbers are unaffected', async () => {
    const pseudonymIn = (text: string) => /"userId":"(user-[\w-]{12})"/.exec(text)?.[1];
    const fromRecent = pseudonymIn(await raw('events.recent', 'manager@acme.test', { limit: 50 }));
    const engagement = await raw('dashboards.engagement', 'manager@acme.test');
    expect(engagement).not.toContain('alice@acme.test');
    expect(pseudonymIn(engagement)).toBe(fromRecent);
    expect(pseudonymIn(await raw('events.recent', 'leader@acme.test', { limit: 50 }))).toBe(fromRecent);
    const manager = await t.callerFor('manager@acme.test');
    const owner = await t.callerFor('owner@acme.test');
    // Every event here is of the manager's department: their scoped counters (from the rollups) reach the owner's.
    const ownerSummary = await owner.dashboards.summary({});
    await expect.poll(async () => (await manager.dashboards.summary({})).eventsToday, { timeout: 15_000 }).toBe(ownerSummary.eventsToday);
  });

  it('the live activity stream is masked the same way', async () => {
    const client = createPulseClient({ url: t.url, token: tokens['manager@acme.test'] });
    const frames: ActivityDelta[] = [];
    const started = Promise.withResolvers<void>();
    const subscription = client.api.live.activity.subscribe({}, { onStarted: () => started.resolve(), onData: (item) => frames.push(item.data) });
    try {
      await started.promise;
      await new Promise((resolve) => setTimeout(resolve, 200));
      await postIngest(t.url, 'pk_demo_acme', { events: [personalEvent({ marker: 'live-1' })] });
      await expect.poll(() => JSON.stringify(frames), { timeout: 15_000 }).toContain('live-1');
      const sent = JSON.stringify(frames);
      for (const secret of PERSONAL) expect(sent).not.toContain(secret);
    } finally {
      subscription.unsubscribe();
      client.close();
    }
  });

  it('the owner changes the policy (audited); a manager may neither read nor change it', async () => {
    const manager = await t.callerFor('manager@acme.test');
    await expect(manager.privacy.policy({})).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(manager.privacy.updatePolicy({ pseudonymizeUserIds: false, hideNetworkDetails: false, personalProperties: [] })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const superadmin = await t.callerFor('admin@pulse.test');
    await expect(superadmin.privacy.policy({})).rejects.toMatchObject({ code: 'BAD_REQUEST' });

    const owner = await t.callerFor('owner@acme.test');
    const before = await owner.privacy.policy({});
    expect(before).toMatchObject({ isDefault: true, pseudonymizeUserIds: true, hideNetworkDetails: true });
    const after = await owner.privacy.updatePolicy({ pseudonymizeUserIds: false, hideNetworkDetails: true, personalProperties: ['plan'] });
    expect(after).toMatchObject({ isDefault: false, personalProperties: ['plan'] });

    const answer = await raw('events.recent', 'manager@acme.test', { limit: 50 });
    expect(answer).toContain('"userId":"alice@acme.test"');
    expect(answer).not.toContain('"plan"');
    expect(answer).not.toContain('203.0.113.9');
    const audit = await owner.audit.list({ action: 'privacy.policy.updated' });
    expect(audit.entries[0]?.details).toMatchObject({ before: { pseudonymizeUserIds: true }, after: { pseudonymizeUserIds: false, personalProperties: ['plan'] } });
    // Another organization's policy is not the caller's to read.
    await expect(owner.privacy.policy({ organizationId: t.organizations.globex })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
