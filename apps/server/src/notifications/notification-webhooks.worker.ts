import type { Job } from 'bullmq';
import type { MikroORM } from '@pulse/db';
import { runSql } from '@pulse/db';
import { WebhookJob } from './notification-webhooks.queue.ts';
import { signWebhook } from './webhook-signature.ts';

export type WebhookResult = { status: number | null; skipped?: string };

type Target = { status: string; metadata: { event?: string; payload?: unknown }; url: string | null; secret: string | null };

type Dependencies = { orm: MikroORM; timeoutMs: number };

class WebhookFailed extends Error {}

/**
 * Sends one webhook delivery: the body stored with it (the same bytes on every retry), signed
 * with the rule's secret. Each attempt is written to its notification_delivery_logs row; a
 * failure throws so BullMQ retries it with backoff, and the last failure marks the row failed.
 */
export function createWebhookProcessor(deps: Dependencies): (job: Job<unknown, unknown>) => Promise<WebhookResult> {
  const em = () => deps.orm.em.fork();
  const log = (id: string, status: string, attempts: number, error: string | null, sent: boolean) =>
    runSql(
      em(),
      `UPDATE notification_delivery_logs SET status = $2, attempts = $3, error = $4,
              sent_at = CASE WHEN $5::boolean THEN now() ELSE sent_at END, delivered_at = CASE WHEN $5::boolean THEN now() ELSE delivered_at END
        WHERE id = $1`,
      [id, status, attempts, error, sent],
    );

  return async (job) => {
    const { deliveryId } = WebhookJob.parse(job.data);
    const attempt = job.attemptsMade + 1;
    const [target] = await runSql<Target>(
      em(),
      `SELECT d.status, d.metadata, r.webhook_url AS url, r.webhook_secret AS secret
         FROM notification_delivery_logs d
         LEFT JOIN alerts a ON a.id = d.alert_id
         LEFT JOIN alert_rules r ON r.id = a.rule_id
        WHERE d.id = $1 AND d.channel = 'webhook'`,
      [deliveryId],
    );
    if (!target || target.status === 'sent') return { status: null, skipped: 'already sent or gone' };
    if (!target.url || !target.secret) {
      await log(deliveryId, 'failed', attempt, 'the rule no longer has a webhook', false);
      return { status: null, skipped: 'no webhook' };
    }
    const body = JSON.stringify(target.metadata.payload ?? {});
    const timestamp = Math.floor(Date.now() / 1000);
    let failure: string;
    try {
      const response = await fetch(target.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Pulse-Webhook/1',
          'x-pulse-event': target.metadata.event ?? 'alert',
          'x-pulse-delivery': deliveryId,
          'x-pulse-timestamp': String(timestamp),
          'x-pulse-signature': signWebhook(target.secret, timestamp, body),
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(deps.timeoutMs),
      });
      await response.body?.cancel();
      if (response.ok) {
        await log(deliveryId, 'sent', attempt, null, true);
        return { status: response.status };
      }
      failure = `HTTP ${response.status}`;
    } catch (error) {
      failure = error instanceof Error ? error.message : String(error);
    }
    const last = attempt >= (job.opts.attempts ?? 1);
    await log(deliveryId, last ? 'failed' : 'pending', attempt, failure, false);
    throw new WebhookFailed(failure);
  };
}

/** What a failed delivery logs: the URL is the administrator's and may carry a token in its query, so not it. */
export function webhookFailureFields(job: Job<WebhookJob> | undefined, error: Error): Record<string, unknown> {
  return { deliveryId: job?.data.deliveryId, attemptsMade: job?.attemptsMade, error: error.message };
}
