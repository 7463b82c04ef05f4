import type { Redis } from 'ioredis';
import type { ActivityEventView } from '@pulse/api-contract/schemas';
import { counterKeys, liveChannel } from '../redis/keys.ts';
import { COUNT_BATCH_SCRIPT } from './count-batch.lua.ts';
import { type CounterPlan, planForEvents } from './counter-plan.ts';

export const COUNTED_MARKER_TTL_SECONDS = 2 * 86_400;
export const RECENT_EVENTS_KEPT = 100;
export const RECENT_EVENTS_TTL_SECONDS = 5 * 60;
export const LIVE_STREAM_MAX_DELTAS = 1000;

/** The plan with keys replaced by 1-based indexes into the script's KEYS (Redis Cluster wants keys declared). */
export function encodePlan(plan: CounterPlan, keyList: string[]): string {
  const indexOf = (key: string) => keyList.push(key);
  return JSON.stringify({
    incr: [...plan.incr].map(([key, { amount, ttl }]) => [indexOf(key), amount, ttl]),
    hincr: [...plan.hincr].map(([key, { ttl, fields }]) => [indexOf(key), ttl, [...fields]]),
    hll: [...plan.hll].map(([key, { ttl, members }]) => [indexOf(key), ttl, [...members]]),
  });
}

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
  const keyList = [keys.countedMarker(batchId), keys.activityStream, keys.recentEvents, keys.rebuilding];
  const plan = encodePlan(planForEvents(keys, events), keyList);
  const eventJson = events.map((event) => JSON.stringify(event));
  const result = await redis.eval(
    COUNT_BATCH_SCRIPT,
    keyList.length,
    ...keyList,
    plan,
    liveChannel(prefix, organizationId),
    COUNTED_MARKER_TTL_SECONDS,
    RECENT_EVENTS_KEPT,
    RECENT_EVENTS_TTL_SECONDS,
    LIVE_STREAM_MAX_DELTAS,
    ...eventJson,
  );
  return typeof result === 'string' ? result : null;
}
