import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runSql } from '@pulse/db';
import { postMetrics } from '../testing/http-requests.ts';
import { startTestPulse, type TestPulse } from '../testing/start-test-pulse.ts';

const HOUR = 3_600_000;
const WAIT = { timeout: 30_000, interval: 100 };

// Finding 9 of issue 11: an organization's ADMIN saw platform work. An ADMIN of Acme must see
// nothing of Globex in any administration procedure; a SUPERADMIN sees the platform.
let t: TestPulse;
beforeAll(async () => {
  t = await startTestPulse();
});
afterAll(async () => t?.close());
const gauge = (name: string, value: number, at: number) => ({ id: randomUUID(), name, type: 'gauge', category: 'system', value, timestamp: new Date(at).toISOString() });

describe('administration is scoped to the ADMIN’s organization', () => {
  beforeAll(async () => {
    // Both organizations send samples for an hour that is over: each gets a late re-roll of its own.
    const previousHour = Math.floor(Date.now() / HOUR) * HOUR - HOUR;
    expect((await postMetrics(t.url, 'pk_demo_globex', { samples: [gauge('scope_depth', 1, previousHour + 1000)] })).status).toBe(202);
    expect((await postMetrics(t.url, 'pk_demo_acme', { samples: [gauge('scope_depth', 2, previousHour + 1000)] })).status).toBe(202);
    const superadmin = await t.callerFor('admin@pulse.test');
    await superadmin.admin.aggregation.trigger({ granularity: 'hour' });
    await vi.waitFor(async () => {
      const status = await superadmin.admin.aggregation.status();
      const orgs = new Set(status.recentRuns.map((run) => run.organizationId));
      expect(status.hourly.lastRun?.status === 'completed' && orgs.has(t.organizations.globex) && orgs.has(t.organizations.acme) && status.pendingHours === 0).toBe(true);
    }, WAIT);
  }, 60_000);

  it('admin.aggregation.status: an ADMIN sees their organization’s runs only, and no platform-wide row counts', async () => {
    const acmeAdmin = await t.callerFor('admin@acme.test');
    const status = await acmeAdmin.admin.aggregation.status();
    expect(JSON.stringify(status)).not.toContain(t.organizations.globex);
    expect(status.organizationId).toBe(t.organizations.acme);
    expect(status.recentRuns.length).toBeGreaterThan(0);
    for (const run of status.recentRuns) {
      expect([null, t.organizations.acme]).toContain(run.organizationId);
      // A run over every organization counts every organization's rows: not the ADMIN's business.
      if (run.organizationId === null) expect(run.rows).toBeNull();
    }
    expect(status.recentRuns.some((run) => run.organizationId === t.organizations.acme && run.rows !== null)).toBe(true);
    await expect(acmeAdmin.admin.aggregation.status({ organizationId: t.organizations.globex })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const superadmin = await t.callerFor('admin@pulse.test');
    const platform = await superadmin.admin.aggregation.status();
    expect(platform.organizationId).toBeNull();
    expect(JSON.stringify(platform)).toContain(t.organizations.globex);
    // A SUPERADMIN may look at one organization the way its ADMIN does.
    const globexOnly = await superadmin.admin.aggregation.status({ organizationId: t.organizations.globex });
    expect(JSON.stringify(globexOnly)).not.toContain(t.organizations.acme);
  });

  it('admin.aggregation.trigger: an ADMIN’s run rolls their organization only and moves no platform watermark', { timeout: 60_000 }, async () => {
    const before = await (await t.callerFor('admin@pulse.test')).admin.aggregation.status();
    const since = new Date().toISOString();
    const acmeAdmin = await t.callerFor('admin@acme.test');
    const previousHour = Math.floor(Date.now() / HOUR) * HOUR - HOUR;
    const { jobId } = await acmeAdmin.admin.aggregation.trigger({ granularity: 'hour', from: new Date(previousHour - HOUR).toISOString() });
    expect(jobId).toBeTruthy();
    const runsOf = (trigger: string) =>
      runSql<{ organization_id: string | null; status: string }>(t.pulse.orm.em.fork(), `SELECT organization_id, status FROM metric_aggregation_runs WHERE trigger = $1 AND started_at >= $2`, [
        trigger,
        since,
      ]);
    await expect.poll(async () => (await runsOf('manual')).filter((run) => run.status === 'completed').length, WAIT).toBeGreaterThanOrEqual(2);
    const manual = await runsOf('manual');
    expect(manual.every((run) => run.organization_id === t.organizations.acme)).toBe(true);
    const after = await (await t.callerFor('admin@pulse.test')).admin.aggregation.status();
    expect(after.hourly.watermark).toBe(before.hourly.watermark);
    expect(after.hourly.lastRun?.id).toBe(before.hourly.lastRun?.id);
    const [audit] = await runSql<{ organization_id: string; details: { organizationId: string } }>(
      t.pulse.orm.em.fork(),
      `SELECT organization_id, details FROM audit_logs WHERE action = 'aggregation.trigger' ORDER BY created_at DESC LIMIT 1`,
      [],
    );
    expect(audit).toMatchObject({ organization_id: t.organizations.acme, details: { organizationId: t.organizations.acme } });
  });

  it('admin.rebuildCounters: an ADMIN rebuilds their own organization and may not name another', async () => {
    const acmeAdmin = await t.callerFor('admin@acme.test');
    expect((await acmeAdmin.admin.rebuildCounters({})).organizationId).toBe(t.organizations.acme);
    await expect(acmeAdmin.admin.rebuildCounters({ organizationId: t.organizations.globex })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('admin.queues.list: depths and lag only, no organization of any kind', async () => {
    const acmeAdmin = await t.callerFor('admin@acme.test');
    const text = JSON.stringify(await acmeAdmin.admin.queues.list());
    expect(text).not.toContain(t.organizations.globex);
    expect(text).not.toContain(t.organizations.acme);
  });

  it('admin.queues.failed: an ADMIN may not name another organization', async () => {
    const acmeAdmin = await t.callerFor('admin@acme.test');
    await expect(acmeAdmin.admin.queues.failed({ queue: 'metrics-aggregation', organizationId: t.organizations.globex })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
