import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postIngest } from '@pulse/server/testing/http-requests.ts';
import { startTestPulse, type TestPulse } from '@pulse/server/testing/start-test-pulse.ts';
import { cardNumber, launchChromium, signIn as signInAs, widget } from './chromium.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const screenshots = join(root, 'test-results');

let t: TestPulse;
let browser: Browser;

beforeAll(async () => {
  // The real server serving the SPA that `npm test` built (turbo build runs before the tests).
  t = await startTestPulse({ WEB_DIST: join(root, 'apps/web/dist') });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const signIn = (page: Page, email: string) => signInAs(page, t.url, email);

/** Each test in a fresh context: its own storage, so no session leaks from one to the next. */
async function newPage(options: { colorScheme?: 'light' | 'dark' } = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  return context.newPage();
}

async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshots, { recursive: true });
  await page.screenshot({ path: join(screenshots, name), fullPage: true });
}

describe('the live dashboard in Chromium', () => {
  it("each role lands on its own default dashboard", async () => {
    for (const [email, name, title] of [
      ['owner@acme.test', 'Organization overview', 'Events by branch, last 24 hours'],
      ['leader@acme.test', 'Branch overview', 'Events by department, last 24 hours'],
      ['manager@acme.test', 'Department overview', 'Events by person, last 24 hours'],
    ] as const) {
      const page = await newPage();
      await signIn(page, email);
      await expect.poll(() => page.getByRole('heading', { name, exact: true }).isVisible(), { timeout: 15_000 }).toBe(true);
      await expect.poll(() => widget(page, title).isVisible(), { timeout: 15_000 }).toBe(true);
      await page.context().close();
    }
  });

  it('an owner sees the widgets, and events sent over HTTP move a number without reload', async () => {
    const page = await newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));

    await signIn(page, 'owner@acme.test');
    for (const title of ['Active users (5 min)', 'API calls per minute', 'Logins in the last hour', 'Events per minute', 'Most active users today']) {
      await expect.poll(() => widget(page, title).isVisible(), { timeout: 15_000 }).toBe(true);
    }
    await expect.poll(() => page.getByTestId('connection-state').getAttribute('data-state'), { timeout: 15_000 }).toBe('live');
    await expect.poll(() => cardNumber(page, 'Logins in the last hour'), { timeout: 15_000 }).not.toBeNull();
    const before = (await cardNumber(page, 'Logins in the last hour')) ?? 0;
    // A marker on window survives only if the page is never reloaded.
    await page.evaluate(() => Object.assign(window, { pulseE2eMarker: true }));

    const logins = [1, 2, 3].map((n) => ({ id: crypto.randomUUID(), type: 'USER_LOGIN', userId: `e2e-browser-user-${n}`, occurredAt: new Date().toISOString(), properties: { method: 'sso' } }));
    const sent = await postIngest(t.url, 'pk_demo_acme', { events: logins });
    expect(sent.status).toBe(202);

    await expect.poll(() => cardNumber(page, 'Logins in the last hour'), { timeout: 15_000 }).toBe(before + 3);
    expect(await page.evaluate(() => 'pulseE2eMarker' in window)).toBe(true);
    await screenshot(page, 'dashboard-owner.png');
    expect(pageErrors).toEqual([]);
    await page.context().close();
  });

  it('the switcher opens another dashboard, kept in the address across a reload', async () => {
    const page = await newPage();
    await signIn(page, 'owner@acme.test');
    await expect.poll(() => page.getByRole('heading', { name: 'Organization overview', exact: true }).isVisible(), { timeout: 15_000 }).toBe(true);
    const switcher = page.getByRole('combobox', { name: 'Dashboard' });
    await expect.poll(() => switcher.getByRole('option', { name: 'Department overview' }).count(), { timeout: 15_000 }).toBe(1);
    await switcher.selectOption({ label: 'Department overview' });
    await expect.poll(() => widget(page, 'Events by person, last 24 hours').isVisible(), { timeout: 15_000 }).toBe(true);
    await expect.poll(() => new URL(page.url()).hash).toMatch(/^#\/\?dashboard=[0-9a-f-]{36}$/);

    await page.reload();
    await expect.poll(() => page.getByRole('heading', { name: 'Department overview', exact: true }).isVisible(), { timeout: 15_000 }).toBe(true);
    await expect.poll(() => widget(page, 'Events by person, last 24 hours').isVisible(), { timeout: 15_000 }).toBe(true);
    await page.context().close();
  });

  it('the dashboard is readable in dark mode and 360 px wide', async () => {
    const dark = await newPage({ colorScheme: 'dark' });
    await signIn(dark, 'manager@acme.test');
    await expect.poll(() => widget(dark, 'Logins in the last hour').isVisible(), { timeout: 15_000 }).toBe(true);
    await screenshot(dark, 'dashboard-manager-dark.png');
    await dark.context().close();

    const phone = await browser.newPage({ viewport: { width: 360, height: 780 } });
    await signIn(phone, 'manager@acme.test');
    await expect.poll(() => widget(phone, 'Logins in the last hour').isVisible(), { timeout: 15_000 }).toBe(true);
    // One column: nothing wider than the screen, once the charts have taken their cards' width.
    // What sticks out, by name, so a failure says where to look.
    const overflow = () =>
      phone.evaluate(() => {
        const width = document.documentElement.scrollWidth;
        if (width <= 360) return [];
        const wide = [...document.querySelectorAll('body *')].filter((element) => element.getBoundingClientRect().right > 360.5);
        return [`page ${width} px wide`, ...wide.slice(0, 10).map((element) => `${element.tagName.toLowerCase()}.${String(element.getAttribute('class'))} to ${Math.round(element.getBoundingClientRect().right)} px`)];
      });
    await expect.poll(overflow, { timeout: 10_000 }).toEqual([]);
    await screenshot(phone, 'dashboard-manager-360.png');
    await phone.context().close();
  });

  it('a wrong password is explained and nothing else happens', async () => {
    const page = await newPage();
    await page.goto(t.url);
    await page.getByLabel('Email').fill('manager@acme.test');
    await page.getByLabel('Password').fill('wrong');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByText('Wrong email or password').isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await page.getByTestId('connection-state').count()).toBe(0);
    await page.context().close();
  });

  it('an owner reads the audit log, finds their own sign-in and exports it as CSV', async () => {
    const page = await newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await signIn(page, 'owner@acme.test');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit log' }).click();
    const entries = page.getByRole('table', { name: 'Audit entries' });
    const ownSignIn = entries.getByRole('row').filter({ hasText: 'auth.login' }).filter({ has: page.getByRole('button', { name: 'owner@acme.test' }) });
    await expect.poll(() => ownSignIn.count(), { timeout: 15_000 }).toBeGreaterThan(0);

    // Only the owner's entries, kept in the address.
    await ownSignIn.first().getByRole('button', { name: 'owner@acme.test' }).click();
    await expect.poll(() => new URL(page.url()).hash).toMatch(/^#\/audit\?actor=/);
    await expect.poll(() => entries.getByRole('button', { name: 'manager@acme.test' }).count(), { timeout: 15_000 }).toBe(0);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^pulse-audit-.*\.csv$/);
    const csv = readFileSync(await download.path(), 'utf8');
    expect(csv).toContain('auth.login');
    expect(csv).toContain('owner@acme.test');
    expect(csv).not.toContain('manager@acme.test');
    await expect.poll(() => page.getByRole('status').filter({ hasText: /^Exported \d+ entr(y|ies) as pulse-audit-/ }).isVisible(), { timeout: 10_000 }).toBe(true);

    await screenshot(page, 'audit-owner.png');
    expect(pageErrors).toEqual([]);
    await page.context().close();
  });

  it('the audit log is readable in dark mode', async () => {
    const page = await newPage({ colorScheme: 'dark' });
    await signIn(page, 'owner@acme.test');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit log' }).click();
    await expect.poll(() => page.getByRole('table', { name: 'Audit entries' }).getByRole('row').count(), { timeout: 15_000 }).toBeGreaterThan(1);
    await screenshot(page, 'audit-owner-dark.png');
    await page.context().close();
  });

  it('signing out returns to the sign-in page', async () => {
    const page = await newPage();
    await signIn(page, 'owner@globex.test');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Sign in' }).isVisible(), { timeout: 10_000 }).toBe(true);
    await page.context().close();
  });
});

describe('the Content-Security-Policy in Chromium', () => {
  it('the built index.html has no inline script', async () => {
    const html = await (await fetch(t.url)).text();
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) {
      expect(attributes).toMatch(/\bsrc=/);
      expect(body?.trim()).toBe('');
    }
  });

  it("the owner's dashboard signs in, goes live over the WebSocket and draws its charts without a single violation", async () => {
    const page = await newPage();
    const violations: string[] = [];
    await page.exposeFunction('reportCspViolation', (text: string) => violations.push(text));
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) => {
        const report = (window as unknown as { reportCspViolation(text: string): void }).reportCspViolation;
        report(`${event.effectiveDirective} blocked ${event.blockedURI || 'inline'} at ${event.sourceFile}:${event.lineNumber}`);
      });
    });
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    const response = await page.goto(t.url);
    expect(response?.headers()['content-security-policy']).toMatch(/script-src 'self'/);
    await signIn(page, 'owner@acme.test');
    await expect.poll(() => page.getByTestId('connection-state').getAttribute('data-state'), { timeout: 15_000 }).toBe('live');
    // ECharts loads lazily (one chunk per chart type) and draws SVG.
    const charts = page.getByTestId('widget-chart').locator('svg');
    await expect.poll(() => charts.count(), { timeout: 15_000 }).toBeGreaterThan(0);
    // Hovering a chart shows ECharts' tooltip, whose markup carries style attributes.
    const chart = charts.first();
    const box = await chart.boundingBox();
    if (box) {
      for (const x of [0.3, 0.5, 0.7, 0.9]) await page.mouse.move(box.x + box.width * x, box.y + box.height * 0.5);
    }
    await page.waitForTimeout(500);
    expect(violations).toEqual([]);
    await page.context().close();
  });
});

describe('the session in Chromium', () => {
  it('keeps no token where script can read it, the refresh cookie is HttpOnly, and a reload stays signed in', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));

    await signIn(page, 'manager@acme.test');
    await expect.poll(() => page.getByRole('button', { name: 'Sign out' }).isVisible(), { timeout: 15_000 }).toBe(true);

    // Everything script in the page can read: both storages and document.cookie.
    const readable = () =>
      page.evaluate(() => {
        const all = (storage: Storage) => Object.keys(storage).map((key) => `${key}=${storage.getItem(key) ?? ''}`);
        return { storage: [...all(localStorage), ...all(sessionStorage)].join('\n'), cookie: document.cookie };
      });
    const seen = await readable();
    expect(seen.storage).toContain('manager@acme.test');
    // A JWT is three base64url parts starting with the encoded '{"': none is readable.
    expect(seen.storage).not.toMatch(/eyJ[\w-]+\.[\w-]+\.[\w-]+/);
    expect(seen.storage.toLowerCase()).not.toContain('token');
    expect(seen.cookie).toBe('');

    const cookies = await context.cookies();
    const refresh = cookies.find((cookie) => cookie.name === 'pulse_refresh');
    expect(refresh).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/api/session' });
    expect(refresh?.value).toMatch(/^eyJ/);

    await page.reload();
    await expect.poll(() => page.getByRole('button', { name: 'Sign out' }).isVisible(), { timeout: 15_000 }).toBe(true);
    await expect.poll(() => page.getByTestId('connection-state').getAttribute('data-state'), { timeout: 15_000 }).toBe('live');
    // The reload rotated the cookie, and still nothing readable holds a token.
    const rotated = (await context.cookies()).find((cookie) => cookie.name === 'pulse_refresh');
    expect(rotated?.value).not.toBe(refresh?.value);
    expect((await readable()).storage).not.toMatch(/eyJ[\w-]+\.[\w-]+\.[\w-]+/);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Sign in' }).isVisible(), { timeout: 10_000 }).toBe(true);
    await expect.poll(async () => (await context.cookies()).some((cookie) => cookie.name === 'pulse_refresh'), { timeout: 10_000 }).toBe(false);
    await page.reload();
    await expect.poll(() => page.getByRole('button', { name: 'Sign in' }).isVisible(), { timeout: 10_000 }).toBe(true);
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});
