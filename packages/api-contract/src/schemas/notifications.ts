import { z } from 'zod';

/** One entry of a user's notification center. */
export const NotificationView = z.object({
  id: z.uuid(),
  kind: z.enum(['alert']),
  title: z.string(),
  body: z.string(),
  severity: z.string().nullable(),
  organizationId: z.uuid().nullable(),
  alertId: z.uuid().nullable(),
  ruleId: z.uuid().nullable(),
  createdAt: z.iso.datetime({ offset: true }),
  readAt: z.iso.datetime({ offset: true }).nullable(),
  dismissedAt: z.iso.datetime({ offset: true }).nullable(),
});
export type NotificationView = z.output<typeof NotificationView>;

export const ListNotificationsInput = z.object({
  unreadOnly: z.boolean().default(false),
  /** Dismissed notifications are hidden unless asked for. */
  includeDismissed: z.boolean().default(false),
  limit: z.int().min(1).max(100).default(30),
  cursor: z.string().max(200).optional(),
});
export type ListNotificationsInput = z.output<typeof ListNotificationsInput>;

export const NotificationList = z.object({ items: z.array(NotificationView), nextCursor: z.string().nullable(), unreadCount: z.int() });
export type NotificationList = z.output<typeof NotificationList>;

export const UnreadCount = z.object({ count: z.int() });
export type UnreadCount = z.output<typeof UnreadCount>;

/** These notifications, or all of the caller's. */
export const NotificationSelection = z
  .object({ ids: z.array(z.uuid()).min(1).max(200).optional(), all: z.literal(true).optional() })
  .refine((input) => (input.ids === undefined) !== (input.all === undefined), 'give either ids or all: true');
export type NotificationSelection = z.output<typeof NotificationSelection>;

export const NotificationUpdate = z.object({ updated: z.int(), unreadCount: z.int() });
export type NotificationUpdate = z.output<typeof NotificationUpdate>;

/** The live notification stream: the unread count at once, then after every change (with the new notification, if one arrived). */
export const NotificationChange = z.object({ unreadCount: z.int(), notification: NotificationView.nullable() });
export type NotificationChange = z.output<typeof NotificationChange>;
