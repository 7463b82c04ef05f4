import { defineEntity, p } from '@mikro-orm/core';
import { AGGREGATION_GRANULARITIES, METRIC_CATEGORIES, METRIC_TYPES } from '@pulse/api-contract/schemas';

// Hourly rollups of raw samples and daily rollups of hourly ones, per series. Every column is
// mergeable (count, sum, min, max, the quantile sketch), so any range is answered by adding
// rollup rows; `last` is the series' last value in the bucket. Written by idempotent upserts.
export const MetricRollupSchema = defineEntity({
  name: 'MetricRollup',
  tableName: 'metric_rollups',
  properties: {
    organizationId: p.uuid().primary(),
    granularity: p.enum(AGGREGATION_GRANULARITIES).primary(),
    name: p.text().primary(),
    bucketStart: p.datetime().primary(),
    labelsHash: p.text().primary(),
    labels: p.json<Record<string, string>>(),
    type: p.enum(METRIC_TYPES),
    category: p.enum(METRIC_CATEGORIES),
    count: p.bigint('number'),
    sum: p.double(),
    min: p.double().nullable(),
    max: p.double().nullable(),
    last: p.double(),
    sketch: p.json<Record<string, number>>(),
    updatedAt: p.datetime(),
  },
});

export class MetricRollup extends MetricRollupSchema.class {}
MetricRollupSchema.setClass(MetricRollup);
