import type { CounterKeys } from '../redis/keys.ts';
import { dayOf, minuteOf } from '../redis/keys.ts';

/** How long derived counters live: long enough for every window the dashboard reads. */
export const COUNTER_TTL = {
  perMinuteSeconds: 2 * 3600,
  activeUserMinuteSeconds: 10 * 60,
  perDaySeconds: 2 * 86_400,
};

/**
 * The counter updates for a set of events, as data: the batch path applies it as increments,
 * the rebuild path writes it over emptied keys. Both derive it here, so a rebuilt counter
 * means exactly what a live one means.
 */
export type CounterPlan = {
  incr: Map<string, { amount: number; ttl: number }>;
  hincr: Map<string, { ttl: number; fields: Map<string, number> }>;
  hll: Map<string, { ttl: number; members: Set<string> }>;
};

export const emptyPlan = (): CounterPlan => ({ incr: new Map(), hincr: new Map(), hll: new Map() });

function increment(plan: CounterPlan, key: string, amount: number, ttl: number) {
  const entry = plan.incr.get(key) ?? { amount: 0, ttl };
  entry.amount += amount;
  plan.incr.set(key, entry);
}

/** Keys for buckets that have already expired are not written: they would never be read. */
function live(bucketEndMs: number, ttlSeconds: number, now: number) {
  return bucketEndMs + ttlSeconds * 1000 > now;
}

/** `count` events of one type that occurred in one minute. */
export function addEventGroup(plan: CounterPlan, keys: CounterKeys, group: { type: string; minute: number; count: number }, now = Date.now()) {
  const { type, minute, count } = group;
  const minuteEnd = (minute + 1) * 60_000;
  if (live(minuteEnd, COUNTER_TTL.perMinuteSeconds, now)) {
    increment(plan, keys.eventsInMinute(minute), count, COUNTER_TTL.perMinuteSeconds);
    if (type === 'API_CALL') increment(plan, keys.apiCallsInMinute(minute), count, COUNTER_TTL.perMinuteSeconds);
    if (type === 'USER_LOGIN') increment(plan, keys.loginsInMinute(minute), count, COUNTER_TTL.perMinuteSeconds);
    if (type === 'USER_LOGOUT') increment(plan, keys.logoutsInMinute(minute), count, COUNTER_TTL.perMinuteSeconds);
  }
  const day = dayOf(minute * 60_000);
  const dayEnd = Date.parse(`${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6)}T00:00:00Z`) + 86_400_000;
  if (!live(dayEnd, COUNTER_TTL.perDaySeconds, now)) return;
  increment(plan, keys.eventsOnDay(day), count, COUNTER_TTL.perDaySeconds);
  if (type === 'PRODUCT_CREATED') increment(plan, keys.productsOnDay(day), count, COUNTER_TTL.perDaySeconds);
  const types = plan.hincr.get(keys.typesOnDay(day)) ?? { ttl: COUNTER_TTL.perDaySeconds, fields: new Map() };
  types.fields.set(type, (types.fields.get(type) ?? 0) + count);
  plan.hincr.set(keys.typesOnDay(day), types);
}

/** Users seen in one minute, for the active-users HyperLogLog. */
export function addActiveUsers(plan: CounterPlan, keys: CounterKeys, minute: number, userIds: Iterable<string>, now = Date.now()) {
  if (!live((minute + 1) * 60_000, COUNTER_TTL.activeUserMinuteSeconds, now)) return;
  const key = keys.usersInMinute(minute);
  const entry = plan.hll.get(key) ?? { ttl: COUNTER_TTL.activeUserMinuteSeconds, members: new Set() };
  for (const userId of userIds) entry.members.add(userId);
  if (entry.members.size > 0) plan.hll.set(key, entry);
}

/** The plan for a list of events (the batch path). */
export function planForEvents(keys: CounterKeys, events: { type: string; userId: string | null; occurredAt: string }[], now = Date.now()): CounterPlan {
  const plan = emptyPlan();
  const groups = new Map<string, { type: string; minute: number; count: number }>();
  const users = new Map<number, string[]>();
  for (const event of events) {
    const minute = minuteOf(event.occurredAt);
    const groupKey = `${event.type}\u0000${minute}`;
    const group = groups.get(groupKey) ?? { type: event.type, minute, count: 0 };
    group.count += 1;
    groups.set(groupKey, group);
    if (event.userId) {
      // push, not copy: a batch's events mostly share one minute
      const userIds = users.get(minute);
      if (userIds) userIds.push(event.userId);
      else users.set(minute, [event.userId]);
    }
  }
  for (const group of groups.values()) addEventGroup(plan, keys, group, now);
  for (const [minute, userIds] of users) addActiveUsers(plan, keys, minute, userIds, now);
  return plan;
}
