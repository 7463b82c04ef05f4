import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPulse, type TestPulse } from '@pulse/server/testing/start-test-pulse.ts';
import { sendSampleWeek } from './sample-events.ts';
import { launchChromium, SCREENSHOTS, signIn, WEB_DIST } from './chromium.ts';

type Dashboard = Awaited<ReturnType<Awaited<ReturnType<TestPulse['callerFor']>>['dashboards']['get']>>;

let t: TestPulse;
let browser: Browser;
/** The manager's own copy of their home dashboard, which they may edit. */
let board: Dashboard;

beforeAll(async () => {
  t = await startTestPulse({ WEB_DIST });
  browser = await launchChromium();
  await sendSampleWeek(t);
  const manager = await t.callerFor('manager@acme.test');
  const home = await manager.dashboards.home({ organizationId: t.organizations.acme });
  board = await manager.dashboards.duplicate({ organizationId: t.organizations.acme, id: home.dashboard.id, name: 'Builder board' });
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const SCHEMES = ['light', 'dark'] as const;

async function openBoard(page: Page): Promise<void> {
  await signIn(page, t.url, 'manager@acme.test');
  await expect.poll(() => page.getByRole('button', { name: 'Sign out' }).isVisible(), { timeout: 15_000 }).toBe(true);
  await page.goto(`${t.url}/#/?dashboard=${board.id}`);
  await expect.poll(() => page.getByRole('heading', { name: 'Builder board', exact: true }).isVisible(), { timeout: 15_000 }).toBe(true);
}

/** Every chart drawn (their modules load on first use), so a screenshot shows them. */
async function chartsDrawn(page: Page): Promise<void> {
  await expect.poll(() => page.locator('[data-testid="widget-chart"].skeleton').count(), { timeout: 15_000 }).toBe(0);
}

/**
 * The page as it is, in light and in dark, as `builder-<what>-<theme>-<width>.png`; nothing wider than the
 * screen. The contexts ask for reduced motion: the charts are drawn whole, not half way in.
 */
async function screenshots(page: Page, what: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const width = page.viewportSize()?.width ?? 0;
  for (const colorScheme of SCHEMES) {
    await page.emulateMedia({ colorScheme });
    await chartsDrawn(page);
    expect(await page.evaluate(() => document.documentElement.scrollWidth), `${what} ${colorScheme} ${width}`).toBeLessThanOrEqual(width);
    await page.screenshot({ path: join(SCREENSHOTS, `builder-${what}-${colorScheme}-${width}.png`) });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

describe('the builder in Chromium', () => {
  it('a manager adds a heatmap by keyboard, configures it with a live preview, saves, reloads and sees it drawn', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 }, reducedMotion: 'reduce' })).newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await openBoard(page);

    // Edit mode and the palette, by keyboard.
    await page.getByRole('button', { name: 'Edit', exact: true }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('region', { name: 'Edit mode' }).isVisible(), { timeout: 15_000 }).toBe(true);
    await chartsDrawn(page);
    await screenshots(page, 'edit');
    await page.getByRole('button', { name: 'Add widget' }).focus();
    await page.keyboard.press('Enter');
    await screenshots(page, 'palette');
    await page.getByRole('list', { name: 'Widget types' }).getByRole('button', { name: /^Heatmap/ }).focus();
    await page.keyboard.press('Enter');

    // The new heatmap has the focus; Tab reaches its Configure button first.
    const cell = page.locator('[data-edit-cell="heatmap"]');
    await expect.poll(() => cell.evaluate((element) => element === document.activeElement)).toBe(true);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-action'))).toBe('configure');
    await page.keyboard.press('Enter');

    const editor = page.getByRole('complementary', { name: 'Widget editor' });
    await expect.poll(() => editor.getByRole('heading', { name: 'Edit widget' }).isVisible(), { timeout: 15_000 }).toBe(true);
    const preview = editor.getByRole('region', { name: 'Live preview' });
    await expect.poll(() => preview.locator('svg').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await editor.getByRole('textbox', { name: 'Title', exact: true }).fill('Logins by hour of week');
    await editor.getByRole('checkbox', { name: 'USER_LOGIN' }).focus();
    await page.keyboard.press('Space');
    expect(await editor.getByRole('checkbox', { name: 'USER_LOGIN' }).isChecked()).toBe(true);
    // The preview draws the edited widget: its title, and a chart again once the new query answered.
    await expect.poll(() => preview.getByRole('region', { name: 'Logins by hour of week' }).isVisible(), { timeout: 15_000 }).toBe(true);
    await expect.poll(() => preview.getAttribute('aria-busy'), { timeout: 15_000 }).toBe('false');
    await expect.poll(() => preview.locator('svg').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await expect.poll(() => page.getByRole('region', { name: 'Edit mode' }).getByRole('status').innerText()).toBe('Unsaved changes');
    // The editor from its top (the preview first), as a reader meets it.
    await editor.getByRole('heading', { name: 'Edit widget' }).scrollIntoViewIfNeeded();
    await screenshots(page, 'widget-editor');

    await page.getByRole('button', { name: 'Save', exact: true }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('button', { name: 'Edit', exact: true }).isVisible(), { timeout: 15_000 }).toBe(true);
    await page.reload();
    const saved = page.locator('[data-widget-id="heatmap"]').getByRole('region', { name: 'Logins by hour of week', exact: true });
    await expect.poll(() => saved.isVisible(), { timeout: 15_000 }).toBe(true);
    await expect.poll(() => saved.locator('svg').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await screenshots(page, 'dashboard');

    const stored = await (await t.callerFor('manager@acme.test')).dashboards.get({ organizationId: t.organizations.acme, id: board.id });
    expect(stored.version).toBe(board.version + 1);
    const heatmap = stored.widgetPreferences.find((widget) => widget.id === 'heatmap');
    expect(heatmap).toMatchObject({ type: 'heatmap', title: 'Logins by hour of week', query: { source: 'activity', groupBy: { by: 'hour_of_week' }, filters: { eventTypes: ['USER_LOGIN'] } } });

    await page.getByRole('button', { name: 'Share', exact: true }).click();
    await expect.poll(() => page.getByRole('dialog', { name: 'Share “Builder board”' }).isVisible(), { timeout: 15_000 }).toBe(true);
    await screenshots(page, 'share-dialog');

    // What someone with a public link sees, and a widget's export menu (pictures for docs/builder.md).
    const dialog = page.getByRole('dialog', { name: 'Share “Builder board”' });
    await dialog.getByRole('button', { name: 'Create public link' }).click();
    const link = dialog.getByRole('textbox', { name: 'Public link' });
    await expect.poll(() => link.isVisible(), { timeout: 10_000 }).toBe(true);
    const visitor = await (await browser.newContext({ viewport: { width: 1440, height: 900 }, reducedMotion: 'reduce' })).newPage();
    await visitor.goto(await link.inputValue());
    await expect.poll(() => visitor.getByRole('heading', { name: 'Builder board', level: 1 }).isVisible(), { timeout: 15_000 }).toBe(true);
    await screenshots(visitor, 'public-page');
    await visitor.context().close();
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Export Events per minute' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Download CSV' }).isVisible()).toBe(true);
    await screenshots(page, 'widget-export');
    expect(pageErrors).toEqual([]);
    await page.context().close();
  });

  it('on a 390 px phone: edit mode, the widget editor and the share dialog fit the screen, light and dark', async () => {
    const page = await (await browser.newContext({ viewport: { width: 390, height: 844 }, reducedMotion: 'reduce' })).newPage();
    await openBoard(page);
    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    const column = page.getByRole('list', { name: 'Widgets in the order a phone shows them' });
    await expect.poll(() => column.getByRole('listitem').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await screenshots(page, 'edit');

    await column.getByRole('listitem').first().getByRole('button', { name: 'Configure' }).click();
    const editor = page.getByRole('complementary', { name: 'Widget editor' });
    await expect.poll(() => editor.getByRole('heading', { name: 'Edit widget' }).isVisible(), { timeout: 15_000 }).toBe(true);
    await expect.poll(() => editor.getByRole('region', { name: 'Live preview' }).getAttribute('aria-busy'), { timeout: 15_000 }).toBe('false');
    await editor.scrollIntoViewIfNeeded();
    await screenshots(page, 'widget-editor');

    await page.getByRole('button', { name: 'Cancel', exact: true }).click();
    await page.getByRole('button', { name: 'Share', exact: true }).click();
    await expect.poll(() => page.getByRole('dialog', { name: 'Share “Builder board”' }).isVisible(), { timeout: 15_000 }).toBe(true);
    await screenshots(page, 'share-dialog');
    await page.context().close();
  });
});
