import type { EntityManager, MikroORM } from '@pulse/db';
import { runSql } from '@pulse/db';
import type { Redis } from 'ioredis';
import type { ActivityEventView } from '@pulse/api-contract/schemas';
import { counterKeys, dayOf, minuteOf } from '../redis/keys.ts';
import { EVENT_VIEW_COLUMNS, type EventRow, toEventView } from '../events/event-row.ts';
import { COUNTED_MARKER_TTL_SECONDS, RECENT_EVENTS_KEPT, RECENT_EVENTS_TTL_SECONDS } from './count-batch.ts';
import { addActiveUsers, addEventGroup, COUNTER_TTL, emptyPlan } from './counter-plan.ts';

const REBUILD_FLAG_TTL_SECONDS = 120;
/** Events may be stamped up to an hour ahead (client clocks), so their buckets exist too. */
const FUTURE_MINUTES = 60;

export class RebuildInProgress extends Error {
  constructor() {
    super('Counters of this organization are already being rebuilt.');
  }
}

type Snapshot = {
  groups: { type: string; minute: string; count: string }[];
  users: { minute: string; user_ids: string[] }[];
  batches: { batch_id: string }[];
  recent: ActivityEventView[];
};

/** All reads in one REPEATABLE READ transaction: groups and batch ids describe the same rows. */
async function readSnapshot(em: EntityManager, organizationId: string, from: Date, usersFrom: Date): Promise<Snapshot> {
  return em.transactional(async (tx) => {
    await runSql(tx, 'SET TRANSACTION ISOLATION LEVEL REPEATABLE READ', []);
    const window = [organizationId, from.toISOString()];
    const groups = await runSql<Snapshot['groups'][number]>(
      tx,
      `SELECT type, floor(extract(epoch FROM occurred_at) / 60)::bigint AS minute, count(*) AS count
       FROM activity_events WHERE organization_id = $1 AND occurred_at >= $2 GROUP BY 1, 2`,
      window,
    );
    const users = await runSql<Snapshot['users'][number]>(
      tx,
      `SELECT floor(extract(epoch FROM occurred_at) / 60)::bigint AS minute, array_agg(DISTINCT user_id) AS user_ids
       FROM activity_events WHERE organization_id = $1 AND occurred_at >= $2 AND user_id IS NOT NULL GROUP BY 1`,
      [organizationId, usersFrom.toISOString()],
    );
    const batches = await runSql<Snapshot['batches'][number]>(
      tx,
      'SELECT DISTINCT batch_id FROM activity_events WHERE organization_id = $1 AND occurred_at >= $2',
      window,
    );
    const recent = await runSql<EventRow>(
      tx,
      `SELECT ${EVENT_VIEW_COLUMNS} FROM activity_events WHERE organization_id = $1 AND occurred_at >= $2
       ORDER BY occurred_at DESC, id DESC LIMIT ${RECENT_EVENTS_KEPT}`,
      window,
    );
    return { groups, users, batches, recent: recent.map(toEventView) };
  });
}

/**
 * Recomputes an organization's live counters from Postgres, the source of truth: after Redis
 * lost its data (on worker start) or on request (`admin.rebuildCounters`).
 *
 * Batch counting is paused for the organization meanwhile (its script refuses while the flag
 * exists; the job retries). Every batch whose rows the snapshot saw is marked counted, so a
 * job that stored rows but had not counted them yet does not count them a second time.
 */
export async function rebuildCounters(orm: MikroORM, redis: Redis, prefix: string, organizationId: string, now = new Date()) {
  const keys = counterKeys(prefix, organizationId);
  if ((await redis.set(keys.rebuilding, '1', 'EX', REBUILD_FLAG_TTL_SECONDS, 'NX')) !== 'OK') throw new RebuildInProgress();
  try {
    const startOfToday = new Date(`${now.toISOString().slice(0, 10)}T00:00:00Z`);
    const from = new Date(Math.min(startOfToday.getTime(), now.getTime() - COUNTER_TTL.perMinuteSeconds * 1000));
    const usersFrom = new Date(now.getTime() - COUNTER_TTL.activeUserMinuteSeconds * 1000);
    const snapshot = await readSnapshot(orm.em.fork(), organizationId, from, usersFrom);

    const plan = emptyPlan();
    for (const group of snapshot.groups) addEventGroup(plan, keys, { type: group.type, minute: Number(group.minute), count: Number(group.count) }, now.getTime());
    for (const row of snapshot.users) addActiveUsers(plan, keys, Number(row.minute), row.user_ids, now.getTime());

    // Every key the window could hold, so a bucket that is empty in Postgres ends up empty.
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
    for (const { batch_id } of snapshot.batches) write.set(keys.countedMarker(batch_id), '1', 'EX', COUNTED_MARKER_TTL_SECONDS);
    if (snapshot.recent.length > 0) {
      // Oldest first, so the newest ends up at the head, as the batch path leaves it.
      write.lpush(keys.recentEvents, ...snapshot.recent.toReversed().map((event) => JSON.stringify(event))).expire(keys.recentEvents, RECENT_EVENTS_TTL_SECONDS);
    }
    write.set(keys.rebuiltAt, now.toISOString());
    const results = await write.exec();
    for (const [error] of results ?? []) if (error) throw error;
    return { events: snapshot.groups.reduce((sum, group) => sum + Number(group.count), 0), batches: snapshot.batches.length };
  } finally {
    await redis.del(keys.rebuilding);
  }
}

/** On worker start: rebuild the organizations whose counters Redis no longer has. */
export async function rebuildLostCounters(orm: MikroORM, redis: Redis, prefix: string): Promise<string[]> {
  const organizations = await runSql<{ id: string }>(orm.em.fork(), 'SELECT id FROM organizations', []);
  const rebuilt: string[] = [];
  for (const { id } of organizations) {
    if (await redis.exists(counterKeys(prefix, id).rebuiltAt)) continue;
    try {
      await rebuildCounters(orm, redis, prefix, id);
      rebuilt.push(id);
    } catch (error) {
      if (!(error instanceof RebuildInProgress)) throw error;
    }
  }
  return rebuilt;
}
