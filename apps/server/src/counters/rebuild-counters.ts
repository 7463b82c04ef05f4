import { ConflictError } from '@pulse/api-contract/errors';
import type { MikroORM } from '@pulse/db';
import { runSql } from '@pulse/db';
import type { Redis } from 'ioredis';
import type { ActivityStore } from '../activity-store/activity-store.ts';
import { counterKeys, dayOf, minuteOf } from '../redis/keys.ts';
import { COUNTED_MARKER_TTL_SECONDS, RECENT_EVENTS_KEPT, RECENT_EVENTS_TTL_SECONDS } from './count-batch.ts';
import { addActiveUsers, addEventGroup, COUNTER_TTL, emptyPlan } from './counter-plan.ts';

const REBUILD_FLAG_TTL_SECONDS = 120;
/** Events may be stamped up to an hour ahead (client clocks), so their buckets exist too. */
const FUTURE_MINUTES = 60;

/** A conflict for callers (admin.rebuildCounters answers CONFLICT); the worker's rebuild on start skips it. */
export class RebuildInProgress extends ConflictError {
  constructor() {
    super('Counters of this organization are already being rebuilt.');
  }
}

/**
 * Recomputes an organization's live counters from the activity store, the source of truth: after Redis
 * lost its data (on worker start) or on request (`admin.rebuildCounters`).
 *
 * Batch counting is paused for the organization meanwhile (its script refuses while the flag
 * exists; the job retries). Every batch whose rows the snapshot saw is marked counted, so a
 * job that stored rows but had not counted them yet does not count them a second time.
 */
export async function rebuildCounters(store: ActivityStore, redis: Redis, prefix: string, organizationId: string, now = new Date()) {
  const keys = counterKeys(prefix, organizationId);
  if ((await redis.set(keys.rebuilding, '1', 'EX', REBUILD_FLAG_TTL_SECONDS, 'NX')) !== 'OK') throw new RebuildInProgress();
  try {
    const startOfToday = new Date(`${now.toISOString().slice(0, 10)}T00:00:00Z`);
    const from = new Date(Math.min(startOfToday.getTime(), now.getTime() - COUNTER_TTL.perMinuteSeconds * 1000));
    const usersFrom = new Date(now.getTime() - COUNTER_TTL.activeUserMinuteSeconds * 1000);
    const snapshot = await store.snapshot(organizationId, { from, usersFrom, recentLimit: RECENT_EVENTS_KEPT });

    const plan = emptyPlan();
    for (const group of snapshot.groups) addEventGroup(plan, keys, group, now.getTime());
    for (const row of snapshot.users) addActiveUsers(plan, keys, row.minute, row.userIds, now.getTime());

    // Every key the window could hold, so a bucket that is empty in the store ends up empty.
    const stale: string[] = [keys.recentEvents];
    for (let minute = minuteOf(from); minute <= minuteOf(now) + FUTURE_MINUTES; minute++) {
      stale.push(keys.eventsInMinute(minute), keys.apiCallsInMinute(minute), keys.loginsInMinute(minute), keys.logoutsInMinute(minute));
      if (minute >= minuteOf(usersFrom)) stale.push(keys.usersInMinute(minute));
    }
    for (const day of new Set([dayOf(from), dayOf(now), dayOf(now.getTime() + FUTURE_MINUTES * 60_000)])) {
      stale.push(keys.eventsOnDay(day), keys.productsOnDay(day), keys.typesOnDay(day));
    }

    const write = redis.multi().del(...stale);
    for (const [key, { amount, ttl }] of plan.incr) write.set(key, amount, 'EX', ttl);
    for (const [key, { ttl, fields }] of plan.hincr) write.hset(key, Object.fromEntries(fields)).expire(key, ttl);
    for (const [key, { ttl, members }] of plan.hll) write.pfadd(key, ...members).expire(key, ttl);
    for (const batchId of snapshot.batchIds) write.set(keys.countedMarker(batchId), '1', 'EX', COUNTED_MARKER_TTL_SECONDS);
    if (snapshot.recent.length > 0) {
      // Oldest first, so the newest ends up at the head, as the batch path leaves it.
      write.lpush(keys.recentEvents, ...snapshot.recent.toReversed().map((event) => JSON.stringify(event))).expire(keys.recentEvents, RECENT_EVENTS_TTL_SECONDS);
    }
    write.set(keys.rebuiltAt, now.toISOString());
    const results = await write.exec();
    for (const [error] of results ?? []) if (error) throw error;
    return { events: snapshot.groups.reduce((sum, group) => sum + group.count, 0), batches: snapshot.batchIds.length };
  } finally {
    await redis.del(keys.rebuilding);
  }
}

/** On worker start: rebuild the organizations whose counters Redis no longer has. */
export async function rebuildLostCounters(orm: MikroORM, store: ActivityStore, redis: Redis, prefix: string): Promise<string[]> {
  const organizations = await runSql<{ id: string }>(orm.em.fork(), 'SELECT id FROM organizations', []);
  const rebuilt: string[] = [];
  for (const { id } of organizations) {
    if (await redis.exists(counterKeys(prefix, id).rebuiltAt)) continue;
    try {
      await rebuildCounters(store, redis, prefix, id);
      rebuilt.push(id);
    } catch (error) {
      if (!(error instanceof RebuildInProgress)) throw error;
    }
  }
  return rebuilt;
}
