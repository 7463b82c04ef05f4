import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPulseClient, type ActivityDelta } from '@pulse/api-contract';
import { pageView, postIngest } from '../testing/http-requests.ts';
import { startTestPulse, type TestPulse } from '../testing/start-test-pulse.ts';

let t: TestPulse;
beforeAll(async () => {
  t = await startTestPulse();
});
afterAll(async () => t?.close());

describe('tenant isolation', () => {
  it('a user of one organization can read nothing of another by query', async () => {
    await postIngest(t.url, 'pk_demo_globex', { events: [pageView('globex-secret-user')] });
    await expect.poll(() => t.storedCount(t.organizations.globex)).toBeGreaterThan(0);
    const acmeOwner = await t.callerFor('owner@acme.test');
    const other = { organizationId: t.organizations.globex };
    await expect(acmeOwner.dashboards.summary(other)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(acmeOwner.events.recent(other)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const own = await acmeOwner.events.recent({});
    expect(own.events.some((event) => event.userId === 'globex-secret-user')).toBe(false);
    const ownSummary = await acmeOwner.dashboards.summary({});
    expect(ownSummary.organizationId).toBe(t.organizations.acme);
  });

  it('an ingest key only writes to its own organization', async () => {
    const acmeKey = t.callerAs({ kind: 'ingestKey', keyId: 'k', organizationId: t.organizations.acme });
    await expect(acmeKey.events.ingest({ organizationId: t.organizations.globex, events: [pageView('x')] })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    // An ingest key is not a user: it cannot read dashboards at all.
    await expect(acmeKey.dashboards.summary({})).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('nobody anonymous reads anything', async () => {
    const anonymous = t.callerAs(null);
    await expect(anonymous.dashboards.summary({})).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(anonymous.events.recent({})).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('the platform SUPERADMIN may open any organization', async () => {
    const admin = await t.callerFor('admin@pulse.test');
    const summary = await admin.dashboards.summary({ organizationId: t.organizations.globex });
    expect(summary.organizationId).toBe(t.organizations.globex);
    const me = await admin.auth.me();
    expect(me.viewableOrganizations.map((org) => org.slug).sort()).toEqual(['acme', 'globex']);
  });

  it('a subscription delivers only its own organization’s events, and a foreign one is refused', async () => {
    const session = await t.services.auth.login({ email: 'owner@acme.test', password: 'pulse-demo' });
    const client = createPulseClient({ url: t.url, token: session.accessToken });
    const received: ActivityDelta[] = [];
    const refused = new Promise<unknown>((resolve) => {
      client.api.live.activity.subscribe({ organizationId: t.organizations.globex }, { onError: resolve });
    });
    const started = Promise.withResolvers<void>();
    const subscription = client.api.live.activity.subscribe(
      {},
      { onStarted: () => started.resolve(), onData: (item) => received.push(item.data) },
    );
    try {
      expect(await refused).toMatchObject({ data: { code: 'FORBIDDEN' } });
      await started.promise;
      // give the server a moment to join the Redis channel after the subscription started
      await new Promise((resolve) => setTimeout(resolve, 200));
      await postIngest(t.url, 'pk_demo_globex', { events: [pageView('globex-live-user')] });
      await postIngest(t.url, 'pk_demo_acme', { events: [pageView('acme-live-user')] });
      await expect.poll(() => received.flatMap((delta) => delta.events).some((event) => event.userId === 'acme-live-user')).toBe(true);
      // Globex's event was published before Acme's; had it leaked it would be here by now.
      expect(received.flatMap((delta) => delta.events).some((event) => event.userId === 'globex-live-user')).toBe(false);
    } finally {
      subscription.unsubscribe();
      client.close();
    }
  });
});
