/**
 * Search over a real recording, on both databases: Chromium opens a page
 * (another origin) with `<cobrowse-recorder>`; the customer types a coupon
 * (inputs recorded unmasked here: `no-mask-inputs`, so the typed value is in
 * the stored chunks and only the indexer keeps it out), and pressing "Pay"
 * shows an error for three seconds. After the index job ran, the error is
 * found by its words (German stemming included) with `t` inside those three
 * seconds; the masked paragraph and the typed value are not found at all.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import type { SessionDetail } from '../../protocol/api.ts';
import type { SearchResponse, SearchResult } from '../../protocol/search.ts';
import { launchChromium } from '../helpers/browser.ts';
import { testDrivers } from '../helpers/db.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { startPageServer, type PageServer } from '../recorder/page-server.ts';
import { storedChunkTexts } from '../helpers/stored-chunks.ts';

const COUPON = 'ZEBRACOUPON2026';
const MASKED = 'Kontoinhaberin Quastenflosser';
const ERROR = 'Zahlung abgelehnt: Kartenlimit erreicht';
const SHOWN_MS = 3_000;

const checkout = (server: string, siteKey: string) => `<!doctype html>
<html><head><meta charset="utf-8"><title>Kasse</title>
<script type="module" src="${server}/recorder.js"></script></head>
<body>
  <cobrowse-recorder site-key="${siteKey}" autostart no-mask-inputs flush-interval="300"></cobrowse-recorder>
  <h1>Ihre Bestellung</h1>
  <p data-cb-mask>${MASKED}</p>
  <label>Gutschein <input id="coupon" autocomplete="off"></label>
  <button id="pay">Jetzt bezahlen</button>
  <div id="messages"></div>
  <script>
    document.getElementById('pay').onclick = () => {
      const error = document.createElement('p');
      error.id = 'error';
      error.textContent = ${JSON.stringify(ERROR)};
      document.getElementById('messages').append(error);
      setTimeout(() => error.remove(), ${SHOWN_MS});
    };
  </script>
</body></html>`;

describe.each(testDrivers)('search over a recorded Chromium session on $name', (driver) => {
  let database: Database;
  let t: TestServer;
  let pages: PageServer;
  let browser: Browser;
  let sessionId: string;
  let shownAt = 0;
  let goneAt = 0;

  const find = async (q: string): Promise<SearchResult[]> =>
    ((await (await t.api(`/api/search?q=${encodeURIComponent(q)}`)).json()) as SearchResponse).results;

  beforeAll(async () => {
    database = await driver.open();
    t = await startTestServer({ database, searchIndexDelayMs: 0 });
    pages = await startPageServer();
    const site = await t.createSite({ name: 'Kasse', allowedOrigins: [pages.url] });
    pages.set('/checkout.html', checkout(t.url, site.siteKey));
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await pages?.close();
    await t?.close();
    await database?.close();
  });

  it('records a customer who types a coupon and sees an error for a few seconds', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${pages.url}/checkout.html`);
    const recorder = page.locator('cobrowse-recorder');
    await expect.poll(() => recorder.evaluate((el: any) => el.sessionId ?? null), { timeout: 15_000 }).toMatch(/^[0-9a-f-]{36}$/);
    sessionId = await recorder.evaluate((el: any) => el.sessionId);
    await page.waitForTimeout(1_000);
    await page.locator('#coupon').pressSequentially(COUPON);
    await page.waitForTimeout(1_000);

    shownAt = Date.now();
    await page.click('#pay');
    await page.locator('#error').waitFor({ state: 'visible' });
    await page.locator('#error').waitFor({ state: 'detached', timeout: SHOWN_MS + 5_000 });
    goneAt = Date.now();
    await page.waitForTimeout(1_500);
    await page.close();
    await expect
      .poll(async () => ((await (await t.api(`/api/sessions/${sessionId}`)).json()) as SessionDetail).lastEventTs ?? 0, {
        timeout: 30_000,
        interval: 300,
      })
      // The removal's mutation: at least SHOWN_MS after the click.
      .toBeGreaterThanOrEqual(shownAt + SHOWN_MS);
    await context.close();
    await t.server.jobs.idle({ timeoutMs: 60_000 });

    // The typed value really was recorded: only the indexer keeps it out.
    expect((await storedChunkTexts(database, sessionId)).join('')).toContain(COUPON);
  });

  it('finds the error by its words, at a moment inside the seconds it was shown', async () => {
    const detail = (await (await t.api(`/api/sessions/${sessionId}`)).json()) as SessionDetail;
    const origin = detail.firstEventTs!;
    for (const q of ['Kartenlimit', 'Zahlungen abgelehnt']) {
      const [hit, ...rest] = await find(q);
      expect(rest).toEqual([]);
      expect(hit).toMatchObject({ kind: 'session', id: sessionId, title: 'Kasse' });
      expect(hit!.t).toBeGreaterThanOrEqual(shownAt - origin);
      expect(hit!.t).toBeLessThanOrEqual(goneAt - origin);
    }
    // Text that stayed on the page is found too, from its first moment.
    const [heading] = await find('Ihre Bestellung');
    expect(heading).toMatchObject({ id: sessionId });
    expect(heading!.t).toBeLessThan(shownAt - origin);
  });

  it('never finds the masked text or the typed value', async () => {
    for (const q of [COUPON, 'Kontoinhaberin', 'Quastenflosser']) expect(await find(q)).toEqual([]);
  });
});
