import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postMetrics } from '@pulse/server/testing/http-requests.ts';
import { startTestPulse, type TestPulse } from '@pulse/server/testing/start-test-pulse.ts';
import { launchChromium, signIn as signInAs } from './chromium.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const screenshots = join(root, 'test-results');
const RULE_NAME = 'E2E queue depth';
const METRIC = 'e2e_queue_depth';

let t: TestPulse;
let browser: Browser;

beforeAll(async () => {
  // The real server serving the built SPA; rules are evaluated every half second so the alert
  // shows up within the test's patience.
  t = await startTestPulse({ WEB_DIST: join(root, 'apps/web/dist'), ALERT_EVALUATION_INTERVAL_MS: '500' });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

/** Each test in a fresh context: its own storage, so no session leaks from one to the next. */
async function newPage(options: BrowserContextOptions = {}): Promise<{ page: Page; pageErrors: string[]; forbidden: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  const forbidden: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('response', (response) => {
    if (response.status() === 403) forbidden.push(response.url());
  });
  return { page, pageErrors, forbidden };
}

const signIn = (page: Page, email: string) => signInAs(page, t.url, email);

const nav = (page: Page) => page.getByRole('navigation', { name: 'Main' });
/** The ECharts chunk loads lazily: wait until the value chart has drawn onto its canvas. */
const chartDrawn = (page: Page) => page.getByRole('img', { name: /^The watched value/ }).locator('canvas').count();
const alertRow = (page: Page) => page.getByRole('table', { name: 'Alert list' }).getByRole('row').filter({ hasText: RULE_NAME });

describe('alert administration in Chromium', () => {
  it('an admin creates a rule, the alert appears live when metrics cross it, and the admin acknowledges and silences it', async () => {
    const { page, pageErrors, forbidden } = await newPage();
    await signIn(page, 'admin@acme.test');
    await expect.poll(() => nav(page).isVisible(), { timeout: 15_000 }).toBe(true);

    await nav(page).getByRole('link', { name: 'Rules' }).click();
    await page.getByRole('button', { name: 'New rule' }).click();
    const form = page.getByRole('form', { name: 'New rule' });
    // Submitting empty shows the contract's issues next to the fields, and sends nothing.
    await form.getByRole('button', { name: 'Create rule' }).click();
    await expect.poll(() => form.getByRole('alert').isVisible()).toBe(true);
    await form.getByLabel('Name', { exact: true }).fill(RULE_NAME);
    await form.getByLabel('Metric name').fill(METRIC);
    await form.getByLabel('Window (seconds)').fill('60');
    await form.getByLabel('Value', { exact: true }).fill('5');
    await form.getByLabel('For (seconds)', { exact: true }).fill('0');
    // The preview asks the server for the draft's value: no samples of this metric yet.
    await expect.poll(() => page.getByTestId('preview-value').textContent(), { timeout: 15_000 }).toBe('no data');
    mkdirSync(screenshots, { recursive: true });
    await page.screenshot({ path: join(screenshots, 'alerts-rule-form.png'), fullPage: true });
    await form.getByRole('button', { name: 'Create rule' }).click();
    const ruleList = page.getByRole('table', { name: 'Rule list' });
    await expect.poll(() => ruleList.getByRole('row').filter({ hasText: RULE_NAME }).count(), { timeout: 15_000 }).toBe(1);

    await nav(page).getByRole('link', { name: 'Alerts' }).click();
    await expect.poll(() => page.getByText('No alerts match these filters.').isVisible(), { timeout: 15_000 }).toBe(true);
    // A marker on window survives only if the page is never reloaded.
    await page.evaluate(() => Object.assign(window, { pulseE2eMarker: true }));

    const sent = await postMetrics(t.url, 'pk_demo_acme', {
      samples: [{ name: METRIC, type: 'gauge', category: 'system', value: 42, timestamp: new Date().toISOString() }],
    });
    expect(sent.status).toBe(202);

    await expect.poll(() => alertRow(page).count(), { timeout: 20_000 }).toBe(1);
    await expect.poll(() => alertRow(page).getByTestId('alert-state').textContent(), { timeout: 20_000 }).toBe('triggered');
    expect(await page.evaluate(() => 'pulseE2eMarker' in window)).toBe(true);
    // Platform administrators are notified of a raised alert: the bell counts it, live.
    await expect.poll(() => page.getByTestId('unread-count').textContent(), { timeout: 15_000 }).toBe('1');

    await alertRow(page).getByRole('button', { name: RULE_NAME }).click();
    const detail = page.getByRole('region', { name: 'Alert detail' });
    await expect.poll(() => detail.getByRole('list', { name: 'Alert timeline' }).isVisible(), { timeout: 15_000 }).toBe(true);
    await detail.getByLabel('Comment (optional)').fill('Looking into the queue');
    await detail.getByRole('button', { name: 'Acknowledge' }).click();
    await expect.poll(() => detail.getByTestId('detail-state').textContent(), { timeout: 15_000 }).toBe('acknowledged');
    await expect.poll(() => alertRow(page).getByTestId('alert-state').textContent(), { timeout: 15_000 }).toBe('acknowledged');
    await expect.poll(() => detail.getByText('Looking into the queue').count(), { timeout: 15_000 }).toBeGreaterThan(0);

    await expect.poll(() => chartDrawn(page), { timeout: 15_000 }).toBeGreaterThan(0);
    mkdirSync(screenshots, { recursive: true });
    await page.screenshot({ path: join(screenshots, 'alerts-admin.png'), fullPage: true });

    // The filter and the open alert are in the address: a reload shows the same screen.
    const filters = page.getByRole('form', { name: 'Alert filters' });
    await filters.getByLabel('Status').selectOption('open');
    await expect.poll(() => new URL(page.url()).hash).toMatch(/^#\/alerts\?.*status=open/);
    expect(new URL(page.url()).hash).toMatch(/[?&]alert=/);
    await page.reload();
    await expect.poll(() => detail.getByTestId('detail-state').textContent(), { timeout: 15_000 }).toBe('acknowledged');
    expect(await filters.getByLabel('Status').inputValue()).toBe('open');
    await expect.poll(() => alertRow(page).count(), { timeout: 15_000 }).toBe(1);
    expect(await alertRow(page).getAttribute('aria-selected')).toBe('true');

    // Silencing the rule shows the alert as silenced; the silence is listed and can end now.
    await detail.getByRole('button', { name: 'Silence' }).click();
    await expect.poll(() => detail.getByTestId('detail-state').textContent(), { timeout: 15_000 }).toBe('silenced');
    await nav(page).getByRole('link', { name: 'Silences' }).click();
    const silences = page.getByRole('table', { name: 'Silence list' });
    await expect.poll(() => silences.getByRole('row').filter({ hasText: `rule ${RULE_NAME}` }).count(), { timeout: 15_000 }).toBe(1);
    await silences.getByRole('button', { name: 'Expire now' }).click();
    await expect.poll(() => page.getByText('No active silences.').isVisible(), { timeout: 15_000 }).toBe(true);
    expect(pageErrors).toEqual([]);
    expect(forbidden).toEqual([]);
    await page.context().close();
  });

  it('the alerts screen is readable in dark mode', async () => {
    const { page, pageErrors } = await newPage({ colorScheme: 'dark' });
    await signIn(page, 'admin@acme.test');
    await expect.poll(() => nav(page).isVisible(), { timeout: 15_000 }).toBe(true);
    await nav(page).getByRole('link', { name: 'Alerts' }).click();
    const list = page.getByRole('table', { name: 'Alert list' });
    const empty = page.getByText('No alerts match these filters.');
    await expect.poll(async () => (await list.isVisible()) || (await empty.isVisible()), { timeout: 15_000 }).toBe(true);
    if (await alertRow(page).count()) {
      await alertRow(page).getByRole('button', { name: RULE_NAME }).click();
      await expect.poll(() => page.getByRole('list', { name: 'Alert timeline' }).isVisible(), { timeout: 15_000 }).toBe(true);
      await expect.poll(() => chartDrawn(page), { timeout: 15_000 }).toBeGreaterThan(0);
    }
    mkdirSync(screenshots, { recursive: true });
    await page.screenshot({ path: join(screenshots, 'alerts-admin-dark.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
    await page.context().close();
  });

  it('a manager of the same organization sees no admin navigation, cannot open admin screens, and is notified live', async () => {
    const { page, pageErrors, forbidden } = await newPage();
    await signIn(page, 'manager@acme.test');
    await expect.poll(() => page.getByRole('region', { name: 'Logins in the last hour', exact: true }).isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await page.getByRole('button', { name: /^Notifications/ }).isVisible()).toBe(true);
    expect(await nav(page).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Alerts' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Rules' }).count()).toBe(0);

    // Typing an admin screen's address lands on the dashboard, without asking the server.
    await page.goto(`${t.url}/#/rules`);
    await expect.poll(() => page.getByRole('region', { name: 'Logins in the last hour', exact: true }).isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await page.getByRole('heading', { name: 'Alert rules' }).count()).toBe(0);
    // A rule that also notifies managers fires while the manager looks: the bell counts it live.
    expect(await page.getByTestId('unread-count').count()).toBe(0);
    const admin = await t.callerFor('admin@acme.test');
    await admin.alerts.rules.create({
      name: 'E2E manager notice',
      source: { kind: 'metric', metricName: 'e2e_manager_metric', aggregation: 'max', windowSeconds: 60 },
      operator: '>',
      thresholds: [{ severity: 'medium', value: 1, forSeconds: 0 }],
      notifyOrgRoles: ['MANAGER'],
    });
    const sent = await postMetrics(t.url, 'pk_demo_acme', {
      samples: [{ name: 'e2e_manager_metric', type: 'gauge', category: 'business', value: 9, timestamp: new Date().toISOString() }],
    });
    expect(sent.status).toBe(202);
    await expect.poll(() => page.getByTestId('unread-count').textContent(), { timeout: 20_000 }).toBe('1');

    await page.getByRole('button', { name: /^Notifications/ }).click();
    const panel = page.getByRole('region', { name: 'Notifications' });
    const notice = panel.getByRole('listitem').filter({ hasText: 'E2E manager notice' });
    await expect.poll(() => notice.count(), { timeout: 15_000 }).toBe(1);
    mkdirSync(screenshots, { recursive: true });
    await page.screenshot({ path: join(screenshots, 'alerts-manager.png') });
    await notice.getByRole('button', { name: 'Mark read' }).click();
    await expect.poll(() => page.getByTestId('unread-count').count(), { timeout: 15_000 }).toBe(0);
    expect(forbidden).toEqual([]);
    expect(pageErrors).toEqual([]);
    await page.context().close();
  });
});
