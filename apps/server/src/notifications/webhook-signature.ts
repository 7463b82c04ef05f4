import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Webhook bodies are signed like Stripe's: HMAC-SHA256 with the rule's secret over
 * `<timestamp>.<body>`, sent as `X-Pulse-Signature: sha256=<hex>` with `X-Pulse-Timestamp`
 * (Unix seconds). A receiver recomputes it and rejects old timestamps, which stops replays.
 */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export function verifyWebhook(secret: string, timestamp: number, body: string, signature: string): boolean {
  const expected = Buffer.from(signWebhook(secret, timestamp, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
