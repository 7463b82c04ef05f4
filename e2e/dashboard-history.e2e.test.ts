import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPulse, type TestPulse } from '@pulse/server/testing/start-test-pulse.ts';
import { launchChromium, SCREENSHOTS, signIn, WEB_DIST } from './chromium.ts';

type Dashboard = Awaited<ReturnType<Awaited<ReturnType<TestPulse['callerFor']>>['dashboards']['get']>>;

const OWNER = 'owner@acme.test';
let t: TestPulse;
let browser: Browser;
/** The owner's own copy of their home dashboard: version N before the test edits it. */
let board: Dashboard;

beforeAll(async () => {
  t = await startTestPulse({ WEB_DIST });
  browser = await launchChromium();
  const owner = await t.callerFor(OWNER);
  const home = await owner.dashboards.home({ organizationId: t.organizations.acme });
  board = await owner.dashboards.duplicate({ organizationId: t.organizations.acme, id: home.dashboard.id, name: 'History board' });
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function openBoard(options: { width?: number; colorScheme?: 'light' | 'dark' } = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: options.width ?? 1440, height: 900 }, colorScheme: options.colorScheme ?? 'light' });
  const page = await context.newPage();
  await signIn(page, t.url, OWNER);
  await expect.poll(() => page.getByRole('button', { name: 'Sign out' }).isVisible(), { timeout: 15_000 }).toBe(true);
  await page.goto(`${t.url}/#/?dashboard=${board.id}`);
  await expect.poll(() => page.getByRole('heading', { name: 'History board', exact: true }).isVisible(), { timeout: 15_000 }).toBe(true);
  return page;
}

const savedBoard = async () => (await t.callerFor(OWNER)).dashboards.get({ organizationId: t.organizations.acme, id: board.id });
/** What a version of a dashboard holds: its widgets and their places. */
const contentOf = (dashboard: Dashboard) => ({ widgets: dashboard.widgetPreferences, layout: dashboard.layoutConfig });
const historyDialog = (page: Page) => page.getByRole('dialog', { name: 'History of History board' });

async function openHistory(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'History', exact: true }).click();
  await expect.poll(() => historyDialog(page).getByRole('list', { name: 'Versions' }).isVisible(), { timeout: 15_000 }).toBe(true);
}

describe('version history and the time range in Chromium', () => {
  it('the owner edits and saves, restores the version before, and the dashboard is what it was then', async () => {
    const page = await openBoard();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    const versionN = board.version;

    // Edit → move the first widget one column by keyboard → Save: version N + 1.
    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    await expect.poll(() => page.getByRole('region', { name: 'Edit mode' }).isVisible(), { timeout: 15_000 }).toBe(true);
    const [first] = [...board.layoutConfig.lg].sort((a, b) => a.y - b.y || a.x - b.x);
    if (!first) throw new Error('the seeded dashboard has widgets');
    await page.locator(`[data-edit-cell="${first.widgetId}"]`).focus();
    await page.keyboard.press('Space');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Space');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Edit', exact: true }).isVisible(), { timeout: 15_000 }).toBe(true);
    const edited = await savedBoard();
    expect(edited.version).toBe(versionN + 1);
    expect(contentOf(edited)).not.toEqual(contentOf(board));

    // History → restore version N: it becomes version N + 2 with version N's content, on screen at once.
    await openHistory(page);
    const dialog = historyDialog(page);
    await dialog.getByRole('button', { name: `Restore version ${versionN}`, exact: true }).click();
    await dialog.getByRole('button', { name: 'Restore', exact: true }).click();
    await expect.poll(() => dialog.getByRole('status').first().innerText(), { timeout: 15_000 }).toBe(`Restored version ${versionN} as version ${versionN + 2}.`);
    const restored = await savedBoard();
    expect(restored.version).toBe(versionN + 2);
    expect(contentOf(restored)).toEqual(contentOf(board));
    await page.keyboard.press('Escape');
    await expect.poll(() => historyDialog(page).count()).toBe(0);
    // The page shows the restored version: the place of the moved widget is version N's again.
    const placeOnScreen = () => page.locator(`[data-widget-id="${first.widgetId}"]`).evaluate((cell: HTMLElement) => cell.style.getPropertyValue('--column-lg'));
    await expect.poll(placeOnScreen).toBe(`${first.x + 1} / span ${first.w}`);
    expect(pageErrors).toEqual([]);
    await page.context().close();
  });

  it('a picked time range is in the address, and a reload opens the same view', async () => {
    const page = await openBoard();
    await page.getByRole('button', { name: /^Time range:/ }).click();
    await page.getByRole('option', { name: 'Last 7 days' }).click();
    await expect.poll(() => new URL(page.url()).hash).toContain('range=last_7d');
    await expect.poll(() => page.getByRole('button', { name: /^Time range:/ }).innerText()).toContain('Last 7 days');
    await page.reload();
    await expect.poll(() => page.getByRole('button', { name: /^Time range:/ }).innerText(), { timeout: 15_000 }).toContain('Last 7 days');
    expect(new URL(page.url()).hash).toContain(`dashboard=${board.id}`);
    await expect.poll(() => page.getByTestId('view-mode').innerText()).toBe('Live');
    await expect.poll(() => page.locator('[data-widget-id]').count(), { timeout: 15_000 }).toBe(board.widgetPreferences.length);
    await page.context().close();
  });

  it('the history panel in light and dark, at 1440 and 390 px', async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    for (const width of [1440, 390]) {
      for (const colorScheme of ['light', 'dark'] as const) {
        const page = await openBoard({ width, colorScheme });
        await openHistory(page);
        await page.screenshot({ path: join(SCREENSHOTS, `builder-history-${width}-${colorScheme}.png`) });
        await page.context().close();
      }
    }
  });
});
