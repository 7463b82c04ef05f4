import { useEffect, useId, useRef, useState } from 'react';
import { useSessionApi } from '../api/useSessionApi.ts';
import { describeError } from '../api/errors.ts';
import { useSessionStore } from '../auth/useSession.ts';
import { NotificationPanel } from './NotificationPanel.tsx';
import { useUnreadCount } from './useUnreadCount.ts';

/** Every user's bell: the live unread count, and a panel with the notifications. */
export function NotificationBell() {
  const { trpc } = useSessionApi();
  const session = useSessionStore();
  const unread = useUnreadCount();
  const [open, setOpen] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);
  const panelId = useId();
  const wrapper = useRef<HTMLDivElement>(null);
  const count = unread.count ?? 0;

  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setOpen(false);
    };
    const onClick = (event: MouseEvent) => {
      if (wrapper.current && !wrapper.current.contains(event.target as Node)) setOpen(false);
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener('mousedown', onClick);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('mousedown', onClick);
    };
  }, [open]);

  const act = async (kind: 'markRead' | 'dismiss', selection: { ids: string[] } | { all: true }) => {
    setActionError(null);
    try {
      const answer = await session.withAuth(() => trpc.notifications[kind].mutate(selection));
      unread.setCount(answer.unreadCount);
      return true;
    } catch (error) {
      setActionError(describeError(error));
      return false;
    }
  };

  return (
    <div className="bell" ref={wrapper}>
      <button
        type="button"
        className="button button-quiet bell-button"
        aria-expanded={open}
        aria-controls={panelId}
        aria-label={count > 0 ? `Notifications, ${count} unread` : 'Notifications'}
        onClick={() => setOpen((value) => !value)}
      >
        <span aria-hidden="true">🔔</span>
        {count > 0 && (
          <span className="bell-count" data-testid="unread-count">
            {count > 99 ? '99+' : count}
          </span>
        )}
      </button>
      {open && (
        <NotificationPanel id={panelId} latest={unread.latest} unreadCount={count} actionError={actionError} act={act} />
      )}
    </div>
  );
}
