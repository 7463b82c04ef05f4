import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postIngest } from '@pulse/server/testing/http-requests.ts';
import { startTestPulse, type TestPulse } from '@pulse/server/testing/start-test-pulse.ts';
import { launchChromium, signIn as signInAs } from './chromium.ts';

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

const metricValue = (page: Page, name: string) => page.getByLabel(name, { exact: true }).getByTestId('metric-value');

async function readCount(page: Page, name: string): Promise<number> {
  return Number((await metricValue(page, name).innerText()).replace(/[^\d]/g, ''));
}

describe('the live dashboard in Chromium', () => {
  it('a manager signs in, sees the cards, and an event sent over HTTP appears without reload', async () => {
    const page = await newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));

    await signIn(page, 'manager@acme.test');
    for (const card of ['Active users', 'API calls per minute', 'Logins last hour', 'Events today']) {
      await expect.poll(() => metricValue(page, card).isVisible(), { timeout: 15_000 }).toBe(true);
    }
    await expect.poll(() => page.getByTestId('connection-state').getAttribute('data-state'), { timeout: 15_000 }).toBe('live');
    const before = await readCount(page, 'Events today');
    // A marker on window survives only if the page is never reloaded.
    await page.evaluate(() => Object.assign(window, { pulseE2eMarker: true }));

    // An event of the manager's department: a manager's feed holds nothing else.
    const { departmentId } = (await t.services.auth.login({ email: 'manager@acme.test', password: 'pulse-demo' })).user;
    const event = { id: crypto.randomUUID(), type: 'USER_LOGIN', userId: 'e2e-browser-user', departmentId, occurredAt: new Date().toISOString(), properties: { method: 'sso' } };
    const sent = await postIngest(t.url, 'pk_demo_acme', { events: [event] });
    expect(sent.status).toBe(202);

    const feed = page.getByRole('list', { name: 'Activity feed' });
    await expect.poll(() => feed.locator(`[data-event-id="${event.id}"]`).count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => readCount(page, 'Events today'), { timeout: 15_000 }).toBe(before + 1);
    expect(await page.evaluate(() => 'pulseE2eMarker' in window)).toBe(true);

    mkdirSync(screenshots, { recursive: true });
    await page.screenshot({ path: join(screenshots, 'dashboard-manager.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
    await page.context().close();
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

    mkdirSync(screenshots, { recursive: true });
    await page.screenshot({ path: join(screenshots, 'audit-owner.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
    await page.context().close();
  });

  it('the audit log is readable in dark mode', async () => {
    const page = await newPage({ colorScheme: 'dark' });
    await signIn(page, 'owner@acme.test');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit log' }).click();
    await expect.poll(() => page.getByRole('table', { name: 'Audit entries' }).getByRole('row').count(), { timeout: 15_000 }).toBeGreaterThan(1);
    mkdirSync(screenshots, { recursive: true });
    await page.screenshot({ path: join(screenshots, 'audit-owner-dark.png'), fullPage: true });
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

  it('the dashboard signs in, goes live over the WebSocket and draws its charts without a single violation', async () => {
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
    // ECharts loads lazily and draws onto a canvas.
    await expect.poll(() => page.locator('canvas').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    // Hovering a chart shows ECharts' tooltip, whose markup carries style attributes.
    const chart = page.locator('canvas').first();
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
