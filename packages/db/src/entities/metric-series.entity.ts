import { defineEntity, p } from '@mikro-orm/core';
import { METRIC_CATEGORIES, METRIC_TYPES } from '@pulse/api-contract/schemas';

// One row per series (organization, name, labels): its latest value and running totals, updated
// by the same statement that stores new samples (only rows that were new count, so a retried
// batch adds nothing). Serves `metrics.latest`, the category views and the Prometheus export
// without touching raw samples.
export const MetricSeriesSchema = defineEntity({
  name: 'MetricSeries',
  tableName: 'metric_series',
  properties: {
    organizationId: p.uuid().primary(),
    name: p.text().primary(),
    labelsHash: p.text().primary(),
    labels: p.json<Record<string, string>>(),
    type: p.enum(METRIC_TYPES),
    category: p.enum(METRIC_CATEGORIES),
    lastValue: p.double(),
    lastRecordedAt: p.datetime(),
    // counters: the sum of all increments; histograms and summaries: of all observations
    totalSum: p.double(),
    totalCount: p.bigint('number'),
    firstSeenAt: p.datetime(),
    updatedAt: p.datetime(),
  },
  indexes: [{ properties: ['organizationId', 'category'] }],
});

export class MetricSeries extends MetricSeriesSchema.class {}
MetricSeriesSchema.setClass(MetricSeries);
