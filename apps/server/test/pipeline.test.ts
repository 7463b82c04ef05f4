import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSql } from '@pulse/db';
import { createAnalyticsProcessingStep } from '../src/pipeline/analytics-processing.step.ts';
import { PIPELINE_QUEUES, type StoredBatchJob } from '../src/pipeline/pipeline-queues.ts';
import { createReportTrackingStep } from '../src/pipeline/report-tracking.step.ts';
import { postIngest } from '../testing/http-requests.ts';
import { startTestPulse, type TestPulse } from '../testing/start-test-pulse.ts';

let t: TestPulse;
beforeAll(async () => {
  t = await startTestPulse();
});
afterAll(async () => t?.close());

const now = () => new Date().toISOString();
const event = (type: string, userId: string, properties: Record<string, unknown> = {}) => ({ id: crypto.randomUUID(), type, userId, occurredAt: now(), properties });

type EngagementRow = { user_id: string; event_count: number; login_count: number; page_views: number; reports_generated: number; reports_viewed: number };
async function engagementOf(organizationId: string, userIds: string[]): Promise<EngagementRow[]> {
  return runSql<EngagementRow>(
    t.pulse.orm.em.fork(),
    `SELECT user_id, event_count, login_count, page_views, reports_generated, reports_viewed FROM user_engagement_metrics
     WHERE organization_id = $1 AND user_id = ANY($2) ORDER BY user_id`,
    [organizationId, userIds],
  );
}

type ReportRow = { report_id: string; report_type: string | null; generated_by_user_id: string | null; processing_time_seconds: number | null; viewed_count: number };
async function reportsOf(organizationId: string, reportIds: string[]): Promise<ReportRow[]> {
  return runSql<ReportRow>(
    t.pulse.orm.em.fork(),
    `SELECT report_id, report_type, generated_by_user_id, processing_time_seconds, viewed_count FROM report_generation_stats
     WHERE organization_id = $1 AND report_id = ANY($2) ORDER BY report_id`,
    [organizationId, reportIds],
  );
}

describe('the pipeline queues after activity-log', () => {
  it('are all listed by admin.queues', async () => {
    const admin = await t.callerFor('admin@acme.test');
    const names = (await admin.admin.queues.list()).queues.map((queue) => queue.name);
    expect(names).toEqual(expect.arrayContaining([...PIPELINE_QUEUES]));
  });

  it('fold an accepted batch into per-user daily engagement and report statistics', async () => {
    const acme = t.organizations.acme;
    const reportId = `r-${crypto.randomUUID()}`;
    const [alice, bob] = [`alice-${crypto.randomUUID()}`, `bob-${crypto.randomUUID()}`];
    const events = [
      event('USER_LOGIN', alice),
      event('PAGE_VIEW', alice, { path: '/reports' }),
      event('REPORT_GENERATED', alice, { reportId, reportType: 'PERSONALITY_ROLE', durationMs: 1500 }),
      event('REPORT_VIEW', bob, { reportId }),
      event('REPORT_VIEW', bob, { reportId }),
    ];
    expect((await postIngest(t.url, 'pk_demo_acme', { events })).status).toBe(202);

    await expect.poll(() => engagementOf(acme, [alice, bob])).toEqual([
      { user_id: alice, event_count: 3, login_count: 1, page_views: 1, reports_generated: 1, reports_viewed: 0 },
      { user_id: bob, event_count: 2, login_count: 0, page_views: 0, reports_generated: 0, reports_viewed: 2 },
    ]);
    await expect.poll(() => reportsOf(acme, [reportId])).toEqual([
      { report_id: reportId, report_type: 'PERSONALITY_ROLE', generated_by_user_id: alice, processing_time_seconds: 1.5, viewed_count: 2 },
    ]);
    // Another organization's tables are untouched.
    expect(await engagementOf(t.organizations.globex, [alice, bob])).toEqual([]);
    expect(await reportsOf(t.organizations.globex, [reportId])).toEqual([]);

    // dashboards.engagement reads them back for the caller's organization only.
    // The owner sees user ids as stored (below OWNER they are pseudonyms: masking.test.ts).
    const owner = await t.callerFor('owner@acme.test');
    const today = await owner.dashboards.engagement({ limit: 50 });
    expect(today.date).toBe(new Date().toISOString().slice(0, 10));
    expect(today.users.find((user) => user.userId === alice)).toMatchObject({ eventCount: 3, loginCount: 1, pageViews: 1, reportsGenerated: 1 });
    expect(today.reports.find((report) => report.reportId === reportId)).toMatchObject({ reportType: 'PERSONALITY_ROLE', viewedCount: 2, processingTimeSeconds: 1.5 });
    const globex = await (await t.callerFor('admin@globex.test')).dashboards.engagement({ limit: 50 });
    expect(globex.users.map((user) => user.userId)).not.toContain(alice);
    expect(globex.reports.map((report) => report.reportId)).not.toContain(reportId);
    await expect((await t.callerFor('admin@globex.test')).dashboards.engagement({ organizationId: acme })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(owner.dashboards.engagement({ date: '2026-02-30' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('apply a batch once even when its job runs twice', async () => {
    const globex = t.organizations.globex;
    const userId = `twice-${crypto.randomUUID()}`;
    const reportId = `r-${crypto.randomUUID()}`;
    const view = { ...event('REPORT_VIEW', userId, { reportId, reportType: 'QA_QUESTIONNAIRE' }), sessionId: null, receivedAt: now() };
    const batch: StoredBatchJob = { batchId: crypto.randomUUID(), organizationId: globex, events: [view, { ...view, id: crypto.randomUUID() }] };
    const engagement = { ...batch, events: batch.events.map(({ type, userId, occurredAt }) => ({ type, userId, occurredAt })) };

    const addEngagement = createAnalyticsProcessingStep(t.pulse.orm);
    const recordReports = createReportTrackingStep(t.pulse.orm);
    expect(await addEngagement(engagement)).toEqual({ applied: true });
    expect(await recordReports(batch)).toEqual({ applied: true });
    expect(await addEngagement(engagement)).toEqual({ applied: false });
    expect(await recordReports(batch)).toEqual({ applied: false });

    expect(await engagementOf(globex, [userId])).toMatchObject([{ event_count: 2, reports_viewed: 2 }]);
    expect(await reportsOf(globex, [reportId])).toMatchObject([{ report_type: 'QA_QUESTIONNAIRE', viewed_count: 2, generated_by_user_id: null }]);
  });
});
