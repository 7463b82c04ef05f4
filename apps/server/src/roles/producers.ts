import type { MikroORM } from '@pulse/db';
import type { Redis } from 'ioredis';
import { createAlertEvaluationQueue } from '../alerts/alert-evaluation.queue.ts';
import { createAlertPublisher } from '../alerts/alert-publisher.ts';
import type { Logger } from '../log.ts';
import { createMetricRecorder } from '../metrics/metric-recorder.ts';
import { createMetricsAggregationQueue } from '../metrics/metrics-aggregation.queue.ts';
import { createWebhookQueue } from '../notifications/notification-webhooks.queue.ts';
import { createSelfMetrics } from '../observability/self-metrics.ts';
import { createCacheRefreshQueue } from '../widgets/cache-refresh.queue.ts';
import { createRefreshRequester } from '../widgets/cache-refresh.worker.ts';
import { afterSamplesStored } from './alert-triggers.ts';

type Dependencies = { orm: MikroORM; redis: Redis; prefix: string; log: Logger };

/**
 * What every role adds jobs to or publishes on, over the shared command connection: the
 * alert-evaluation, metrics-aggregation, notification-webhooks and dashboard-cache-refresh
 * queues (the refresh asked for after each batch moved the rollups), the metric recorder
 * (whose stored samples trigger the rules watching them), the alert publisher and the
 * durations workers report for GET /metrics. The api role's own queues (activity-log and the
 * views for backpressure) are in `api.ts`.
 */
export function createProducers({ orm, redis, prefix, log }: Dependencies) {
  const evaluationQueue = createAlertEvaluationQueue(redis, prefix);
  const aggregationQueue = createMetricsAggregationQueue(redis, prefix);
  const webhookQueue = createWebhookQueue(redis, prefix);
  const cacheRefreshQueue = createCacheRefreshQueue(redis, prefix);
  return {
    evaluationQueue,
    aggregationQueue,
    recorder: createMetricRecorder(orm, afterSamplesStored({ evaluation: evaluationQueue, aggregation: aggregationQueue }, log)),
    publisher: createAlertPublisher(redis, prefix),
    enqueueWebhook: (deliveryId: string) => webhookQueue.enqueue(deliveryId),
    selfMetrics: createSelfMetrics(redis, prefix),
    afterRollup: createRefreshRequester(cacheRefreshQueue, log),
    queues: () => [evaluationQueue.queue, aggregationQueue.queue, webhookQueue.queue, cacheRefreshQueue],
    close: async () => {
      await Promise.all([evaluationQueue.close(), aggregationQueue.close(), webhookQueue.close(), cacheRefreshQueue.close()]);
    },
  };
}

export type Producers = ReturnType<typeof createProducers>;
