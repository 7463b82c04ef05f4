import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPulse, type TestPulse } from '@pulse/server/testing/start-test-pulse.ts';
import { launchChromium, SCREENSHOTS, signIn, WEB_DIST } from './chromium.ts';

/** A saved dashboard and one place of its layout, as the API answers them. */
type Dashboard = Awaited<ReturnType<Awaited<ReturnType<TestPulse['callerFor']>>['dashboards']['get']>>;
type LayoutItem = Dashboard['layoutConfig']['lg'][number];

type Place = { x: number; y: number; w: number; h: number };
type Places = Record<string, Place>;

let t: TestPulse;
let browser: Browser;
/** The manager's own private dashboard (a copy of their role's default), which they may edit. */
let board: Dashboard;

beforeAll(async () => {
  t = await startTestPulse({ WEB_DIST });
  browser = await launchChromium();
  const manager = await t.callerFor('manager@acme.test');
  const home = await manager.dashboards.home({ organizationId: t.organizations.acme });
  board = await manager.dashboards.duplicate({ organizationId: t.organizations.acme, id: home.dashboard.id, name: 'My board' });
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function openBoard(options: { width?: number; colorScheme?: 'light' | 'dark' } = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: options.width ?? 1440, height: 900 }, colorScheme: options.colorScheme ?? 'light' });
  const page = await context.newPage();
  await signIn(page, t.url, 'manager@acme.test');
  await expect.poll(() => page.getByRole('button', { name: 'Sign out' }).isVisible(), { timeout: 15_000 }).toBe(true);
  await page.goto(`${t.url}/#/?dashboard=${board.id}`);
  await expect.poll(() => page.getByRole('heading', { name: 'My board', exact: true }).isVisible(), { timeout: 15_000 }).toBe(true);
  return page;
}

async function startEditing(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Edit', exact: true }).click();
  await expect.poll(() => page.getByRole('region', { name: 'Edit mode' }).isVisible(), { timeout: 15_000 }).toBe(true);
}

async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, name), fullPage: true });
}

const announced = (page: Page) => page.getByTestId('arrange-announcer').innerText();
const editStatus = (page: Page) => page.getByRole('region', { name: 'Edit mode' }).getByRole('status').innerText();
const cell = (page: Page, widgetId: string) => page.locator(`[data-edit-cell="${widgetId}"]`);

/** Where react-grid-layout draws each widget, in grid units (rows 72 px, gaps 16 px, 12 columns). */
function editorPlaces(page: Page): Promise<Places> {
  return page.evaluate(() => {
    const grid = document.querySelector('.react-grid-layout');
    if (!grid) return {};
    const box = grid.getBoundingClientRect();
    const column = (box.width - 11 * 16) / 12 + 16;
    const row = 72 + 16;
    const places: Record<string, { x: number; y: number; w: number; h: number }> = {};
    for (const cell of grid.querySelectorAll<HTMLElement>('[data-edit-cell]')) {
      const rect = cell.getBoundingClientRect();
      places[cell.dataset.editCell ?? ''] = {
        x: Math.round((rect.left - box.left) / column),
        y: Math.round((rect.top - box.top) / row),
        w: Math.round((rect.width + 16) / column),
        h: Math.round((rect.height + 16) / row),
      };
    }
    return places;
  });
}

/** The same widgets' places as the view's CSS grid shows them (the breakpoint its container query picked). */
function viewPlaces(page: Page): Promise<Places> {
  return page.evaluate(() => {
    const places: Record<string, { x: number; y: number; w: number; h: number }> = {};
    for (const cell of document.querySelectorAll<HTMLElement>('[data-widget-id]')) {
      const style = getComputedStyle(cell);
      const span = (end: string) => Number(end.replace('span ', ''));
      places[cell.dataset.widgetId ?? ''] = { x: Number(style.gridColumnStart) - 1, y: Number(style.gridRowStart) - 1, w: span(style.gridColumnEnd), h: span(style.gridRowEnd) };
    }
    return places;
  });
}

/** The editor's places once its 200 ms animations have settled (two reads in a row agree). */
async function settledPlaces(page: Page): Promise<Places> {
  let previous = JSON.stringify(await editorPlaces(page));
  for (;;) {
    await page.waitForTimeout(300);
    const now = JSON.stringify(await editorPlaces(page));
    if (now === previous) return JSON.parse(now) as Places;
    previous = now;
  }
}

const firstRow = (items: LayoutItem[]) => [...items].sort((a, b) => a.y - b.y || a.x - b.x);

describe('arranging a dashboard in Chromium', () => {
  it('a manager rearranges by mouse, then by keyboard only, resizes, saves, reloads and sees the same layout', async () => {
    const page = await openBoard();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await startEditing(page);
    const [first, second] = firstRow(board.layoutConfig.lg);
    if (!first || !second) throw new Error('the seeded dashboard has at least two widgets');
    const title = (widgetId: string) => board.widgetPreferences.find((widget) => widget.id === widgetId)?.title ?? '';
    const before = await settledPlaces(page);
    const grid = await page.locator('.react-grid-layout').boundingBox();
    if (!grid) throw new Error('no grid');
    const column = (grid.width - 11 * 16) / 12 + 16;

    // Mouse: the first widget's grip two columns to the right.
    const grip = await cell(page, first.widgetId).locator('[data-drag-handle]').boundingBox();
    if (!grip) throw new Error('no grip');
    await page.mouse.move(grip.x + grip.width / 2, grip.y + grip.height / 2);
    await page.mouse.down();
    await page.mouse.move(grip.x + grip.width / 2 + column, grip.y + grip.height / 2, { steps: 8 });
    await page.mouse.move(grip.x + grip.width / 2 + 2 * column, grip.y + grip.height / 2, { steps: 8 });
    await page.mouse.up();
    await expect.poll(() => announced(page)).toContain(`${title(first.widgetId)} moved to column ${(before[first.widgetId]?.x ?? 0) + 3}`);
    expect((await settledPlaces(page))[first.widgetId]?.x).toBe((before[first.widgetId]?.x ?? 0) + 2);

    // Mouse: its resize corner one column wider and one row taller.
    const corner = await cell(page, first.widgetId).locator('.react-resizable-handle').boundingBox();
    if (!corner) throw new Error('no resize handle');
    await page.mouse.move(corner.x + corner.width / 2, corner.y + corner.height / 2);
    await page.mouse.down();
    await page.mouse.move(corner.x + corner.width / 2 + column / 2, corner.y + corner.height / 2 + 44, { steps: 6 });
    await page.mouse.move(corner.x + corner.width / 2 + column, corner.y + corner.height / 2 + 88, { steps: 6 });
    await page.mouse.up();
    await expect.poll(() => announced(page)).toContain(`${title(first.widgetId)} resized to ${first.w + 1} columns by ${first.h + 1} rows`);

    // Keyboard only: Tab to the second widget, pick it up, move it, make it taller, put it down.
    await cell(page, second.widgetId).focus();
    await page.keyboard.press('Space');
    await expect.poll(() => announced(page)).toContain(`${title(second.widgetId)} picked up`);
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => announced(page)).toMatch(new RegExp(`^${title(second.widgetId)} moved to column`));
    await page.keyboard.press('Shift+ArrowDown');
    await expect.poll(() => announced(page)).toContain('resized to');
    await page.keyboard.press('Space');
    await expect.poll(() => announced(page)).toContain('dropped at');
    const arranged = await settledPlaces(page);
    expect(arranged[second.widgetId]?.h).toBe(second.h + 1);
    expect(arranged).not.toEqual(before);
    await screenshot(page, 'dashboard-edit-1440-light.png');

    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Edit', exact: true }).isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await viewPlaces(page)).toEqual(arranged);
    await page.reload();
    await expect.poll(() => page.locator('[data-widget-id]').count(), { timeout: 15_000 }).toBe(board.widgetPreferences.length);
    expect(await viewPlaces(page)).toEqual(arranged);
    const saved = await (await t.callerFor('manager@acme.test')).dashboards.get({ organizationId: t.organizations.acme, id: board.id });
    expect(saved.version).toBe(board.version + 1);
    board = saved;
    expect(pageErrors).toEqual([]);
    await page.context().close();
  });

  it('undo brings back the previous arrangement', async () => {
    const page = await openBoard();
    await startEditing(page);
    const before = await settledPlaces(page);
    const [first] = firstRow(board.layoutConfig.lg);
    if (!first) throw new Error('no widget');
    await cell(page, first.widgetId).focus();
    await page.keyboard.press('Space');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect.poll(() => editStatus(page)).toBe('Unsaved changes');
    expect(await settledPlaces(page)).not.toEqual(before);

    await page.keyboard.press('Control+z');
    await expect.poll(() => editStatus(page)).toBe('No changes yet');
    expect(await settledPlaces(page)).toEqual(before);
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(() => editStatus(page)).toBe('Unsaved changes');
    await page.getByRole('button', { name: 'Undo', exact: true }).click();
    expect(await settledPlaces(page)).toEqual(before);
    await page.context().close();
  });

  it('a save that meets a newer version shows the conflict, and "Reload theirs" shows theirs', async () => {
    const page = await openBoard();
    await startEditing(page);
    const [first] = firstRow(board.layoutConfig.lg);
    if (!first) throw new Error('no widget');
    await cell(page, first.widgetId).focus();
    await page.keyboard.press('Space');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Space');
    await expect.poll(() => editStatus(page)).toBe('Unsaved changes');

    // Meanwhile a second browser (the same manager on another machine) removes the last widget and saves.
    const gone = board.widgetPreferences.at(-1);
    if (!gone) throw new Error('no widget');
    const other = await openBoard();
    await startEditing(other);
    await cell(other, gone.id).locator('[data-action="remove"]').click();
    await other.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => other.getByRole('button', { name: 'Edit', exact: true }).isVisible(), { timeout: 15_000 }).toBe(true);
    await other.context().close();

    await page.getByRole('button', { name: 'Save', exact: true }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Someone saved a newer version' });
    await expect.poll(() => dialog.isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await dialog.innerText()).toContain(`Removed: ${gone.title}.`);
    await screenshot(page, 'dashboard-edit-conflict.png');
    await dialog.getByRole('button', { name: 'Reload theirs' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Edit', exact: true }).isVisible(), { timeout: 15_000 }).toBe(true);
    await expect.poll(() => page.locator(`[data-widget-id="${gone.id}"]`).count()).toBe(0);
    board = await (await t.callerFor('manager@acme.test')).dashboards.get({ organizationId: t.organizations.acme, id: board.id });
    await page.context().close();
  });

  it('edit mode in dark, and on a 390 px phone (one column, Move up / Move down) in light and dark', async () => {
    const dark = await openBoard({ colorScheme: 'dark' });
    await startEditing(dark);
    await settledPlaces(dark);
    await screenshot(dark, 'dashboard-edit-1440-dark.png');
    await dark.context().close();

    for (const colorScheme of ['light', 'dark'] as const) {
      const phone = await openBoard({ width: 390, colorScheme });
      await startEditing(phone);
      const column = phone.getByRole('list', { name: 'Widgets in the order a phone shows them' });
      await expect.poll(() => column.getByRole('listitem').count(), { timeout: 15_000 }).toBe(board.widgetPreferences.length);
      expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await screenshot(phone, `dashboard-edit-390-${colorScheme}.png`);
      if (colorScheme === 'light') {
        // The first widget one place down, saved: the phone's view shows the new order.
        const order = await column.getByRole('listitem').evaluateAll((items) => items.map((item) => item.getAttribute('data-edit-cell') ?? ''));
        await column.getByRole('listitem').first().getByRole('button', { name: 'Move down' }).click();
        await expect.poll(() => announced(phone)).toContain(`moved to position 2 of ${order.length}`);
        await phone.getByRole('button', { name: 'Save', exact: true }).click();
        await expect.poll(() => phone.getByRole('button', { name: 'Edit', exact: true }).isVisible(), { timeout: 15_000 }).toBe(true);
        const top = (widgetId: string) => phone.locator(`[data-widget-id="${widgetId}"]`).evaluate((element) => element.getBoundingClientRect().top);
        expect(await top(order[1] ?? '')).toBeLessThan(await top(order[0] ?? ''));
      }
      await phone.context().close();
    }
  });
});
