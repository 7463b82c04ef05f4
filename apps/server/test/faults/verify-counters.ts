import { runSql, type EntityManager } from '@pulse/db';
import type { Redis } from 'ioredis';
import { LIVE_STREAM_MAX_DELTAS } from '../../src/counters/count-batch.ts';
import { readSummary } from '../../src/counters/read-summary.ts';
import { counterKeys, dayOf, minuteOf } from '../../src/redis/keys.ts';

export type Verification = {
  accepted: number;
  stored: number;
  /** Rows beyond the first for one id. */
  duplicates: number;
  /** Accepted ids with no row. */
  missing: number;
  /** Rows whose id no sender got a 202 for. */
  unexpected: number;
  /** Every counter that differs from what the rows give: "<org> <key> redis=<n> sql=<n>". */
  counterDiffs: string[];
  countersChecked: number;
};

type GroupRow = { org: string; type: string; minute: string; events: string };
type UsersRow = { org: string; minute: string; users: string[] };

const GROUPS = `
SELECT organization_id::text AS org, type, floor(extract(epoch FROM occurred_at) / 60)::bigint AS minute, count(*) AS events
FROM activity_events GROUP BY 1, 2, 3`;
const USERS = `
SELECT organization_id::text AS org, floor(extract(epoch FROM occurred_at) / 60)::bigint AS minute, array_agg(DISTINCT user_id) AS users
FROM activity_events WHERE user_id IS NOT NULL GROUP BY 1, 2`;

// analytics-processing: every user's daily engagement equals the same count over the rows.
const ENGAGEMENT = `
SELECT coalesce(a.org, m.organization_id::text) || ' ' || coalesce(a.day, m.metric_date::text) || ' ' || coalesce(a.user_id, m.user_id) AS what,
  coalesce(m.event_count, 0) AS counted, coalesce(a.n, 0) AS rows
FROM (SELECT organization_id::text AS org, (occurred_at AT TIME ZONE 'UTC')::date::text AS day, user_id, count(*) AS n
      FROM activity_events WHERE user_id IS NOT NULL GROUP BY 1, 2, 3) a
FULL JOIN user_engagement_metrics m ON m.organization_id::text = a.org AND m.metric_date::text = a.day AND m.user_id = a.user_id`;

/** Plain counters (GET) and per-day type hashes (HGETALL) by the layout in src/redis/keys.ts. */
const PLAIN_COUNTER = /:(events|api|login|logout|day|products):\d+$/;
const TYPES_HASH = /:types:\d+$/;
const USERS_HLL = /:users:\d+$/;

/**
 * The exactly-once check: the stored rows are exactly the accepted events, once each, and every
 * live counter in Redis (per-minute events, API calls, logins, logouts and distinct users;
 * per-day events, products and events by type; the live stream; and the dashboard summary
 * built from them) and every user's daily engagement (analytics-processing) equals the same
 * aggregate computed with SQL over the stored rows.
 */
export async function verifyExactlyOnce(em: EntityManager, redis: Redis, prefix: string, acceptedIds: ReadonlySet<string>): Promise<Verification> {
  const rows = await runSql<{ id: string }>(em, 'SELECT id::text AS id FROM activity_events', []);
  const storedIds = new Set(rows.map((row) => row.id));
  let missing = 0;
  for (const id of acceptedIds) if (!storedIds.has(id)) missing++;
  let unexpected = 0;
  for (const id of storedIds) if (!acceptedIds.has(id)) unexpected++;

  // What the counters should hold, derived from the rows the way the batch path derives it.
  const expected = new Map<string, number>();
  const expectedTypes = new Map<string, Map<string, number>>();
  const usersByKey = new Map<string, string[]>();
  const organizations = new Set<string>();
  const add = (key: string, n: number) => expected.set(key, (expected.get(key) ?? 0) + n);
  for (const row of await runSql<GroupRow>(em, GROUPS, [])) {
    organizations.add(row.org);
    const keys = counterKeys(prefix, row.org);
    const minute = Number(row.minute);
    const day = dayOf(minute * 60_000);
    const n = Number(row.events);
    add(keys.eventsInMinute(minute), n);
    add(keys.eventsOnDay(day), n);
    if (row.type === 'API_CALL') add(keys.apiCallsInMinute(minute), n);
    if (row.type === 'USER_LOGIN') add(keys.loginsInMinute(minute), n);
    if (row.type === 'USER_LOGOUT') add(keys.logoutsInMinute(minute), n);
    if (row.type === 'PRODUCT_CREATED') add(keys.productsOnDay(day), n);
    const types = expectedTypes.get(keys.typesOnDay(day)) ?? new Map<string, number>();
    types.set(row.type, (types.get(row.type) ?? 0) + n);
    expectedTypes.set(keys.typesOnDay(day), types);
  }
  for (const row of await runSql<UsersRow>(em, USERS, [])) usersByKey.set(counterKeys(prefix, row.org).usersInMinute(Number(row.minute)), row.users);

  const diffs: string[] = [];
  let checked = 0;
  const compare = (what: string, inRedis: number, inSql: number) => {
    checked++;
    if (inRedis !== inSql) diffs.push(`${what} redis=${inRedis} sql=${inSql}`);
  };

  // Every counter key either side has, so a counter with no rows behind it shows too.
  const inRedis = await scanKeys(redis, `${prefix}:{*}:*`);
  const plainKeys = [...new Set([...expected.keys(), ...inRedis.filter((key) => PLAIN_COUNTER.test(key))])].sort();
  const values = plainKeys.length > 0 ? await redis.mget(...plainKeys) : [];
  plainKeys.forEach((key, i) => compare(key, Number(values[i] ?? 0), expected.get(key) ?? 0));
  for (const key of [...new Set([...expectedTypes.keys(), ...inRedis.filter((key) => TYPES_HASH.test(key))])].sort()) {
    const hash = await redis.hgetall(key);
    const want = expectedTypes.get(key) ?? new Map<string, number>();
    for (const type of new Set([...Object.keys(hash), ...want.keys()])) compare(`${key} ${type}`, Number(hash[type] ?? 0), want.get(type) ?? 0);
  }

  // Distinct users: a HyperLogLog is compared with one built from the rows' user ids; the union
  // of both counting no more than either means they hold the same registers.
  const scratch = `${prefix}:verify:scratch`;
  const hllKeys = new Set([...usersByKey.keys(), ...inRedis.filter((key) => USERS_HLL.test(key))]);
  for (const key of [...hllKeys].sort()) {
    await redis.del(scratch);
    const members = usersByKey.get(key) ?? [];
    if (members.length > 0) await redis.pfadd(scratch, ...members);
    const [inRedis, inSql, union] = await Promise.all([redis.pfcount(key), redis.pfcount(scratch), redis.pfcount(key, scratch)]);
    compare(`${key} (distinct users)`, inRedis, inSql);
    compare(`${key} (union of both)`, union, inSql);
  }
  await redis.del(scratch);

  for (const row of await runSql<{ what: string; counted: string; rows: string }>(em, ENGAGEMENT, [])) {
    compare(`${row.what} (user_engagement_metrics.event_count)`, Number(row.counted), Number(row.rows));
  }

  const now = new Date();
  for (const org of organizations) {
    const keys = counterKeys(prefix, org);
    compareLiveStream(await redis.xrange(keys.activityStream, '-', '+'), org, await countOf(em, org), compare);
    const summary = await readSummary(redis, prefix, org, now);
    const minute = minuteOf(now);
    const today = dayOf(now);
    const lastHour = Array.from({ length: 60 }, (_, i) => minute - 59 + i);
    const hourTotal = (key: (m: number) => string) => lastHour.reduce((sum, m) => sum + (expected.get(key(m)) ?? 0), 0);
    compare(`${org} summary.eventsToday`, summary.eventsToday, expected.get(keys.eventsOnDay(today)) ?? 0);
    compare(`${org} summary.productsCreatedToday`, summary.productsCreatedToday, expected.get(keys.productsOnDay(today)) ?? 0);
    compare(`${org} summary.apiCallsPerMinute`, summary.apiCallsPerMinute, expected.get(keys.apiCallsInMinute(minute)) ?? 0);
    compare(`${org} summary.loginsLastHour`, summary.loginsLastHour, hourTotal(keys.loginsInMinute));
    compare(`${org} summary.logoutsLastHour`, summary.logoutsLastHour, hourTotal(keys.logoutsInMinute));
    const typesToday = expectedTypes.get(keys.typesOnDay(today)) ?? new Map<string, number>();
    for (const type of new Set([...Object.keys(summary.eventsByTypeToday), ...typesToday.keys()])) {
      compare(`${org} summary.eventsByTypeToday.${type}`, summary.eventsByTypeToday[type] ?? 0, typesToday.get(type) ?? 0);
    }
    summary.eventsPerMinute.forEach((bucket, i) => {
      compare(`${org} summary.eventsPerMinute[${bucket.minute}]`, bucket.count, expected.get(keys.eventsInMinute(lastHour[i] ?? 0)) ?? 0);
    });
    const activeMembers = lastHour.slice(-5).flatMap((m) => usersByKey.get(keys.usersInMinute(m)) ?? []);
    await redis.del(scratch);
    if (activeMembers.length > 0) await redis.pfadd(scratch, ...activeMembers);
    compare(`${org} summary.activeUsers`, summary.activeUsers, await redis.pfcount(scratch));
    await redis.del(scratch);
  }

  return {
    accepted: acceptedIds.size,
    stored: rows.length,
    duplicates: rows.length - storedIds.size,
    missing,
    unexpected,
    counterDiffs: diffs,
    countersChecked: checked,
  };
}

async function scanKeys(redis: Redis, pattern: string): Promise<string[]> {
  const found: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    found.push(...keys);
    cursor = next;
  } while (cursor !== '0');
  return found;
}

async function countOf(em: EntityManager, org: string): Promise<number> {
  const [row] = await runSql<{ n: string }>(em, 'SELECT count(*) AS n FROM activity_events WHERE organization_id = $1', [org]);
  return Number(row?.n ?? 0);
}

/** Every stored event is published on the live stream exactly once (one delta per counted batch). */
function compareLiveStream(
  entries: [id: string, fields: string[]][],
  org: string,
  storedRows: number,
  compare: (what: string, inRedis: number, inSql: number) => void,
): void {
  // The stream keeps the last LIVE_STREAM_MAX_DELTAS deltas; a trimmed one cannot be compared.
  if (entries.length >= LIVE_STREAM_MAX_DELTAS) compare(`${org} live stream deltas (trimmed: send bigger batches)`, entries.length, 0);
  const published = new Set<string>();
  let events = 0;
  for (const [, fields] of entries) {
    const delta = JSON.parse(fields[1] ?? '{"events":[]}') as { events: { id: string }[] };
    for (const event of delta.events) {
      events++;
      published.add(event.id);
    }
  }
  compare(`${org} live stream events`, events, storedRows);
  compare(`${org} live stream distinct ids`, published.size, storedRows);
}
