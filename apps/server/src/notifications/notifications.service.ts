import type { MikroORM, SqlRow } from '@pulse/db';
import { runSql } from '@pulse/db';
import type { PulseServices } from '@pulse/api-contract/router';
import type { NotificationChange, NotificationSelection, NotificationView, UserActor } from '@pulse/api-contract/schemas';
import { InvalidInputError } from '@pulse/api-contract/errors';
import type { AlertPublisher, NotificationSignal } from '../alerts/alert-publisher.ts';
import { AsyncInbox } from '../live/async-inbox.ts';
import type { LiveHub } from '../live/live-hub.ts';

/** `SELECT *` of notifications, typed from the entity; `kind` and `data` are what alert notifications put there. */
type NotificationRow = Omit<SqlRow<'notifications'>, 'kind' | 'data'> & { kind: NotificationView['kind']; data: { ruleId?: string } };

const iso = (value: string | null) => (value === null ? null : new Date(value).toISOString());
const toView = (row: NotificationRow): NotificationView => ({
  id: row.id,
  kind: row.kind,
  title: row.title,
  body: row.body,
  severity: row.severity,
  organizationId: row.organization_id,
  alertId: row.alert_id,
  ruleId: row.data.ruleId ?? null,
  createdAt: iso(row.created_at) as string,
  readAt: iso(row.read_at),
  dismissedAt: iso(row.dismissed_at),
});

type Cursor = { createdAt: string; id: string };

/** Unread: neither read nor dismissed. */
const UNREAD = 'read_at IS NULL AND dismissed_at IS NULL';

/**
 * Each user's own notification center. Every statement is bound to the caller's user id, so
 * nobody reads or marks another's notifications. Reading and dismissing also move the matching
 * in-app delivery log rows (the schema document tracks READ and DISMISSED there).
 */
export function createNotificationsService(orm: MikroORM, publisher: AlertPublisher, hub: LiveHub<NotificationSignal>) {
  async function unread(userId: string): Promise<number> {
    const [row] = await runSql<{ n: number }>(orm.em.fork(), `SELECT count(*)::int AS n FROM notifications WHERE user_id = $1 AND ${UNREAD}`, [userId]);
    return row?.n ?? 0;
  }

  async function mark(actor: UserActor, selection: NotificationSelection, column: 'read_at' | 'dismissed_at', status: 'read' | 'dismissed') {
    const at = new Date().toISOString();
    const updated = await orm.em.fork().transactional(async (em) => {
      const rows = await runSql<{ id: string }>(
        em,
        `UPDATE notifications SET ${column} = $2 WHERE user_id = $1 AND ${column} IS NULL AND ($3::uuid[] IS NULL OR id = ANY($3::uuid[])) RETURNING id`,
        [actor.userId, at, selection.ids ?? null],
      );
      await runSql(
        em,
        `UPDATE notification_delivery_logs SET status = $3, ${column} = $2 WHERE channel = 'in_app' AND user_id = $1 AND notification_id = ANY($4::uuid[])`,
        [actor.userId, at, status, rows.map((row) => row.id)],
      );
      return rows.length;
    });
    if (updated > 0) await publisher.notifications([{ userId: actor.userId, notificationId: null }]);
    return { updated, unreadCount: await unread(actor.userId) };
  }

  const service: PulseServices['notifications'] = {
    async list(actor, input) {
      let cursor: Cursor | null = null;
      if (input.cursor) {
        try {
          cursor = JSON.parse(Buffer.from(input.cursor, 'base64url').toString('utf8')) as Cursor;
        } catch {
          throw new InvalidInputError('That cursor is not one this list gave out.');
        }
      }
      const rows = await runSql<NotificationRow>(
        orm.em.fork(),
        `SELECT * FROM notifications
          WHERE user_id = $1 AND ($2::boolean = false OR ${UNREAD}) AND ($3::boolean OR dismissed_at IS NULL)
            AND ($4::timestamptz IS NULL OR (created_at, id) < ($4::timestamptz, $5::uuid))
          ORDER BY created_at DESC, id DESC LIMIT $6`,
        [actor.userId, input.unreadOnly, input.includeDismissed, cursor?.createdAt ?? null, cursor?.id ?? null, input.limit + 1],
      );
      const items = rows.slice(0, input.limit).map(toView);
      const last = items.at(-1);
      const nextCursor = rows.length > input.limit && last ? Buffer.from(JSON.stringify({ createdAt: last.createdAt, id: last.id })).toString('base64url') : null;
      return { items, nextCursor, unreadCount: await unread(actor.userId) };
    },
    unreadCount: async (actor) => ({ count: await unread(actor.userId) }),
    markRead: (actor, input) => mark(actor, input, 'read_at', 'read'),
    dismiss: (actor, input) => mark(actor, input, 'dismissed_at', 'dismissed'),
  };

  return {
    ...service,
    /** The unread count at once, then after every change (with the new notification, if one arrived). */
    async *live(userId: string, signal: AbortSignal): AsyncGenerator<NotificationChange> {
      const inbox = new AsyncInbox<NotificationSignal>(1000);
      const stop = await hub.listen(userId, (signalled) => inbox.push(signalled));
      try {
        yield { unreadCount: await unread(userId), notification: null };
        for await (const signalled of inbox.drain(signal)) {
          const [row] = signalled.notificationId
            ? await runSql<NotificationRow>(orm.em.fork(), 'SELECT * FROM notifications WHERE id = $1 AND user_id = $2', [signalled.notificationId, userId])
            : [];
          yield { unreadCount: await unread(userId), notification: row ? toView(row) : null };
        }
      } finally {
        stop();
      }
    },
  };
}
