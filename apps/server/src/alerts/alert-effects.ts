import type { EntityManager, MikroORM } from '@pulse/db';
import type { AlertEventKind } from '@pulse/api-contract/schemas';
import type { AlertPublisher } from './alert-publisher.ts';
import { type RuleRow, watchedValueOf } from './alert-rows.ts';
import { loadAlertView } from './alert-store.ts';
import { createAlertNotices, type CreatedNotices, type NotifyingEvent } from './notify.ts';
import { describeWatched } from './watched-value.ts';

/** One change of one alert, to publish on the live stream once committed. */
export type AlertChange = { alertId: string; event: AlertEventKind; notify: boolean };

/** What a transaction changed that others must hear about after its commit. */
export type AlertEffects = { organizationId: string; at: Date; changes: AlertChange[]; notices: CreatedNotices[] };

export type EffectDependencies = {
  orm: MikroORM;
  publisher: AlertPublisher;
  enqueueWebhook(deliveryId: string): Promise<void>;
};

/** Inside the transaction: the notifications of a rule's alert (see createAlertNotices). */
export async function noticeAlert(em: EntityManager, rule: RuleRow, alertId: string, event: NotifyingEvent, at: Date): Promise<CreatedNotices | null> {
  const alert = await loadAlertView(em, rule.organization_id, alertId);
  if (!alert) return null;
  return createAlertNotices(em, {
    event,
    at,
    alert,
    rule: { id: rule.id, name: rule.name, notifyOrgRoles: rule.notify_org_roles, webhookUrl: rule.webhook_url },
    watched: describeWatched(watchedValueOf(rule)),
  });
}

/** After the commit: the live stream, the notified users' channels, the webhooks. */
export async function publishEffects(deps: EffectDependencies, effects: AlertEffects): Promise<void> {
  for (const change of effects.changes) {
    const alert = await loadAlertView(deps.orm.em.fork(), effects.organizationId, change.alertId);
    if (!alert) continue;
    await deps.publisher.alert(effects.organizationId, {
      type: change.notify ? 'alertNotification' : 'alertUpdate',
      event: change.event,
      at: effects.at.toISOString(),
      alert,
    });
  }
  await deps.publisher.notifications(effects.notices.flatMap((notice) => notice.notifications));
  for (const { webhookDeliveryId } of effects.notices) if (webhookDeliveryId) await deps.enqueueWebhook(webhookDeliveryId);
}
