import { Queue, type DefaultJobOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { z } from 'zod';

export const NOTIFICATION_WEBHOOKS_QUEUE = 'notification-webhooks';

/** Only the delivery's id: the worker reads the URL and the secret from Postgres, so no secret sits in Redis. */
export const WebhookJob = z.object({ deliveryId: z.uuid() });
export type WebhookJob = z.output<typeof WebhookJob>;

/** Five attempts over about half a minute (2, 4, 8, 16 s), then the delivery is logged as failed. */
export const WEBHOOK_JOB_OPTIONS: DefaultJobOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 2000 },
  removeOnComplete: { count: 1000, age: 86_400 },
  removeOnFail: { count: 5000, age: 7 * 86_400 },
};

export function createWebhookQueue(connection: Redis, prefix: string) {
  const queue = new Queue<WebhookJob>(NOTIFICATION_WEBHOOKS_QUEUE, { connection, prefix, defaultJobOptions: WEBHOOK_JOB_OPTIONS });
  return {
    queue,
    /** The delivery id is the job id: queuing one twice (the sweeper after a crash) sends it once. */
    async enqueue(deliveryId: string): Promise<void> {
      await queue.add('deliver', { deliveryId }, { jobId: deliveryId });
    },
    close: () => queue.close(),
  };
}

export type WebhookQueue = ReturnType<typeof createWebhookQueue>;
