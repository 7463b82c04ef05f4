import { defineEntity, p } from '@mikro-orm/core';
import { ALERT_RESOLUTIONS, ALERT_SEVERITIES, ALERT_STATUSES } from '@pulse/api-contract/schemas';
import { AlertRule } from './alert-rule.entity.ts';
import { baseProperties } from './base.properties.ts';
import { Organization } from './organization.entity.ts';
import { Silence } from './silence.entity.ts';

// One episode of a rule: from the moment a threshold starts holding (pending) through
// triggered and acknowledged to resolved. A silence that matches it is recorded in silence_id
// (its notifications are muted while the silence lasts).
export const AlertSchema = defineEntity({
  name: 'Alert',
  tableName: 'alerts',
  properties: {
    ...baseProperties,
    organization: () => p.manyToOne(Organization).ref().deleteRule('cascade'),
    rule: () => p.manyToOne(AlertRule).ref().deleteRule('cascade').index(),
    status: p.enum(ALERT_STATUSES),
    severity: p.enum(ALERT_SEVERITIES),
    // the watched value at the latest evaluation, and the threshold of the current severity
    value: p.double().nullable(),
    threshold: p.double(),
    labels: p.json<Record<string, string>>(),
    startedAt: p.datetime(),
    triggeredAt: p.datetime().nullable(),
    acknowledgedAt: p.datetime().nullable(),
    acknowledgedBy: p.uuid().nullable(),
    acknowledgeComment: p.text().nullable(),
    resolvedAt: p.datetime().nullable(),
    resolvedBy: p.uuid().nullable(),
    resolution: p.enum(ALERT_RESOLUTIONS).nullable(),
    silence: () => p.manyToOne(Silence).ref().nullable().deleteRule('set null'),
    lastEvaluatedAt: p.datetime().nullable(),
  },
  indexes: [{ properties: ['organization', 'status'] }, { properties: ['organization', 'startedAt'] }],
});

export class Alert extends AlertSchema.class {}
AlertSchema.setClass(Alert);
