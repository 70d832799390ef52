/**
 * What a page shows beyond its top document's DOM and CSS, recorded by our
 * recorder in Chromium into a real server and replayed in the advisor app's
 * player and in stock rrweb over the export, against the live page's pixels:
 * a same-origin iframe (with Shoelace components inside), a font a script
 * adds (`new FontFace` + `document.fonts.add`), and `<canvas>` pictures,
 * which are recorded only when the site turns them on.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { eventWithTime } from '@rrweb/types';
import type { Browser, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import type { SessionDetail } from '../../protocol/api.ts';
import { launchChromium } from '../helpers/browser.ts';
import { testDrivers } from '../helpers/db.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { startComponentServer, SHOELACE_PREFIX, type ComponentServer } from './component-server.ts';
import {
  advisorPage,
  cobrowseHead,
  openLive,
  playerShot,
  stockReplayFonts,
  stockReplayShot,
  stillShot,
  uploadedSession,
  type LivePage,
  VIEWPORT,
} from './component-replay.ts';
import { matchPixels, type PixelMatch } from './pixels.ts';

const ARTIFACTS = join(import.meta.dirname, '..', '.artifacts', 'web-components');
const GOAL = 0.995;
/** An icon font (codicons, from playwright-core's own files): its glyphs show only when the font loaded. */
const ICON_FONT = readFileSync(
  join(dirname(createRequire(import.meta.url).resolve('playwright-core')), 'lib', 'vite', 'recorder', 'assets', 'codicon-DCmgc-ay.ttf'),
);

const frameParent = (head: string) => `<!doctype html><html><head>${head}<meta charset="utf-8">
<style>body { margin: 16px; font: 16px sans-serif; } iframe { width: 700px; height: 360px; border: 2px solid #334155; }</style></head>
<body><h1>Orders</h1><iframe src="/frame.html"></iframe>
<script>window.framesReady = () => document.querySelector('iframe').contentWindow?.componentsReady === true;</script></body></html>`;

const framePage = `<!doctype html><html class="sl-theme-light"><head><meta charset="utf-8">
<link rel="stylesheet" href="${SHOELACE_PREFIX}/themes/light.css">
<style>body { margin: 12px; font-family: var(--sl-font-sans); } .note { color: #9333ea; border-left: 6px solid #9333ea; padding-left: 8px; }</style></head>
<body>
  <sl-alert variant="success" open>Inside the frame: the order was paid.</sl-alert>
  <p class="note">A same-origin frame's own style.</p>
  <sl-button variant="primary">Pay</sl-button> <sl-badge variant="danger" pill>3</sl-badge>
  <sl-card style="width: 260px; margin-top: 12px">A card in the frame.</sl-card>
  <script type="module">
    import { setBasePath } from '${SHOELACE_PREFIX}/utilities/base-path.js';
    setBasePath('${SHOELACE_PREFIX}');
    await import('${SHOELACE_PREFIX}/shoelace.js');
    await Promise.all(['sl-alert', 'sl-button', 'sl-badge', 'sl-card'].map((t) => customElements.whenDefined(t)));
    window.componentsReady = true;
  </script>
</body></html>`;

/** A row of icons in a font a script adds: from its URL, or from its bytes (`new FontFace(name, buffer)`). */
const fontPage = (head: string, from: 'url' | 'bytes') => `<!doctype html><html><head>${head}<meta charset="utf-8">
<style>body { margin: 16px; font: 16px sans-serif; } .icons { font-family: TestIcons, monospace; font-size: 64px; letter-spacing: 8px; color: #0f766e; }</style></head>
<body><h1>Tools</h1><div class="icons">&#xEA60;&#xEA61;&#xEA62;&#xEA63;&#xEA64;&#xEA65;&#xEA66;&#xEA67;</div>
<script type="module">
  const source = ${from === 'url' ? "'url(/fonts/icons.ttf)'" : "await (await fetch('/fonts/icons.ttf')).arrayBuffer()"};
  const face = new FontFace('TestIcons', source);
  document.fonts.add(face);
  await face.load();
  window.fontReady = true;
</script></body></html>`;

/** Both kinds of added font on one page: icons from the font's URL, and from its bytes under another name. */
const twoFontsPage = (head: string) => `<!doctype html><html><head>${head}<meta charset="utf-8">
<style>body { margin: 16px; font: 16px sans-serif; } .icons { font-size: 64px; letter-spacing: 8px; color: #0f766e; }
.url { font-family: TestIcons, monospace; } .bytes { font-family: TestBytes, monospace; color: #b45309; }</style></head>
<body><h1>Tools</h1><div class="icons url">&#xEA60;&#xEA61;&#xEA62;&#xEA63;&#xEA64;&#xEA65;</div>
<div class="icons bytes">&#xEA66;&#xEA67;&#xEA68;&#xEA69;&#xEA6A;&#xEA6B;</div>
<script type="module">
  const faces = [new FontFace('TestIcons', 'url(/fonts/icons.ttf)'), new FontFace('TestBytes', await (await fetch('/fonts/icons.ttf')).arrayBuffer())];
  for (const face of faces) document.fonts.add(face);
  await Promise.all(faces.map((face) => face.load()));
  window.fontReady = true;
</script></body></html>`;

const canvasPage = (head: string) => `<!doctype html><html><head>${head}<meta charset="utf-8">
<style>body { margin: 16px; } canvas { display: block; }</style></head>
<body><h1>Chart</h1><canvas id="chart" width="600" height="300"></canvas>
<script>
  const ctx = document.getElementById('chart').getContext('2d');
  ctx.fillStyle = '#1d4ed8'; ctx.fillRect(0, 0, 600, 300);
  ctx.fillStyle = '#facc15'; ctx.fillRect(40, 40, 240, 220);
  ctx.fillStyle = '#dc2626'; ctx.beginPath(); ctx.arc(440, 150, 100, 0, Math.PI * 2); ctx.fill();
  setTimeout(() => (window.drawn = true), 1500);
</script></body></html>`;

/** Share of pixels inside the canvas that match, with a tolerance for WebP's loss. */
async function canvasMatch(page: Page, live: Buffer, replay: Buffer): Promise<number> {
  const box = (await page.locator('#chart').boundingBox())!;
  return (await matchPixels(page, live, replay, 48, box)).ratio;
}

function keep(name: string, live: Buffer, match: PixelMatch): void {
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(join(ARTIFACTS, `${name}.live.png`), live);
  if (match.diffPng) writeFileSync(join(ARTIFACTS, `${name}.diff.png`), Buffer.from(match.diffPng.split(',')[1]!, 'base64'));
}

/**
 * The advisor's player (already open on a session) seeked to the start, then
 * back to session ms `ms`: the replayed page is rebuilt and the events
 * applied again. Its screenshot, and the replay document's font faces.
 */
async function reseekedShot(page: Page, ms: number): Promise<{ shot: Buffer; faces: string[] }> {
  const player = page.locator('cobrowse-session-player');
  const settled = () =>
    page.waitForFunction(() => {
      const el = document.querySelector('cobrowse-advisor-app')?.shadowRoot?.querySelector('cobrowse-session-player');
      return /paused|ended/.test(el?.getAttribute('data-state') ?? '');
    });
  for (const to of [0, ms]) {
    await player.evaluate((el, to) => (el as unknown as { seek(ms: number): void }).seek(to), to);
    await page.waitForTimeout(300);
    await settled();
  }
  const frame = player.locator('iframe');
  await page.waitForTimeout(500);
  await frame.evaluate((el: HTMLIFrameElement) => Promise.race([el.contentDocument?.fonts.ready, new Promise((r) => setTimeout(r, 5000))]));
  const faces = await frame.evaluate((el: HTMLIFrameElement) => [...el.contentDocument!.fonts].map((f) => `${f.family}:${f.status}`));
  const box = (await frame.boundingBox())!;
  const inner = await frame.evaluate((el) => ({ x: el.clientLeft, y: el.clientTop }));
  return { shot: await page.screenshot({ clip: { x: box.x + inner.x, y: box.y + inner.y, ...VIEWPORT } }), faces };
}

describe.each(testDrivers)('iframes, fonts and canvas replay on $name', (driver) => {
  let database: Database;
  let t: TestServer;
  let site: ComponentServer;
  let browser: Browser;
  let advisor: Page;
  let siteKey: string;

  beforeAll(async () => {
    database = await driver.open();
    [t, site, browser] = await Promise.all([startTestServer({ database }), startComponentServer(), launchChromium()]);
    siteKey = (await t.createSite({ name: 'Content', allowedOrigins: [site.url] })).siteKey;
    site.set('/frame.html', framePage);
    site.set('/fonts/icons.ttf', ICON_FONT, 'font/ttf');
    advisor = await advisorPage(browser, t);
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await t?.close();
    await database?.close();
  });

  const exported = async (sessionId: string) => (await (await t.api(`/api/sessions/${sessionId}/export`)).json()) as eventWithTime[];

  /**
   * Records `live`'s page, then its replay at `live.at` in our player and in
   * stock rrweb over the export; `siteRequests`: what the recorded site was
   * asked for while the two replays ran (the export already points at the
   * copies, so asset capture is done by then), `advisorRequests`: what the
   * advisor app's page fetched for the player.
   */
  async function replays(
    live: LivePage,
    canvas = false,
  ): Promise<{
    sessionId: string;
    events: eventWithTime[];
    player: Buffer;
    stock: Buffer;
    siteRequests: string[];
    advisorRequests: string[];
    firstEventTs: number;
  }> {
    const sessionId = await uploadedSession(live.page, t);
    const detail = (await (await t.api(`/api/sessions/${sessionId}`)).json()) as SessionDetail;
    const events = await exported(sessionId);
    const siteBefore = site.requests.length;
    const advisorRequests: string[] = [];
    const onRequest = (r: Request) => advisorRequests.push(r.url());
    advisor.on('request', onRequest);
    const player = await playerShot(advisor, sessionId, detail.firstEventTs!, live.at).finally(() => advisor.off('request', onRequest));
    const stock = await stockReplayShot(browser, events, live.at, canvas);
    return {
      sessionId,
      events,
      player,
      stock,
      siteRequests: site.requests.slice(siteBefore),
      advisorRequests,
      firstEventTs: detail.firstEventTs!,
    };
  }

  it('replays a same-origin iframe’s content (components included)', async () => {
    site.set('/framed.html', frameParent(cobrowseHead(t.url, siteKey)));
    const live = await openLive(browser, `${site.url}/framed.html`, 'window.framesReady?.()');
    const { player, stock } = await replays(live);
    const inPlayer = await matchPixels(live.page, live.live, player);
    const inStock = await matchPixels(live.page, live.live, stock);
    keep('iframe.player', live.live, inPlayer);
    keep('iframe.stock', live.live, inStock);
    expect(inPlayer.ratio, 'player').toBeGreaterThanOrEqual(GOAL);
    expect(inStock.ratio, 'stock rrweb').toBeGreaterThanOrEqual(GOAL);
    await live.page.context().close();
  });

  it("records a font a script added, by URL (the server's copy) or from its bytes, and replays it in both", async () => {
    site.set('/font-url.html', fontPage(cobrowseHead(t.url, siteKey), 'url'));
    site.set('/font-bytes.html', fontPage(cobrowseHead(t.url, siteKey), 'bytes'));
    const byUrl = await openLive(browser, `${site.url}/font-url.html`, 'window.fontReady === true');
    const urlReplay = await replays(byUrl);
    const fonts = urlReplay.events.filter((e) => e.type === 3 && e.data.source === 10);
    // Asset capture copied the font from the site. The player's events point at the server's copy; the
    // export carries the copy's bytes, as rrweb records a font made from bytes (server/assets/export-fonts.ts).
    const copy = `${t.url}/assets/${createHash('sha256').update(ICON_FONT).digest('hex')}`;
    const exportedFonts = fonts.map((e) => e.data as { buffer: boolean; fontSource: string });
    expect(exportedFonts).toHaveLength(1);
    expect(exportedFonts[0]!.buffer).toBe(true);
    expect(JSON.parse(exportedFonts[0]!.fontSource)).toEqual(Array.from(ICON_FONT));
    // Our player draws the glyphs (client/player/font-replay-plugin.ts), from that copy, asking the site for nothing.
    const urlInPlayer = await matchPixels(byUrl.page, byUrl.live, urlReplay.player);
    keep('font-url.player', byUrl.live, urlInPlayer);
    expect(urlInPlayer.ratio, 'player, by URL').toBeGreaterThanOrEqual(GOAL);
    expect(urlReplay.advisorRequests).toContain(copy);
    expect(urlReplay.advisorRequests.filter((u) => u.startsWith(site.url))).toEqual([]);
    expect(urlReplay.siteRequests).toEqual([]);
    // A seek away and back rebuilds the replayed page: the font is drawn again, added once.
    const reseeked = await reseekedShot(advisor, byUrl.at - urlReplay.firstEventTs);
    expect(reseeked.faces).toEqual(['TestIcons:loaded']);
    expect((await matchPixels(byUrl.page, byUrl.live, reseeked.shot)).ratio, 'player, by URL, after seeking back').toBeGreaterThanOrEqual(
      GOAL,
    );
    // Stock rrweb over the export loads it and draws it.
    expect(await stockReplayFonts(browser, urlReplay.events, byUrl.at)).toEqual(['TestIcons:loaded']);
    const urlInStock = await matchPixels(byUrl.page, byUrl.live, urlReplay.stock);
    keep('font-url.stock', byUrl.live, urlInStock);
    expect(urlInStock.ratio, 'stock rrweb, by URL').toBeGreaterThanOrEqual(GOAL);

    const byBytes = await openLive(browser, `${site.url}/font-bytes.html`, 'window.fontReady === true');
    const bytesReplay = await replays(byBytes);
    const inPlayer = await matchPixels(byBytes.page, byBytes.live, bytesReplay.player);
    keep('font.player', byBytes.live, inPlayer);
    expect(inPlayer.ratio, 'player, from bytes').toBeGreaterThanOrEqual(GOAL);
    expect((await matchPixels(byBytes.page, byBytes.live, bytesReplay.stock)).ratio, 'stock rrweb, from bytes').toBeGreaterThanOrEqual(
      GOAL,
    );
    await byUrl.page.context().close();
    await byBytes.page.context().close();
  });

  it('keeps a font a script added drawn after a later full snapshot, in both replays', async () => {
    // A checkout every 1.5 s (rrweb takes it at the first page event after that).
    site.set('/font-checkout.html', twoFontsPage(cobrowseHead(t.url, siteKey, 'checkout-interval="1500"')));
    const page = await (await browser.newContext({ viewport: VIEWPORT })).newPage();
    await page.goto(`${site.url}/font-checkout.html`);
    await page.waitForFunction('window.fontReady === true', undefined, { timeout: 30_000 });
    const added = Date.now();
    await page.waitForTimeout(2000);
    // A change the replay does not show, for rrweb to take its checkout at.
    await page.evaluate(() => (document.body.dataset.later = '1'));
    await page.waitForTimeout(300);
    const live = await stillShot(page);
    const replay = await replays(live);
    const snapshots = replay.events.filter((e) => e.type === 2).map((e) => e.timestamp);
    const later = snapshots.at(-1)!;
    expect(snapshots.length, 'full snapshots').toBeGreaterThanOrEqual(2);
    expect(later, 'the replayed moment comes after a later snapshot').toBeGreaterThan(added);
    expect(later).toBeLessThan(live.at);
    // Both fonts' events again right after the later snapshot, as in the export (the URL one as its copy's bytes).
    const again = replay.events.filter((e) => e.type === 3 && e.data.source === 10 && e.timestamp > later);
    expect(again.map((e) => (e.data as { family: string }).family).sort()).toEqual(['TestBytes', 'TestIcons']);
    for (const e of again) expect(JSON.parse((e.data as { fontSource: string }).fontSource)).toEqual(Array.from(ICON_FONT));

    const inPlayer = await matchPixels(page, live.live, replay.player);
    keep('font-checkout.player', live.live, inPlayer);
    expect(inPlayer.ratio, 'player, after a later snapshot').toBeGreaterThanOrEqual(GOAL);
    const reseeked = await reseekedShot(advisor, live.at - replay.firstEventTs);
    // One face each, also after seeking away and back.
    expect([...reseeked.faces].sort()).toEqual(['TestBytes:loaded', 'TestIcons:loaded']);
    expect((await matchPixels(page, live.live, reseeked.shot)).ratio, 'player, after seeking back').toBeGreaterThanOrEqual(GOAL);
    expect((await stockReplayFonts(browser, replay.events, live.at)).sort()).toEqual(['TestBytes:loaded', 'TestIcons:loaded']);
    const inStock = await matchPixels(page, live.live, replay.stock);
    keep('font-checkout.stock', live.live, inStock);
    expect(inStock.ratio, 'stock rrweb, after a later snapshot').toBeGreaterThanOrEqual(GOAL);
    // Neither replay asked the site for anything.
    expect(replay.advisorRequests.filter((u) => u.startsWith(site.url))).toEqual([]);
    expect(replay.siteRequests).toEqual([]);
    await page.context().close();
  });

  it('records canvas pictures only with record-canvas, and replays them', async () => {
    site.set('/canvas-off.html', canvasPage(cobrowseHead(t.url, siteKey)));
    site.set('/canvas-on.html', canvasPage(cobrowseHead(t.url, siteKey, 'record-canvas canvas-fps="4"')));
    const off = await openLive(browser, `${site.url}/canvas-off.html`, 'window.drawn === true');
    const withoutCanvas = await replays(off);
    expect(withoutCanvas.events.filter((e) => e.type === 3 && e.data.source === 9)).toEqual([]);
    expect(await canvasMatch(off.page, off.live, withoutCanvas.player)).toBeLessThan(0.5);

    const on = await openLive(browser, `${site.url}/canvas-on.html`, 'window.drawn === true');
    const withCanvas = await replays(on, true);
    expect(withCanvas.events.filter((e) => e.type === 3 && e.data.source === 9).length).toBeGreaterThan(0);
    expect(await canvasMatch(on.page, on.live, withCanvas.player), 'player').toBeGreaterThanOrEqual(0.95);
    expect(await canvasMatch(on.page, on.live, withCanvas.stock), 'stock rrweb').toBeGreaterThanOrEqual(0.95);
    await off.page.context().close();
    await on.page.context().close();
  });
});
