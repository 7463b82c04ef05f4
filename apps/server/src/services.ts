import type { MikroORM } from '@pulse/db';
import type { Redis } from 'ioredis';
import type { Queue } from 'bullmq';
import type { PulseServices } from '@pulse/api-contract/router';
import { TRPCError } from '@trpc/server';
import type { AlertStreamItem } from '@pulse/api-contract/schemas';
import type { LiveItem } from '@pulse/api-contract/router';
import { alertStreamKey, type AlertPublisher, type NotificationSignal } from './alerts/alert-publisher.ts';
import { createAlertRulesService } from './alerts/alert-rules.service.ts';
import { createAlertsService } from './alerts/alerts.service.ts';
import { createSilencesService } from './alerts/silences.service.ts';
import { createQueueAdmin } from './admin/queue-admin.ts';
import { createAuditLogService } from './audit/audit-log.service.ts';
import { createAuthService } from './auth/auth.service.ts';
import type { ActivityStore } from './activity-store/activity-store.ts';
import type { TokenIssuer } from './auth/tokens.ts';
import { readSummary } from './counters/read-summary.ts';
import { rebuildCounters, RebuildInProgress } from './counters/rebuild-counters.ts';
import { createDashboardsService } from './dashboards/dashboards.service.ts';
import { createEngagementReader } from './engagement/read-engagement.ts';
import { createRecentEvents } from './events/recent-events.ts';
import type { IngestService } from './ingest/ingest.service.ts';
import type { LiveHub } from './live/live-hub.ts';
import { createLiveService } from './live/live.service.ts';
import { resumableStream } from './live/resumable-stream.ts';
import { createAggregationService } from './metrics/aggregation.service.ts';
import type { MetricRecorder } from './metrics/metric-recorder.ts';
import type { MetricsAggregationQueue } from './metrics/metrics-aggregation.queue.ts';
import { createMetricsService } from './metrics/metrics.service.ts';
import { createNotificationsService } from './notifications/notifications.service.ts';
import type { RollupSignal } from './rollups/rollup-signal.ts';
import { asBadRequest } from './trpc/as-bad-request.ts';
import type { Logger } from './log.ts';
import { createOpenedRecorder } from './widgets/cache-refresh.queue.ts';
import { createWidgetEngine } from './widgets/widget-engine.ts';
import { createWidgetsService } from './widgets/widgets.service.ts';
import { dashboardStream } from './widgets/dashboard-stream.ts';

/** Metrics, alerts and notifications: what the api role needs of them. */
export type AlertingDependencies = {
  recorder: MetricRecorder;
  aggregationQueue: MetricsAggregationQueue;
  publisher: AlertPublisher;
  enqueueWebhook(deliveryId: string): Promise<void>;
  alertsHub: LiveHub<LiveItem<AlertStreamItem>>;
  notificationsHub: LiveHub<NotificationSignal>;
};

type Dependencies = {
  orm: MikroORM;
  redis: Redis;
  prefix: string;
  tokens: TokenIssuer;
  ingest: IngestService;
  hub: LiveHub;
  store: ActivityStore;
  alerting: AlertingDependencies;
  /** Every queue this process can see, for admin.queues. */
  queues: Queue[];
  /** The pipeline's rollup signals (widget caches and live dashboards). */
  rollupHub: LiveHub<RollupSignal>;
  log: Logger;
};

/** The server's implementation of the contract's ports. */
export function createServices({ orm, redis, prefix, tokens, ingest, hub, store, alerting, queues, rollupHub, log }: Dependencies): PulseServices {
  const summary = (organizationId: string) => readSummary(redis, prefix, organizationId);
  const live = createLiveService({ hub, redis, prefix, summary });
  const effects = { orm, publisher: alerting.publisher, enqueueWebhook: alerting.enqueueWebhook };
  const notifications = createNotificationsService(orm, alerting.publisher, alerting.notificationsHub);
  const dashboards = createDashboardsService(orm);
  const widgetEngine = createWidgetEngine({ orm, redis, prefix, rollupHub, summary, log });
  const widgetDeps = { engine: widgetEngine, getDashboard: dashboards.get, opened: createOpenedRecorder(redis, prefix) };
  return {
    auth: createAuthService(orm, tokens),
    events: {
      ingest: (organizationId, events) => asBadRequest(ingest.ingest(organizationId, events), 'Some events were rejected.'),
      recent: createRecentEvents(store, redis, prefix),
    },
    dashboards: { summary, engagement: createEngagementReader(orm), ...dashboards },
    widgets: createWidgetsService(widgetDeps),
    admin: {
      queues: createQueueAdmin(queues, orm),
      async rebuildCounters(organizationId) {
        try {
          return { organizationId, ...(await rebuildCounters(store, redis, prefix, organizationId)) };
        } catch (error) {
          if (error instanceof RebuildInProgress) throw new TRPCError({ code: 'CONFLICT', message: error.message });
          throw error;
        }
      },
    },
    metrics: createMetricsService({ orm, recorder: alerting.recorder, summary }),
    alerts: {
      ...createAlertsService(effects),
      rules: createAlertRulesService({ ...effects, counters: summary }),
      silences: createSilencesService(effects),
    },
    notifications,
    aggregation: createAggregationService(orm, alerting.aggregationQueue),
    live: {
      activity: live.activity,
      counters: live.counters,
      alerts: (organizationId, lastEventId, signal) =>
        resumableStream({ hub: alerting.alertsHub, redis, streamKey: alertStreamKey(prefix, organizationId), key: organizationId }, lastEventId, signal),
      notifications: notifications.live,
      dashboard: (actor, organizationId, input, signal) => dashboardStream({ ...widgetDeps, activityHub: hub }, actor, organizationId, input, signal),
    },
    audit: createAuditLogService(orm),
  };
}
