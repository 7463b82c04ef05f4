import { Queue } from 'bullmq';
import type { AddressInfo } from 'node:net';
import type { MikroORM } from '@pulse/db';
import type { Redis } from 'ioredis';
import type { LiveItem, PulseServices } from '@pulse/api-contract/router';
import type { AlertStreamItem } from '@pulse/api-contract/schemas';
import type { ActivityStore } from '../activity-store/activity-store.ts';
import { alertChannel, notificationChannel, type NotificationSignal } from '../alerts/alert-publisher.ts';
import { startAuth } from '../auth/start-auth.ts';
import { startDemoMetrics } from '../demo/demo-metrics.ts';
import { loadDemoUnits } from '../demo/demo-placement.ts';
import { startDemoTraffic } from '../demo/demo-traffic.ts';
import type { Settings } from '../env.ts';
import { createReadyRoute, handleHealth } from '../http/health.route.ts';
import { createHttpServer } from '../http/http-server.ts';
import { createIngestRoute } from '../http/ingest.route.ts';
import { createMetricsIngestRoute } from '../http/metrics-ingest.route.ts';
import { createPrometheusRoute, type IngestCounters } from '../http/prometheus.route.ts';
import { createSegmentRoute } from '../http/segment.route.ts';
import { createDirectoryService } from '../directory/directory.service.ts';
import { createSessionRoute } from '../http/session.route.ts';
import { createStaticRoute } from '../http/static.route.ts';
import { createIngestCapacity } from '../ingest/ingest-capacity.ts';
import { createIngestService, type IngestService } from '../ingest/ingest.service.ts';
import { createLiveHub } from '../live/live-hub.ts';
import { errorFields, type Logger } from '../log.ts';
import { MAINTENANCE_QUEUE } from '../maintenance/maintenance.queue.ts';
import type { MetricRecorder } from '../metrics/metric-recorder.ts';
import { ACTIVITY_LOG_QUEUE, createActivityLogQueue, PIPELINE_QUEUES } from '../pipeline/pipeline-queues.ts';
import { createBlockingRedis, createFailFastRedis } from '../redis/connections.ts';
import { callRules } from '../limits/call-admission.ts';
import { limitIngestKeys } from '../limits/ingest-key-limit.ts';
import { createRateLimiter } from '../limits/rate-limiter.ts';
import { rollupChannel, type RollupSignal } from '../rollups/rollup-signal.ts';
import { createContextFactory } from '../trpc/context.ts';
import type { DependencyBreakers } from '../widgets/dependency-breakers.ts';
import type { Producers } from './producers.ts';
import { createServices } from './services.ts';
import type { Stops } from './stops.ts';

type Dependencies = { orm: MikroORM; redis: Redis; store: ActivityStore; producers: Producers; breakers: DependencyBreakers; settings: Settings; log: Logger; stops: Stops };

/**
 * The api role: HTTP and WebSocket on one port (tRPC, the ingest routes, /health, /ready,
 * /metrics, the SPA), the live hubs that relay Redis pub/sub to this process's subscribers, and
 * the services behind the contract. Returns the port it listens on and the services.
 */
export async function startApiRole({ orm, redis, store, producers, breakers, settings, log, stops }: Dependencies): Promise<{ port: number; services: PulseServices }> {
  const prefix = settings.REDIS_PREFIX;
  const queueConnection = createFailFastRedis(settings.REDIS_URL, 'pulse-queue');
  const subscriber = createBlockingRedis(settings.REDIS_URL, 'pulse-live');
  queueConnection.on('error', (error) => log.warn('redis queue connection error', errorFields(error)));
  subscriber.on('error', (error) => log.warn('redis live connection error', errorFields(error)));
  const queue = createActivityLogQueue(queueConnection, prefix);
  // Ingest refuses while its queue connection is not ready: be ready before serving.
  await queue.waitUntilReady();
  // Views of the queues after activity-log (backpressure, admin.queues, /metrics).
  const stepQueues = PIPELINE_QUEUES.filter((name) => name !== ACTIVITY_LOG_QUEUE).map((name) => new Queue(name, { connection: queueConnection, prefix }));
  // The maintenance queue's handle here only reads it (admin.queues); workers schedule it.
  const queueViews = [...stepQueues, new Queue(MAINTENANCE_QUEUE, { connection: queueConnection, prefix })];
  const capacity = createIngestCapacity({ queues: [queue, ...stepQueues], connection: queueConnection, maxQueueDepth: settings.INGEST_MAX_QUEUE_DEPTH, log });
  const { ingest, recorder, ingested } = countAccepted(createIngestService(queue, settings.INGEST_GROUP_COMMIT_MS, capacity), producers.recorder);
  const auth = await startAuth({ orm, redis, settings, log });
  const { authenticate } = auth;
  stops.add(() => auth.close());
  // Limits are counted in Redis, so they hold across API processes.
  const limiter = createRateLimiter(queueConnection, prefix, (error) => log.warn('rate limit not checked: redis did not answer', errorFields(error)));
  const rules = callRules(settings);
  const keyedAuthenticate = limitIngestKeys(authenticate, limiter, rules.perKey);
  const queues = [queue, ...queueViews, ...producers.queues()];
  const services = createServices({
    orm,
    redis,
    prefix,
    auth: auth.service,
    ingest,
    store,
    queues,
    maskingSecret: settings.TOKEN_SECRET,
    limiter,
    resume: { maxItems: settings.LIVE_RESUME_MAX_ITEMS, maxBytes: settings.LIVE_RESUME_MAX_BYTES },
    recorder,
    aggregationQueue: producers.aggregationQueue,
    publisher: producers.publisher,
    enqueueWebhook: producers.enqueueWebhook,
    // Live hubs share the one subscriber connection: activity deltas, alert changes, notifications, rollup versions.
    hub: createLiveHub(subscriber, prefix, log),
    alertsHub: createLiveHub<LiveItem<AlertStreamItem>>(subscriber, prefix, log, (organizationId) => alertChannel(prefix, organizationId)),
    notificationsHub: createLiveHub<NotificationSignal>(subscriber, prefix, log, (userId) => notificationChannel(prefix, userId)),
    // The rollups' new data versions: widget caches move on, live dashboards read again.
    rollupHub: createLiveHub<RollupSignal>(subscriber, prefix, log, (organizationId) => rollupChannel(prefix, organizationId)),
    breakers,
    log,
  });
  let connectionCount = () => 0;
  const onQueueFailure = (error: unknown) => log.error('could not queue a batch', errorFields(error));
  const http = createHttpServer(
    {
      createContext: createContextFactory(services, authenticate, { clientAddress: auth.clientAddress, watchSession: auth.watchSession, limits: { limiter, ...rules } }),
      ingest: createIngestRoute(keyedAuthenticate, ingest, onQueueFailure),
      segment: createSegmentRoute(keyedAuthenticate, ingest, onQueueFailure, createDirectoryService(orm)),
      session: createSessionRoute({ auth: auth.service, clientAddress: auth.clientAddress, alwaysSecure: settings.SESSION_COOKIE_SECURE, trustProxy: settings.TRUST_PROXY }),
      metricsIngest: createMetricsIngestRoute(keyedAuthenticate, recorder, (error) => log.error('could not store metric samples', errorFields(error))),
      metrics: createPrometheusRoute({
        orm,
        queues,
        connectionCount: () => connectionCount(),
        ingested,
        selfMetrics: producers.selfMetrics,
        exportBusiness: settings.METRICS_EXPORT_BUSINESS,
        token: settings.METRICS_TOKEN,
        open: settings.METRICS_PUBLIC,
        breakers,
      }),
      health: handleHealth,
      ready: createReadyRoute(orm, redis, breakers),
      web: createStaticRoute(settings.WEB_DIST),
    },
    log,
    liveLimitsOf(settings),
  );
  connectionCount = http.connectionCount;
  stops.add(() => queueConnection.quit(), () => subscriber.quit(), () => queue.close(), () => Promise.all(queueViews.map((view) => view.close())), () => ingest.drain());
  await new Promise<void>((resolve) => http.server.listen(settings.PORT, settings.HOST, resolve));
  stops.add(() => http.close());
  const port = (http.server.address() as AddressInfo).port;
  log.info('api listening', { url: `http://localhost:${port}` });
  if (settings.PULSE_DEMO && settings.DEMO_EVENTS_PER_SECOND > 0) {
    const demo = startDemoTraffic({ url: `http://127.0.0.1:${port}`, eventsPerSecond: settings.DEMO_EVENTS_PER_SECOND, log, unitsOf: (slug) => loadDemoUnits(orm, slug) });
    stops.add(() => demo.stop());
  }
  if (settings.PULSE_DEMO && settings.DEMO_METRICS_PER_SECOND > 0) {
    const metrics = startDemoMetrics({ url: `http://127.0.0.1:${port}`, observationsPerSecond: settings.DEMO_METRICS_PER_SECOND, log });
    stops.add(() => metrics.stop());
  }
  return { port, services };
}

/** The WebSocket limits of this process, from the settings (docs/operations.md lists them). */
function liveLimitsOf(settings: Settings) {
  return {
    maxConnections: settings.WS_MAX_CONNECTIONS,
    maxConnectionsPerUser: settings.WS_MAX_CONNECTIONS_PER_USER,
    maxSubscriptions: settings.WS_MAX_SUBSCRIPTIONS_PER_CONNECTION,
    maxInFlight: settings.WS_MAX_IN_FLIGHT_PER_CONNECTION,
    maxMessagesPerSecond: settings.WS_MAX_MESSAGES_PER_SECOND,
    allowedOrigins: settings.ALLOWED_ORIGINS,
  };
}

/** The ingest service and the metric recorder, counting what they accept for GET /metrics. */
function countAccepted(ingest: IngestService, recorder: MetricRecorder) {
  const ingested: IngestCounters = { events: 0, metricSamples: 0 };
  return {
    ingested,
    ingest: { ...ingest, ingest: counting(ingest.ingest, (accepted) => (ingested.events += accepted)) } satisfies IngestService,
    recorder: { ...recorder, record: counting(recorder.record, (accepted) => (ingested.metricSamples += accepted)) } satisfies MetricRecorder,
  };
}

function counting<Args extends unknown[], Result extends { accepted: number }>(call: (...args: Args) => Promise<Result>, count: (accepted: number) => void) {
  return async (...args: Args): Promise<Result> => {
    const result = await call(...args);
    count(result.accepted);
    return result;
  };
}
