import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** The SPA that `npm test` built (turbo build runs before the tests), for the real server to serve. */
export const WEB_DIST = join(root, 'apps/web/dist');
/** Where browser tests save their screenshots (ignored by git). */
export const SCREENSHOTS = join(root, 'test-results');

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Headless Chromium as every browser test runs it: no sandbox (root in CI), nothing phoning home. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Signs in on the sign-in page with the demo password. */
export async function signIn(page: Page, url: string, email: string): Promise<void> {
  await page.goto(url);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('pulse-demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** A widget on a dashboard: the region its title names (what every WidgetView renders). */
export const widget = (page: Page, title: string) => page.getByRole('region', { name: title, exact: true });

/** The number a metric card shows (0 while it shows its empty state), null while it loads. */
export async function cardNumber(page: Page, title: string): Promise<number | null> {
  const region = widget(page, title);
  if ((await region.getByTestId('widget-empty').count()) > 0) return 0;
  const value = region.getByTestId('widget-value');
  if ((await value.count()) === 0) return null;
  const match = /\d[\d,]*/.exec(await value.innerText());
  return match ? Number(match[0].replace(/,/g, '')) : null;
}
