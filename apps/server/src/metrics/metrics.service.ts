import type { MikroORM } from '@pulse/db';
import type { PulseServices } from '@pulse/api-contract/router';
import type { DashboardSummary } from '@pulse/api-contract/schemas';
import type { MetricRecorder } from './metric-recorder.ts';
import { aggregateMetric } from './metric-query.ts';
import { latestSeries, seriesOfCategories } from './metric-views.ts';

type Dependencies = {
  orm: MikroORM;
  recorder: MetricRecorder;
  summary(organizationId: string): Promise<DashboardSummary>;
};

/** The metrics port: recording, the queries, and the document's category views. */
export function createMetricsService({ orm, recorder, summary }: Dependencies): PulseServices['metrics'] {
  return {
    record: (organizationId, samples) => recorder.record(organizationId, samples),
    async latest(organizationId, input) {
      return { name: input.name, series: await latestSeries(orm.em.fork(), organizationId, input.name, input.labels ?? {}) };
    },
    aggregated: (organizationId, input) =>
      aggregateMetric(orm.em.fork(), organizationId, {
        name: input.name,
        from: new Date(input.from),
        to: new Date(input.to),
        stepSeconds: input.step,
        aggregation: input.aggregation,
        labels: input.labels ?? {},
      }),
    async view(organizationId, categories) {
      const now = new Date();
      return { generatedAt: now.toISOString(), categories, series: await seriesOfCategories(orm.em.fork(), organizationId, categories, now) };
    },
    async engagement(organizationId) {
      const now = new Date();
      const [series, live] = await Promise.all([seriesOfCategories(orm.em.fork(), organizationId, ['user'], now), summary(organizationId)]);
      return {
        generatedAt: now.toISOString(),
        categories: ['user'],
        series,
        live: { activeUsers: live.activeUsers, loginsLastHour: live.loginsLastHour, eventsToday: live.eventsToday, apiCallsPerMinute: live.apiCallsPerMinute },
      };
    },
  };
}
