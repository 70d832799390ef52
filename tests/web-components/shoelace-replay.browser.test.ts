/**
 * A page of Shoelace's (Lit) web components, recorded by our recorder in
 * Chromium into a real server, replays like the live page (≥ 99.5 % of its
 * pixels within a small colour tolerance) in the advisor app's player and,
 * through the export, in stock rrweb's Replayer; so do a constructed
 * stylesheet changed after the snapshot (`replaceSync`, `insertRule`) and a
 * `<style>` inside a shadow root. Stock rrweb's own `record` on the same page
 * loses the alert's border (the reason: docs/recorder.md, "Web components").
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { eventWithTime } from '@rrweb/types';
import type { Browser, Page } from 'playwright-core';
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
  stillShot,
  stockRecordHead,
  stockReplayShot,
  uploadedSession,
  type LivePage,
} from './component-replay.ts';
import { matchPixels, type PixelMatch } from './pixels.ts';
import { shoelacePage } from './shoelace-page.ts';

const ARTIFACTS = join(import.meta.dirname, '..', '.artifacts', 'web-components');
const GOAL = 0.995;

/** A custom element of the page's own: a `<style>` in its shadow root, and a constructed sheet it changes later. */
const LATER_CHANGES = `
<status-card id="status"></status-card>
<script type="module">
  const shared = new CSSStyleSheet();
  shared.replaceSync('.box { border: var(--w, 2px) solid var(--c, #999); border-left-width: 12px; padding: 8px 12px; width: 360px; }');
  customElements.define('status-card', class extends HTMLElement {
    constructor() {
      super();
      const root = this.attachShadow({ mode: 'open' });
      root.adoptedStyleSheets = [shared];
      root.innerHTML = '<style>.box { font: 16px sans-serif; } .tag { color: #b91c1c; }</style><div class="box">Status: <span class="tag">pending</span></div>';
    }
  });
  window.changeStyles = () => {
    shared.replaceSync('.box { border: var(--w, 4px) solid var(--c, #16a34a); border-left-width: 20px; padding: 8px 12px; width: 360px; background: #dcfce7; }');
    shared.insertRule('.box::after { content: " (confirmed)"; color: #15803d; }', shared.cssRules.length);
  };
</script>`;

function keep(name: string, match: PixelMatch): void {
  mkdirSync(ARTIFACTS, { recursive: true });
  if (match.diffPng) writeFileSync(join(ARTIFACTS, `${name}.diff.png`), Buffer.from(match.diffPng.split(',')[1]!, 'base64'));
}

describe.each(testDrivers)('web components replay like the live page on $name', (driver) => {
  let database: Database;
  let t: TestServer;
  let site: ComponentServer;
  let browser: Browser;
  let advisor: Page;
  let siteKey: string;

  beforeAll(async () => {
    database = await driver.open();
    [t, site, browser] = await Promise.all([startTestServer({ database }), startComponentServer(), launchChromium()]);
    siteKey = (await t.createSite({ name: 'Components', allowedOrigins: [site.url] })).siteKey;
    advisor = await advisorPage(browser, t);
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await t?.close();
    await database?.close();
  });

  const detail = async (sessionId: string) => (await (await t.api(`/api/sessions/${sessionId}`)).json()) as SessionDetail;
  const exported = async (sessionId: string) => (await (await t.api(`/api/sessions/${sessionId}/export`)).json()) as eventWithTime[];

  /** The replay at `live.at`, in our player and in stock rrweb over the export, against the live screenshot. */
  async function compare(name: string, sessionId: string, live: LivePage): Promise<{ player: PixelMatch; stock: PixelMatch }> {
    const first = (await detail(sessionId)).firstEventTs!;
    const player = await matchPixels(live.page, live.live, await playerShot(advisor, sessionId, first, live.at));
    const stock = await matchPixels(live.page, live.live, await stockReplayShot(browser, await exported(sessionId), live.at));
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(join(ARTIFACTS, `${name}.live.png`), live.live);
    keep(`${name}.player`, player);
    keep(`${name}.stock`, stock);
    return { player, stock };
  }

  it('replays a page of Shoelace components at ≥ 99.5 % of its pixels, in the player and in stock rrweb', async () => {
    site.set('/shoelace.html', shoelacePage({ shoelace: SHOELACE_PREFIX, head: cobrowseHead(t.url, siteKey) }));
    const live = await openLive(browser, `${site.url}/shoelace.html`);
    const sessionId = await uploadedSession(live.page, t);
    const { player, stock } = await compare('shoelace', sessionId, live);
    expect(player.ratio, 'player').toBeGreaterThanOrEqual(GOAL);
    expect(stock.ratio, 'stock rrweb over the export').toBeGreaterThanOrEqual(GOAL);
    await live.page.context().close();
  });

  it('shows a constructed stylesheet changed after the snapshot, and a <style> inside a shadow root', async () => {
    site.set('/later.html', shoelacePage({ shoelace: SHOELACE_PREFIX, head: cobrowseHead(t.url, siteKey), body: LATER_CHANGES }));
    const before = await openLive(browser, `${site.url}/later.html`);
    await before.page.evaluate(() => (window as unknown as { changeStyles(): void }).changeStyles());
    const after = await stillShot(before.page);
    const box = () => getComputedStyle(document.querySelector('status-card')!.shadowRoot!.querySelector('.box')!).backgroundColor;
    expect(await before.page.evaluate(box)).toBe('rgb(220, 252, 231)');
    const sessionId = await uploadedSession(before.page, t);
    const first = await compare('later-before', sessionId, before);
    const second = await compare('later-after', sessionId, after);
    for (const [label, m] of Object.entries({ ...pairs('before', first), ...pairs('after', second) }))
      expect(m.ratio, label).toBeGreaterThanOrEqual(GOAL);
    // The two moments differ where the sheet changed: the replay follows it, not the first version.
    const moved = await matchPixels(before.page, before.live, after.live, 0);
    expect(moved.ratio).toBeLessThan(0.999);
    await before.page.context().close();
  });

  it('stock rrweb record on the same page loses the alert’s border (what the recorder mends)', async () => {
    site.set('/stock.html', shoelacePage({ shoelace: SHOELACE_PREFIX, head: stockRecordHead() }));
    const live = await openLive(browser, `${site.url}/stock.html`);
    const events = (await live.page.evaluate(() => (window as unknown as { rrwebEvents: unknown[] }).rrwebEvents)) as eventWithTime[];
    const stock = await matchPixels(live.page, live.live, await stockReplayShot(browser, events, live.at));
    keep('stock-record', stock);
    expect(stock.ratio).toBeLessThan(GOAL);
    await live.page.context().close();
  });
});

function pairs(label: string, m: { player: PixelMatch; stock: PixelMatch }): Record<string, PixelMatch> {
  return { [`${label}: player`]: m.player, [`${label}: stock rrweb`]: m.stock };
}
