import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPulse, type TestPulse } from '@pulse/server/testing/start-test-pulse.ts';
import { launchChromium, signIn } from './chromium.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

let t: TestPulse;
let browser: Browser;

beforeAll(async () => {
  t = await startTestPulse({ WEB_DIST: join(root, 'apps/web/dist') });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('the session in Chromium', () => {
  it('keeps no token where script can read it, the refresh cookie is HttpOnly, and a reload stays signed in', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));

    await signIn(page, t.url, 'manager@acme.test');
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
