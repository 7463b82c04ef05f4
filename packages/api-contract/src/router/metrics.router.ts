import {
  AggregatedMetric,
  AggregatedMetricInput,
  EngagementView,
  LatestMetric,
  LatestMetricInput,
  MetricsByCategoryInput,
  MetricsView,
  RecordMetricsInput,
  RecordMetricsResult,
} from '../schemas/metrics.ts';
import { TenantInput } from '../schemas/scope.ts';
import { tenantProcedure, tenantSenderProcedure } from './tenant-procedures.ts';
import { router } from './trpc.ts';

export const metricsRouter = router({
  /** One sample or a batch; answers once the samples are stored (duplicates by id skipped). */
  record: tenantSenderProcedure
    .input(RecordMetricsInput)
    .output(RecordMetricsResult)
    .mutation(({ ctx, input }) => ctx.services.metrics.record(ctx.organizationId, input.samples)),
  latest: tenantProcedure
    .input(LatestMetricInput)
    .output(LatestMetric)
    .query(({ ctx, input }) => ctx.services.metrics.latest(ctx.organizationId, input)),
  /** One aggregation per step; ranges longer than a day come from rollups. */
  aggregated: tenantProcedure
    .input(AggregatedMetricInput)
    .output(AggregatedMetric)
    .query(({ ctx, input }) => ctx.services.metrics.aggregated(ctx.organizationId, input)),
  byCategory: tenantProcedure
    .input(MetricsByCategoryInput)
    .output(MetricsView)
    .query(({ ctx, input }) => ctx.services.metrics.view(ctx.organizationId, [input.category])),
  /** System, performance and security metrics. */
  health: tenantProcedure
    .input(TenantInput)
    .output(MetricsView)
    .query(({ ctx }) => ctx.services.metrics.view(ctx.organizationId, ['system', 'performance', 'security'])),
  business: tenantProcedure
    .input(TenantInput)
    .output(MetricsView)
    .query(({ ctx }) => ctx.services.metrics.view(ctx.organizationId, ['business'])),
  engagement: tenantProcedure
    .input(TenantInput)
    .output(EngagementView)
    .query(({ ctx }) => ctx.services.metrics.engagement(ctx.organizationId)),
});
