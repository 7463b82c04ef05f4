import type { RebuildCountersResult } from '../schemas/admin.ts';
import type { ActivityDelta } from '../schemas/live.ts';
import type { DashboardSummary } from '../schemas/dashboards.ts';
import type { ActivityEventView, IngestEvent, IngestResult } from '../schemas/events.ts';
import type { LoginInput, Me, RefreshInput, Session, UserActor } from '../schemas/auth.ts';

/** A live stream item with the id a reconnecting client resumes after. */
export type LiveItem<T> = { id: string; data: T };

/**
 * The ports: what the router needs from a server. The procedures (input, output, who may call)
 * are declared here against this interface; `apps/server` supplies the implementation.
 * Every method that reads tenant data takes the organization already checked by the router.
 */
export interface PulseServices {
  auth: {
    login(input: LoginInput): Promise<Session>;
    refresh(input: RefreshInput): Promise<Session>;
    me(actor: UserActor): Promise<Me>;
  };
  events: {
    ingest(organizationId: string, events: IngestEvent[]): Promise<IngestResult>;
    recent(organizationId: string, limit: number): Promise<ActivityEventView[]>;
  };
  dashboards: {
    summary(organizationId: string): Promise<DashboardSummary>;
  };
  live: {
    activity(organizationId: string, lastEventId: string | null, signal: AbortSignal): AsyncIterable<LiveItem<ActivityDelta>>;
    counters(organizationId: string, signal: AbortSignal): AsyncIterable<DashboardSummary>;
  };
  admin: {
    rebuildCounters(organizationId: string): Promise<RebuildCountersResult>;
  };
}
