/**
 * recorder.js holds only what recording needs; live help, calls, "Ask for
 * help" and video are chunks it imports from the same server when first used.
 * In real Chromium against the real server, a page on another origin with
 * `<cobrowse-recorder help-button ask-button>`: until a button is pressed the
 * page has fetched recorder.js and nothing else from us (both buttons are
 * there all the same); Ask for help then fetches the ask chunk and sends a
 * question end to end; Get help fetches the live chunk and an advisor sees the
 * page; a reload rejoins live help by itself (fetching the live chunk without
 * a click); a call's media (mediasoup-client) is never fetched, as no call
 * started.
 */
import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../db/client.ts';
import type { Site } from '../../protocol/api.ts';
import type { CaseDetail } from '../../protocol/cases.ts';
import { launchChromium } from '../helpers/browser.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { connectAdvisor, type AdvisorClient } from '../live/live-client.ts';
import { askPage } from '../recorder-ask/ask-pages.ts';
import { startPageServer, type PageServer } from './page-server.ts';

const ARTIFACTS = 'tests/.artifacts/recorder-lazy';

describe('the recorder fetches live help, calls, Ask and video only when used', () => {
  let database: Database;
  let t: TestServer;
  let site: Site;
  let pages: PageServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let alice: AdvisorClient | undefined;
  /** Paths of every script the page fetched from the cobrowse server, in order. */
  const fetched: string[] = [];
  const logs: string[] = [];

  const recorder = () => page.locator('cobrowse-recorder');
  /** `recorder.js`, and each chunk by the name before its hash (`live-module`, `ask-module`, …). */
  const fetchedNames = () => fetched.map((path) => path.replace(/^\/(recorder-chunks\/)?/, '').replace(/-[\w-]{8}\.js$/, ''));

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    database = await openDatabase({});
    t = await startTestServer({ database, liveGraceMs: 10_000 });
    pages = await startPageServer();
    site = await t.createSite({ name: 'Garden shop', allowedOrigins: [pages.url] });
    pages.set('/shop.html', askPage(t.url, site.siteKey));
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    page = await context.newPage();
    page.on('request', (req) => {
      const url = new URL(req.url());
      if (url.origin === t.url && req.resourceType() === 'script') fetched.push(url.pathname);
    });
    page.on('console', (m) => logs.push(`${m.type()}: ${m.text()}`));
    page.on('pageerror', (e) => logs.push(`pageerror: ${e.message}`));
  });

  afterAll(async () => {
    alice?.close();
    await browser?.close();
    await pages?.close();
    await t?.close();
    await database?.close();
  });

  it('records with recorder.js alone, its Get help and Ask for help buttons shown', async () => {
    await page.goto(`${pages.url}/shop.html`);
    await expect.poll(() => recorder().evaluate((el: any) => el.sessionId ?? null), { timeout: 15_000 }).toMatch(/^[0-9a-f-]{36}$/);
    await page.locator('#inc').click();
    await page.getByRole('button', { name: 'Get help' }).waitFor();
    await page.getByRole('button', { name: 'Ask for help' }).waitFor();
    await page.screenshot({ path: `${ARTIFACTS}/0-launchers-1280.png` });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: `${ARTIFACTS}/0-launchers-390.png` });
    await page.setViewportSize({ width: 1280, height: 800 });
    // Idle time for any eager fetch to show up.
    await page.waitForTimeout(1_000);
    expect(fetchedNames()).toEqual(['recorder.js']);
    // What the element says about the customer's questions needs no chunk either.
    expect(await recorder().evaluate((el: any) => el.cases)).toEqual([]);
    expect(fetchedNames()).toEqual(['recorder.js']);
  });

  it('fetches the Ask chunk when Ask for help is pressed, and the question reaches the server', async () => {
    await page.getByRole('button', { name: 'Ask for help' }).click();
    const form = page.getByRole('dialog', { name: 'Ask for help' });
    await form.waitFor();
    expect(fetchedNames()).toEqual(['recorder.js', 'ask-module']);
    await form.getByLabel('Your question').fill('Where is my order?');
    await form.getByRole('button', { name: 'Send question' }).click();
    const link = page.getByLabel('Your private link');
    await expect.poll(() => link.inputValue().catch(() => ''), { timeout: 20_000 }).toMatch(new RegExp(`^${t.url}/c/`));
    const created = (await page.evaluate(() => (window as any).created)) as { caseId: string }[];
    expect(created).toHaveLength(1);
    const detail = (await (await t.api(`/api/cases/${created[0]!.caseId}`)).json()) as CaseDetail;
    expect(detail.question).toBe('Where is my order?');
    await page.getByRole('button', { name: 'Done' }).click();
    expect(fetchedNames()).toEqual(['recorder.js', 'ask-module']);
  });

  it('fetches the live chunk when Get help is pressed, and an advisor sees the page', async () => {
    await page.getByRole('button', { name: 'Get help' }).click();
    const digits = page.locator('.code__digits');
    await expect.poll(() => digits.textContent(), { timeout: 15_000 }).toMatch(/^\d{6}$/);
    expect(fetchedNames()).toEqual(['recorder.js', 'ask-module', 'live-module']);

    alice = await connectAdvisor(t.url, await t.token());
    alice.send({ type: 'join', code: (await digits.textContent())!, name: 'Alice' });
    await alice.next('waiting');
    await page.getByRole('button', { name: 'Accept' }).click();
    const sync = await alice.next('sync', 15_000);
    expect(JSON.stringify(sync.batches)).toContain('Garden shop');
    await page.getByText('Alice can see this page').waitFor();
  });

  it('rejoins live help after a reload by itself, fetching the live chunk without a click', async () => {
    fetched.length = 0;
    await page.reload();
    await page.getByText('Alice can see this page').waitFor({ timeout: 15_000 });
    expect(fetchedNames()).toEqual(['recorder.js', 'live-module']);
    // The advisor follows the page: the reloaded page's snapshot (a Meta event first) reaches them.
    const until = Date.now() + 15_000;
    for (;;) {
      const batch = await alice!.next('events', Math.max(1, until - Date.now()));
      const json = JSON.stringify(batch.events);
      if (json.includes('"type":4') && json.includes('shop.html')) break;
    }
    // No call was started: mediasoup-client was never fetched; nor video, which this page does not record.
    expect(fetched.some((path) => /call-media|video-/.test(path))).toBe(false);
    expect(logs.filter((l) => l.startsWith('pageerror') || l.includes('could not be loaded'))).toEqual([]);
  });
});
