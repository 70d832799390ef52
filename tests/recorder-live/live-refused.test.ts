/**
 * A page the server refuses (its origin is not among the site's allowed
 * origins, e.g. a second server process's address): pressing Get help must
 * not end in silence. After a few seconds of "Connecting…" the customer is
 * told in words that help cannot be reached; the server logs why at warn.
 */
import { mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../db/client.ts';
import { launchChromium } from '../helpers/browser.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { startPageServer, type PageServer } from '../recorder/page-server.ts';
import { shopPage } from './live-pages.ts';

const ARTIFACTS = 'tests/.artifacts/recorder-live';

describe('live help from a page the server refuses', () => {
  let database: Database;
  let t: TestServer;
  let pages: PageServer;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    database = await openDatabase({});
    t = await startTestServer({ database });
    pages = await startPageServer();
    // The site allows another origin only: this page's requests are refused (403 origin_not_allowed).
    const site = await t.createSite({ name: 'Elsewhere', allowedOrigins: ['https://elsewhere.example'] });
    pages.set('/shop.html', shopPage(t.url, site.siteKey));
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await pages?.close();
    await t?.close();
    await database?.close();
  });

  it('tells the customer in words that help cannot be reached, and keeps Cancel', async () => {
    const page = await browser.newPage({ viewport: { width: 1100, height: 700 } });
    const warnings: string[] = [];
    page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
    await page.goto(`${pages.url}/shop.html`);
    await page.getByRole('button', { name: 'Get help' }).click();
    await page.locator('cobrowse-recorder').getByText('Connecting…').waitFor();
    const alert = page.locator('cobrowse-recorder').getByRole('alert');
    await expect.poll(() => alert.textContent(), { timeout: 20_000 }).toContain('Live help cannot be reached from this page right now.');
    expect(warnings.some((w) => w.includes('live help: the server cannot be reached or refuses this page'))).toBe(true);
    await page.screenshot({ path: `${ARTIFACTS}/refused.png` });
    await page.getByRole('button', { name: 'Cancel help' }).click();
    await page.getByRole('button', { name: 'Get help' }).waitFor();
    await page.close();
  });
});
