import { defineEntity, p } from '@mikro-orm/core';
import { Alert } from './alert.entity.ts';
import { createdAtProperty, idProperty } from './base.properties.ts';
import { Organization } from './organization.entity.ts';
import { User } from './user.entity.ts';

// The in-app notification center: one row per recipient.
export const NotificationSchema = defineEntity({
  name: 'Notification',
  tableName: 'notifications',
  properties: {
    ...idProperty,
    user: () => p.manyToOne(User).ref().deleteRule('cascade'),
    organization: () => p.manyToOne(Organization).ref().nullable().deleteRule('cascade').index(),
    kind: p.text(),
    title: p.text(),
    body: p.text(),
    severity: p.text().nullable(),
    alert: () => p.manyToOne(Alert).ref().nullable().deleteRule('set null').index(),
    data: p.json<Record<string, unknown>>(),
    ...createdAtProperty,
    readAt: p.datetime().nullable(),
    dismissedAt: p.datetime().nullable(),
  },
  indexes: [{ properties: ['user', 'createdAt'] }, { properties: ['user', 'readAt'] }],
});

export class Notification extends NotificationSchema.class {}
NotificationSchema.setClass(Notification);
