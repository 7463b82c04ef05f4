import type { Redis } from 'ioredis';
import type { ActivityEventView } from '@pulse/api-contract/schemas';
import { counterKeys, dayOf, liveChannel, minuteOf } from '../redis/keys.ts';
import { COUNT_BATCH_SCRIPT } from './count-batch.lua.ts';

/** Retention of the derived state: long enough for every window the dashboard reads. */
export const COUNTER_TTL = {
  perMinuteSeconds: 2 * 3600,
  activeUserMinuteSeconds: 10 * 60,
  perDaySeconds: 2 * 86_400,
  countedMarkerSeconds: 2 * 86_400,
  recentEventsSeconds: 5 * 60,
};
export const RECENT_EVENTS_KEPT = 100;
export const LIVE_STREAM_MAX_DELTAS = 1000;

type Op = [keyIndex: number, amount: number, ttl: number];
type HllOp = [keyIndex: number, ttl: number, members: string[]];

/**
 * Counts the events a batch newly stored (never the duplicates) in one round trip and
 * publishes them as one delta. Returns the delta's stream id, or null if already counted.
 */
export async function countBatch(
  redis: Redis,
  prefix: string,
  organizationId: string,
  batchId: string,
  events: ActivityEventView[],
): Promise<string | null> {
  const keys = counterKeys(prefix, organizationId);
  const keyList = [keys.countedMarker(batchId), keys.activityStream, keys.recentEvents];
  const keyIndex = new Map<string, number>();
  const indexOf = (key: string) => {
    let index = keyIndex.get(key);
    if (index === undefined) {
      keyList.push(key);
      index = keyList.length; // Lua arrays are 1-based
      keyIndex.set(key, index);
    }
    return index;
  };
  const increments = new Map<number, Op>();
  const increment = (key: string, ttl: number) => {
    const index = indexOf(key);
    const op = increments.get(index) ?? [index, 0, ttl];
    op[1] += 1;
    increments.set(index, op);
  };
  const distinctUsers = new Map<number, HllOp>();

  for (const event of events) {
    const minute = minuteOf(event.occurredAt);
    increment(keys.eventsInMinute(minute), COUNTER_TTL.perMinuteSeconds);
    increment(keys.eventsOnDay(dayOf(event.occurredAt)), COUNTER_TTL.perDaySeconds);
    if (event.type === 'API_CALL') increment(keys.apiCallsInMinute(minute), COUNTER_TTL.perMinuteSeconds);
    if (event.type === 'USER_LOGIN') increment(keys.loginsInMinute(minute), COUNTER_TTL.perMinuteSeconds);
    if (event.userId) {
      const index = indexOf(keys.usersInMinute(minute));
      const op = distinctUsers.get(index) ?? [index, COUNTER_TTL.activeUserMinuteSeconds, []];
      op[2].push(event.userId);
      distinctUsers.set(index, op);
    }
  }

  const ops = JSON.stringify({ incr: [...increments.values()], hll: [...distinctUsers.values()] });
  const eventJson = events.map((event) => JSON.stringify(event));
  const result = await redis.eval(
    COUNT_BATCH_SCRIPT,
    keyList.length,
    ...keyList,
    ops,
    `{"events":[${eventJson.join(',')}]}`,
    liveChannel(prefix, organizationId),
    COUNTER_TTL.countedMarkerSeconds,
    RECENT_EVENTS_KEPT,
    COUNTER_TTL.recentEventsSeconds,
    LIVE_STREAM_MAX_DELTAS,
    ...eventJson,
  );
  return typeof result === 'string' ? result : null;
}
