import { type Job, type Processor, Worker } from 'bullmq';
import type { MikroORM } from '@pulse/db';
import { metricPartitions } from '@pulse/db';
import type { Redis } from 'ioredis';
import type { ActivityStore } from '../activity-store/activity-store.ts';
import { ALERT_EVALUATION_QUEUE } from '../alerts/alert-evaluation.queue.ts';
import { createAlertEvaluationProcessor } from '../alerts/alert-evaluation.worker.ts';
import { readSummary } from '../counters/read-summary.ts';
import { rebuildLostCounters } from '../counters/rebuild-counters.ts';
import type { Settings } from '../env.ts';
import { errorFields, type Logger } from '../log.ts';
import { MAINTENANCE_QUEUE, scheduleMaintenance } from '../maintenance/maintenance.queue.ts';
import { createMaintenanceProcessor } from '../maintenance/maintenance.worker.ts';
import { createAggregationRunner } from '../metrics/aggregation-runner.ts';
import { METRICS_AGGREGATION_QUEUE } from '../metrics/metrics-aggregation.queue.ts';
import { createMetricsAggregationProcessor } from '../metrics/metrics-aggregation.worker.ts';
import { DAY_MS } from '../metrics/rollup.ts';
import { NOTIFICATION_WEBHOOKS_QUEUE } from '../notifications/notification-webhooks.queue.ts';
import { createWebhookProcessor, webhookFailureFields } from '../notifications/notification-webhooks.worker.ts';
import { startPipelineWorker, stopPipelineWorker } from '../pipeline/pipeline-worker.ts';
import { createPipelineRows, type PipelineRow, pipelineWorkerOptions } from '../pipeline/start-pipeline.ts';
import { isDependencyUnavailable, untilDependenciesAnswer } from '../pipeline/wait-for-dependencies.ts';
import { createBlockingConnections } from '../redis/connections.ts';
import { backfillActivityRollups } from '../rollups/backfill.ts';
import { DASHBOARD_CACHE_REFRESH_QUEUE } from '../widgets/cache-refresh.queue.ts';
import { createCacheRefreshProcessor } from '../widgets/cache-refresh.worker.ts';
import type { DependencyBreakers } from '../widgets/dependency-breakers.ts';
import { createWidgetEngine } from '../widgets/widget-engine.ts';
import { afterCountersMoved, scheduleEvaluationTick } from './alert-triggers.ts';
import type { Producers } from './producers.ts';
import type { Stops } from './stops.ts';

/**
 * A periodic job (one attempt) that lands while Postgres or Redis is away or restarting is
 * skipped, logged, instead of failed: the next run comes within its interval anyway, and a
 * failed job would read as a fault of the work (and fail `npm run faults`).
 */
function skippedWhileAway<Result>(what: string, processor: (job: Job<unknown, unknown>) => Promise<Result>, skipped: Result, log: Logger) {
  return async (job: Job<unknown, unknown>): Promise<Result> => {
    try {
      return await processor(job);
    } catch (error) {
      if (!isDependencyUnavailable(error)) throw error;
      log.warn(`${what} skipped: a dependency is away`, { jobId: job.id, ...errorFields(error) });
      return skipped;
    }
  };
}

type Dependencies = { orm: MikroORM; redis: Redis; store: ActivityStore; producers: Producers; breakers: DependencyBreakers; settings: Settings; log: Logger; stops: Stops };

/**
 * One row per queue this role works on; every processor checks its own job data. A pipeline
 * `step` waits out a Postgres or Redis outage with the job in hand (no attempt spent, see
 * pipeline-worker.ts); a `processor` fails the attempt and BullMQ retries it with its queue's
 * backoff.
 */
type WorkerRow =
  | PipelineRow
  | {
      queue: string;
      processor: Processor<unknown, unknown>;
      concurrency: number;
      /** What a failed job logs, when its error may carry what must not be logged. */
      failureFields?: (job: Job | undefined, error: Error) => Record<string, unknown>;
    };

/**
 * The worker role: the counters rebuilt if Redis lost them, one BullMQ worker per row of the
 * table below (each on its own blocking connection), and the job schedulers for the periodic
 * work. Alert evaluation is triggered as `alert-triggers.ts` lists.
 */
export async function startWorkerRole({ orm, redis, store, producers, breakers, settings, log, stops }: Dependencies): Promise<void> {
  const prefix = settings.REDIS_PREFIX;
  // A worker (re)started while Postgres is away waits for it here instead of exiting.
  const rebuilt = await untilDependenciesAnswer(() => rebuildLostCounters(orm, store, redis, prefix), new AbortController().signal, (error, waitMs) =>
    log.warn('waiting for the activity store to rebuild lost counters', { waitMs, error: error instanceof Error ? error.message : String(error) }),
  );
  if (rebuilt.length > 0) log.info('rebuilt live counters from the activity store', { organizations: rebuilt.length });
  const now = Date.now();
  await metricPartitions.ensure(orm.em.fork(), new Date(now - DAY_MS), new Date(now + 2 * DAY_MS));
  if (store.kind === 'postgres') {
    // Once per organization, the first time rollups exist: in the background (batches of an organization wait for it).
    const backfill = backfillActivityRollups(orm, (organizationId, events) => log.info('activity rollups built from raw events', { organizationId, events })).catch((error: unknown) =>
      log.error('could not backfill activity rollups', errorFields(error)),
    );
    stops.add(() => backfill);
  }

  const connections = createBlockingConnections(settings.REDIS_URL, log);
  stops.add(() => connections.quitAll());
  const pipelineSettings = {
    prefix,
    lockDurationMs: settings.WORKER_LOCK_DURATION_MS,
    stalledIntervalMs: settings.WORKER_STALLED_INTERVAL_MS,
    log,
  };
  const pipeline = createPipelineRows(
    { ...pipelineSettings, orm, store, redisUrl: settings.REDIS_URL, concurrency: settings.WORKER_CONCURRENCY,
      afterCount: afterCountersMoved(orm, producers.evaluationQueue),
      afterRollup: producers.afterRollup,
    },
    connections.open,
  );
  stops.add(() => pipeline.close());

  const table: WorkerRow[] = [
    // activity-log, realtime-events, activity-rollups (WORKER_CONCURRENCY each), analytics-processing, report-tracking (1 each)
    ...pipeline.rows,
    {
      queue: ALERT_EVALUATION_QUEUE,
      processor: skippedWhileAway(
        'alert evaluation',
        createAlertEvaluationProcessor({
          evaluation: {
          orm,
          counters: (organizationId) => readSummary(redis, prefix, organizationId),
          recorder: producers.recorder,
          publisher: producers.publisher,
          enqueueWebhook: producers.enqueueWebhook,
          },
          selfMetrics: producers.selfMetrics,
          log,
        }),
        { evaluated: 0, failed: 0 },
        log,
      ),
      concurrency: 2,
    },
    {
      queue: METRICS_AGGREGATION_QUEUE,
      processor: createMetricsAggregationProcessor({
        orm,
        runner: createAggregationRunner({
          orm,
          observe: (granularity, ms) => producers.selfMetrics.observe(granularity === 'hour' ? 'rollup_hour' : 'rollup_day', ms),
          organizationFailed: () => producers.selfMetrics.increment('rollup_organization_failures'),
        }),
        retention: {
          rawDays: settings.METRICS_RAW_RETENTION_DAYS,
          hourlyDays: settings.METRICS_HOURLY_RETENTION_DAYS,
          dailyDays: settings.METRICS_DAILY_RETENTION_DAYS,
          historyDays: settings.ALERT_HISTORY_RETENTION_DAYS,
        },
      }),
      concurrency: 1,
    },
    { queue: NOTIFICATION_WEBHOOKS_QUEUE, processor: createWebhookProcessor({ orm, timeoutMs: settings.WEBHOOK_TIMEOUT_MS }), concurrency: 4, failureFields: webhookFailureFields },
    {
      queue: DASHBOARD_CACHE_REFRESH_QUEUE,
      // Its own engine, with no live hub: it only fills the shared Redis cache the api processes read.
      processor: createCacheRefreshProcessor({
        engine: createWidgetEngine({ orm, redis, prefix, rollupHub: null, summary: (organizationId) => readSummary(redis, prefix, organizationId), breakers, log }),
        redis,
        prefix,
        log,
      }),
      concurrency: 1,
    },
    { queue: MAINTENANCE_QUEUE, processor: createMaintenanceProcessor({ orm, activityRetentionDays: settings.RETENTION_ACTIVITY_DAYS, auditRetentionDays: settings.RETENTION_AUDIT_DAYS, log }), concurrency: 1 },
  ];

  const stopWorkers = table.map((row): (() => Promise<void>) => {
    const connection = connections.open(`pulse-${row.queue}`);
    if ('step' in row) {
      const worker = startPipelineWorker(row.queue, row.step, pipelineWorkerOptions(pipelineSettings, connection, row.concurrency));
      return () => stopPipelineWorker(worker);
    }
    const worker = new Worker(row.queue, row.processor, { connection, prefix, concurrency: row.concurrency });
    worker.on('error', (error) => log.error(`${row.queue} worker error`, errorFields(error)));
    worker.on('failed', (job, error) =>
      log.warn(`${row.queue} job failed`, row.failureFields?.(job, error) ?? { jobId: job?.id, name: job?.name, attemptsMade: job?.attemptsMade, ...errorFields(error) }),
    );
    return () => worker.close();
  });
  stops.add(() => Promise.all(stopWorkers.map((stop) => stop())));

  // The periodic work; BullMQ keeps one scheduler per id however many workers register it.
  await scheduleEvaluationTick(producers.evaluationQueue, settings.ALERT_EVALUATION_INTERVAL_MS);
  await producers.aggregationQueue.schedule();
  const maintenanceQueue = await scheduleMaintenance(redis, prefix);
  stops.add(() => maintenanceQueue.close());
  log.info('worker started', { queues: table.map((row) => row.queue), concurrency: settings.WORKER_CONCURRENCY });
}
