import { defineEntity, p } from '@mikro-orm/core';
import { METRIC_CATEGORIES, METRIC_TYPES } from '@pulse/api-contract/schemas';

export const METRIC_SAMPLES_TABLE = 'metric_samples';

// Raw metric samples, one row per recorded sample. Written with plain SQL by the server
// (INSERT ... SELECT FROM unnest(...) ON CONFLICT DO NOTHING RETURNING), so the columns are a
// contract with that statement. Partitioned by day on recorded_at exactly like activity_events
// (see activity-event.entity.ts for why `partitionBy` is not declared here); no foreign keys.
//
// Every row carries a mergeable summary of what it observed, so raw rows and rollups are read
// by the same query: count, sum, min, max and a log-bucket quantile sketch ({key: count}).
// A counter's value is its increment since the sender's last report (delta temporality).
export const MetricSampleSchema = defineEntity({
  name: 'MetricSample',
  tableName: METRIC_SAMPLES_TABLE,
  properties: {
    // key columns first, in key order (see activity-event.entity.ts)
    organizationId: p.uuid().primary(),
    recordedAt: p.datetime().primary(),
    id: p.uuid().primary(),
    name: p.text(),
    // sha256 of the canonical labels: the series key together with the name
    labelsHash: p.text(),
    labels: p.json<Record<string, string>>(),
    type: p.enum(METRIC_TYPES),
    category: p.enum(METRIC_CATEGORIES),
    value: p.double(),
    count: p.bigint('number'),
    sum: p.double(),
    min: p.double().nullable(),
    max: p.double().nullable(),
    sketch: p.json<Record<string, number>>(),
    // a histogram's buckets or a summary's quantiles, as sent
    detail: p.json<Record<string, unknown>>().nullable(),
    userId: p.text().nullable(),
    receivedAt: p.datetime(),
  },
  indexes: [{ properties: ['organizationId', 'name', 'recordedAt'] }],
});

export class MetricSample extends MetricSampleSchema.class {}
MetricSampleSchema.setClass(MetricSample);
