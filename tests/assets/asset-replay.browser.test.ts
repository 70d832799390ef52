/**
 * Self-contained replays, end to end: a site on its own origins (a page and
 * a "CDN", both allowed origins of the site) with a stylesheet that imports
 * another and uses a web font and a background, a cross-origin stylesheet
 * that imports another relative to itself, an image with `srcset`, an inline
 * style background and an icon. A customer's Chromium records it with the
 * recorder; the capture job stores the files; then the site deletes every
 * file. The advisor app replays the recording with no request to either
 * origin (counted by the site's servers and by the advisor's browser), and
 * the replay shows the page's pixels. The export points at the server's
 * copies too, and stock rrweb replays it from them alone. The page's own
 * stylesheet (inlined by rrweb) is stored once, not in the chunks.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import type { eventWithTime } from '@rrweb/types';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import { sessionAssets } from '../../db/schema.ts';
import type { Site } from '../../protocol/api.ts';
import { eventUrls } from '../../server/assets/event-urls.ts';
import { INLINE_CSS_PREFIX } from '../../server/assets/inline-stylesheets.ts';
import { launchChromium } from '../helpers/browser.ts';
import { testDrivers } from '../helpers/db.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { differingPixels, replayAt, replayPage } from '../tutorials/replay-page.ts';
import { png, startSiteServer, testFont, type SiteServer } from './site-server.ts';
import { storedChunkTexts } from '../helpers/stored-chunks.ts';

const ARTIFACTS = join(import.meta.dirname, '..', '.artifacts', 'assets');
const VIEWPORT = { width: 640, height: 360 };
const PLAYER = `document.querySelector('cobrowse-advisor-app').shadowRoot.querySelector('cobrowse-session-player')`;

/** Rules no element uses: they make the stylesheet big enough to be stored once, not in every snapshot. */
const UNUSED_RULES = Array.from({ length: 60 }, (_, i) => `.unused-${i} { color: rgb(${i}, 0, 0); }`).join('\n');

const stripes = (a: [number, number, number], b: [number, number, number]) => (x: number, y: number) =>
  (Math.floor(x / 4) + Math.floor(y / 4)) % 2 ? a : b;

function publishSite(shop: SiteServer, cdn: SiteServer, server: string, siteKey: string): void {
  shop.set(
    '/index.html',
    'text/html; charset=utf-8',
    `<!doctype html><html><head><meta charset="utf-8"><title>Shop</title>
<link rel="stylesheet" href="/css/site.css">
<link rel="stylesheet" href="${cdn.origin}/cdn/theme.css">
<link rel="icon" href="/img/icon.png">
<script type="module" src="${server}/recorder.js"></script>
<style>body{margin:0;font:16px sans-serif;background:#fff} .inline-bg{width:60px;height:30px;background:url(/img/inline.png)}</style>
</head><body>
<cobrowse-recorder site-key="${siteKey}" autostart></cobrowse-recorder>
<h1 class="fancy">Asset capture 42</h1>
<div class="banner"></div>
<div class="theme"></div>
<div class="extra"></div>
<div class="inline-bg"></div>
<img id="photo" src="/img/photo.png" srcset="/img/photo.png 1x, /img/photo-2x.png 2x" width="80" height="40" alt="photo">
</body></html>`,
  );
  shop.set(
    '/css/site.css',
    'text/css',
    `@import "more.css";
@font-face { font-family: Fancy; src: url(../fonts/fancy.ttf) format("truetype"); }
.fancy { font-family: Fancy, serif; font-size: 32px; margin: 8px; color: #1d3557; }
${UNUSED_RULES}`,
  );
  shop.set('/css/more.css', 'text/css', `.banner { width: 120px; height: 40px; background: url(/img/bg.png); }`);
  // Served the way many servers do: a font as octet-stream (recognised by its first bytes).
  shop.set('/fonts/fancy.ttf', 'application/octet-stream', testFont());
  shop.set('/img/photo.png', 'image/png', png(80, 40, stripes([230, 57, 70], [241, 250, 238])));
  shop.set('/img/photo-2x.png', 'image/png', png(160, 80, stripes([230, 57, 70], [241, 250, 238])));
  shop.set('/img/bg.png', 'image/png', png(16, 16, stripes([69, 123, 157], [168, 218, 220])));
  shop.set('/img/inline.png', 'image/png', png(12, 12, stripes([42, 157, 143], [233, 196, 106])));
  shop.set(
    '/img/icon.png',
    'image/png',
    png(16, 16, () => [0, 0, 0]),
  );
  cdn.set(
    '/cdn/theme.css',
    'text/css',
    `@import "parts/extra.css";\n.theme { width: 100px; height: 20px; background-image: url(../img/tile.png); }`,
  );
  cdn.set(
    '/cdn/parts/extra.css',
    'text/css',
    `.extra { width: 50px; height: 50px; border: 4px solid #c0392b; background: url(/img/dot.png); }`,
  );
  cdn.set('/img/tile.png', 'image/png', png(10, 10, stripes([244, 162, 97], [38, 70, 83])));
  cdn.set('/img/dot.png', 'image/png', png(8, 8, stripes([131, 56, 236], [255, 190, 11])));
}

describe.each(testDrivers)('a replay without the recorded site on $name', (driver) => {
  let database: Database;
  let t: TestServer;
  let shop: SiteServer;
  let cdn: SiteServer;
  let site: Site;
  let browser: Browser;
  let sessionId: string;
  let live: Buffer;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    database = await driver.open();
    t = await startTestServer({ database });
    shop = await startSiteServer();
    cdn = await startSiteServer();
    site = await t.createSite({ name: 'Shop with assets', allowedOrigins: [shop.origin, cdn.origin] });
    expect(site.captureAssets).toBe(true);
    publishSite(shop, cdn, t.url, site.siteKey);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await shop?.close();
    await cdn?.close();
    await t?.close();
    await database?.close();
  });

  it('captures what the recorded page uses, once, from the site’s origins', async () => {
    const context = await browser.newContext({ viewport: VIEWPORT });
    const page = await context.newPage();
    await page.goto(`${shop.origin}/index.html`);
    const recorder = page.locator('cobrowse-recorder');
    await expect.poll(() => recorder.evaluate((el: any) => el.sessionId ?? null), { timeout: 15_000 }).toMatch(/^[0-9a-f-]{36}$/);
    sessionId = await recorder.evaluate((el: any) => el.sessionId);
    await page.evaluate(async () => {
      await document.fonts.ready;
      await Promise.all([...document.images].map((img) => img.decode()));
    });
    await page.waitForTimeout(500);
    live = await page.screenshot();
    writeFileSync(join(ARTIFACTS, `live-${driver.name}.png`), live);
    await recorder.evaluate((el: any) => el.flush());
    await expect
      .poll(async () => ((await (await t.api(`/api/sessions/${sessionId}`)).json()) as { chunkCount?: number }).chunkCount ?? 0, {
        timeout: 15_000,
      })
      .toBeGreaterThan(0);
    await page.close();
    await context.close();
    await t.server.jobs.idle();

    const rows = await database.db.select().from(sessionAssets).where(eq(sessionAssets.sessionId, sessionId));
    const stored = Object.fromEntries(rows.map((r) => [r.url, r.hash ? 'stored' : r.error]));
    expect(stored).toMatchObject({
      [`${shop.origin}/fonts/fancy.ttf`]: 'stored',
      [`${shop.origin}/img/bg.png`]: 'stored',
      [`${shop.origin}/img/inline.png`]: 'stored',
      [`${shop.origin}/img/photo.png`]: 'stored',
      [`${shop.origin}/img/photo-2x.png`]: 'stored',
      [`${shop.origin}/img/icon.png`]: 'stored',
      [`${cdn.origin}/cdn/theme.css`]: 'stored',
      [`${cdn.origin}/cdn/parts/extra.css`]: 'stored',
      [`${cdn.origin}/img/tile.png`]: 'stored',
      [`${cdn.origin}/img/dot.png`]: 'stored',
    });
    // The page's own stylesheet (inlined by rrweb) is stored once, a reference in the chunk.
    const storedText = (await storedChunkTexts(database, sessionId)).join('');
    expect(storedText).toContain(INLINE_CSS_PREFIX);
    expect(storedText).not.toContain('.unused-42');
    // Each file fetched once by the server, however often the recording names it.
    const counts = (hits: string[]) => hits.reduce<Record<string, number>>((m, p) => ({ ...m, [p]: (m[p] ?? 0) + 1 }), {});
    expect(Object.values(counts([...shop.captureHits, ...cdn.captureHits])).every((n) => n === 1)).toBe(true);
  });

  it('replays in the advisor app with the site gone, asking it for nothing, looking the same', async () => {
    // The site deletes or changes every file.
    shop.files.clear();
    cdn.files.clear();
    shop.set('/css/site.css', 'text/css', '.fancy { color: red; font-family: monospace }');
    shop.hits.length = 0;
    cdn.hits.length = 0;

    const context = await browser.newContext({ viewport: { width: 1800, height: 1200 } });
    const page = await context.newPage();
    const toSite: string[] = [];
    const toUs: string[] = [];
    page.on('request', (req) => {
      const url = req.url();
      if (url.startsWith(shop.origin) || url.startsWith(cdn.origin)) toSite.push(url);
      if (url.startsWith(`${t.url}/assets/`)) toUs.push(url);
    });
    await page.goto(`${t.url}/app/`);
    await page.getByLabel('Email').fill(t.admin.email);
    await page.getByLabel('Password').fill(t.admin.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator(`tr[data-session-id="${sessionId}"]`).waitFor();
    await page.goto(`${t.url}/app/sessions/${sessionId}?t=60000`);
    await expect.poll(() => page.evaluate(`${PLAYER}?.state`), { timeout: 15_000 }).toBe('paused');
    expect(await page.evaluate(`${PLAYER}.scale`)).toBe(1);

    const iframe = page.locator('cobrowse-session-player iframe');
    const frame = (await iframe.elementHandle()).contentFrame();
    const replay = (await frame)!;
    await expect
      .poll(
        () =>
          replay
            .evaluate(async () => {
              await document.fonts.ready;
              const images = [...document.images];
              return document.fonts.check('32px Fancy') && images.length > 0 && images.every((img) => img.complete && img.naturalWidth > 0);
            })
            .catch(() => false),
        { timeout: 15_000 },
      )
      .toBe(true);
    await page.waitForTimeout(300);
    const replayed = await iframe.screenshot();
    writeFileSync(join(ARTIFACTS, `replay-${driver.name}.png`), replayed);

    expect(toSite).toEqual([]);
    expect(shop.hits).toEqual([]);
    expect(cdn.hits).toEqual([]);
    expect(toUs.length).toBeGreaterThanOrEqual(8);
    const differing = await differingPixels(page, live, replayed);
    expect(differing / (VIEWPORT.width * VIEWPORT.height)).toBeLessThan(0.005);
    await context.close();
  });

  it('exports rrweb JSON whose assets are the server’s absolute copies, which stock rrweb replays without the site', async () => {
    const res = await t.api(`/api/sessions/${sessionId}/export`);
    const events = (await res.json()) as eventWithTime[];
    const urls = eventUrls(events);
    // The font, the background and the inline style's background, the photo at 1x and 2x, the icon, the CDN stylesheet.
    expect(urls).toHaveLength(7);
    expect(urls.filter((u) => !u.startsWith(`${t.url}/assets/`))).toEqual([]);
    // Each copy is served, and a stylesheet's own references point at copies too.
    let stylesheets = 0;
    for (const url of urls) {
      const copy = await fetch(url);
      expect(copy.status).toBe(200);
      if (!copy.headers.get('content-type')?.startsWith('text/css')) continue;
      stylesheets++;
      const css = await copy.text();
      expect(css).not.toContain(cdn.origin);
      expect(css).toMatch(/(url\(|@import )"[0-9a-f]{64}"/);
    }
    expect(stylesheets).toBe(1);
    // Stock rrweb replays it on a page of no origin of ours: from the copies alone, looking the same.
    const player = await replayPage(browser);
    const toSite: string[] = [];
    player.on('request', (req) => (req.url().startsWith(shop.origin) || req.url().startsWith(cdn.origin)) && toSite.push(req.url()));
    await replayAt(player, events, 60_000);
    await expect
      .poll(
        () =>
          player.evaluate(async () => {
            const doc = (window as unknown as { replayer: { iframe: HTMLIFrameElement } }).replayer.iframe.contentDocument!;
            await doc.fonts.ready;
            const images = [...doc.images];
            return doc.fonts.check('32px Fancy') && images.length > 0 && images.every((img) => img.complete && img.naturalWidth > 0);
          }),
        { timeout: 15_000 },
      )
      .toBe(true);
    // Inside the iframe's default 2 px border (rrweb's own stylesheet, which removes it, is not on this page).
    const box = (await player.locator('#root iframe').boundingBox())!;
    const stock = await player.screenshot({ clip: { x: box.x + 2, y: box.y + 2, ...VIEWPORT } });
    writeFileSync(join(ARTIFACTS, `stock-rrweb-${driver.name}.png`), stock);
    expect(toSite).toEqual([]);
    expect((await differingPixels(player, live, stock)) / (VIEWPORT.width * VIEWPORT.height)).toBeLessThan(0.005);
    await player.context().close();
    // Plain rrweb JSON: the page's stylesheet is back inline, its addresses at the copies.
    const text = JSON.stringify(events);
    expect(text).toContain('.unused-42');
    expect(text).not.toContain(INLINE_CSS_PREFIX);
  });
});
