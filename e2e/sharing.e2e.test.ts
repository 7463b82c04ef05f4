import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSql } from '@pulse/db';
import { postIngest } from '@pulse/server/testing/http-requests.ts';
import { startTestPulse, type TestPulse } from '@pulse/server/testing/start-test-pulse.ts';
import { cardNumber, launchChromium, SCREENSHOTS, signIn, WEB_DIST, widget } from './chromium.ts';

let t: TestPulse;
let browser: Browser;

beforeAll(async () => {
  t = await startTestPulse({ WEB_DIST });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, name) });
}

/** A file the page downloads when `click` runs: its name and bytes. */
async function download(page: Page, click: () => Promise<void>): Promise<{ name: string; bytes: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent('download'), click()]);
  return { name: file.suggestedFilename(), bytes: readFileSync(await file.path()) };
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const IPV4 = /\b(?:\d{1,3}\.){3}\d{1,3}\b/;

describe('sharing a dashboard in Chromium', () => {
  it('the owner shares by public link; a fresh browser sees it live without personal data; revoking ends it at once; exports match the screen', async () => {
    // --- the owner shares their dashboard ---
    const owner = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    const ownerErrors: string[] = [];
    owner.on('pageerror', (error) => ownerErrors.push(error.message));
    await signIn(owner, t.url, 'owner@acme.test');
    await expect.poll(() => owner.getByRole('heading', { name: 'Organization overview', exact: true }).isVisible(), { timeout: 15_000 }).toBe(true);
    await owner.getByRole('button', { name: 'Share', exact: true }).click();
    const dialog = owner.getByRole('dialog', { name: 'Share “Organization overview”' });
    await expect.poll(() => dialog.getByText('No working public links.').isVisible(), { timeout: 10_000 }).toBe(true);
    await dialog.getByRole('button', { name: 'Create public link' }).click();
    const field = dialog.getByRole('textbox', { name: 'Public link' });
    await expect.poll(() => field.isVisible(), { timeout: 10_000 }).toBe(true);
    const link = await field.inputValue();
    expect(link).toMatch(new RegExp(`^${t.url}/public/dashboards/[A-Za-z0-9_-]{43}$`));

    for (const [scheme, width, height] of [
      ['light', 1440, 900],
      ['dark', 1440, 900],
      ['light', 390, 844],
      ['dark', 390, 844],
    ] as const) {
      await owner.emulateMedia({ colorScheme: scheme });
      await owner.setViewportSize({ width, height });
      await screenshot(owner, `share-dialog-${scheme}-${width}.png`);
    }
    await owner.emulateMedia({ colorScheme: 'light' });
    await owner.setViewportSize({ width: 1440, height: 900 });
    await owner.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
    // Focus went back to the button that opened the dialog.
    expect(await owner.evaluate(() => document.activeElement?.textContent)).toBe('Share');

    // --- someone without an account opens the link ---
    const visitorContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const visitor = await visitorContext.newPage();
    const visitorErrors: string[] = [];
    visitor.on('pageerror', (error) => visitorErrors.push(error.message));
    const answers: string[] = [];
    visitor.on('response', (response) => {
      if (new URL(response.url()).pathname.startsWith('/trpc')) void response.text().then((body) => answers.push(body), () => undefined);
    });
    visitor.on('websocket', (socket) => socket.on('framereceived', ({ payload }) => answers.push(String(payload))));
    await visitor.goto(link);
    await expect.poll(() => visitor.getByText('Shared dashboard · read-only · live').isVisible(), { timeout: 15_000 }).toBe(true);
    await expect.poll(() => visitor.getByRole('heading', { name: 'Organization overview', level: 1 }).isVisible(), { timeout: 15_000 }).toBe(true);
    await expect.poll(() => visitor.getByTestId('connection-state').getAttribute('data-state'), { timeout: 15_000 }).toBe('live');
    await expect.poll(() => cardNumber(visitor, 'Logins in the last hour'), { timeout: 15_000 }).not.toBeNull();
    const before = (await cardNumber(visitor, 'Logins in the last hour')) ?? 0;

    // Logins with personal details: none of them may reach the visitor.
    const logins = [1, 2, 3].map((n) => ({
      id: crypto.randomUUID(),
      type: 'USER_LOGIN',
      userId: `share-e2e-person-${n}`,
      occurredAt: new Date().toISOString(),
      properties: { method: 'password', ipAddress: `203.0.113.${n}`, userAgent: 'ShareE2E/1.0 (personal agent)' },
    }));
    expect((await postIngest(t.url, 'pk_demo_acme', { events: logins })).status).toBe(202);
    await expect.poll(() => cardNumber(owner, 'Logins in the last hour'), { timeout: 15_000 }).toBe(before + 3);
    await expect.poll(() => cardNumber(visitor, 'Logins in the last hour'), { timeout: 15_000 }).toBe(before + 3);
    // The charts drawn (their modules load on first use), then the picture.
    await expect.poll(() => visitor.locator('[data-testid="widget-chart"].skeleton').count(), { timeout: 15_000 }).toBe(0);
    await screenshot(visitor, 'public-dashboard.png');
    await visitor.emulateMedia({ colorScheme: 'dark' });
    await visitor.setViewportSize({ width: 390, height: 844 });
    // One column on a phone: nothing wider than the screen.
    expect(await visitor.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(visitor, 'public-dashboard-dark-390.png');

    // Nobody's name, email, user id, address or agent in the page or in anything it was answered.
    const people = await runSql<{ id: string; email: string; name: string }>(t.pulse.orm.em.fork(), 'SELECT id::text AS id, email, name FROM users', []);
    const page = await visitor.content();
    const everything = [page, ...answers].join('\n');
    expect(answers.length).toBeGreaterThan(2);
    for (const person of people) {
      expect(everything).not.toContain(person.id);
      expect(everything).not.toContain(person.email);
      expect(everything).not.toContain(person.name);
    }
    expect(everything).not.toContain('share-e2e-person');
    expect(everything).not.toContain('ShareE2E');
    expect(everything).not.toMatch(/[\w.+-]+@[\w-]+\.test/);
    for (const text of [...answers, await visitor.locator('body').innerText()]) expect(text).not.toMatch(IPV4);
    expect(await visitor.getByLabel('Password').count()).toBe(0);

    // --- the owner's exports equal what the widget shows ---
    const loginsCard = widget(owner, 'Logins in the last hour');
    await loginsCard.getByRole('button', { name: 'Export Logins in the last hour' }).click();
    const csv = await download(owner, () => loginsCard.getByRole('button', { name: 'Download CSV' }).click());
    expect(csv.name).toMatch(/^logins-in-the-last-hour.*\.csv$/);
    const rows = csv.bytes.toString('utf8').trim().split(/\r?\n/);
    expect(rows[0]).toBe('value');
    expect(rows.slice(1).map(Number)).toEqual([before + 3]);

    const byType = widget(owner, 'Events by type today');
    await byType.getByRole('button', { name: 'Show numbers' }).click();
    const shown = await byType.getByRole('table').locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('th, td')].map((cell) => cell.textContent?.trim() ?? '')));
    await byType.getByRole('button', { name: 'Export Events by type today' }).click();
    const typeCsv = await download(owner, () => byType.getByRole('button', { name: 'Download CSV' }).click());
    const [header, ...lines] = typeCsv.bytes.toString('utf8').trim().split(/\r?\n/);
    expect(header).toBe('key,label,value');
    const fromCsv = lines.map((line) => line.split(',')).map(([, label, value]) => [label ?? '', Number(value).toLocaleString('en-US')]);
    expect(fromCsv).toEqual(shown);
    expect(fromCsv.length).toBeGreaterThan(0);

    await byType.getByRole('button', { name: 'Export Events by type today' }).click();
    const chartPng = await download(owner, () => byType.getByRole('button', { name: 'Download PNG' }).click());
    expect(chartPng.name).toBe('events-by-type-today.png');
    expect(chartPng.bytes.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    await owner.getByRole('button', { name: 'Export or import' }).click();
    const pagePng = await download(owner, () => owner.getByRole('button', { name: 'Download PNG' }).click());
    expect(pagePng.name).toBe('organization-overview.png');
    expect(pagePng.bytes.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    // Every export is in the audit log: the CSV as the server answered it, the PNGs as the browser drew them.
    const exports = await runSql<{ action: string; format: string }>(t.pulse.orm.em.fork(), `SELECT action, details->>'format' AS format FROM audit_logs WHERE action IN ('widget.exported', 'dashboard.exported') ORDER BY created_at`, []);
    expect(exports.filter((entry) => entry.format === 'png').map((entry) => entry.action)).toEqual(['widget.exported', 'dashboard.exported']);
    // Kept beside the screenshots, to be looked at.
    writeFileSync(join(SCREENSHOTS, 'export-widget.png'), chartPng.bytes);
    writeFileSync(join(SCREENSHOTS, 'export-dashboard.png'), pagePng.bytes);

    // --- revoking ends the visitor's access at once ---
    await owner.getByRole('button', { name: 'Share', exact: true }).click();
    const working = dialog.getByRole('list', { name: 'Working public links' });
    await working.getByRole('button', { name: 'Revoke' }).click();
    await working.getByRole('button', { name: 'Yes, revoke' }).click();
    await expect.poll(() => dialog.getByText('No working public links.').isVisible(), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => visitor.getByRole('heading', { name: 'This link no longer works' }).isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await widget(visitor, 'Logins in the last hour').count()).toBe(0);
    await visitor.reload();
    await expect.poll(() => visitor.getByRole('heading', { name: 'This link no longer works' }).isVisible(), { timeout: 15_000 }).toBe(true);

    expect(ownerErrors).toEqual([]);
    expect(visitorErrors).toEqual([]);
    await visitorContext.close();
    await owner.context().close();
  });
});
