import { runSql } from '@pulse/db';
import type { MikroORM } from '@pulse/db';
import type { Redis } from 'ioredis';
import type { ActivityEventView } from '@pulse/api-contract/schemas';
import { INGEST_LIMITS } from '@pulse/api-contract/schemas';
import { counterKeys } from '../redis/keys.ts';
import { EVENT_VIEW_COLUMNS, type EventRow, toEventView } from './event-row.ts';

// The time bound lets Postgres prune to the partitions that can hold an accepted event.
const RECENT_FROM_POSTGRES = `
SELECT ${EVENT_VIEW_COLUMNS} FROM activity_events
WHERE organization_id = $1::uuid AND occurred_at >= $2::timestamptz
ORDER BY occurred_at DESC, id DESC
LIMIT $3`;

/**
 * The latest events, newest first: from the Redis list the worker keeps (last 100, 5 minutes),
 * else from Postgres when the list is shorter than asked (quiet organization, Redis restarted).
 */
export function createRecentEvents(orm: MikroORM, redis: Redis, prefix: string) {
  return async function recent(organizationId: string, limit: number): Promise<ActivityEventView[]> {
    const cached = await redis.lrange(counterKeys(prefix, organizationId).recentEvents, 0, limit - 1);
    if (cached.length >= limit) return cached.map((json) => JSON.parse(json) as ActivityEventView);
    const since = new Date(Date.now() - INGEST_LIMITS.maxPastMs).toISOString();
    const rows = await runSql<EventRow>(orm.em.fork(), RECENT_FROM_POSTGRES, [organizationId, since, limit]);
    return rows.map(toEventView);
  };
}
