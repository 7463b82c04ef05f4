import { Worker } from 'bullmq';
import type { MikroORM } from '@pulse/db';
import type { Redis } from 'ioredis';
import { errorFields, type Logger } from '../log.ts';
import type { AggregationRunner } from './aggregation-runner.ts';
import { METRICS_AGGREGATION_QUEUE, MetricsAggregationJob } from './metrics-aggregation.queue.ts';
import { applyRetention, type RetentionSettings } from './retention.ts';

export type MetricsAggregationResult = Record<string, number>;

type Dependencies = {
  orm: MikroORM;
  runner: AggregationRunner;
  retention: RetentionSettings;
  connection: Redis;
  prefix: string;
  log: Logger;
};

export function startMetricsAggregationWorker(deps: Dependencies): Worker<MetricsAggregationJob, MetricsAggregationResult> {
  const worker = new Worker<MetricsAggregationJob, MetricsAggregationResult>(
    METRICS_AGGREGATION_QUEUE,
    async (job) => {
      const data = MetricsAggregationJob.parse(job.data);
      switch (data.kind) {
        case 'hourly':
          return deps.runner.hourly(data.trigger, data.from ? new Date(data.from) : null, new Date(), data.organizationId);
        case 'daily':
          return deps.runner.daily(data.trigger, data.from ? new Date(data.from) : null, new Date(), data.organizationId);
        case 'late':
          return { late: await deps.runner.late() };
        case 'retention':
          return applyRetention(deps.orm, deps.retention);
      }
    },
    { connection: deps.connection, prefix: deps.prefix, concurrency: 1 },
  );
  worker.on('error', (error) => deps.log.error('metrics-aggregation worker error', errorFields(error)));
  worker.on('failed', (job, error) => deps.log.warn('metrics-aggregation job failed', { jobId: job?.id, name: job?.name, attemptsMade: job?.attemptsMade, ...errorFields(error) }));
  return worker;
}
