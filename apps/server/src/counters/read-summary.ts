import type { Redis } from 'ioredis';
import type { DashboardSummary } from '@pulse/api-contract/schemas';
import { counterKeys, dayOf, minuteOf } from '../redis/keys.ts';

const ACTIVE_USER_WINDOW_MINUTES = 5;
const HOUR_MINUTES = 60;

/** Reads every dashboard counter of one organization in one pipelined round trip. */
export async function readSummary(redis: Redis, prefix: string, organizationId: string, now = new Date()): Promise<DashboardSummary> {
  const keys = counterKeys(prefix, organizationId);
  const currentMinute = minuteOf(now);
  const today = dayOf(now);
  const lastHour = Array.from({ length: HOUR_MINUTES }, (_, i) => currentMinute - HOUR_MINUTES + 1 + i);
  const lastFive = lastHour.slice(-ACTIVE_USER_WINDOW_MINUTES);

  const results = await redis
    .pipeline()
    .pfcount(...lastFive.map(keys.usersInMinute))
    .get(keys.apiCallsInMinute(currentMinute))
    .mget(...lastHour.map(keys.loginsInMinute))
    .mget(...lastHour.map(keys.logoutsInMinute))
    .get(keys.eventsOnDay(today))
    .get(keys.productsOnDay(today))
    .hgetall(keys.typesOnDay(today))
    .mget(...lastHour.map(keys.eventsInMinute))
    .exec();
  if (!results) throw new Error('Redis pipeline was discarded');
  for (const [error] of results) if (error) throw error;
  const value = (index: number) => results[index]?.[1];
  const toInt = (raw: unknown) => Number(raw ?? 0);
  const total = (index: number) => (value(index) as (string | null)[]).reduce((sum, raw) => sum + toInt(raw), 0);
  const perMinute = (value(7) as (string | null)[]).map(toInt);
  const byType = Object.entries((value(6) ?? {}) as Record<string, string>).map(([type, count]) => [type, toInt(count)] as const);

  return {
    organizationId,
    generatedAt: now.toISOString(),
    activeUsers: toInt(value(0)),
    apiCallsPerMinute: toInt(value(1)),
    loginsLastHour: total(2),
    logoutsLastHour: total(3),
    eventsToday: toInt(value(4)),
    productsCreatedToday: toInt(value(5)),
    eventsByTypeToday: Object.fromEntries(byType),
    eventsPerMinute: lastHour.map((minute, i) => ({ minute: new Date(minute * 60_000).toISOString(), count: perMinute[i] ?? 0 })),
  };
}
