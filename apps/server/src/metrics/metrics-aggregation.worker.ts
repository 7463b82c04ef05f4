import type { Job } from 'bullmq';
import type { MikroORM } from '@pulse/db';
import type { AggregationRunner } from './aggregation-runner.ts';
import { MetricsAggregationJob } from './metrics-aggregation.queue.ts';
import { applyRetention, type RetentionSettings } from './retention.ts';

export type MetricsAggregationResult = Record<string, number>;

type Dependencies = {
  orm: MikroORM;
  runner: AggregationRunner;
  retention: RetentionSettings;
};

/** The metrics-aggregation queue's jobs: hourly and daily rollups, late samples, retention. */
export function createMetricsAggregationProcessor(deps: Dependencies): (job: Job<unknown, unknown>) => Promise<MetricsAggregationResult> {
  return async (job) => {
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
  };
}
