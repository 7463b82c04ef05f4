import type { NotificationSelection } from '@pulse/api-contract/schemas';
import { describeError } from '../api/errors.ts';
import { trpc } from '../api/trpc.ts';
import { PANEL_LIST_INPUT } from './useUnreadCount.ts';

/**
 * Mark read and dismiss, as mutations: their answer carries the new unread count, and the
 * panel's cached list is changed in place (no second request).
 */
export function useNotificationActions() {
  const utils = trpc.useUtils();
  const setCount = (unreadCount: number) => utils.notifications.unreadCount.setData(undefined, { count: unreadCount });
  const markRead = trpc.notifications.markRead.useMutation({
    onSuccess: (answer, selection: NotificationSelection) => {
      setCount(answer.unreadCount);
      const now = new Date().toISOString();
      const hits = (id: string) => selection.all === true || (selection.ids ?? []).includes(id);
      utils.notifications.list.setData(PANEL_LIST_INPUT, (cached) =>
        cached && { ...cached, items: cached.items.map((item) => (hits(item.id) ? { ...item, readAt: item.readAt ?? now } : item)) },
      );
    },
  });
  const dismiss = trpc.notifications.dismiss.useMutation({
    onSuccess: (answer, selection: NotificationSelection) => {
      setCount(answer.unreadCount);
      utils.notifications.list.setData(PANEL_LIST_INPUT, (cached) =>
        cached && { ...cached, items: cached.items.filter((item) => selection.all !== true && !(selection.ids ?? []).includes(item.id)) },
      );
    },
  });
  const failure = markRead.error ?? dismiss.error;
  return {
    markRead: (selection: NotificationSelection) => markRead.mutate(selection),
    dismiss: (selection: NotificationSelection) => dismiss.mutate(selection),
    error: failure ? describeError(failure) : null,
  };
}
