/**
 * @module tests/web-components/component-replay
 * Record a page in Chromium and look at its replay, for the web-component
 * tests and the benchmark: the live page's screenshot when it is still, the
 * recording made by our recorder (into a real server) or by stock rrweb's
 * `record`, and screenshots of the replay at the same moment in the advisor
 * app's player and in stock rrweb's Replayer, all at 1280×800 CSS px, 1:1.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { eventWithTime } from '@rrweb/types';
import type { Browser, Page } from 'playwright-core';
import type { SessionDetail } from '../../protocol/api.ts';
import type { TestServer } from '../helpers/server.ts';

export const VIEWPORT = { width: 1280, height: 800 };
export const rrwebUmd = readFileSync(join(dirname(createRequire(import.meta.url).resolve('rrweb')), 'rrweb.umd.cjs'), 'utf8');

/** The recorder's tag for a page's `<head>` (the element itself goes anywhere: it has no box). */
export function cobrowseHead(server: string, siteKey: string, attributes = ''): string {
  return `<script type="module" src="${server}/recorder.js"></script>
  <cobrowse-recorder site-key="${siteKey}" autostart flush-interval="300" ${attributes}></cobrowse-recorder>`;
}

/** Stock rrweb's `record` (everything default), events in `window.rrwebEvents`. */
export function stockRecordHead(): string {
  return `<script>${rrwebUmd};window.rrwebEvents=[];rrweb.record({emit:(e)=>window.rrwebEvents.push(e)});</script>`;
}

export interface LivePage {
  page: Page;
  /** The live page when it was still. */
  live: Buffer;
  /** Epoch ms right after the screenshot. */
  at: number;
}

/** Opens `url` at 1280×800 and screenshots it once `ready` (an expression) holds and two frames passed. */
export async function openLive(browser: Browser, url: string, ready = 'window.componentsReady === true'): Promise<LivePage> {
  const page = await (await browser.newContext({ viewport: VIEWPORT })).newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  await page.waitForFunction(ready, undefined, { timeout: 30_000 }).catch((e: unknown) => {
    throw new Error(`${url} never got ready (${errors.join('; ')}): ${String(e)}`);
  });
  return stillShot(page);
}

/** The page once two frames and a moment passed since its last change (what a replay at `at` must show). */
export async function stillShot(page: Page): Promise<LivePage> {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await page.waitForTimeout(300);
  const live = await page.screenshot();
  return { page, live, at: Date.now() };
}

/**
 * Our recorder's session on `page`, once the server holds everything up to
 * now: a metadata event stamped now, flushed, then the session's last event
 * time polled until it is there.
 */
export async function uploadedSession(page: Page, t: TestServer): Promise<string> {
  const { sessionId, markedAt } = await page.evaluate(async () => {
    const recorder = document.querySelector('cobrowse-recorder') as unknown as {
      sessionId: string;
      setMetadata(m: Record<string, string>): void;
      flush(): Promise<void>;
    };
    const markedAt = Date.now();
    recorder.setMetadata({ replayCheck: 'now' });
    await recorder.flush();
    return { sessionId: recorder.sessionId, markedAt };
  });
  for (let tries = 0; tries < 150; tries++) {
    const res = await t.api(`/api/sessions/${sessionId}`);
    if (res.ok && ((await res.json()) as SessionDetail).lastEventTs! >= markedAt) return sessionId;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`session ${sessionId} never reached the server`);
}

/** Signs the admin in to the advisor app, in a window wide enough for a 1280×800 replay at 1:1. */
export async function advisorPage(browser: Browser, t: TestServer): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1700, height: 1200 } })).newPage();
  await page.goto(`${t.url}/app/`);
  await page.getByLabel(/email/i).fill(t.admin.email);
  await page.getByLabel(/password/i).fill(t.admin.password);
  await page.getByRole('button', { name: /sign in/i }).click();
  // Signed in once the app keeps the token (client/api/token-store.ts).
  await page.waitForFunction(() => localStorage.getItem('cobrowse.advisor.auth') !== null);
  return page;
}

/** The advisor app's player on `sessionId` paused at epoch ms `at`: a screenshot of the replayed page at 1:1. */
export async function playerShot(page: Page, sessionId: string, firstEventTs: number, at: number): Promise<Buffer> {
  const t = Math.max(0, at - firstEventTs);
  await page.goto(new URL(`/app/sessions/${sessionId}?t=${t}`, page.url()).href);
  const player = page.locator('cobrowse-session-player');
  await player.waitFor();
  await page.waitForFunction(
    () => {
      const el = document.querySelector('cobrowse-advisor-app')?.shadowRoot?.querySelector('cobrowse-session-player');
      return /paused|ended/.test(el?.getAttribute('data-state') ?? '');
    },
    undefined,
    { timeout: 30_000 },
  );
  const frame = player.locator('iframe');
  await page.waitForTimeout(500);
  await frame.evaluate((el: HTMLIFrameElement) => Promise.race([el.contentDocument?.fonts.ready, new Promise((r) => setTimeout(r, 5000))]));
  const box = (await frame.boundingBox())!;
  // The iframe's content box, not its border.
  const inner = await frame.evaluate((el) => ({ x: el.clientLeft, y: el.clientTop }));
  return page.screenshot({ clip: { x: box.x + inner.x, y: box.y + inner.y, ...VIEWPORT } });
}

/**
 * Stock rrweb's Replayer over `events` (as exported) paused at epoch ms `at`:
 * a screenshot of the replayed page. `canvas`: with rrweb's own switch for
 * canvas replay (`UNSAFE_replayCanvas`).
 */
export async function stockReplayShot(browser: Browser, events: eventWithTime[], at: number, canvas = false): Promise<Buffer> {
  const page = await (await browser.newContext({ viewport: VIEWPORT })).newPage();
  await page.setContent(
    '<!doctype html><html><head><style>body{margin:0} iframe{border:0;display:block}</style></head><body><div id="root"></div></body></html>',
  );
  await page.addScriptTag({ content: rrwebUmd });
  // As plain JSON: playwright's argument types recurse too deep into rrweb's event union.
  const plain: unknown[] = events;
  await page.evaluate(
    async ({ events, offset, canvas }) => {
      const rrweb = (window as unknown as { rrweb: { Replayer: new (e: unknown[], o: unknown) => { pause(t: number): void } } }).rrweb;
      const replayer = new rrweb.Replayer(events, {
        root: document.getElementById('root'),
        mouseTail: false,
        showWarning: false,
        UNSAFE_replayCanvas: canvas,
      });
      replayer.pause(offset);
      await new Promise((r) => setTimeout(r, 300));
      // Fonts the replay loads (a font a script added, by URL) before the picture.
      const fonts = (replayer as unknown as { iframe: HTMLIFrameElement }).iframe.contentDocument?.fonts;
      await Promise.race([fonts?.ready, new Promise((r) => setTimeout(r, 5000))]);
    },
    { events: plain, offset: at - events[0]!.timestamp, canvas },
  );
  await page.waitForTimeout(200);
  const shot = await page.screenshot({ clip: { x: 0, y: 0, ...VIEWPORT } });
  await page.context().close();
  return shot;
}

/** The font faces of stock rrweb's replay document (paused at epoch ms `at`) as `family:status`, once they settled. */
export async function stockReplayFonts(browser: Browser, events: eventWithTime[], at: number): Promise<string[]> {
  const page = await (await browser.newContext({ viewport: VIEWPORT })).newPage();
  await page.setContent('<!doctype html><html><body><div id="root"></div></body></html>');
  await page.addScriptTag({ content: rrwebUmd });
  const plain: unknown[] = events;
  const fonts = await page.evaluate(
    async ({ events, offset }) => {
      const rrweb = (window as unknown as { rrweb: { Replayer: new (e: unknown[], o: unknown) => { pause(t: number): void } } }).rrweb;
      const replayer = new rrweb.Replayer(events, { root: document.getElementById('root'), showWarning: false });
      replayer.pause(offset);
      const set = (replayer as unknown as { iframe: HTMLIFrameElement }).iframe.contentDocument!.fonts;
      await Promise.race([Promise.all([...set].map((f) => f.load().catch(() => null))), new Promise((r) => setTimeout(r, 5000))]);
      return [...set].map((f) => `${f.family}:${f.status}`);
    },
    { events: plain, offset: at - events[0]!.timestamp },
  );
  await page.context().close();
  return fonts;
}
