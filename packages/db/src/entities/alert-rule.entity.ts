import { defineEntity, p } from '@mikro-orm/core';
import { ALERT_OPERATORS, ALERT_SOURCES, type AlertThreshold, LIVE_COUNTERS, METRIC_AGGREGATIONS, type OrgRole } from '@pulse/api-contract/schemas';
import { baseProperties } from './base.properties.ts';
import { Organization } from './organization.entity.ts';

// A rule watches one value (a metric aggregated over a window, optionally filtered by labels,
// or one of the live dashboard counters) and compares it with several thresholds, each with
// its own severity and `for` duration. Its evaluation state lives in alert_rule_states.
export const AlertRuleSchema = defineEntity({
  name: 'AlertRule',
  tableName: 'alert_rules',
  properties: {
    ...baseProperties,
    organization: () => p.manyToOne(Organization).ref().deleteRule('cascade'),
    name: p.text(),
    description: p.text().default(''),
    enabled: p.boolean().default(true),
    source: p.enum(ALERT_SOURCES),
    metricName: p.text().nullable(),
    aggregation: p.enum(METRIC_AGGREGATIONS).nullable(),
    windowSeconds: p.integer().nullable(),
    labelFilter: p.json<Record<string, string>>(),
    counter: p.enum(LIVE_COUNTERS).nullable(),
    operator: p.enum(ALERT_OPERATORS),
    thresholds: p.json<AlertThreshold[]>(),
    keepFiringForSeconds: p.integer().default(0),
    // added to the alert's labels, for silences and webhooks (e.g. team=payments)
    labels: p.json<Record<string, string>>(),
    // organization roles notified besides the platform administrators (e.g. OWNER)
    notifyOrgRoles: p.json<OrgRole[]>(),
    webhookUrl: p.text().nullable(),
    // kept in clear because it signs every webhook body; never returned, logged or queued
    webhookSecret: p.text().nullable().hidden(),
    createdBy: p.uuid().nullable(),
    updatedBy: p.uuid().nullable(),
  },
  indexes: [{ properties: ['organization', 'enabled'] }, { properties: ['organization', 'metricName'] }],
});

export class AlertRule extends AlertRuleSchema.class {}
AlertRuleSchema.setClass(AlertRule);
