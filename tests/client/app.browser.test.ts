/**
 * The advisor app in Chromium against the real server: sign in, find the
 * session in the list, open it, play, seek, and check the replayed DOM in
 * rrweb's iframe; then open a long way in and check (by the requests made)
 * that no chunk before the snapshot preceding that time was downloaded.
 *
 * Needs the built app (dist/client): the suite's global setup builds it, or
 * run `npx vite build --config vite.client.config.ts` and set COBROWSE_SKIP_BUILD=1.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../db/client.ts';
import type { ChunkRange } from '../../protocol/api.ts';
import { launchChromium } from '../helpers/browser.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { syntheticSession } from '../helpers/synthetic-session.ts';

const MIN = 60_000;
const ARTIFACTS = join(import.meta.dirname, '..', '.artifacts', 'client');
const UA = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';

/** 6 minutes, a tick a second, a full snapshot every minute, 10 s chunks, a click every 45 s. */
function buildSession() {
  const startTs = Date.now() - 30 * MIN;
  const s = syntheticSession({ startTs, durationMs: 6 * MIN, tickMs: 1000, checkoutMs: MIN, href: 'https://shop.test/checkout' });
  for (let ms = 45_000; ms < 6 * MIN; ms += 45_000) {
    const click = { type: 3, timestamp: startTs + ms + 250, data: { source: 2, type: 2, id: 5, x: 100, y: 120 } };
    s.events.push(click);
  }
  s.events.sort((a, b) => a.timestamp - b.timestamp);
  return s;
}

/** The player element, through the shadow roots. */
const PLAYER = `document.querySelector('cobrowse-advisor-app').shadowRoot.querySelector('cobrowse-session-player')`;

async function playerProp<T>(page: Page, expr: string): Promise<T> {
  return page.evaluate<T>(`(() => { const p = ${PLAYER}; return ${expr}; })()`);
}

/** Text of `#clock` and the number of `#log li` in rrweb's replay iframe, found through page.frames(). */
async function replayed(page: Page): Promise<{ clock: string | null; items: number } | null> {
  for (const frame of page.frames()) {
    if (frame === page.mainFrame()) continue;
    const found = await frame
      .evaluate(() => {
        const clock = document.querySelector('#clock');
        return clock ? { clock: clock.textContent, items: document.querySelectorAll('#log li').length } : null;
      })
      .catch(() => null);
    if (found) return found;
  }
  return null;
}

describe('advisor app in Chromium', () => {
  let database: Database;
  let t: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let sessionId: string;
  let session: ReturnType<typeof buildSession>;
  let chunkCount = 0;
  /** Every 404 the app's page met (requests, or console errors naming one): there should be none. */
  const notFound: string[] = [];

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    database = await openDatabase({});
    t = await startTestServer({ database });
    session = buildSession();
    sessionId = await t.startSession({
      startedAt: session.startTs,
      url: 'https://shop.test/checkout',
      userAgent: UA,
      viewport: { width: 1024, height: 768 },
      language: 'en-GB',
      metadata: { plan: 'pro', customerId: 'c-42' },
    });
    const chunks = session.chunks(10_000);
    chunkCount = chunks.length;
    for (let seq = 0; seq < chunks.length; seq++) {
      const res = await t.putChunk(sessionId, seq, chunks[seq]);
      if (res.status !== 201 && res.status !== 200) throw new Error(`chunk ${seq}: ${res.status} ${await res.text()}`);
    }
    // Two short older sessions, for paging.
    for (const minutesAgo of [90, 120]) {
      const small = syntheticSession({ startTs: Date.now() - minutesAgo * MIN, durationMs: 10_000, href: 'https://shop.test/home' });
      const id = await t.startSession({ startedAt: small.startTs, url: 'https://shop.test/home', userAgent: UA });
      const res = await t.putChunk(id, 0, small.events);
      if (res.status !== 201) throw new Error(`small session: ${res.status}`);
    }
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    page = await context.newPage();
    page.on('pageerror', (err) => console.error('pageerror:', err));
    page.on('response', (r) => r.status() === 404 && notFound.push(r.url()));
    page.on('console', (m) => m.type() === 'error' && /\b404\b/.test(m.text()) && notFound.push(m.text()));
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await database?.close();
  });

  it('signs in and lists the session', async () => {
    await page.goto(`${t.url}/app/`);
    await page.getByLabel('Email').waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'sign-in.png') });
    await page.getByLabel('Email').fill(t.admin.email);
    await page.getByLabel('Password').fill('wrong-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'Wrong email or password' }).waitFor();

    await page.getByLabel('Password').fill(t.admin.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const row = page.locator(`tr[data-session-id="${sessionId}"]`);
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('shop.test/checkout');
    await expect(row.textContent()).resolves.toContain('Chrome 124');
    await expect(row.textContent()).resolves.toContain('6:00');
    expect(await page.evaluate(() => localStorage.getItem('cobrowse.advisor.auth'))).toContain('token');
    await page.screenshot({ path: join(ARTIFACTS, 'list.png') });
    // The app links its icon, and it is there (no 404 in the console for it).
    const icon = await page.evaluate(() => document.querySelector<HTMLLinkElement>('link[rel="icon"]')?.href);
    expect(icon).toBe(`${t.url}/favicon.svg`);
    const iconRes = await page.request.get(icon!);
    expect(iconRes.status()).toBe(200);
    expect(iconRes.headers()['content-type']).toBe('image/svg+xml');
    expect(notFound).toEqual([]);

    // Paging with nextCursor: two per page, then "Load more".
    const rows = page.locator('tr[data-session-id]');
    await expect.poll(() => rows.count()).toBe(3);
    await page.evaluate(() => {
      const list = document.querySelector('cobrowse-advisor-app')!.shadowRoot!.querySelector('cobrowse-session-list')!;
      list.pageSize = 2;
      return list.refresh();
    });
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.first().getAttribute('data-session-id')).toBe(sessionId); // newest first
    await page.getByRole('button', { name: 'Load more' }).click();
    await expect.poll(() => rows.count()).toBe(3);
    await expect(page.getByRole('button', { name: 'Load more' }).count()).resolves.toBe(0);

    // The URL filter reaches the server and narrows the list.
    await page.getByLabel('Page URL contains').fill('/nothing-like-this');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.getByText('No sessions match these filters.').waitFor();
    await page.getByLabel('Page URL contains').fill('/checkout');
    await page.getByRole('button', { name: 'Apply' }).click();
    await row.waitFor();
    await expect.poll(() => rows.count()).toBe(1);
  });

  it('opens the player, plays, and seeks to the right DOM', async () => {
    const ready = page.evaluate(
      () =>
        new Promise<void>((resolve) => document.addEventListener('cobrowse-player-ready', () => resolve(), { once: true, capture: true })),
    );
    await page.locator(`tr[data-session-id="${sessionId}"] a`).click();
    await page.waitForURL(`**/app/sessions/${sessionId}`);
    await ready;
    expect(await playerProp(page, 'p.state')).toBe('paused');
    expect(await playerProp(page, 'p.getAttribute("data-state")')).toBe('paused');
    expect(await playerProp<number>(page, 'p.duration')).toBe(session.endTs - session.startTs);
    expect(await replayed(page)).toEqual({ clock: 'tick 0', items: 0 });

    // Seek within the loaded window, then far ahead (a rebuild from another snapshot), then back.
    for (const ms of [42_400, 150_400, 275_700, 30_200, 330_600]) {
      await playerProp(page, `p.seek(${ms})`);
      await expect
        .poll(() => replayed(page), { timeout: 10_000 })
        .toEqual({
          clock: session.clockAt(ms),
          items: Math.floor(ms / 1000),
        });
      expect(await playerProp(page, 'p.state')).toBe('paused');
      expect(Math.round(await playerProp<number>(page, 'p.currentTime'))).toBe(ms);
    }

    // Click in the middle of the timeline.
    const slider = page.getByRole('slider', { name: 'Seek' });
    const box = (await slider.boundingBox())!;
    await slider.click({ position: { x: box.width / 2, y: box.height / 2 } });
    await expect.poll(() => playerProp(page, 'p.state')).toBe('paused');
    const mid = await playerProp<number>(page, 'p.currentTime');
    expect(Math.abs(mid - (session.endTs - session.startTs) / 2)).toBeLessThan(3_000);
    await expect.poll(async () => (await replayed(page))?.items).toBe(Math.floor(mid / 1000));

    // The context panel: one page visited (periodic snapshots are not visits), metadata.
    await expect(page.getByRole('complementary', { name: 'Session details' }).isVisible()).resolves.toBe(true);
    const aside = page.locator('cobrowse-session-details .details');
    await expect(aside.textContent()).resolves.toContain('Pages visited (1)');
    await expect(aside.textContent()).resolves.toContain('customerId');
    await expect(aside.textContent()).resolves.toContain('en-GB');

    // Play from 0:50 at 8×: crosses into chunks loaded on the way (the prefetch).
    await playerProp(page, 'p.seek(50_000)');
    await expect.poll(() => playerProp(page, 'p.state')).toBe('paused');
    await page.getByRole('button', { name: '8×' }).click();
    await page.getByRole('button', { name: 'Play' }).click();
    await expect.poll(() => playerProp(page, 'p.state')).toBe('playing');
    await expect.poll(() => playerProp<number>(page, 'p.currentTime'), { timeout: 20_000 }).toBeGreaterThan(75_000);
    const during = await replayed(page);
    const shown = Number(during?.clock?.replace('tick ', ''));
    const now = await playerProp<number>(page, 'p.currentTime');
    expect(Math.abs(shown * 1000 - now)).toBeLessThan(6_000);
    await page.screenshot({ path: join(ARTIFACTS, 'player.png') });

    // Space pauses (keyboard), arrows seek 5 s.
    await page.locator('body').click({ position: { x: 5, y: 300 } });
    await page.keyboard.press('Space');
    await expect.poll(() => playerProp(page, 'p.state')).toBe('paused');
    const at = await playerProp<number>(page, 'p.currentTime');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => playerProp<number>(page, 'p.currentTime')).toBeCloseTo(at + 5_000, -2);

    // Plays to the end: state 'ended'.
    await playerProp(page, 'p.seek(355_000)');
    await expect.poll(() => playerProp(page, 'p.state')).toBe('paused');
    await playerProp(page, 'p.play()');
    await expect.poll(() => playerProp(page, 'p.state'), { timeout: 15_000 }).toBe('ended');
    expect(await replayed(page)).toEqual({ clock: session.clockAt(6 * MIN), items: 360 });

    // Back to the list with the header button (history back to the list entry).
    await page.getByRole('button', { name: '← Sessions' }).click();
    await page.waitForURL(`${t.url}/app/`);
    await page.locator(`tr[data-session-id="${sessionId}"]`).waitFor();
  });

  it('opening at a late time downloads nothing before the snapshot preceding it', async () => {
    const atMs = 5 * MIN + 30_000 + 300;
    const abs = session.startTs + atMs;
    const range = (await (await t.api(`/api/sessions/${sessionId}/chunks?from=${abs}&to=${abs}`)).json()) as ChunkRange;
    const snapshotSeq = range.chunks[0]!.seq;
    expect(range.chunks[0]!.startsWithSnapshot).toBe(true);
    expect(snapshotSeq).toBeGreaterThan(20);

    const late = await context.newPage();
    const seqs: number[] = [];
    late.on('request', (req) => seqs.push(...chunkSeqsOf(req.url(), sessionId)));
    await late.goto(`${t.url}/app/sessions/${sessionId}?t=${atMs}`);
    await expect.poll(() => playerProp(late, 'p.state'), { timeout: 15_000 }).toBe('paused');
    await expect.poll(() => replayed(late)).toEqual({ clock: session.clockAt(atMs), items: Math.floor(atMs / 1000) });
    expect(Math.round(await playerProp<number>(late, 'p.currentTime'))).toBe(atMs);
    expect(seqs.length).toBeGreaterThan(0);
    expect(Math.min(...seqs)).toBe(snapshotSeq);
    expect(seqs.length).toBeLessThan(chunkCount);
    await late.screenshot({ path: join(ARTIFACTS, 'player-late.png') });
    await late.close();
  });

  it('plays across loading windows, appending to the same replay, and buffers when the network is slow', async () => {
    const slow = await context.newPage();
    const firstWindow = new Set<number>();
    let holdLater = true;
    const holdLaterWindows = async (route: Route) => {
      const seqs = chunkSeqsOf(route.request().url(), sessionId);
      if (firstWindow.size < 7 || seqs.every((seq) => firstWindow.has(seq))) {
        for (const seq of seqs) firstWindow.add(seq);
        return route.continue();
      }
      // Later windows arrive late: playback reaches the loaded edge and waits.
      while (holdLater) await new Promise((r) => setTimeout(r, 100));
      return route.continue();
    };
    await slow.route(`**/api/sessions/${sessionId}/chunks/*`, holdLaterWindows);
    await slow.route(`**/api/sessions/${sessionId}/chunk-data?*`, holdLaterWindows);
    await slow.route(`**/api/sessions/${sessionId}/chunk-events?*`, holdLaterWindows);
    await slow.goto(`${t.url}/app/sessions/${sessionId}`);
    await expect.poll(() => playerProp(slow, 'p.state'), { timeout: 15_000 }).toBe('paused');
    await slow.evaluate(`window.__iframe = ${PLAYER}.iframe`);
    await slow.getByRole('checkbox', { name: 'Skip inactivity' }).uncheck();
    await slow.getByRole('button', { name: '8×' }).click();
    await slow.getByRole('button', { name: 'Play' }).click();

    // Reaches the end of the first window (~70 s) and buffers.
    await expect.poll(() => playerProp(slow, 'p.state'), { timeout: 20_000 }).toBe('loading');
    const edge = await playerProp<number>(slow, 'p.currentTime');
    expect(edge).toBeGreaterThan(60_000);
    expect(edge).toBeLessThan(75_000);
    holdLater = false;
    await expect.poll(() => playerProp(slow, 'p.state'), { timeout: 10_000 }).toBe('playing');
    await expect.poll(() => playerProp<number>(slow, 'p.currentTime'), { timeout: 20_000 }).toBeGreaterThan(100_000);
    await playerProp(slow, 'p.pause()');
    const at = await playerProp<number>(slow, 'p.currentTime');
    const dom = await replayed(slow);
    expect(Math.abs(Number(dom?.clock?.replace('tick ', '')) * 1000 - at)).toBeLessThan(1_500);
    expect(dom?.items).toBe(Number(dom?.clock?.replace('tick ', '')));
    // Same Replayer (appended, not rebuilt), and every chunk downloaded once.
    expect(await slow.evaluate(`window.__iframe === ${PLAYER}.iframe`)).toBe(true);
    const downloaded = await playerProp<number[]>(slow, '[...p.downloadedChunks]');
    expect(new Set(downloaded).size).toBe(downloaded.length);
    expect(Math.max(...downloaded)).toBeGreaterThan(10);
    await slow.close();
  });

  it('returns to sign-in when the token is refused', async () => {
    await page.evaluate(() => {
      const auth = JSON.parse(localStorage.getItem('cobrowse.advisor.auth')!);
      localStorage.setItem('cobrowse.advisor.auth', JSON.stringify({ ...auth, token: 'revoked' }));
    });
    await page.goto(`${t.url}/app/`);
    await page.getByText('Your session has expired').waitFor();
    await expect(page.getByRole('button', { name: 'Sign in' }).isVisible()).resolves.toBe(true);
    expect(await page.evaluate(() => localStorage.getItem('cobrowse.advisor.auth'))).toBeNull();
  });
});

/** The chunk numbers a request downloads: one (`/chunks/7`) or a batch (`/chunk-events?seqs=7,8`, `/chunk-data?seqs=7,8`). */
function chunkSeqsOf(url: string, sessionId: string): number[] {
  const { pathname, searchParams } = new URL(url);
  const one = new RegExp(`/api/sessions/${sessionId}/chunks/(\\d+)$`).exec(pathname);
  if (one) return [Number(one[1])];
  if (pathname.endsWith(`/api/sessions/${sessionId}/chunk-data`) || pathname.endsWith(`/api/sessions/${sessionId}/chunk-events`))
    return (searchParams.get('seqs') ?? '').split(',').map(Number);
  return [];
}
