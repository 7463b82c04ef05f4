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
 * log-normal-ish durationMs, one batch id per 500 events. Each user works in one of the
 * organization's departments (and so its branch), one in ten in none: the LEADER and MANAGER
 * dashboards read their own share, as they would in a real organization. Partitions for the
 * days are made first.
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
    const { rows: departments } = await client.query<{ id: string; branch_id: string | null }>('SELECT id, branch_id FROM departments WHERE organization_id = $1 ORDER BY name', [organizationId]);
    const departmentIds = departments.map((department) => department.id);
    const branchIds = departments.map((department) => department.branch_id);
    for (let start = 0; start < events; start += CHUNK) {
      const count = Math.min(CHUNK, events - start);
      await client.query(
        `INSERT INTO activity_events (organization_id, occurred_at, id, type, user_id, session_id, received_at, properties, batch_id, branch_id, department_id)
         SELECT $1::uuid, s.t, gen_random_uuid(), s.ty, 'u-' || s.u, NULL, s.t,
                CASE WHEN s.ty = 'API_CALL' THEN jsonb_build_object('method', 'GET', 'route', '/api/items', 'status', 200, 'durationMs', round((exp(random() * 3 + 2))::numeric, 1))
                     WHEN s.ty = 'REPORT_GENERATED' THEN jsonb_build_object('reportId', 'r-' || floor(random() * 50)::int, 'reportType', 'sales', 'durationMs', floor(random() * 5000))
                     ELSE '{}'::jsonb END,
                md5($1 || ':' || ((s.i + $3) / 500)::text)::uuid,
                CASE WHEN s.u % 10 = 0 OR cardinality($5::uuid[]) = 0 THEN NULL ELSE ($6::uuid[])[1 + s.u % cardinality($5::uuid[])] END,
                CASE WHEN s.u % 10 = 0 OR cardinality($5::uuid[]) = 0 THEN NULL ELSE ($5::uuid[])[1 + s.u % cardinality($5::uuid[])] END
         FROM (SELECT i, now() - random() * ($4::float8 * interval '1 day') AS t, (${types})[1 + floor(random() * 20)::int] AS ty, floor(random() * ${USERS_PER_ORGANIZATION})::int AS u
               FROM generate_series(1, $2) i) s`,
        [organizationId, count, start, days, departmentIds, branchIds],
      );
      onProgress(start + count);
    }
    await client.query('ANALYZE activity_events');
  } finally {
    await client.end();
  }
}
