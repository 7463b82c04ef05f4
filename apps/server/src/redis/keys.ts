/**
 * Redis key layout. Every key of one organization carries the `{organizationId}` hash tag, so
 * a batch's counter script touches one slot and keeps working on Redis Cluster.
 */
export type CounterKeys = ReturnType<typeof counterKeys>;

export function counterKeys(prefix: string, organizationId: string) {
  const org = `${prefix}:{${organizationId}}`;
  return {
    countedMarker: (batchId: string) => `${org}:counted:${batchId}`,
    activityStream: `${org}:activity`,
    recentEvents: `${org}:recent`,
    usersInMinute: (minute: number) => `${org}:users:${minute}`,
    apiCallsInMinute: (minute: number) => `${org}:api:${minute}`,
    loginsInMinute: (minute: number) => `${org}:login:${minute}`,
    logoutsInMinute: (minute: number) => `${org}:logout:${minute}`,
    eventsInMinute: (minute: number) => `${org}:events:${minute}`,
    eventsOnDay: (day: string) => `${org}:day:${day}`,
    productsOnDay: (day: string) => `${org}:products:${day}`,
    /** Hash: event type → count of that day. */
    typesOnDay: (day: string) => `${org}:types:${day}`,
    /** Set once counters were rebuilt from Postgres; missing after Redis lost its data. */
    rebuiltAt: `${org}:rebuilt-at`,
    /** Present while a rebuild runs: batch counting waits (its job retries) meanwhile. */
    rebuilding: `${org}:rebuilding`,
  };
}

export const liveChannel = (prefix: string, organizationId: string) => `${prefix}:live:${organizationId}`;

/** Minutes since the epoch: the bucket number of per-minute keys. */
export const minuteOf = (time: Date | number | string) => Math.floor(new Date(time).getTime() / 60_000);
/** UTC day as YYYYMMDD: the bucket of per-day keys. */
export const dayOf = (time: Date | number | string) => new Date(time).toISOString().slice(0, 10).replaceAll('-', '');
