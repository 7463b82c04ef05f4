import { runSql } from '@pulse/db';
import type { MikroORM } from '@pulse/db';
import type { Engagement, EngagementInput } from '@pulse/api-contract/schemas';

const TOP_USERS = `
SELECT user_id, event_count, login_count, page_views, api_calls, reports_generated, reports_viewed, ai_chat_messages_sent, last_activity_at
FROM user_engagement_metrics
WHERE organization_id = $1 AND metric_date = $2::date
ORDER BY event_count DESC, user_id
LIMIT $3`;

// Reports generated or viewed that day, most viewed first.
const TOP_REPORTS = `
SELECT report_id, report_type, generation_timestamp, processing_time_seconds, viewed_count, last_viewed_at
FROM report_generation_stats
WHERE organization_id = $1
  AND (generation_timestamp >= $2::date AND generation_timestamp < $2::date + 1
       OR last_viewed_at >= $2::date AND last_viewed_at < $2::date + 1)
ORDER BY viewed_count DESC, report_id
LIMIT $3`;

type UserRow = {
  user_id: string;
  event_count: number;
  login_count: number;
  page_views: number;
  api_calls: number;
  reports_generated: number;
  reports_viewed: number;
  ai_chat_messages_sent: number;
  last_activity_at: Date;
};
type ReportRow = {
  report_id: string;
  report_type: string | null;
  generation_timestamp: Date | null;
  processing_time_seconds: number | null;
  viewed_count: number;
  last_viewed_at: Date | null;
};

const isoOrNull = (value: Date | null) => (value ? new Date(value).toISOString() : null);

/** `dashboards.engagement`: what analytics-processing and report-tracking keep, for one UTC day. */
export function createEngagementReader(orm: MikroORM) {
  return async function engagement(organizationId: string, { date, limit }: EngagementInput): Promise<Engagement> {
    const day = date ?? new Date().toISOString().slice(0, 10);
    const em = orm.em.fork();
    const [users, reports] = await Promise.all([
      runSql<UserRow>(em, TOP_USERS, [organizationId, day, limit]),
      runSql<ReportRow>(em.fork(), TOP_REPORTS, [organizationId, day, limit]),
    ]);
    return {
      date: day,
      users: users.map((row) => ({
        userId: row.user_id,
        eventCount: row.event_count,
        loginCount: row.login_count,
        pageViews: row.page_views,
        apiCalls: row.api_calls,
        reportsGenerated: row.reports_generated,
        reportsViewed: row.reports_viewed,
        aiChatMessagesSent: row.ai_chat_messages_sent,
        lastActivityAt: new Date(row.last_activity_at).toISOString(),
      })),
      reports: reports.map((row) => ({
        reportId: row.report_id,
        reportType: row.report_type,
        generatedAt: isoOrNull(row.generation_timestamp),
        processingTimeSeconds: row.processing_time_seconds,
        viewedCount: row.viewed_count,
        lastViewedAt: isoOrNull(row.last_viewed_at),
      })),
    };
  };
}
