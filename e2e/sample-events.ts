import { runSql } from '@pulse/db';
import { postIngest } from '@pulse/server/testing/http-requests.ts';
import type { TestPulse } from '@pulse/server/testing/start-test-pulse.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A few kinds of event with plausible properties, picked in turn. */
const KINDS = [
  (n: number) => ({ type: 'USER_LOGIN', properties: { method: n % 5 === 0 ? 'sso' : 'password' } }),
  (n: number) => ({ type: 'PAGE_VIEW', properties: { path: ['/dashboard', '/reports', '/products', '/settings'][n % 4] } }),
  (n: number) => ({ type: 'API_CALL', properties: { method: 'GET', route: ['/api/products', '/api/reports'][n % 2], status: n % 17 === 0 ? 500 : 200, durationMs: 40 + (n % 9) * 35 } }),
  () => ({ type: 'PAGE_VIEW', properties: { path: '/dashboard' } }),
  (n: number) => ({ type: 'REPORT_VIEW', properties: { reportId: `report-${n % 6}`, reportType: 'sales' } }),
  (n: number) => ({ type: 'PRODUCT_CREATED', properties: { productId: `product-${n}` } }),
];

/**
 * Sends Acme a week of activity (working hours, 8:00 to 18:59 UTC, on the seven days before
 * today, and a fifth of it spread over the last hour), so that charts, heatmaps and live counters have
 * something to draw. The people are in the demo manager's department, so every Acme role sees
 * it. Fixed by the index: the same events every run, at times relative to now.
 */
export async function sendSampleWeek(t: TestPulse, count = 600): Promise<void> {
  const [manager] = await runSql<{ department_id: string; branch_id: string }>(t.pulse.orm.em.fork(), `SELECT department_id, branch_id FROM users WHERE email = 'manager@acme.test'`, []);
  if (!manager) throw new Error('no demo manager');
  const now = Date.now();
  const today = now - (now % DAY);
  const events = Array.from({ length: count }, (_, n) => {
    const at = n % 5 === 0 ? now - ((n / 5) ** 2 % 60) * MINUTE : today - (1 + (n % 7)) * DAY + (8 + ((n * 37) % 11)) * HOUR + (n % 60) * MINUTE;
    return {
      id: crypto.randomUUID(),
      userId: `sample-person-${n % 9}`,
      departmentId: manager.department_id,
      branchId: manager.branch_id,
      occurredAt: new Date(at).toISOString(),
      ...KINDS[n % KINDS.length]?.(n),
    };
  });
  const answer = await postIngest(t.url, 'pk_demo_acme', { events });
  if (answer.status !== 202) throw new Error(`sample events refused: ${answer.status} ${JSON.stringify(answer.body)}`);
}
