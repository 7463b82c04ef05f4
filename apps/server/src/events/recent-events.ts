import type { Redis } from 'ioredis';
import type { ActivityEventView } from '@pulse/api-contract/schemas';
import { INGEST_LIMITS } from '@pulse/api-contract/schemas';
import type { ActivityStore } from '../activity-store/activity-store.ts';
import { type EventScope, inScope } from '../batch/event-scope.ts';
import { counterKeys } from '../redis/keys.ts';

/**
 * The latest events of a scope, newest first: from the Redis list the worker keeps (the
 * organization's last 100, 5 minutes), else from the activity store when the list holds fewer
 * of the scope's events than asked (quiet organization or scope, Redis restarted). The store is
 * asked only back to the oldest timestamp ingest accepts. Events of unknown branch or
 * department are in the organization scope only.
 */
export function createRecentEvents(store: ActivityStore, redis: Redis, prefix: string) {
  return async function recent(organizationId: string, limit: number, scope: EventScope): Promise<ActivityEventView[]> {
    if (scope.kind === 'nothing') return [];
    const key = counterKeys(prefix, organizationId).recentEvents;
    // A narrower scope filters the whole list: its events may be anywhere in it.
    const cached = (await redis.lrange(key, 0, scope.kind === 'organization' ? limit - 1 : -1)).map((json) => JSON.parse(json) as ActivityEventView);
    const inView = scope.kind === 'organization' ? cached : cached.filter((event) => inScope(scope, event)).slice(0, limit);
    if (inView.length >= limit) return inView;
    return store.recent(organizationId, new Date(Date.now() - INGEST_LIMITS.maxPastMs), limit, scope);
  };
}
