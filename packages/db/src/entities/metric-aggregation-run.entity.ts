import { defineEntity, p } from '@mikro-orm/core';
import { idProperty } from './base.properties.ts';
import { AGGREGATION_GRANULARITIES, AGGREGATION_RUN_STATUSES, AGGREGATION_TRIGGERS } from '@pulse/api-contract/schemas';

// One row per rolled bucket (an hour or a day). The completed scheduled and manual runs are the
// watermark: every bucket before the latest completed one is rolled (runs go in order and stop
// at the first failure). Late re-rolls of one organization's hour carry its id.
export const MetricAggregationRunSchema = defineEntity({
  name: 'MetricAggregationRun',
  tableName: 'metric_aggregation_runs',
  properties: {
    ...idProperty,
    granularity: p.enum(AGGREGATION_GRANULARITIES),
    bucketStart: p.datetime(),
    bucketEnd: p.datetime(),
    trigger: p.enum(AGGREGATION_TRIGGERS),
    organizationId: p.uuid().nullable(),
    status: p.enum(AGGREGATION_RUN_STATUSES),
    rows: p.integer().default(0),
    startedAt: p.datetime(),
    finishedAt: p.datetime().nullable(),
    durationMs: p.integer().nullable(),
    error: p.text().nullable(),
  },
  indexes: [{ properties: ['granularity', 'status', 'bucketEnd'] }, { properties: ['startedAt'] }],
});

export class MetricAggregationRun extends MetricAggregationRunSchema.class {}
MetricAggregationRunSchema.setClass(MetricAggregationRun);
