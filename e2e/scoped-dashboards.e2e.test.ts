import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSql } from '@pulse/db';
import { postIngest } from '@pulse/server/testing/http-requests.ts';
import { startTestPulse, type TestPulse } from '@pulse/server/testing/start-test-pulse.ts';
import { cardNumber, launchChromium, SCREENSHOTS, signIn, WEB_DIST, widget } from './chromium.ts';

// Issue 9's promise in a real browser: each role of Acme opens its own default dashboard with
// every widget drawn, and events sent over HTTP for one department move exactly the widgets of
// those whose scope holds that department, live.

let t: TestPulse;
let browser: Browser;
beforeAll(async () => {
  t = await startTestPulse({ WEB_DIST });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const ROLES = [
  { email: 'owner@acme.test', dashboard: 'Organization overview', role: 'owner' },
  { email: 'leader@acme.test', dashboard: 'Branch overview', role: 'leader' },
  { email: 'manager@acme.test', dashboard: 'Department overview', role: 'manager' },
] as const;
const LOGINS = 'Logins in the last hour';

/** Every widget of the page that is not drawn yet: still loading, failed, or a chart without its SVG. */
function undrawn(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('section[data-widget-type]')].flatMap((card) => {
      const title = card.getAttribute('aria-label') ?? '?';
      if (card.querySelector('[data-testid="widget-skeleton"]')) return [`${title}: loading`];
      if (card.querySelector('[role="alert"]')) return [`${title}: ${card.querySelector('[role="alert"] p')?.textContent ?? 'error'}`];
      const chart = card.querySelector('[data-testid="widget-chart"]');
      if (chart && !chart.querySelector('svg')) return [`${title}: chart not drawn`];
      return [];
    }),
  );
}

async function screenshot(page: Page, name: string) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, name), fullPage: true });
}

describe('role-scoped dashboards of Acme in Chromium', () => {
  it('owner, leader and manager each see their default dashboard, and events move each one only within its scope', async () => {
    const em = t.pulse.orm.em.fork();
    const [manager] = await runSql<{ department_id: string; branch_id: string }>(em, `SELECT department_id, branch_id FROM users WHERE email = 'manager@acme.test'`, []);
    const [sibling] = await runSql<{ id: string }>(em, `SELECT id FROM departments WHERE organization_id = $1 AND branch_id = $2 AND id <> $3 LIMIT 1`, [t.organizations.acme, manager?.branch_id, manager?.department_id]);
    const [otherBranch] = await runSql<{ id: string }>(em, `SELECT id FROM branches WHERE organization_id = $1 AND id <> $2 LIMIT 1`, [t.organizations.acme, manager?.branch_id]);
    expect(manager && sibling && otherBranch).toBeTruthy();
    const now = () => new Date().toISOString();
    const event = (type: string, properties: Record<string, unknown>, where: { departmentId?: string; branchId?: string }, n: number) => ({ id: crypto.randomUUID(), type, userId: `scoped-${type}-${n}`, occurredAt: now(), properties, ...where });

    // Something for every widget of the manager's department to draw.
    const department = { departmentId: manager?.department_id ?? '' };
    const history = [
      ...[1, 2, 3].map((n) => event('API_CALL', { method: 'GET', route: '/orders', status: 200, durationMs: 40 * n }, department, n)),
      ...[1, 2].map((n) => event('PAGE_VIEW', { path: '/home' }, department, n)),
      event('PRODUCT_CREATED', { productId: 'p-1' }, department, 1),
      event('REPORT_GENERATED', { reportId: 'r-1', reportType: 'sales', durationMs: 900 }, department, 1),
      event('REPORT_VIEW', { reportId: 'r-1', reportType: 'sales' }, department, 1),
    ];
    expect((await postIngest(t.url, 'pk_demo_acme', { events: history })).status).toBe(202);

    const pages = new Map<string, Page>();
    const pageErrors: string[] = [];
    for (const role of ROLES) {
      const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
      const page = await context.newPage();
      page.on('pageerror', (error) => pageErrors.push(`${role.role}: ${error.message}`));
      await signIn(page, t.url, role.email);
      await expect.poll(() => page.getByRole('heading', { name: role.dashboard, exact: true }).isVisible(), { timeout: 20_000 }).toBe(true);
      await expect.poll(() => page.getByTestId('connection-state').getAttribute('data-state'), { timeout: 20_000 }).toBe('live');
      await expect.poll(() => page.locator('section[data-widget-type]').count(), { timeout: 20_000 }).toBeGreaterThanOrEqual(12);
      await expect.poll(() => undrawn(page), { timeout: 20_000 }).toEqual([]);
      await page.evaluate(() => Object.assign(window, { pulseNotReloaded: true }));
      pages.set(role.role, page);
    }

    const before = new Map<string, number>();
    for (const [role, page] of pages) {
      await expect.poll(() => cardNumber(page, LOGINS), { timeout: 20_000 }).not.toBeNull();
      before.set(role, (await cardNumber(page, LOGINS)) ?? 0);
    }
    const login = (where: { departmentId?: string; branchId?: string }, n: number) => event('USER_LOGIN', { method: 'sso' }, where, n);
    const logins = [
      ...[1, 2].map((n) => login(department, 100 + n)),
      ...[1, 2, 3].map((n) => login({ departmentId: sibling?.id ?? '' }, 200 + n)),
      ...[1, 2, 3, 4].map((n) => login({ branchId: otherBranch?.id ?? '' }, 300 + n)),
    ];
    expect((await postIngest(t.url, 'pk_demo_acme', { events: logins })).status).toBe(202);

    // The owner sees all 9, the leader the 5 of their branch, the manager the 2 of their department.
    const expected = { owner: 9, leader: 5, manager: 2 } as const;
    for (const [role, page] of pages) {
      await expect.poll(() => cardNumber(page, LOGINS), { timeout: 20_000 }).toBe((before.get(role) ?? 0) + expected[role as keyof typeof expected]);
    }
    // and stays there: nothing else arrives late for the narrower scopes
    await new Promise((resolve) => setTimeout(resolve, 1500));
    for (const [role, page] of pages) {
      expect(await cardNumber(page, LOGINS)).toBe((before.get(role) ?? 0) + expected[role as keyof typeof expected]);
      expect(await page.evaluate(() => 'pulseNotReloaded' in window)).toBe(true);
      await screenshot(page, `scoped-${role}-light.png`);
      await page.emulateMedia({ colorScheme: 'dark' });
      await expect.poll(() => undrawn(page), { timeout: 10_000 }).toEqual([]);
      await screenshot(page, `scoped-${role}-dark.png`);
      await page.context().close();
    }
    expect(pageErrors).toEqual([]);
  });
});
