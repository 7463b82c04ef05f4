import { useEffect, useEffectEvent, useState } from 'react';
import { NotificationChange } from '@pulse/api-contract/schemas';
import type { NotificationView } from '@pulse/api-contract/schemas';
import { useSessionApi } from '../api/useSessionApi.ts';

export type UnreadState = {
  /** Null until the stream's first frame. */
  count: number | null;
  /** The newest notification that arrived live, to refresh an open panel. */
  latest: NotificationView | null;
  /** Set after a mark read / dismiss, whose answer carries the new count. */
  setCount(count: number): void;
};

/**
 * The caller's unread count from `live.notifications` (the count at once, then after every
 * change). Resubscribes by itself after a reconnect; a session refresh is the dashboard
 * stream's job, which renews the whole socket.
 */
export function useUnreadCount(): UnreadState {
  const { trpc } = useSessionApi();
  const [count, setCount] = useState<number | null>(null);
  const [latest, setLatest] = useState<NotificationView | null>(null);
  const onData = useEffectEvent((data: unknown) => {
    const parsed = NotificationChange.safeParse(data);
    if (!parsed.success) return;
    setCount(parsed.data.unreadCount);
    if (parsed.data.notification) setLatest(parsed.data.notification);
  });
  useEffect(() => {
    const subscription = trpc.live.notifications.subscribe(undefined, { onData: (data) => onData(data), onError: () => undefined });
    return () => subscription.unsubscribe();
  }, [trpc]);
  return { count, latest, setCount };
}
