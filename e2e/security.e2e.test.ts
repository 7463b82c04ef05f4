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
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
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
    await signIn(page, t.url, 'owner@acme.test');
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
    await context.close();
  });
});
