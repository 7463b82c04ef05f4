import { defineEntity, p } from '@mikro-orm/core';
import { createdAtProperty, idProperty } from './base.properties.ts';
import { Notification } from './notification.entity.ts';
import { User } from './user.entity.ts';

export const DELIVERY_CHANNELS = ['in_app', 'live', 'webhook'] as const;
export const DELIVERY_STATUSES = ['pending', 'sent', 'delivered', 'read', 'dismissed', 'failed'] as const;

// The schema document's notification_delivery_logs: one row per delivery of an alert
// notification (an in-app notification of one user, one publish on the live stream, one webhook).
export const NotificationDeliveryLogSchema = defineEntity({
  name: 'NotificationDeliveryLog',
  tableName: 'notification_delivery_logs',
  properties: {
    ...idProperty,
    organizationId: p.uuid().nullable(),
    notification: () => p.manyToOne(Notification).ref().nullable().deleteRule('cascade').index(),
    user: () => p.manyToOne(User).ref().nullable().deleteRule('cascade').index(),
    alertId: p.uuid().nullable().index(),
    channel: p.enum(DELIVERY_CHANNELS),
    status: p.enum(DELIVERY_STATUSES),
    attempts: p.integer().default(0),
    error: p.text().nullable(),
    sentAt: p.datetime().nullable(),
    deliveredAt: p.datetime().nullable(),
    readAt: p.datetime().nullable(),
    dismissedAt: p.datetime().nullable(),
    metadata: p.json<Record<string, unknown>>(),
    ...createdAtProperty,
  },
  indexes: [{ properties: ['channel', 'status'] }, { properties: ['createdAt'] }],
});

export class NotificationDeliveryLog extends NotificationDeliveryLogSchema.class {}
NotificationDeliveryLogSchema.setClass(NotificationDeliveryLog);
