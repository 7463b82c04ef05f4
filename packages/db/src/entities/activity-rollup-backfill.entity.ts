import { defineEntity, p } from '@mikro-orm/core';

// Organizations whose activity rollups were rebuilt from their raw events once (the first start
// with rollups, over what retention keeps). A row means: never again automatically.
export const ActivityRollupBackfillSchema = defineEntity({
  name: 'ActivityRollupBackfill',
  tableName: 'activity_rollup_backfills',
  properties: {
    organizationId: p.uuid().primary(),
    events: p.bigint('number'),
    completedAt: p.datetime().defaultRaw('now()'),
  },
});

export class ActivityRollupBackfill extends ActivityRollupBackfillSchema.class {}
ActivityRollupBackfillSchema.setClass(ActivityRollupBackfill);
