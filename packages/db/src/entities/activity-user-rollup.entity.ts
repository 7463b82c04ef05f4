import { defineEntity, p } from '@mikro-orm/core';

// Who did what per hour: events per organization, hour, event type, scope dimensions and user.
// Distinct users cannot be added up from counts, so they are counted from these rows (exact over
// whole hours), and so are the per-user rankings. Written by the `activity-rollups` step.
export const ActivityUserRollupSchema = defineEntity({
  name: 'ActivityUserRollup',
  tableName: 'activity_user_rollups',
  properties: {
    organizationId: p.uuid().primary(),
    bucketStart: p.datetime().primary(),
    eventType: p.text().primary(),
    scopeKey: p.text().primary(),
    userId: p.text().primary(),
    branchId: p.uuid().nullable(),
    departmentId: p.uuid().nullable(),
    eventCount: p.integer(),
  },
});

export class ActivityUserRollup extends ActivityUserRollupSchema.class {}
ActivityUserRollupSchema.setClass(ActivityUserRollup);
