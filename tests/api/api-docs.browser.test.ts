/**
 * `/api/docs` in Chromium: the viewer loads from our own origin only (no
 * CDN: the page works offline), runs under the server's CSP without a single
 * violation, and shows the operations of /api/openapi.json with their
 * permission. Screenshots at 1280×800 and 390×844 in tests/.artifacts/api.
 */
import { mkdir } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../db/client.ts';
import { launchChromium } from '../helpers/browser.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

const ARTIFACTS = 'tests/.artifacts/api';

describe('the API docs page', () => {
  let database: Database;
  let t: TestServer;
  let browser: Browser;
  beforeAll(async () => {
    database = await openDatabase({});
    t = await startTestServer({ database });
    browser = await launchChromium();
    await mkdir(ARTIFACTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await database?.close();
  });

  it.each([
    ['desktop', { width: 1280, height: 800 }],
    ['phone', { width: 390, height: 844 }],
  ] as const)('renders every operation offline, under the CSP (%s)', async (name, viewport) => {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    const problems: string[] = [];
    const foreign: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) problems.push(m.text());
    });
    page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
    page.on('request', (req) => {
      if (!req.url().startsWith(t.url) && !req.url().startsWith('data:')) foreign.push(req.url());
    });
    await page.exposeFunction('reportViolation', (v: string) => problems.push(v));
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) =>
        (window as unknown as { reportViolation(v: string): void }).reportViolation(`${e.violatedDirective} ${e.blockedURI}`),
      );
    });

    await page.goto(`${t.url}/api/docs`);
    await page.getByText('Cobrowse API').first().waitFor();
    await page.locator('.opblock-summary-path', { hasText: '/api/sites/{id}' }).first().waitFor();
    expect(await page.locator('.opblock').count()).toBeGreaterThan(50);

    // Open one operation: its permission and error answers are shown.
    await page.locator('.opblock-patch .opblock-summary', { hasText: '/api/sites/{id}' }).first().click();
    await page.getByText('sites.manage').first().waitFor();
    await page.screenshot({ path: `${ARTIFACTS}/docs-${name}.png`, caret: 'initial' });

    expect(problems).toEqual([]);
    expect(foreign).toEqual([]);
    await context.close();
  });
});
