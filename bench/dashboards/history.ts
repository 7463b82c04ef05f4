import pg from 'pg';

const DAY_MS = 86_400_000;
/** The share of each type in the generated history (sums to 20: indexes of a 20-slot array). */
const TYPE_SLOTS = [
  ...Array<string>(8).fill('PAGE_VIEW'),
  ...Array<string>(6).fill('API_CALL'),
  'USER_LOGIN',
  'USER_LOGOUT',
  'PRODUCT_CREATED',
  'REPORT_VIEW',
  'REPORT_GENERATED',
  'AI_CHAT_MESSAGE',
];
const USERS_PER_ORGANIZATION = 500;
const CHUNK = 250_000;

/**
 * 30 days of activity for one organization, written straight into activity_events (the history
 * a running Pulse would have accepted): uniform in time, 500 users, API calls with a
 * log-normal-ish durationMs, one batch id per 500 events. Partitions for the days are made first.
 */
export async function writeHistory(url: string, organizationId: string, events: number, days: number, onProgress: (written: number) => void): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const today = Math.floor(Date.now() / DAY_MS) * DAY_MS;
    for (let day = today - days * DAY_MS; day <= today + DAY_MS; day += DAY_MS) {
      const from = new Date(day).toISOString();
      const name = `activity_events_${from.slice(0, 10).replaceAll('-', '')}`;
      await client.query(`create table if not exists "${name}" partition of activity_events for values from ('${from}') to ('${new Date(day + DAY_MS).toISOString()}')`);
    }
    const types = `ARRAY[${TYPE_SLOTS.map((type) => `'${type}'`).join(',')}]`;
    for (let start = 0; start < events; start += CHUNK) {
      const count = Math.min(CHUNK, events - start);
      await client.query(
        `INSERT INTO activity_events (organization_id, occurred_at, id, type, user_id, session_id, received_at, properties, batch_id)
         SELECT $1::uuid, s.t, gen_random_uuid(), s.ty, 'u-' || floor(random() * ${USERS_PER_ORGANIZATION})::int, NULL, s.t,
                CASE WHEN s.ty = 'API_CALL' THEN jsonb_build_object('method', 'GET', 'route', '/api/items', 'status', 200, 'durationMs', round((exp(random() * 3 + 2))::numeric, 1))
                     WHEN s.ty = 'REPORT_GENERATED' THEN jsonb_build_object('reportId', 'r-' || floor(random() * 50)::int, 'reportType', 'sales', 'durationMs', floor(random() * 5000))
                     ELSE '{}'::jsonb END,
                md5($1 || ':' || ((s.i + $3) / 500)::text)::uuid
         FROM (SELECT i, now() - random() * ($4::float8 * interval '1 day') AS t, (${types})[1 + floor(random() * 20)::int] AS ty FROM generate_series(1, $2) i) s`,
        [organizationId, count, start, days],
      );
      onProgress(start + count);
    }
    await client.query('ANALYZE activity_events');
  } finally {
    await client.end();
  }
}
