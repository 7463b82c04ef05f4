import { Queue } from 'bullmq';
import type { AddressInfo } from 'node:net';
import { createOrm } from '@pulse/db';
import type { MikroORM } from '@pulse/db';
import type { Redis } from 'ioredis';
import type { PulseServices } from '@pulse/api-contract/router';
import { alertingForApi, createAlerting, startAlertingWorkers } from './alerting.ts';
import { createAuthenticator } from './auth/authenticate.ts';
import { createTokenIssuer } from './auth/tokens.ts';
import { rebuildLostCounters } from './counters/rebuild-counters.ts';
import { startDemoMetrics } from './demo/demo-metrics.ts';
import { startDemoTraffic } from './demo/demo-traffic.ts';
import type { Settings } from './env.ts';
import { handleHealth, createReadyRoute } from './http/health.route.ts';
import { createHttpServer } from './http/http-server.ts';
import { createIngestRoute } from './http/ingest.route.ts';
import { createSegmentRoute } from './http/segment.route.ts';
import { createMetricsIngestRoute } from './http/metrics-ingest.route.ts';
import { createStaticRoute } from './http/static.route.ts';
import { createIngestCapacity } from './ingest/ingest-capacity.ts';
import { createIngestService } from './ingest/ingest.service.ts';
import { createLiveHub } from './live/live-hub.ts';
import { MAINTENANCE_QUEUE, scheduleMaintenance } from './maintenance/maintenance.queue.ts';
import { startMaintenanceWorker } from './maintenance/maintenance.worker.ts';
import { errorFields, type Logger } from './log.ts';
import { createPrometheusRoute } from './observability/prometheus.route.ts';
import { createBlockingRedis, createFailFastRedis } from './redis/connections.ts';
import { createServices } from './services.ts';
import { backfillActivityRollups } from './rollups/backfill.ts';
import { rollupChannel, type RollupSignal } from './rollups/rollup-signal.ts';
import { DASHBOARD_CACHE_REFRESH_QUEUE } from './widgets/cache-refresh.queue.ts';
import { startCacheRefresh } from './widgets/cache-refresh.worker.ts';
import type { ActivityStore } from './activity-store/activity-store.ts';
import { createActivityStore } from './activity-store/create-activity-store.ts';
import { ACTIVITY_LOG_QUEUE, createActivityLogQueue, PIPELINE_QUEUES } from './pipeline/pipeline-queues.ts';
import { startPipeline } from './pipeline/start-pipeline.ts';
import { untilDependenciesAnswer } from './pipeline/wait-for-dependencies.ts';
import { createContextFactory } from './trpc/context.ts';

export type RunningPulse = {
  /** The port the API listens on (useful with PORT=0), or null for a worker-only process. */
  port: number | null;
  orm: MikroORM;
  redis: Redis;
  /** Where raw activity events live (ACTIVITY_STORE). */
  store: ActivityStore;
  /** The contract's services (api role only), for server-side callers and tests. */
  services: PulseServices | null;
  stop(): Promise<void>;
};

/**
 * Starts Pulse in its role: `api` (HTTP, WebSocket, ingest), `worker` (BullMQ workers) or
 * `all`. The one shutdown routine runs in reverse order of start: stop accepting, tell
 * WebSocket clients to reconnect, drain workers, then close the ORM and Redis.
 */
export async function startPulse(settings: Settings, log: Logger): Promise<RunningPulse> {
  const prefix = settings.REDIS_PREFIX;
  const orm = await createOrm(settings.DATABASE_URL);
  const stops: (() => Promise<unknown>)[] = [() => orm.close()];
  const store = await createActivityStore(settings, orm).catch(async (error: unknown) => {
    await orm.close();
    throw error;
  });
  const redis = createFailFastRedis(settings.REDIS_URL, 'pulse-commands');
  stops.push(() => redis.quit(), () => store.close());
  const stop = async () => {
    for (const step of stops.reverse()) await step().catch((error: unknown) => log.warn('shutdown step failed', errorFields(error)));
  };
  redis.on('error', (error) => log.warn('redis connection error', errorFields(error)));
  await redis.ping().catch(async () => {
    // enableOfflineQueue is off: wait for the first connection before serving.
    await new Promise<void>((resolve) => redis.once('ready', () => resolve()));
  });

  let port: number | null = null;
  let services: PulseServices | null = null;
  const alerting = createAlerting({ orm, redis, settings, log });
  stops.push(() => alerting.close());
  try {
    if (settings.PULSE_ROLE !== 'api') {
      // A worker (re)started while Postgres is away waits for it here instead of exiting.
      const rebuilt = await untilDependenciesAnswer(() => rebuildLostCounters(orm, store, redis, prefix), new AbortController().signal, (error, waitMs) =>
        log.warn('waiting for the activity store to rebuild lost counters', { waitMs, error: error instanceof Error ? error.message : String(error) }),
      );
      if (rebuilt.length > 0) log.info('rebuilt live counters from the activity store', { organizations: rebuilt.length });
      if (store.kind === 'postgres') {
        // Once per organization, the first time rollups exist: in the background (batches of an organization wait for it).
        const backfill = backfillActivityRollups(orm, (organizationId, events) => log.info('activity rollups built from raw events', { organizationId, events })).catch((error: unknown) =>
          log.error('could not backfill activity rollups', errorFields(error)),
        );
        stops.push(() => backfill);
      }
      const alertingWorkers = await startAlertingWorkers(alerting, { orm, redis, settings, log });
      stops.push(() => alertingWorkers.stop());
      const cacheRefresh = startCacheRefresh({ orm, redis, redisUrl: settings.REDIS_URL, prefix, log });
      stops.push(() => cacheRefresh.stop());
      const pipeline = startPipeline({
        orm,
        store,
        redisUrl: settings.REDIS_URL,
        prefix,
        concurrency: settings.WORKER_CONCURRENCY,
        lockDurationMs: settings.WORKER_LOCK_DURATION_MS,
        stalledIntervalMs: settings.WORKER_STALLED_INTERVAL_MS,
        log,
        afterCount: alertingWorkers.afterCount,
        afterRollup: cacheRefresh.afterRollup,
      });
      const maintenanceConnection = createBlockingRedis(settings.REDIS_URL, 'pulse-maintenance');
      const maintenance = startMaintenanceWorker({ orm, connection: maintenanceConnection, prefix, activityRetentionDays: settings.RETENTION_ACTIVITY_DAYS, auditRetentionDays: settings.RETENTION_AUDIT_DAYS, log });
      const maintenanceQueue = await scheduleMaintenance(redis, prefix);
      stops.push(
        () => maintenanceConnection.quit(),
        () => pipeline.stop(),
        () => maintenance.close(),
        () => maintenanceQueue.close(),
      );
      log.info('worker started', { queues: [...pipeline.queueNames, maintenance.name, cacheRefresh.name], concurrency: settings.WORKER_CONCURRENCY });
    }
    if (settings.PULSE_ROLE !== 'worker') {
      const queueConnection = createFailFastRedis(settings.REDIS_URL, 'pulse-queue');
      const subscriber = createBlockingRedis(settings.REDIS_URL, 'pulse-live');
      queueConnection.on('error', (error) => log.warn('redis queue connection error', errorFields(error)));
      subscriber.on('error', (error) => log.warn('redis live connection error', errorFields(error)));
      const queue = createActivityLogQueue(queueConnection, prefix);
      // Ingest refuses while its queue connection is not ready: be ready before serving.
      await queue.waitUntilReady();
      // Views of the queues after activity-log (backpressure, admin.queues, /metrics).
      const stepQueues = PIPELINE_QUEUES.filter((name) => name !== ACTIVITY_LOG_QUEUE).map((name) => new Queue(name, { connection: queueConnection, prefix }));
      const maintenanceQueueView = new Queue(MAINTENANCE_QUEUE, { connection: queueConnection, prefix });
      const queueViews = [...stepQueues, maintenanceQueueView, new Queue(DASHBOARD_CACHE_REFRESH_QUEUE, { connection: queueConnection, prefix })];
      const capacity = createIngestCapacity({ queues: [queue, ...stepQueues], connection: queueConnection, maxQueueDepth: settings.INGEST_MAX_QUEUE_DEPTH, log });
      const ingest = alerting.countEvents(createIngestService(queue, settings.INGEST_GROUP_COMMIT_MS, capacity));
      const hub = createLiveHub(subscriber, prefix, log);
      const tokens = createTokenIssuer(settings.TOKEN_SECRET);
      const authenticate = createAuthenticator(orm, tokens);
      // The maintenance queue's handle here only reads it (admin.queues); workers schedule it.
      const queues = [queue, ...queueViews, ...alerting.queues()];
      const rollupHub = createLiveHub<RollupSignal>(subscriber, prefix, log, (organizationId) => rollupChannel(prefix, organizationId));
      services = createServices({ orm, redis, prefix, tokens, ingest, hub, store, alerting: alertingForApi(alerting, subscriber, prefix, log), queues, rollupHub, log });
      let connectionCount = () => 0;
      const onQueueFailure = (error: unknown) => log.error('could not queue a batch', errorFields(error));
      const http = createHttpServer(
        {
          createContext: createContextFactory(services, authenticate),
          ingest: createIngestRoute(authenticate, ingest, onQueueFailure),
          segment: createSegmentRoute(authenticate, ingest, onQueueFailure),
          metricsIngest: createMetricsIngestRoute(authenticate, alerting.recorder, (error) => log.error('could not store metric samples', errorFields(error))),
          metrics: createPrometheusRoute({
            orm,
            queues,
            connectionCount: () => connectionCount(),
            ingested: alerting.ingested,
            selfMetrics: alerting.selfMetrics,
            exportBusiness: settings.METRICS_EXPORT_BUSINESS,
            token: settings.METRICS_TOKEN,
          }),
          health: handleHealth,
          ready: createReadyRoute(orm, redis),
          web: createStaticRoute(settings.WEB_DIST),
        },
        log,
      );
      connectionCount = http.connectionCount;
      stops.push(() => queueConnection.quit(), () => subscriber.quit(), () => queue.close(), () => Promise.all(queueViews.map((view) => view.close())), () => ingest.drain());
      await new Promise<void>((resolve) => http.server.listen(settings.PORT, settings.HOST, resolve));
      stops.push(() => http.close());
      port = (http.server.address() as AddressInfo).port;
      log.info('api listening', { url: `http://localhost:${port}` });
      if (settings.PULSE_DEMO && settings.DEMO_EVENTS_PER_SECOND > 0) {
        const demo = startDemoTraffic({ url: `http://127.0.0.1:${port}`, eventsPerSecond: settings.DEMO_EVENTS_PER_SECOND, log });
        stops.push(() => demo.stop());
      }
      if (settings.PULSE_DEMO && settings.DEMO_METRICS_PER_SECOND > 0) {
        const metrics = startDemoMetrics({ url: `http://127.0.0.1:${port}`, observationsPerSecond: settings.DEMO_METRICS_PER_SECOND, log });
        stops.push(() => metrics.stop());
      }
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { port, orm, redis, store, services, stop };
}
