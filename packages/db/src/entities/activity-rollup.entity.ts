import { defineEntity, p } from '@mikro-orm/core';

export const ACTIVITY_ROLLUP_GRANULARITIES = ['minute', 'hour', 'day'] as const;
export type ActivityRollupGranularity = (typeof ACTIVITY_ROLLUP_GRANULARITIES)[number];

/**
 * Per numeric property of the events in a bucket (`durationMs`): how many carried it, their sum,
 * min, max and a log-bucket quantile sketch (apps/server/src/metrics/sketch.ts). All mergeable.
 */
export type NumericSummaries = Record<string, { n: number; sum: number; min: number; max: number; sketch: Record<string, number> }>;

// Activity events folded per organization, bucket, event type and the scope dimensions (branch,
// department; null when the event names none). Kept current by the pipeline's `activity-rollups`
// step for every batch, at three granularities: minutes (kept two days, for the live windows),
// hours and days. A nullable dimension cannot be part of a primary key, so `scope_key` stands
// for the pair ('' when both are null). Every column adds up, so any range is a sum of rows.
export const ActivityRollupSchema = defineEntity({
  name: 'ActivityRollup',
  tableName: 'activity_rollups',
  properties: {
    organizationId: p.uuid().primary(),
    granularity: p.enum(ACTIVITY_ROLLUP_GRANULARITIES).primary(),
    bucketStart: p.datetime().primary(),
    eventType: p.text().primary(),
    scopeKey: p.text().primary(),
    branchId: p.uuid().nullable(),
    departmentId: p.uuid().nullable(),
    eventCount: p.bigint('number'),
    numeric: p.json<NumericSummaries>(),
    updatedAt: p.datetime().defaultRaw('now()'),
  },
});

export class ActivityRollup extends ActivityRollupSchema.class {}
ActivityRollupSchema.setClass(ActivityRollup);
