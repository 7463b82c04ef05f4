import { defineEntity, p } from '@mikro-orm/core';

// Hours that received samples after they ended (late data, backfills): their rollups are stale
// until the aggregation worker re-rolls them. Queries read these hours from raw samples. Every
// late write bumps `version`; the worker deletes a marker only at the version it rolled, so a
// sample that lands while the hour is being rolled keeps the hour marked.
export const MetricRollupPendingSchema = defineEntity({
  name: 'MetricRollupPending',
  tableName: 'metric_rollup_pending',
  properties: {
    organizationId: p.uuid().primary(),
    hourStart: p.datetime().primary(),
    version: p.bigint('number').default(1),
    markedAt: p.datetime().defaultRaw('now()'),
  },
});

export class MetricRollupPending extends MetricRollupPendingSchema.class {}
MetricRollupPendingSchema.setClass(MetricRollupPending);
