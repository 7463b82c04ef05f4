import type { NotificationView } from '@pulse/api-contract/schemas';
import { useSessionApi } from '../api/useSessionApi.ts';
import { LoadState } from '../admin/LoadState.tsx';
import { useLoad } from '../admin/useLoad.ts';
import { formatDateTime } from '../admin/format.ts';

type Act = (kind: 'markRead' | 'dismiss', selection: { ids: string[] } | { all: true }) => Promise<boolean>;

type Props = {
  id: string;
  /** A new notification that arrived while the panel is open loads the list again. */
  latest: NotificationView | null;
  unreadCount: number;
  actionError: string | null;
  act: Act;
};

export function NotificationPanel({ id, latest, unreadCount, actionError, act }: Props) {
  const { trpc } = useSessionApi();
  const list = useLoad(`notifications:${latest?.id ?? ''}`, (signal) => trpc.notifications.list.query({ limit: 30 }, { signal }));

  const markRead = async (ids: string[] | 'all') => {
    if (!(await act('markRead', ids === 'all' ? { all: true } : { ids }))) return;
    const now = new Date().toISOString();
    list.update((data) => ({
      ...data,
      items: data.items.map((item) => (ids === 'all' || ids.includes(item.id) ? { ...item, readAt: item.readAt ?? now } : item)),
    }));
  };
  const dismiss = async (notificationId: string) => {
    if (!(await act('dismiss', { ids: [notificationId] }))) return;
    list.update((data) => ({ ...data, items: data.items.filter((item) => item.id !== notificationId) }));
  };

  return (
    <section id={id} className="card bell-panel" aria-label="Notifications">
      <header className="bell-panel-head">
        <h2>Notifications</h2>
        {unreadCount > 0 && (
          <button type="button" className="link-button" onClick={() => void markRead('all')}>
            Mark all read
          </button>
        )}
      </header>
      {actionError && (
        <p className="form-error" role="alert">
          {actionError}
        </p>
      )}
      <LoadState loaded={list.state} what="Notifications" onRetry={list.reload}>
        {(data) =>
          data.items.length === 0 ? (
            <p className="muted">No notifications. Alerts you should hear about show up here.</p>
          ) : (
            <ul className="bell-list" aria-label="Notification list">
              {data.items.map((item) => (
                <li key={item.id} className={item.readAt ? 'bell-item' : 'bell-item bell-item-unread'} data-notification-id={item.id}>
                  <div>
                    <p className="bell-title">
                      {item.severity && <span className={`severity severity-${item.severity}`}>{item.severity}</span>} {item.title}
                    </p>
                    <p className="muted">{item.body}</p>
                    <p className="muted small">{formatDateTime(item.createdAt)}</p>
                  </div>
                  <div className="bell-actions">
                    {!item.readAt && (
                      <button type="button" className="link-button" onClick={() => void markRead([item.id])}>
                        Mark read
                      </button>
                    )}
                    <button type="button" className="link-button" onClick={() => void dismiss(item.id)}>
                      Dismiss
                    </button>
                  </div>
                </li>
              ))}
            </ul>
          )
        }
      </LoadState>
    </section>
  );
}
