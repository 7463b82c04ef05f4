import type { EntityManager } from '@pulse/db';
import { runSql } from '@pulse/db';
import type { AlertView, OrgRole } from '@pulse/api-contract/schemas';
import { insertAlertEvent } from './alert-store.ts';

/** The changes people are told about (the others only update lists). */
export const NOTIFYING_EVENTS = ['triggered', 'severity_raised', 'resolved'] as const;
export type NotifyingEvent = (typeof NOTIFYING_EVENTS)[number];

export type AlertNotice = {
  event: NotifyingEvent;
  at: Date;
  alert: AlertView;
  rule: { id: string; name: string; notifyOrgRoles: OrgRole[]; webhookUrl: string | null };
  /** What the rule watches, for people (see describeWatched). */
  watched: string;
};

export type CreatedNotices = {
  notifications: { userId: string; notificationId: string }[];
  /** The webhook delivery to send (its log row is pending until the webhook worker sends it). */
  webhookDeliveryId: string | null;
};

function wording(notice: AlertNotice): { title: string; body: string } {
  const { alert, rule } = notice;
  const value = alert.value === null ? 'no data' : String(Number(alert.value.toPrecision(6)));
  const body = `${notice.watched} = ${value} (threshold ${alert.operator} ${alert.threshold})`;
  switch (notice.event) {
    case 'triggered':
      return { title: `[${alert.severity}] ${rule.name} triggered`, body };
    case 'severity_raised':
      return { title: `[${alert.severity}] ${rule.name} raised to ${alert.severity}`, body };
    case 'resolved':
      return { title: `[resolved] ${rule.name}`, body: `${notice.watched} = ${value}: back within its thresholds.` };
  }
}

/**
 * Inside the evaluation's transaction: one in-app notification per recipient (the
 * organization's ADMINs, its users in the rule's notified roles, and the platform's
 * SUPERADMINs), a delivery log row per in-app notification, one for the live stream and one for
 * the webhook, and a `notified` entry on the timeline. Publishing happens after the commit.
 */
export async function createAlertNotices(em: EntityManager, notice: AlertNotice): Promise<CreatedNotices> {
  const { alert, rule, at } = notice;
  const { title, body } = wording(notice);
  const created = await runSql<{ id: string; user_id: string }>(
    em,
    `INSERT INTO notifications (user_id, organization_id, kind, title, body, severity, alert_id, data, created_at)
     SELECT u.id, $1, 'alert', $3, $4, $5, $6, $7::jsonb, $8
       FROM users u
      WHERE (u.organization_id = $1 AND (u.platform_role = 'ADMIN' OR u.org_role = ANY($2::text[]))) OR u.platform_role = 'SUPERADMIN'
     RETURNING id, user_id`,
    [alert.organizationId, rule.notifyOrgRoles, title, body, alert.severity, alert.id, JSON.stringify({ ruleId: rule.id, event: notice.event }), at.toISOString()],
  );
  await runSql(
    em,
    `INSERT INTO notification_delivery_logs (organization_id, notification_id, user_id, alert_id, channel, status, attempts, sent_at, delivered_at, metadata)
     SELECT $1, n.id, n.user_id, $2, 'in_app', 'delivered', 1, $3, $3, $4::jsonb FROM unnest($5::uuid[], $6::uuid[]) AS n(id, user_id)`,
    [alert.organizationId, alert.id, at.toISOString(), JSON.stringify({ event: notice.event }), created.map((n) => n.id), created.map((n) => n.user_id)],
  );
  // The live stream is one publish per change, whoever listens: one row with what was sent.
  await runSql(
    em,
    `INSERT INTO notification_delivery_logs (organization_id, alert_id, channel, status, attempts, sent_at, metadata) VALUES ($1, $2, 'live', 'sent', 1, $3, $4::jsonb)`,
    [alert.organizationId, alert.id, at.toISOString(), JSON.stringify({ event: notice.event, type: 'alertNotification' })],
  );
  let webhookDeliveryId: string | null = null;
  if (rule.webhookUrl) {
    // The body is fixed now, so every retry sends (and signs) the same bytes.
    const payload = { event: notice.event, at: at.toISOString(), alert };
    const [delivery] = await runSql<{ id: string }>(
      em,
      `INSERT INTO notification_delivery_logs (organization_id, alert_id, channel, status, attempts, metadata) VALUES ($1, $2, 'webhook', 'pending', 0, $3::jsonb) RETURNING id`,
      [alert.organizationId, alert.id, JSON.stringify({ event: notice.event, payload })],
    );
    webhookDeliveryId = delivery?.id ?? null;
  }
  await insertAlertEvent(em, {
    alertId: alert.id,
    at,
    kind: 'notified',
    severity: alert.severity,
    details: { event: notice.event, inApp: created.length, live: true, webhook: webhookDeliveryId !== null },
  });
  return { notifications: created.map((n) => ({ userId: n.user_id, notificationId: n.id })), webhookDeliveryId };
}
