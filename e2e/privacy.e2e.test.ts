import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPulse, type TestPulse } from '@pulse/server/testing/start-test-pulse.ts';
import { launchChromium, SCREENSHOTS as screenshots, signIn, WEB_DIST } from './chromium.ts';

let t: TestPulse;
let browser: Browser;
beforeAll(async () => {
  [t, browser] = await Promise.all([startTestPulse({ WEB_DIST }), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function newPage(options: { colorScheme?: 'light' | 'dark'; width?: number } = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: options.width ?? 1280, height: 900 }, colorScheme: options.colorScheme ?? 'light' });
  return context.newPage();
}

async function openPrivacy(page: Page): Promise<void> {
  await signIn(page, t.url, 'owner@acme.test');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Privacy' }).click();
  await expect.poll(() => page.getByRole('form', { name: 'Masking policy' }).isVisible(), { timeout: 15_000 }).toBe(true);
}

describe('the privacy screen in Chromium', () => {
  it('the owner turns off pseudonymization by keyboard, saves, and the audit log lists the change', async () => {
    const page = await newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await openPrivacy(page);

    const pseudonymize = page.getByRole('checkbox', { name: /Pseudonymize user ids/ });
    expect(await pseudonymize.isChecked()).toBe(true);
    await pseudonymize.focus();
    await page.keyboard.press('Space');
    expect(await pseudonymize.isChecked()).toBe(false);
    await page.getByRole('button', { name: 'Save policy' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('status').filter({ hasText: /^Saved\./ }).isVisible(), { timeout: 15_000 }).toBe(true);
    mkdirSync(screenshots, { recursive: true });
    await page.screenshot({ path: join(screenshots, 'privacy-owner.png'), fullPage: true });

    await page.getByRole('link', { name: 'See every change in the audit log' }).click();
    await expect.poll(() => new URL(page.url()).hash).toBe('#/audit?action=privacy.policy.updated');
    const change = page.getByRole('table', { name: 'Audit entries' }).getByRole('row').filter({ hasText: 'privacy.policy.updated' });
    await expect.poll(() => change.count(), { timeout: 15_000 }).toBe(1);
    expect(await change.innerText()).toContain('owner@acme.test');
    expect(pageErrors).toEqual([]);
    await page.context().close();
  });

  it('fits a 360 px wide screen, light and dark', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const page = await newPage({ colorScheme, width: 360 });
      await openPrivacy(page);
      // Nothing wider than the screen: no sideways scrolling.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
      await page.screenshot({ path: join(screenshots, `privacy-owner-360-${colorScheme}.png`), fullPage: true });
      await page.context().close();
    }
  });
});
