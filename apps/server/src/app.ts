import type { AddressInfo } from 'node:net';
import { createOrm, ensureActivityPartitions } from '@pulse/db';
import type { MikroORM } from '@pulse/db';
import type { Redis } from 'ioredis';
import type { PulseServices } from '@pulse/api-contract/router';
import { alertingForApi, createAlerting, startAlertingWorkers } from './alerting.ts';
import { createAuthenticator } from './auth/authenticate.ts';
import { createTokenIssuer } from './auth/tokens.ts';
import { startDemoMetrics } from './demo/demo-metrics.ts';
import { startDemoTraffic } from './demo/demo-traffic.ts';
import type { Settings } from './env.ts';
import { handleHealth, createReadyRoute } from './http/health.route.ts';
import { createHttpServer } from './http/http-server.ts';
import { createIngestRoute } from './http/ingest.route.ts';
import { createMetricsIngestRoute } from './http/metrics-ingest.route.ts';
import { createStaticRoute } from './http/static.route.ts';
import { createActivityLogQueue } from './ingest/activity-log.queue.ts';
import { startActivityLogWorker } from './ingest/activity-log.worker.ts';
import { createIngestService } from './ingest/ingest.service.ts';
import { createLiveHub } from './live/live-hub.ts';
import { errorFields, type Logger } from './log.ts';
import { createPrometheusRoute } from './observability/prometheus.route.ts';
import { createBlockingRedis, createFailFastRedis } from './redis/connections.ts';
import { createServices } from './services.ts';
import { createContextFactory } from './trpc/context.ts';

export type RunningPulse = {
  /** The port the API listens on (useful with PORT=0), or null for a worker-only process. */
  port: number | null;
  orm: MikroORM;
  redis: Redis;
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
  const redis = createFailFastRedis(settings.REDIS_URL, 'pulse-commands');
  const stops: (() => Promise<unknown>)[] = [() => orm.close(), () => redis.quit()];
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
      // Today's and the next days' partitions, in case setup ran days ago.
      await ensureActivityPartitions(orm.em.fork(), new Date(Date.now() - 86_400_000), new Date(Date.now() + 2 * 86_400_000));
      const alertingWorkers = await startAlertingWorkers(alerting, { orm, redis, settings, log });
      stops.push(() => alertingWorkers.stop());
      const connection = createBlockingRedis(settings.REDIS_URL, 'pulse-worker');
      const worker = startActivityLogWorker({
        orm,
        connection,
        counters: redis,
        prefix,
        concurrency: settings.WORKER_CONCURRENCY,
        log,
        afterCount: alertingWorkers.afterCount,
      });
      stops.push(() => connection.quit(), () => worker.close());
    }
    if (settings.PULSE_ROLE !== 'worker') {
      const queueConnection = createFailFastRedis(settings.REDIS_URL, 'pulse-queue');
      const subscriber = createBlockingRedis(settings.REDIS_URL, 'pulse-live');
      queueConnection.on('error', (error) => log.warn('redis queue connection error', errorFields(error)));
      const queue = createActivityLogQueue(queueConnection, prefix);
      const ingest = alerting.countEvents(createIngestService(queue, settings.INGEST_GROUP_COMMIT_MS));
      const hub = createLiveHub(subscriber, prefix, log);
      const tokens = createTokenIssuer(settings.TOKEN_SECRET);
      const authenticate = createAuthenticator(orm, tokens);
      services = createServices({ orm, redis, prefix, tokens, ingest, hub, alerting: alertingForApi(alerting, subscriber, prefix, log) });
      let connectionCount = () => 0;
      const http = createHttpServer(
        {
          createContext: createContextFactory(services, authenticate),
          ingest: createIngestRoute(authenticate, ingest, (error) => log.error('could not queue a batch', errorFields(error))),
          metricsIngest: createMetricsIngestRoute(authenticate, alerting.recorder, (error) => log.error('could not store metric samples', errorFields(error))),
          metrics: createPrometheusRoute({
            orm,
            queues: [queue, ...alerting.queues()],
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
      stops.push(() => queueConnection.quit(), () => subscriber.quit(), () => queue.close(), () => ingest.drain());
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
  return { port, orm, redis, services, stop };
}
