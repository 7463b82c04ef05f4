import { z } from 'zod';
import { ActivityEventView } from './events.ts';
import { TenantInput } from './scope.ts';

export const MinuteCount = z.object({ minute: z.iso.datetime(), count: z.int() });

/** The live counters of one organization (all bucketed by the events' occurredAt, UTC). */
export const DashboardSummary = z.object({
  organizationId: z.uuid(),
  generatedAt: z.iso.datetime(),
  /** Distinct users with an event in the last 5 minutes. */
  activeUsers: z.int(),
  /** API_CALL events in the current minute. */
  apiCallsPerMinute: z.int(),
  /** USER_LOGIN events in the last 60 minutes. */
  loginsLastHour: z.int(),
  /** USER_LOGOUT events in the last 60 minutes. */
  logoutsLastHour: z.int(),
  /** PRODUCT_CREATED events since 00:00 UTC. */
  productsCreatedToday: z.int(),
  /** Events since 00:00 UTC by type. */
  eventsByTypeToday: z.record(z.string(), z.int()),
  /** Events of any type since 00:00 UTC. */
  eventsToday: z.int(),
  /** Events per minute for the last 60 minutes, oldest first, the current minute last. */
  eventsPerMinute: z.array(MinuteCount),
});
export type DashboardSummary = z.output<typeof DashboardSummary>;

export const RecentEventsInput = TenantInput.extend({
  limit: z.int().min(1).max(100).default(50),
});
export type RecentEventsInput = z.output<typeof RecentEventsInput>;

export const RecentEvents = z.object({ events: z.array(ActivityEventView) });
export type RecentEvents = z.output<typeof RecentEvents>;

export const EngagementInput = TenantInput.extend({
  /** A UTC day; today when omitted. */
  date: z.iso.date().optional(),
  limit: z.int().min(1).max(50).default(10),
});
export type EngagementInput = z.output<typeof EngagementInput>;

/** One sender user's day (the schema document's user_engagement_metrics). */
export const UserEngagement = z.object({
  userId: z.string(),
  eventCount: z.int(),
  loginCount: z.int(),
  pageViews: z.int(),
  apiCalls: z.int(),
  reportsGenerated: z.int(),
  reportsViewed: z.int(),
  aiChatMessagesSent: z.int(),
  lastActivityAt: z.iso.datetime(),
});

/** One report (the schema document's report_generation_stats). */
export const ReportStats = z.object({
  reportId: z.string(),
  reportType: z.string().nullable(),
  generatedAt: z.iso.datetime().nullable(),
  processingTimeSeconds: z.number().nullable(),
  viewedCount: z.int(),
  lastViewedAt: z.iso.datetime().nullable(),
});

/**
 * The day's most active users and most viewed reports, as the analytics-processing and
 * report-tracking queues have folded them in so far (a few seconds behind the live counters).
 */
export const Engagement = z.object({
  date: z.iso.date(),
  users: z.array(UserEngagement),
  reports: z.array(ReportStats),
});
export type Engagement = z.output<typeof Engagement>;
