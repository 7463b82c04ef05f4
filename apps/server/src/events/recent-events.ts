import type { Redis } from 'ioredis';
import type { ActivityEventView } from '@pulse/api-contract/schemas';
import { INGEST_LIMITS } from '@pulse/api-contract/schemas';
import type { ActivityStore } from '../activity-store/activity-store.ts';
import { counterKeys } from '../redis/keys.ts';

/**
 * The latest events, newest first: from the Redis list the worker keeps (last 100, 5 minutes),
 * else from the activity store when the list is shorter than asked (quiet organization, Redis
 * restarted). The store is asked only back to the oldest timestamp ingest accepts.
 */
export function createRecentEvents(store: ActivityStore, redis: Redis, prefix: string) {
  return async function recent(organizationId: string, limit: number): Promise<ActivityEventView[]> {
    const cached = await redis.lrange(counterKeys(prefix, organizationId).recentEvents, 0, limit - 1);
    if (cached.length >= limit) return cached.map((json) => JSON.parse(json) as ActivityEventView);
    return store.recent(organizationId, new Date(Date.now() - INGEST_LIMITS.maxPastMs), limit);
  };
}
