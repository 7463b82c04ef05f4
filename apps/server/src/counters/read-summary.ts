import type { Redis } from 'ioredis';
import type { DashboardSummary } from '@pulse/api-contract/schemas';
import { counterKeys, dayOf, minuteOf } from '../redis/keys.ts';

const ACTIVE_USER_WINDOW_MINUTES = 5;
const HOUR_MINUTES = 60;

/** Reads every dashboard counter of one organization in one pipelined round trip. */
export async function readSummary(redis: Redis, prefix: string, organizationId: string, now = new Date()): Promise<DashboardSummary> {
  const keys = counterKeys(prefix, organizationId);
  const currentMinute = minuteOf(now);
  const lastHour = Array.from({ length: HOUR_MINUTES }, (_, i) => currentMinute - HOUR_MINUTES + 1 + i);
  const lastFive = lastHour.slice(-ACTIVE_USER_WINDOW_MINUTES);

  const results = await redis
    .pipeline()
    .pfcount(...lastFive.map(keys.usersInMinute))
    .get(keys.apiCallsInMinute(currentMinute))
    .mget(...lastHour.map(keys.loginsInMinute))
    .get(keys.eventsOnDay(dayOf(now)))
    .mget(...lastHour.map(keys.eventsInMinute))
    .exec();
  if (!results) throw new Error('Redis pipeline was discarded');
  for (const [error] of results) if (error) throw error;
  const value = (index: number) => results[index]?.[1];
  const toInt = (raw: unknown) => Number(raw ?? 0);
  const perMinute = (value(4) as (string | null)[]).map(toInt);

  return {
    organizationId,
    generatedAt: now.toISOString(),
    activeUsers: toInt(value(0)),
    apiCallsPerMinute: toInt(value(1)),
    loginsLastHour: (value(2) as (string | null)[]).map(toInt).reduce((sum, n) => sum + n, 0),
    eventsToday: toInt(value(3)),
    eventsPerMinute: lastHour.map((minute, i) => ({ minute: new Date(minute * 60_000).toISOString(), count: perMinute[i] ?? 0 })),
  };
}
