import type { MikroORM } from '@pulse/db';
import { metricPartitions } from '@pulse/db';
import type { LiveItem } from '@pulse/api-contract/router';
import type { AlertStreamItem } from '@pulse/api-contract/schemas';
import type { Redis } from 'ioredis';
import { createAlertEvaluationQueue } from './alerts/alert-evaluation.queue.ts';
import { createCounterWatch, startAlertEvaluationWorker } from './alerts/alert-evaluation.worker.ts';
import { alertChannel, createAlertPublisher, notificationChannel, type NotificationSignal } from './alerts/alert-publisher.ts';
import { readSummary } from './counters/read-summary.ts';
import type { Settings } from './env.ts';
import type { IngestService } from './ingest/ingest.service.ts';
import { createLiveHub } from './live/live-hub.ts';
import { errorFields, type Logger } from './log.ts';
import { createAggregationRunner } from './metrics/aggregation-runner.ts';
import { createMetricRecorder } from './metrics/metric-recorder.ts';
import { createMetricsAggregationQueue } from './metrics/metrics-aggregation.queue.ts';
import { startMetricsAggregationWorker } from './metrics/metrics-aggregation.worker.ts';
import { DAY_MS } from './metrics/rollup.ts';
import { createWebhookQueue } from './notifications/notification-webhooks.queue.ts';
import { startWebhookWorker } from './notifications/notification-webhooks.worker.ts';
import type { IngestCounters } from './observability/prometheus.route.ts';
import { createSelfMetrics } from './observability/self-metrics.ts';
import { createBlockingRedis } from './redis/connections.ts';
import type { AlertingDependencies } from './services.ts';

type Base = { orm: MikroORM; redis: Redis; settings: Settings; log: Logger };

/**
 * Metrics, alerts and notifications for both roles: the queues (every process produces jobs),
 * the metric recorder (whose new samples trigger the rules watching them and late rollups), the
 * publisher, and what this process counted for GET /metrics.
 */
export function createAlerting({ orm, redis, settings, log }: Base) {
  const prefix = settings.REDIS_PREFIX;
  const evaluationQueue = createAlertEvaluationQueue(redis, prefix);
  const aggregationQueue = createMetricsAggregationQueue(redis, prefix);
  const webhookQueue = createWebhookQueue(redis, prefix);
  const ingested: IngestCounters = { events: 0, metricSamples: 0 };
  const recorder = createMetricRecorder(orm, async (_organizationId, result) => {
    try {
      await evaluationQueue.rules(result.ruleIds);
      if (result.lateHours > 0) await aggregationQueue.lateSamples();
    } catch (error) {
      // The samples are stored; the next tick and the next hourly run catch up.
      log.warn('could not queue the evaluation or rollup after new samples', errorFields(error));
    }
  });
  const record: typeof recorder.record = async (organizationId, samples, now) => {
    const result = await recorder.record(organizationId, samples, now);
    ingested.metricSamples += result.accepted;
    return result;
  };
  return {
    evaluationQueue,
    aggregationQueue,
    webhookQueue,
    recorder: { ...recorder, record },
    publisher: createAlertPublisher(redis, prefix),
    selfMetrics: createSelfMetrics(redis, prefix),
    ingested,
    /** The ingest service, counting what it accepts for GET /metrics. */
    countEvents(ingest: IngestService): IngestService {
      return {
        ...ingest,
        async ingest(organizationId, events, now) {
          const result = await ingest.ingest(organizationId, events, now);
          ingested.events += result.accepted;
          return result;
        },
      };
    },
    queues: () => [evaluationQueue.queue, aggregationQueue.queue, webhookQueue.queue],
    close: async () => {
      await Promise.all([evaluationQueue.close(), aggregationQueue.close(), webhookQueue.close()]);
    },
  };
}

export type Alerting = ReturnType<typeof createAlerting>;

/** The api role's part: live hubs for alerts and notifications on the shared subscriber connection. */
export function alertingForApi(alerting: Alerting, subscriber: Redis, prefix: string, log: Logger): AlertingDependencies {
  return {
    recorder: alerting.recorder,
    aggregationQueue: alerting.aggregationQueue,
    publisher: alerting.publisher,
    enqueueWebhook: (id) => alerting.webhookQueue.enqueue(id),
    alertsHub: createLiveHub<LiveItem<AlertStreamItem>>(subscriber, prefix, log, (organizationId) => alertChannel(prefix, organizationId)),
    notificationsHub: createLiveHub<NotificationSignal>(subscriber, prefix, log, (userId) => notificationChannel(prefix, userId)),
  };
}

/**
 * The worker role's part: alert evaluation (on its schedule and on demand), metric rollups and
 * retention (on theirs), webhook delivery. Returns the hook the activity-log worker calls after
 * moving an organization's counters.
 */
export async function startAlertingWorkers(alerting: Alerting, { orm, redis, settings, log }: Base) {
  const prefix = settings.REDIS_PREFIX;
  const now = Date.now();
  await metricPartitions.ensure(orm.em.fork(), new Date(now - DAY_MS), new Date(now + 2 * DAY_MS));
  const connections = ['pulse-alert-worker', 'pulse-aggregation-worker', 'pulse-webhook-worker'].map((name) => createBlockingRedis(settings.REDIS_URL, name));
  const [evaluationConnection, aggregationConnection, webhookConnection] = connections as [Redis, Redis, Redis];
  const watch = createCounterWatch(orm);
  const workers = [
    startAlertEvaluationWorker({
      evaluation: {
        orm,
        counters: (organizationId) => readSummary(redis, prefix, organizationId),
        recorder: alerting.recorder,
        publisher: alerting.publisher,
        enqueueWebhook: (id) => alerting.webhookQueue.enqueue(id),
      },
      selfMetrics: alerting.selfMetrics,
      connection: evaluationConnection,
      prefix,
      concurrency: 2,
      log,
    }),
    startMetricsAggregationWorker({
      orm,
      runner: createAggregationRunner({
        orm,
        observe: (granularity, ms) => alerting.selfMetrics.observe(granularity === 'hour' ? 'rollup_hour' : 'rollup_day', ms),
        organizationFailed: () => alerting.selfMetrics.increment('rollup_organization_failures'),
      }),
      retention: {
        rawDays: settings.METRICS_RAW_RETENTION_DAYS,
        hourlyDays: settings.METRICS_HOURLY_RETENTION_DAYS,
        dailyDays: settings.METRICS_DAILY_RETENTION_DAYS,
        historyDays: settings.ALERT_HISTORY_RETENTION_DAYS,
      },
      connection: aggregationConnection,
      prefix,
      log,
    }),
    startWebhookWorker({ orm, connection: webhookConnection, prefix, timeoutMs: settings.WEBHOOK_TIMEOUT_MS, log }),
  ];
  await alerting.evaluationQueue.schedule(settings.ALERT_EVALUATION_INTERVAL_MS);
  await alerting.aggregationQueue.schedule();
  return {
    afterCount: async (organizationId: string) => {
      if (await watch.has(organizationId)) await alerting.evaluationQueue.counters(organizationId);
    },
    async stop() {
      await Promise.all(workers.map((worker) => worker.close()));
      await Promise.all(connections.map((connection) => connection.quit()));
    },
  };
}
