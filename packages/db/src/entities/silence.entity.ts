import { defineEntity, p } from '@mikro-orm/core';
import type { AlertSeverity, SilenceMatcher } from '@pulse/api-contract/schemas';
import { AlertRule } from './alert-rule.entity.ts';
import { baseProperties } from './base.properties.ts';
import { Organization } from './organization.entity.ts';

// Mutes notifications of the alerts it matches (by rule, severity and label matchers, all of
// which must match) from startsAt until endsAt. Expiring one by hand moves endsAt to now.
export const SilenceSchema = defineEntity({
  name: 'Silence',
  tableName: 'silences',
  properties: {
    ...baseProperties,
    organization: () => p.manyToOne(Organization).ref().deleteRule('cascade'),
    rule: () => p.manyToOne(AlertRule).ref().nullable().deleteRule('cascade').index(),
    severities: p.json<AlertSeverity[]>(),
    matchers: p.json<SilenceMatcher[]>(),
    comment: p.text().default(''),
    startsAt: p.datetime(),
    endsAt: p.datetime(),
    createdBy: p.uuid().nullable(),
    expiredBy: p.uuid().nullable(),
  },
  indexes: [{ properties: ['organization', 'endsAt'] }],
});

export class Silence extends SilenceSchema.class {}
SilenceSchema.setClass(Silence);
