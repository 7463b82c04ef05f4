import { ActivityEventIdSchema } from './activity-event-id.entity.ts';
import { ActivityEventSchema } from './activity-event.entity.ts';
import { ActivityRollupBackfillSchema } from './activity-rollup-backfill.entity.ts';
import { ActivityRollupSchema } from './activity-rollup.entity.ts';
import { ActivityUserRollupSchema } from './activity-user-rollup.entity.ts';
import { AlertEventSchema } from './alert-event.entity.ts';
import { AlertRuleStateSchema } from './alert-rule-state.entity.ts';
import { AlertRuleSchema } from './alert-rule.entity.ts';
import { AlertSchema } from './alert.entity.ts';
import { AuditLogSchema } from './audit-log.entity.ts';
import { AuthSessionSchema } from './auth-session.entity.ts';
import { BranchSchema } from './branch.entity.ts';
import { DashboardConfigSchema } from './dashboard-config.entity.ts';
import { DashboardHomeSchema } from './dashboard-home.entity.ts';
import { DashboardShareSchema } from './dashboard-share.entity.ts';
import { DashboardVersionSchema } from './dashboard-version.entity.ts';
import { DepartmentSchema } from './department.entity.ts';
import { IngestKeySchema } from './ingest-key.entity.ts';
import { MaskingPolicySchema } from './masking-policy.entity.ts';
import { MetricAggregationRunSchema } from './metric-aggregation-run.entity.ts';
import { MetricRollupPendingSchema } from './metric-rollup-pending.entity.ts';
import { MetricRollupSchema } from './metric-rollup.entity.ts';
import { MetricSampleSchema } from './metric-sample.entity.ts';
import { MetricSeriesSchema } from './metric-series.entity.ts';
import { NotificationDeliveryLogSchema } from './notification-delivery-log.entity.ts';
import { NotificationSchema } from './notification.entity.ts';
import { OrganizationSchema } from './organization.entity.ts';
import { PersonDirectoryEntrySchema } from './person-directory-entry.entity.ts';
import { ProcessedBatchSchema } from './processed-batch.entity.ts';
import { RejectedEventSchema } from './rejected-event.entity.ts';
import { ReportGenerationStatSchema } from './report-generation-stat.entity.ts';
import { SilenceSchema } from './silence.entity.ts';
import { UserEngagementMetricSchema } from './user-engagement-metric.entity.ts';
import { UserSchema } from './user.entity.ts';

export * from './activity-event-id.entity.ts';
export * from './activity-event.entity.ts';
export * from './activity-rollup-backfill.entity.ts';
export * from './activity-rollup.entity.ts';
export * from './activity-user-rollup.entity.ts';
export * from './alert-event.entity.ts';
export * from './alert-rule-state.entity.ts';
export * from './alert-rule.entity.ts';
export * from './alert.entity.ts';
export * from './audit-log.entity.ts';
export * from './auth-session.entity.ts';
export * from './branch.entity.ts';
export * from './dashboard-config.entity.ts';
export * from './dashboard-home.entity.ts';
export * from './dashboard-share.entity.ts';
export * from './dashboard-version.entity.ts';
export * from './department.entity.ts';
export * from './ingest-key.entity.ts';
export * from './masking-policy.entity.ts';
export * from './metric-aggregation-run.entity.ts';
export * from './metric-rollup-pending.entity.ts';
export * from './metric-rollup.entity.ts';
export * from './metric-sample.entity.ts';
export * from './metric-series.entity.ts';
export * from './notification-delivery-log.entity.ts';
export * from './notification.entity.ts';
export * from './organization.entity.ts';
export * from './person-directory-entry.entity.ts';
export * from './processed-batch.entity.ts';
export * from './rejected-event.entity.ts';
export * from './report-generation-stat.entity.ts';
export * from './silence.entity.ts';
export * from './user-engagement-metric.entity.ts';
export * from './user.entity.ts';

// Listed explicitly (no folder scanning): what the ORM knows is what this array says.
export const allEntities = [
  OrganizationSchema,
  BranchSchema,
  DepartmentSchema,
  UserSchema,
  AuthSessionSchema,
  IngestKeySchema,
  ActivityEventSchema,
  ActivityEventIdSchema,
  RejectedEventSchema,
  ActivityRollupSchema,
  ActivityUserRollupSchema,
  ActivityRollupBackfillSchema,
  AuditLogSchema,
  MetricSampleSchema,
  MetricSeriesSchema,
  MetricRollupSchema,
  MetricRollupPendingSchema,
  MetricAggregationRunSchema,
  AlertRuleSchema,
  AlertRuleStateSchema,
  AlertSchema,
  AlertEventSchema,
  SilenceSchema,
  NotificationSchema,
  NotificationDeliveryLogSchema,
  ProcessedBatchSchema,
  UserEngagementMetricSchema,
  ReportGenerationStatSchema,
  DashboardConfigSchema,
  DashboardVersionSchema,
  DashboardHomeSchema,
  DashboardShareSchema,
  MaskingPolicySchema,
  PersonDirectoryEntrySchema,
];
