import { trpc } from '../api/trpc.ts';
import { QueryState } from '../ui/QueryState.tsx';
import { formatDateTime } from '../ui/format.ts';
import { useNotificationActions } from './useNotificationActions.ts';
import { PANEL_LIST_INPUT } from './useUnreadCount.ts';
import styles from './NotificationPanel.module.css';

/** The latest notifications; one that arrives live while it is open goes on top (see `useUnreadCount`). */
export function NotificationPanel({ id, unreadCount }: { id: string; unreadCount: number }) {
  const list = trpc.notifications.list.useQuery(PANEL_LIST_INPUT);
  const actions = useNotificationActions();
  const markRead = (ids: string[] | 'all') => actions.markRead(ids === 'all' ? { all: true } : { ids });
  const dismiss = (notificationId: string) => actions.dismiss({ ids: [notificationId] });
  const actionError = actions.error;

  return (
    <section id={id} className={`card ${styles.panel}`} aria-label="Notifications">
      <header className={styles.head}>
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
            <ul className={styles.list} aria-label="Notification list">
              {data.items.map((item) => (
                <li key={item.id} className={item.readAt ? styles.item : `${styles.item} ${styles.unread}`} data-notification-id={item.id}>
                  <div>
                    <p className={styles.title}>
                      {item.severity && <span className={`severity severity-${item.severity}`}>{item.severity}</span>} {item.title}
                    </p>
                    <p className="muted">{item.body}</p>
                    <p className="muted small">{formatDateTime(item.createdAt)}</p>
                  </div>
                  <div className={styles.actions}>
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
