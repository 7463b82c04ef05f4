import type { MikroORM } from '@pulse/db';
import type { Redis } from 'ioredis';
import type { Queue } from 'bullmq';
import type { PulseServices } from '@pulse/api-contract/router';
import type { AlertStreamItem } from '@pulse/api-contract/schemas';
import type { LiveItem } from '@pulse/api-contract/router';
import { alertStreamKey, type AlertPublisher, type NotificationSignal } from '../alerts/alert-publisher.ts';
import { createAlertRulesService } from '../alerts/alert-rules.service.ts';
import { createAlertsService } from '../alerts/alerts.service.ts';
import { createSilencesService } from '../alerts/silences.service.ts';
import { createQueueAdmin } from '../admin/queue-admin.ts';
import { createAuditLogService } from '../audit/audit-log.service.ts';
import type { ActivityStore } from '../activity-store/activity-store.ts';
import { readSummary } from '../counters/read-summary.ts';
import { rebuildCounters } from '../counters/rebuild-counters.ts';
import { createDashboardsService } from '../dashboards/dashboards.service.ts';
import { createEngagementReader } from '../engagement/read-engagement.ts';
import { createDirectoryService } from '../directory/directory.service.ts';
import { createRecentEvents } from '../events/recent-events.ts';
import type { IngestService } from '../ingest/ingest.service.ts';
import type { LiveHub } from '../live/live-hub.ts';
import { createLiveService } from '../live/live.service.ts';
import { type ResumeLimits, resumableStream } from '../live/resumable-stream.ts';
import { createAggregationService } from '../metrics/aggregation.service.ts';
import type { MetricRecorder } from '../metrics/metric-recorder.ts';
import type { MetricsAggregationQueue } from '../metrics/metrics-aggregation.queue.ts';
import { createMetricsService } from '../metrics/metrics.service.ts';
import { createNotificationsService } from '../notifications/notifications.service.ts';
import { createImageExportAudit, createWidgetCsvExport } from '../dashboards/widget-csv.service.ts';
import type { RateLimiter } from '../limits/rate-limiter.ts';
import { maskedReads } from '../privacy/masked-reads.ts';
import { createLinkMaskerFactory, createMaskerFactory } from '../privacy/masker.ts';
import { createMaskingPolicies } from '../privacy/masking-policy.service.ts';
import type { Logger } from '../log.ts';
import type { RollupSignal } from '../rollups/rollup-signal.ts';
import { createOpenedRecorder } from '../widgets/cache-refresh.queue.ts';
import { dashboardStream } from '../widgets/dashboard-stream.ts';
import { createSharesService } from '../shares/shares.service.ts';
import { scopeOf } from '../widgets/viewer-scope.ts';
import { type DependencyBreakers, failingFast } from '../widgets/dependency-breakers.ts';
import { rememberDashboards } from '../widgets/remembered-dashboards.ts';
import { createWidgetEngine } from '../widgets/widget-engine.ts';
import { createScopedSummary } from '../widgets/scoped-summary.ts';
import { createWidgetsService } from '../widgets/widgets.service.ts';

type Dependencies = {
  orm: MikroORM;
  redis: Redis;
  prefix: string;
  auth: PulseServices['auth'];
  ingest: IngestService;
  hub: LiveHub;
  store: ActivityStore;
  recorder: MetricRecorder;
  aggregationQueue: MetricsAggregationQueue;
  publisher: AlertPublisher;
  enqueueWebhook(deliveryId: string): Promise<void>;
  alertsHub: LiveHub<LiveItem<AlertStreamItem>>;
  notificationsHub: LiveHub<NotificationSignal>;
  /** Every queue this process can see, for admin.queues. */
  queues: Queue[];
  /** The server secret the masking pseudonyms are keyed from. */
  maskingSecret: string;
  /** Redis-counted limits (public links per token and address). */
  limiter: RateLimiter;
  /** How much a resuming live stream may replay. */
  resume?: ResumeLimits;
  /** The pipeline's rollup signals (widget caches and live dashboards). */
  rollupHub: LiveHub<RollupSignal>;
  /** The read path's circuit breakers (dashboards and widgets answer from caches while a dependency is away). */
  breakers: DependencyBreakers;
  log: Logger;
};

/** The server's implementation of the contract's ports. */
export function createServices({ orm, redis, prefix, auth, ingest, hub, store, queues, recorder, aggregationQueue, publisher, enqueueWebhook, alertsHub, notificationsHub, maskingSecret, limiter, resume, rollupHub, breakers, log }: Dependencies): PulseServices {
  const summary = (organizationId: string) => readSummary(redis, prefix, organizationId);
  const widgetEngine = createWidgetEngine({ orm, redis, prefix, rollupHub, summary, breakers, log });
  const scopedSummary = createScopedSummary(widgetEngine, summary);
  const live = createLiveService({ hub, redis, prefix, summary: scopedSummary, rollupChanges: rollupHub, resume });
  const effects = { orm, publisher, enqueueWebhook };
  const notifications = createNotificationsService(orm, publisher, notificationsHub);
  const masking = createMaskingPolicies(orm, createMaskerFactory(maskingSecret), createLinkMaskerFactory(maskingSecret));
  const recent = createRecentEvents(store, redis, prefix);
  // The raw reads filter by the viewer's scope (MANAGER: their department, LEADER: their branch).
  const masked = maskedReads(masking, {
    recent: (organizationId, limit, viewer) => recent(organizationId, limit, scopeOf(viewer)),
    engagement: createEngagementReader(orm),
    activity: (organizationId, lastEventId, signal, viewer) => live.activity(organizationId, lastEventId, signal, scopeOf(viewer)),
  });
  const directory = createDirectoryService(orm);
  const dashboards = rememberDashboards(createDashboardsService(orm), breakers.postgres);
  const widgetDeps = { engine: widgetEngine, getDashboard: dashboards.get, opened: createOpenedRecorder(redis, prefix), maskerFor: masking.maskerFor, postgres: breakers.postgres };
  const widgets = createWidgetsService(widgetDeps);
  return {
    auth,
    events: {
      ingest: (organizationId, events) => ingest.ingest(organizationId, events),
      recent: masked.recent,
    },
    directory: { upsert: directory.upsert, list: directory.list },
    dashboards: {
      summary: failingFast(breakers.redis, 'The live counters cannot be read while Redis is unavailable.', (organizationId, viewer) => scopedSummary(organizationId, scopeOf(viewer))),
      engagement: masked.engagement,
      ...dashboards,
      widgetCsv: createWidgetCsvExport({ orm, getDashboard: dashboards.get, widgetsData: widgets.data, scopeOf }),
      recordImageExport: createImageExportAudit({ orm, getDashboard: dashboards.get }),
    },
    widgets,
    shares: createSharesService({ orm, limiter, engine: widgetEngine, activityHub: hub, opened: widgetDeps.opened, linkMaskerFor: masking.linkMaskerFor, postgres: breakers.postgres }),
    admin: {
      queues: createQueueAdmin(queues, orm),
      rebuildCounters: async (organizationId) => ({ organizationId, ...(await rebuildCounters(store, redis, prefix, organizationId)) }),
    },
    metrics: createMetricsService({ orm, recorder, summary }),
    alerts: {
      ...createAlertsService(effects),
      rules: createAlertRulesService({ ...effects, counters: summary }),
      silences: createSilencesService(effects),
    },
    notifications,
    aggregation: createAggregationService(orm, aggregationQueue),
    live: {
      activity: masked.activity,
      counters: (organizationId, signal, viewer) => live.counters(organizationId, signal, scopeOf(viewer)),
      alerts: (organizationId, lastEventId, signal) =>
        resumableStream({ hub: alertsHub, redis, streamKey: alertStreamKey(prefix, organizationId), key: organizationId, resume }, lastEventId, signal),
      notifications: notifications.live,
      dashboard: (actor, organizationId, input, signal) => dashboardStream({ ...widgetDeps, activityHub: hub }, actor, organizationId, input, signal),
    },
    audit: createAuditLogService(orm),
    privacy: masking.service,
  };
}
