import axe from 'axe-core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPulse, type TestPulse } from '@pulse/server/testing/start-test-pulse.ts';
import { sendSampleWeek } from './sample-events.ts';
import { launchChromium, signIn, WEB_DIST } from './chromium.ts';

let t: TestPulse;
let browser: Browser;

beforeAll(async () => {
  t = await startTestPulse({ WEB_DIST });
  browser = await launchChromium();
  await sendSampleWeek(t);
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const SCHEMES = ['light', 'dark'] as const;
const BLOCKING = ['serious', 'critical'];

/**
 * A browser context for this test alone that may run axe. The app's CSP (`script-src 'self'`)
 * refuses the inline script addScriptTag writes; bypassing it here is the only way to inject
 * axe's source into the real page. The CSP itself is proved by the other browser tests. Reduced
 * motion: the charts are checked drawn, not half way through their entrance.
 */
async function axePage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, bypassCSP: true, reducedMotion: 'reduce' });
  return context.newPage();
}

/** One node axe found in serious or critical breach of a rule, as the test reads it. */
type Breach = { rule: string; impact: string; help: string; target: string; summary: string };


/** The serious and critical breaches axe finds in the page as it is now. */
function breaches(page: Page): Promise<Breach[]> {
  return page.evaluate(async (blocking) => {
    const results = await (window as unknown as { axe: typeof axe }).axe.run(document);
    // A run that checked nothing would pass anything.
    if (results.passes.length === 0) throw new Error('axe checked nothing');
    return results.violations
      .filter((violation) => blocking.includes(violation.impact ?? ''))
      .flatMap((violation) =>
        violation.nodes.map((node) => {
          return { rule: violation.id, impact: violation.impact ?? '', help: violation.help, target: node.target.join(' '), summary: (node.failureSummary ?? '').replace(/\s+/g, ' ') };
        }),
      );
  }, BLOCKING);
}

/** The page in light and in dark, each checked by axe: every serious or critical breach in one line, named by where. */
async function blockingViolations(page: Page, where: string): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: axe.source });
  const found: string[] = [];
  for (const colorScheme of SCHEMES) {
    await page.emulateMedia({ colorScheme });
    // The colours follow prefers-color-scheme at once; the charts redraw theirs on the next frame.
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    for (const breach of await breaches(page)) {
      found.push(`${where}, ${colorScheme}: ${breach.rule} (${breach.impact}) at ${breach.target}: ${breach.help} [${breach.summary}]`);
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  return found;
}

/** Every chart drawn (their modules load on first use): a skeleton is not what a reader meets. */
async function chartsDrawn(page: Page): Promise<void> {
  await expect.poll(() => page.locator('[data-testid="widget-chart"].skeleton').count(), { timeout: 15_000 }).toBe(0);
}

describe('accessibility (axe-core) in Chromium', () => {
  it('the dashboard, edit mode, the widget editor, the share dialog and the public page have no serious or critical violations, light and dark', async () => {
    const found: string[] = [];
    const owner = await axePage();
    await signIn(owner, t.url, 'owner@acme.test');
    await expect.poll(() => owner.getByRole('heading', { name: 'Organization overview', exact: true }).isVisible(), { timeout: 15_000 }).toBe(true);
    await expect.poll(() => owner.getByTestId('connection-state').getAttribute('data-state'), { timeout: 15_000 }).toBe('live');
    await chartsDrawn(owner);
    found.push(...(await blockingViolations(owner, 'dashboard')));

    await owner.getByRole('button', { name: 'Edit', exact: true }).click();
    await expect.poll(() => owner.getByRole('region', { name: 'Edit mode' }).isVisible(), { timeout: 15_000 }).toBe(true);
    await chartsDrawn(owner);
    found.push(...(await blockingViolations(owner, 'edit mode')));

    await owner.getByRole('button', { name: 'Add widget' }).click();
    await expect.poll(() => owner.getByRole('list', { name: 'Widget types' }).isVisible()).toBe(true);
    found.push(...(await blockingViolations(owner, 'edit mode, Add widget palette')));
    await owner.keyboard.press('Escape');

    await owner.locator('[data-action="configure"]').first().click();
    const editor = owner.getByRole('complementary', { name: 'Widget editor' });
    await expect.poll(() => editor.getByRole('heading', { name: 'Edit widget' }).isVisible(), { timeout: 15_000 }).toBe(true);
    await expect.poll(() => editor.getByRole('region', { name: 'Live preview' }).getAttribute('aria-busy'), { timeout: 15_000 }).toBe('false');
    await chartsDrawn(owner);
    found.push(...(await blockingViolations(owner, 'widget editor')));

    await editor.getByRole('button', { name: 'Close' }).click();
    await owner.getByRole('button', { name: 'Cancel', exact: true }).click();
    await expect.poll(() => owner.getByRole('button', { name: 'Share', exact: true }).isVisible(), { timeout: 15_000 }).toBe(true);
    await owner.getByRole('button', { name: 'Share', exact: true }).click();
    const dialog = owner.getByRole('dialog', { name: 'Share “Organization overview”' });
    await expect.poll(() => dialog.getByText('No working public links.').isVisible(), { timeout: 10_000 }).toBe(true);
    await dialog.getByRole('button', { name: 'Create public link' }).click();
    const field = dialog.getByRole('textbox', { name: 'Public link' });
    await expect.poll(() => field.isVisible(), { timeout: 10_000 }).toBe(true);
    found.push(...(await blockingViolations(owner, 'share dialog')));
    const link = await field.inputValue();
    await owner.context().close();

    const visitor = await axePage();
    await visitor.goto(link);
    await expect.poll(() => visitor.getByText('Shared dashboard · read-only · live').isVisible(), { timeout: 15_000 }).toBe(true);
    await chartsDrawn(visitor);
    found.push(...(await blockingViolations(visitor, 'public page')));
    await visitor.context().close();

    expect(found, found.join('\n')).toEqual([]);
  });
});
