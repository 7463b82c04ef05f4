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
