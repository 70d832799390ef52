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
    // NOTE: past ~135 operations Swagger UI renders only the operations near the viewport (more as one scrolls).
    const sitesPatch = page.locator('.opblock-patch .opblock-summary', { hasText: '/api/sites/{id}' }).first();
    for (let steps = 0; (await sitesPatch.count()) === 0 && steps < 40; steps++) {
      await page.mouse.wheel(0, 200);
      await page.waitForTimeout(150);
    }
    // Open one operation: its permission and error answers are shown.
    await sitesPatch.click();
    await page.getByText('sites.manage').first().waitFor();
    await page.screenshot({ path: `${ARTIFACTS}/docs-${name}.png`, caret: 'initial' });

    // Every operation of the document is shown somewhere on the page: looked for by scrolling the whole of it.
    const doc = (await (await fetch(`${t.url}/api/openapi.json`)).json()) as { paths: Record<string, object> };
    const operations = Object.values(doc.paths).reduce((n, item) => n + Object.keys(item).length, 0);
    const seen = new Set<string>();
    await page.mouse.wheel(0, -1_000_000);
    // At the bottom three times running: the page may still grow as the last tags render.
    for (let bottoms = 0, steps = 0; bottoms < 3 && steps < 600; steps++) {
      await page.waitForTimeout(150);
      const shown = await page.locator('.opblock').evaluateAll((els) =>
        els.map((e) => {
          const path = e.querySelector('.opblock-summary-path');
          return `${e.querySelector('.opblock-summary-method')?.textContent} ${path?.getAttribute('data-path') ?? path?.textContent}`;
        }),
      );
      // An operation with two tags is shown under each: counted once.
      for (const op of shown) seen.add(op);
      const atBottom = await page.evaluate(() => window.scrollY + window.innerHeight >= document.body.scrollHeight - 2);
      bottoms = atBottom ? bottoms + 1 : 0;
      await page.mouse.wheel(0, viewport.height / 3);
    }
    const documented = Object.entries(doc.paths).flatMap(([path, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${path}`));
    expect(documented.filter((op) => !seen.has(op))).toEqual([]);
    expect(seen.size).toBe(operations);
    expect(seen.size).toBeGreaterThan(50);

    expect(problems).toEqual([]);
    expect(foreign).toEqual([]);
    await context.close();
  });
});
