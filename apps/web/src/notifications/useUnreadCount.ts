import { NotificationChange } from '@pulse/api-contract/schemas';
import { trpc } from '../api/trpc.ts';

/** The panel's query: the latest 30. */
export const PANEL_LIST_INPUT = { limit: 30 };

/**
 * The caller's unread count. `live.notifications` sends it at once, then after every change,
 * so it is not fetched over HTTP: each frame is written into the `notifications.unreadCount`
 * cache entry (and a new notification on top of the panel's list, if that is loaded).
 * Resubscribes by itself after a reconnect. Null until the stream's first frame.
 */
export function useUnreadCount(): number | null {
  const utils = trpc.useUtils();
  const count = trpc.notifications.unreadCount.useQuery(undefined, { enabled: false });
  trpc.live.notifications.useSubscription(undefined, {
    onData: (data) => {
      const parsed = NotificationChange.safeParse(data);
      if (!parsed.success) return;
      const { unreadCount, notification } = parsed.data;
      utils.notifications.unreadCount.setData(undefined, { count: unreadCount });
      if (notification) {
        utils.notifications.list.setData(PANEL_LIST_INPUT, (cached) =>
          cached ? { ...cached, unreadCount, items: [notification, ...cached.items.filter((item) => item.id !== notification.id)] } : cached,
        );
      }
    },
  });
  return count.data?.count ?? null;
}
