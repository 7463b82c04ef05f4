import { runSql } from '@pulse/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeAudit } from '../src/audit/write-audit.ts';
import { forgetOldAuditEntries } from '../src/audit/audit-retention.ts';
import { startTestPulse, type TestPulse } from '../testing/start-test-pulse.ts';

let t: TestPulse;
beforeAll(async () => {
  t = await startTestPulse();
  // Sign-ins are audited: one row each, in both organizations.
  for (const email of ['owner@acme.test', 'manager@acme.test', 'owner@globex.test']) await t.services.auth.login({ email, password: 'pulse-demo' });
  const em = t.pulse.orm.em.fork();
  for (let index = 0; index < 7; index += 1) {
    await writeAudit(em, { organizationId: t.organizations.acme, actorUserId: null, action: 'test.paged', targetType: 'thing', targetId: `t-${index}`, details: { index } });
  }
  await writeAudit(em, { organizationId: t.organizations.acme, actorUserId: null, action: 'test.formula', targetType: 'thing', targetId: '=HYPERLINK("http://evil")', details: {} });
}, 60_000);
afterAll(async () => t?.close());

describe('audit log', () => {
  it('an owner reads their organization’s entries, newest first, filtered and paged, and nothing of another organization', async () => {
    const owner = await t.callerFor('owner@acme.test');
    const all = await owner.audit.list({ limit: 200 });
    expect(all.entries.length).toBeGreaterThan(8);
    expect(all.entries.every((entry) => entry.organizationId === t.organizations.acme)).toBe(true);
    const times = all.entries.map((entry) => entry.createdAt);
    expect([...times].sort().reverse()).toEqual(times);
    const logins = await owner.audit.list({ action: 'auth.login' });
    expect(logins.entries.map((entry) => entry.actorEmail).sort()).toEqual(expect.arrayContaining(['manager@acme.test', 'owner@acme.test']));
    expect(logins.entries.some((entry) => entry.actorEmail === 'owner@globex.test')).toBe(false);
    const byPrefix = await owner.audit.list({ action: 'test.' });
    expect(byPrefix.entries).toHaveLength(8);

    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await owner.audit.list({ action: 'test.paged', limit: 3, cursor });
      expect(page.entries.length).toBeLessThanOrEqual(3);
      seen.push(...page.entries.map((entry) => entry.targetId ?? ''));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen.sort()).toEqual(['t-0', 't-1', 't-2', 't-3', 't-4', 't-5', 't-6']);

    await expect(owner.audit.list({ organizationId: t.organizations.globex })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(owner.audit.list({ cursor: 'not-a-cursor' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('leaders and managers may not read it; a SUPERADMIN reads every organization’s', async () => {
    await expect((await t.callerFor('leader@acme.test')).audit.list({})).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect((await t.callerFor('manager@acme.test')).audit.list({})).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const superadmin = await t.callerFor('admin@pulse.test');
    const everything = await superadmin.audit.list({ action: 'auth.login', limit: 200 });
    const organizations = new Set(everything.entries.map((entry) => entry.organizationId));
    expect(organizations).toEqual(new Set([t.organizations.acme, t.organizations.globex, null]));
    const globexOnly = await superadmin.audit.list({ organizationId: t.organizations.globex, action: 'auth.login' });
    expect(globexOnly.entries.map((entry) => entry.actorEmail)).toEqual(['owner@globex.test']);
  });

  it('exports the filtered entries as CSV with formulas defused, and audits the export', async () => {
    const owner = await t.callerFor('owner@acme.test');
    const exported = await owner.audit.export({ action: 'test.' });
    expect(exported.rows).toBe(8);
    expect(exported.truncated).toBe(false);
    expect(exported.filename).toMatch(new RegExp(`^pulse-audit-${t.organizations.acme}-\\d{4}-\\d{2}-\\d{2}\\.csv$`));
    const lines = exported.csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe('created_at,organization_id,actor_user_id,actor_email,action,target_type,target_id,ip,details');
    expect(lines).toHaveLength(9);
    expect(exported.csv).toContain(`"'=HYPERLINK(""http://evil"")"`);
    const audited = await owner.audit.list({ action: 'audit.exported' });
    expect(audited.entries[0]).toMatchObject({ targetType: 'audit_log', details: expect.objectContaining({ rows: 8 }) });
  });

  it('the database refuses to change or delete entries, except the retention job deleting old ones', async () => {
    const em = t.pulse.orm.em.fork();
    await expect(runSql(em, `UPDATE audit_logs SET action = 'forged'`, [])).rejects.toThrow(/append-only/);
    await expect(runSql(em, 'DELETE FROM audit_logs', [])).rejects.toThrow(/append-only/);
    await expect(runSql(em, 'TRUNCATE audit_logs', [])).rejects.toThrow(/append-only/);
    const [before] = await runSql<{ n: string }>(em, 'SELECT count(*) AS n FROM audit_logs', []);
    // Nothing is a year old yet: retention deletes nothing; a year from now it deletes everything.
    expect(await forgetOldAuditEntries(t.pulse.orm, 365)).toBe(0);
    const [after] = await runSql<{ n: string }>(em, 'SELECT count(*) AS n FROM audit_logs', []);
    expect(after?.n).toBe(before?.n);
    expect(await forgetOldAuditEntries(t.pulse.orm, 365, new Date(Date.now() + 366 * 86_400_000))).toBe(Number(before?.n));
  });
});
