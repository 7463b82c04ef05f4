import type { Redis } from 'ioredis';
import type { AlertStreamItem } from '@pulse/api-contract/schemas';

/** Alert items kept per organization for clients that reconnect and resume. */
const ALERT_STREAM_MAX_ITEMS = 1000;

/** Keys carry the `{organizationId}` hash tag like the counters (see redis/keys.ts). */
export const alertStreamKey = (prefix: string, organizationId: string) => `${prefix}:{${organizationId}}:alerts`;
export const alertChannel = (prefix: string, organizationId: string) => `${prefix}:alerts:${organizationId}`;
export const notificationChannel = (prefix: string, userId: string) => `${prefix}:notify:${userId}`;

/** Appends to the stream and publishes with the stream id, in one step (so live and backlog agree). */
const APPEND_AND_PUBLISH = `
local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', tonumber(ARGV[3]), '*', 'item', ARGV[2])
redis.call('PUBLISH', ARGV[1], '{"id":"' .. id .. '","data":' .. ARGV[2] .. '}')
return id`;

/** What an API process relays to `live.notifications` subscribers of one user. */
export type NotificationSignal = { notificationId: string | null };

/**
 * Publishing of alert changes (the organization's resumable `live.alerts` stream) and of
 * notification changes (one channel per user). Called after the database commit that made
 * the change, so a subscriber who reloads on a message reads the new state.
 */
export function createAlertPublisher(redis: Redis, prefix: string) {
  return {
    async alert(organizationId: string, item: AlertStreamItem): Promise<string> {
      const id = await redis.eval(
        APPEND_AND_PUBLISH,
        1,
        alertStreamKey(prefix, organizationId),
        alertChannel(prefix, organizationId),
        JSON.stringify(item),
        ALERT_STREAM_MAX_ITEMS,
      );
      return String(id);
    },
    async notifications(changes: { userId: string; notificationId: string | null }[]): Promise<void> {
      if (changes.length === 0) return;
      const pipeline = redis.pipeline();
      for (const change of changes) {
        pipeline.publish(notificationChannel(prefix, change.userId), JSON.stringify({ notificationId: change.notificationId } satisfies NotificationSignal));
      }
      await pipeline.exec();
    },
  };
}

export type AlertPublisher = ReturnType<typeof createAlertPublisher>;
