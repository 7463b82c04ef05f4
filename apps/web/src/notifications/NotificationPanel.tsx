import { trpc } from '../api/trpc.ts';
import { QueryState } from '../ui/QueryState.tsx';
import { formatDateTime } from '../ui/format.ts';
import { useNotificationActions } from './useNotificationActions.ts';
import { PANEL_LIST_INPUT } from './useUnreadCount.ts';

/** The latest notifications; one that arrives live while it is open goes on top (see `useUnreadCount`). */
export function NotificationPanel({ id, unreadCount }: { id: string; unreadCount: number }) {
  const list = trpc.notifications.list.useQuery(PANEL_LIST_INPUT);
  const actions = useNotificationActions();
  const markRead = (ids: string[] | 'all') => actions.markRead(ids === 'all' ? { all: true } : { ids });
  const dismiss = (notificationId: string) => actions.dismiss({ ids: [notificationId] });
  const actionError = actions.error;

  return (
    <section id={id} className="card bell-panel" aria-label="Notifications">
      <header className="bell-panel-head">
        <h2>Notifications</h2>
        {unreadCount > 0 && (
          <button type="button" className="link-button" onClick={() => markRead('all')}>
            Mark all read
          </button>
        )}
      </header>
      {actionError && (
        <p className="form-error" role="alert">
          {actionError}
        </p>
      )}
      <QueryState query={list} what="Notifications">
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
                      <button type="button" className="link-button" onClick={() => markRead([item.id])}>
                        Mark read
                      </button>
                    )}
                    <button type="button" className="link-button" onClick={() => dismiss(item.id)}>
                      Dismiss
                    </button>
                  </div>
                </li>
              ))}
            </ul>
          )
        }
      </QueryState>
    </section>
  );
}
