import { defineEntity, p } from '@mikro-orm/core';
import { ALERT_SEVERITIES } from '@pulse/api-contract/schemas';
import { Alert } from './alert.entity.ts';
import { idProperty } from './base.properties.ts';

// The timeline of one alert, append-only. The actor is a plain id (like the audit log) so the
// entry outlives the user.
export const AlertEventSchema = defineEntity({
  name: 'AlertEvent',
  tableName: 'alert_events',
  properties: {
    ...idProperty,
    // entries of one evaluation share `at`: this keeps the order they were written in
    seq: p.bigint('number').autoincrement(),
    alert: () => p.manyToOne(Alert).ref().deleteRule('cascade'),
    at: p.datetime(),
    kind: p.text(),
    severity: p.enum(ALERT_SEVERITIES).nullable(),
    value: p.double().nullable(),
    actorUserId: p.uuid().nullable(),
    comment: p.text().nullable(),
    details: p.json<Record<string, unknown>>(),
  },
  indexes: [{ properties: ['alert', 'at'] }],
});

export class AlertEvent extends AlertEventSchema.class {}
AlertEventSchema.setClass(AlertEvent);
