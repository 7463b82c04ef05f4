import { defineEntity, p } from '@mikro-orm/core';

// Hours that received samples after they ended (late data, backfills): their rollups are stale
// until the aggregation worker re-rolls them. Queries read these hours from raw samples. Every
// late write bumps `version`; the worker deletes a marker only at the version it rolled, so a
// sample that lands while the hour is being rolled keeps the hour marked.
// An organization's hour whose rollup failed (in any run) is marked here too, with the failure:
// it is read raw meanwhile and retried after `retryAt`, without holding back anyone else.
export const MetricRollupPendingSchema = defineEntity({
  name: 'MetricRollupPending',
  tableName: 'metric_rollup_pending',
  properties: {
    organizationId: p.uuid().primary(),
    hourStart: p.datetime().primary(),
    version: p.bigint('number').default(1),
    markedAt: p.datetime().defaultRaw('now()'),
    failures: p.integer().default(0),
    lastError: p.text().nullable(),
    lastFailedAt: p.datetime().nullable(),
    retryAt: p.datetime().nullable(),
  },
});

export class MetricRollupPending extends MetricRollupPendingSchema.class {}
MetricRollupPendingSchema.setClass(MetricRollupPending);
