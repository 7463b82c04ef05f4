import type { FailedJob, QueueList, RebuildCountersResult } from '../schemas/admin.ts';
import type { MaskingPolicy, UpdateMaskingPolicyInput } from '../schemas/privacy.ts';
import type { AuditExport, AuditExportInput, AuditListInput, AuditPage } from '../schemas/audit.ts';
import type { ActivityDelta } from '../schemas/live.ts';
import type { DashboardUpdate, LiveDashboardInput, WidgetPreviewInput, WidgetResult, WidgetsData, WidgetsDataInput } from '../schemas/widget-data.ts';
import type { DashboardSummary, Engagement, EngagementInput } from '../schemas/dashboards.ts';
import type {
  CreateDashboardInput,
  Dashboard,
  DashboardHome,
  DashboardList,
  DashboardVersionInput,
  DashboardVersionList,
  DashboardVersionSnapshot,
  DashboardVersionsInput,
  DeleteDashboardInput,
  DuplicateDashboardInput,
  RestoreDashboardInput,
  SetHomeInput,
  UpdateDashboardInput,
} from '../schemas/dashboard-configs.ts';
import type { ActivityEventView, IngestEvent, IngestResult } from '../schemas/events.ts';
import type { DashboardDocument, ImageExportInput, ImageExportRecorded, ImportDashboardInput, WidgetCsv, WidgetCsvInput } from '../schemas/dashboard-exports.ts';
import type {
  CreateShareInput,
  LivePublicDashboardInput,
  PublicDashboard,
  PublicWidgetsInput,
  RevokeShareInput,
  ShareActor,
  ShareCreated,
  ShareList,
  ShareListInput,
  ShareView,
} from '../schemas/shares.ts';
import type { DirectoryEntryInput, DirectoryListInput, DirectoryPage, DirectoryUpsertResult } from '../schemas/directory.ts';
import type { Actor, CallerOrigin, LoginInput, LogoutInput, LogoutResult, Me, RefreshInput, Session, UserActor } from '../schemas/auth.ts';
import type {
  AggregatedMetric,
  AggregatedMetricInput,
  AggregationStatus,
  EngagementView,
  LatestMetric,
  LatestMetricInput,
  MetricCategory,
  MetricSample,
  MetricsView,
  RecordMetricsResult,
  TriggerAggregationInput,
  TriggerAggregationResult,
} from '../schemas/metrics.ts';
import type {
  AlertActionInput,
  AlertCounts,
  AlertDetail,
  AlertList,
  AlertRuleView,
  AlertStreamItem,
  AlertView,
  CreateAlertRuleInput,
  CreateSilenceInput,
  ListAlertRulesInput,
  ListAlertsInput,
  ListSilencesInput,
  RulePreview,
  RulePreviewInput,
  SilenceView,
  UpdateAlertRuleInput,
} from '../schemas/alerts.ts';
import type {
  ListNotificationsInput,
  NotificationChange,
  NotificationList,
  NotificationSelection,
  NotificationUpdate,
  UnreadCount,
} from '../schemas/notifications.ts';

/** A live stream item with the id a reconnecting client resumes after. */
export type LiveItem<T> = { id: string; data: T };

/**
 * The ports: what the router needs from a server. The procedures (input, output, who may call)
 * are declared here against this interface; `apps/server` supplies the implementation.
 * Every method that reads tenant data takes the organization already checked by the router;
 * `actor` is passed where the service records who did something (audit log, timeline).
 */
export interface PulseServices {
  auth: {
    /** Limited per account and per `origin.address` (429 with retryAfterSeconds). */
    login(input: LoginInput, origin?: CallerOrigin): Promise<Session>;
    /** Rotates the refresh token; an old one presented again revokes its whole session. */
    refresh(input: RefreshInput, origin?: CallerOrigin): Promise<Session>;
    /** Revokes the session of the refresh token and of the caller's access token. */
    logout(input: LogoutInput, actor: Actor | null, origin?: CallerOrigin): Promise<LogoutResult>;
    me(actor: UserActor): Promise<Me>;
  };
  events: {
    ingest(organizationId: string, events: IngestEvent[]): Promise<IngestResult>;
    /** Masked for `viewer` per the organization's masking policy; only the events of the viewer's scope. */
    recent(organizationId: string, limit: number, viewer: UserActor): Promise<ActivityEventView[]>;
  };
  directory: {
    /** Refuses (INVALID) ids that are not a branch / department of the organization, or a branch its department contradicts. */
    upsert(organizationId: string, entries: DirectoryEntryInput[]): Promise<DirectoryUpsertResult>;
    list(organizationId: string, input: DirectoryListInput): Promise<DirectoryPage>;
  };
  dashboards: {
    /** The counters of `viewer`'s scope: the organization's for an OWNER / ADMIN, their branch's / department's for a LEADER / MANAGER. */
    summary(organizationId: string, viewer: UserActor): Promise<DashboardSummary>;
    /** Masked for `viewer` per the organization's masking policy. */
    engagement(organizationId: string, input: EngagementInput, viewer: UserActor): Promise<Engagement>;
    /** Saved dashboards: the caller sees and edits what their role and visibility allow (NOT_FOUND otherwise). */
    list(actor: UserActor, organizationId: string): Promise<DashboardList>;
    get(actor: UserActor, organizationId: string, id: string): Promise<Dashboard>;
    create(actor: UserActor, organizationId: string, input: CreateDashboardInput): Promise<Dashboard>;
    update(actor: UserActor, organizationId: string, input: UpdateDashboardInput): Promise<Dashboard>;
    duplicate(actor: UserActor, organizationId: string, input: DuplicateDashboardInput): Promise<Dashboard>;
    remove(actor: UserActor, organizationId: string, input: DeleteDashboardInput): Promise<void>;
    setHome(actor: UserActor, organizationId: string, input: SetHomeInput): Promise<DashboardHome>;
    home(actor: UserActor, organizationId: string): Promise<DashboardHome>;
    versions(actor: UserActor, organizationId: string, input: DashboardVersionsInput): Promise<DashboardVersionList>;
    /** One kept version's content; NOT_FOUND as get does, and for a version not kept. */
    version(actor: UserActor, organizationId: string, input: DashboardVersionInput): Promise<DashboardVersionSnapshot>;
    restore(actor: UserActor, organizationId: string, input: RestoreDashboardInput): Promise<Dashboard>;
    /** The dashboard as a versioned document without ids, visibility or scope (any dashboard the caller sees). */
    export(actor: UserActor, organizationId: string, dashboardId: string): Promise<DashboardDocument>;
    /** A new private dashboard of the caller from a document. */
    import(actor: UserActor, organizationId: string, input: ImportDashboardInput): Promise<Dashboard>;
    /** One widget's widgets.data numbers as CSV; audited. */
    widgetCsv(actor: UserActor, organizationId: string, input: WidgetCsvInput): Promise<WidgetCsv>;
    /** Audits a PNG drawn by the browser, after checking the caller sees the dashboard (and widget). */
    recordImageExport(actor: UserActor, organizationId: string, input: ImageExportInput): Promise<ImageExportRecorded>;
  };
  shares: {
    /** Only those who may edit the dashboard share it, list its links and revoke them (NOT_FOUND / FORBIDDEN otherwise). */
    create(actor: UserActor, organizationId: string, input: CreateShareInput): Promise<ShareCreated>;
    list(actor: UserActor, organizationId: string, input: ShareListInput): Promise<ShareList>;
    revoke(actor: UserActor, organizationId: string, input: RevokeShareInput): Promise<ShareView>;
    /**
     * The reader of a link: NOT_FOUND for an unknown, revoked or expired token, or one whose sharer
     * may no longer see the dashboard. Counts the call against the link's and the address's limits.
     */
    open(token: string, origin: CallerOrigin): Promise<ShareActor>;
    /** The dashboard without people's ids; the view is audited. */
    dashboard(share: ShareActor, origin: CallerOrigin): Promise<PublicDashboard>;
    /** widgets.data of the shared dashboard in the sharer's scope, user ids pseudonymised per link. */
    widgets(share: ShareActor, input: PublicWidgetsInput): Promise<WidgetsData>;
    /** live.dashboard of the link; fails with NOT_FOUND when the link is revoked or expires. */
    live(share: ShareActor, input: LivePublicDashboardInput, signal: AbortSignal): AsyncIterable<LiveItem<DashboardUpdate>>;
  };
  widgets: {
    data(actor: UserActor, organizationId: string, input: WidgetsDataInput): Promise<WidgetsData>;
    preview(actor: UserActor, organizationId: string, input: WidgetPreviewInput): Promise<WidgetResult>;
  };
  metrics: {
    record(organizationId: string, samples: MetricSample[]): Promise<RecordMetricsResult>;
    latest(organizationId: string, input: LatestMetricInput): Promise<LatestMetric>;
    aggregated(organizationId: string, input: AggregatedMetricInput): Promise<AggregatedMetric>;
    /** The series of these categories with their latest values and last 24 hours. */
    view(organizationId: string, categories: MetricCategory[]): Promise<MetricsView>;
    engagement(organizationId: string): Promise<EngagementView>;
  };
  alerts: {
    rules: {
      list(organizationId: string, input: ListAlertRulesInput): Promise<AlertRuleView[]>;
      get(organizationId: string, id: string): Promise<AlertRuleView>;
      create(actor: UserActor, organizationId: string, input: CreateAlertRuleInput): Promise<AlertRuleView>;
      update(actor: UserActor, organizationId: string, input: UpdateAlertRuleInput): Promise<AlertRuleView>;
      setEnabled(actor: UserActor, organizationId: string, id: string, enabled: boolean): Promise<AlertRuleView>;
      remove(actor: UserActor, organizationId: string, id: string): Promise<void>;
      preview(organizationId: string, input: RulePreviewInput): Promise<RulePreview>;
    };
    list(organizationId: string, input: ListAlertsInput): Promise<AlertList>;
    counts(organizationId: string): Promise<AlertCounts>;
    get(organizationId: string, id: string): Promise<AlertDetail>;
    acknowledge(actor: UserActor, organizationId: string, input: AlertActionInput): Promise<AlertView>;
    resolve(actor: UserActor, organizationId: string, input: AlertActionInput): Promise<AlertView>;
    silences: {
      list(organizationId: string, input: ListSilencesInput): Promise<SilenceView[]>;
      create(actor: UserActor, organizationId: string, input: CreateSilenceInput): Promise<SilenceView>;
      expire(actor: UserActor, organizationId: string, id: string): Promise<SilenceView>;
    };
  };
  notifications: {
    list(actor: UserActor, input: ListNotificationsInput): Promise<NotificationList>;
    unreadCount(actor: UserActor): Promise<UnreadCount>;
    markRead(actor: UserActor, input: NotificationSelection): Promise<NotificationUpdate>;
    dismiss(actor: UserActor, input: NotificationSelection): Promise<NotificationUpdate>;
  };
  aggregation: {
    /** `organizationId` null: the whole platform (a SUPERADMIN); otherwise that organization only. */
    status(organizationId: string | null): Promise<AggregationStatus>;
    /** `organizationId` null: roll every organization (a SUPERADMIN); otherwise that organization only. */
    trigger(actor: UserActor, organizationId: string | null, input: TriggerAggregationInput): Promise<TriggerAggregationResult>;
  };
  live: {
    /** Masked for `viewer` per the organization's masking policy; only the events of the viewer's scope. */
    activity(organizationId: string, lastEventId: string | null, signal: AbortSignal, viewer: UserActor): AsyncIterable<LiveItem<ActivityDelta>>;
    /** Scoped like dashboards.summary. */
    counters(organizationId: string, signal: AbortSignal, viewer: UserActor): AsyncIterable<DashboardSummary>;
    alerts(organizationId: string, lastEventId: string | null, signal: AbortSignal): AsyncIterable<LiveItem<AlertStreamItem>>;
    notifications(userId: string, signal: AbortSignal): AsyncIterable<NotificationChange>;
    /** One open dashboard's widget changes, scoped like widgets.data, resumable by data version. */
    dashboard(actor: UserActor, organizationId: string, input: LiveDashboardInput, signal: AbortSignal): AsyncIterable<LiveItem<DashboardUpdate>>;
  };
  admin: {
    rebuildCounters(organizationId: string): Promise<RebuildCountersResult>;
    queues: {
      list(): Promise<QueueList>;
      /** `organizationId` null: every organization's failed jobs (SUPERADMIN only). */
      failed(organizationId: string | null, queue: string, limit: number): Promise<FailedJob[]>;
      retry(organizationId: string | null, queue: string, jobId: string, actor: UserActor): Promise<{ ok: true }>;
      discard(organizationId: string | null, queue: string, jobId: string, actor: UserActor): Promise<{ ok: true }>;
    };
  };
  audit: {
    /** `organizationId` null: every organization's entries (SUPERADMIN only). */
    list(organizationId: string | null, input: AuditListInput): Promise<AuditPage>;
    export(actor: UserActor, organizationId: string | null, input: AuditExportInput): Promise<AuditExport>;
  };
  privacy: {
    /** `organizationId` null (a SUPERADMIN who named none) is refused: a policy is one organization's. */
    policy(organizationId: string | null): Promise<MaskingPolicy>;
    updatePolicy(actor: UserActor, organizationId: string | null, input: UpdateMaskingPolicyInput): Promise<MaskingPolicy>;
  };
}
