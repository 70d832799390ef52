/**
 * Seeking from the timeline in Chromium against the real server: a click
 * seeks once; a drag seeks only where it rests or is released, and downloads
 * only the chunks of where it stops (never those of the moments it passed
 * over); each seek shows the right moment.
 *
 * Needs the built app (dist/client): the suite's global setup builds it.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openDatabase, type Database } from '../../db/client.ts';
import type { ChunkRange } from '../../protocol/api.ts';
import { launchChromium } from '../helpers/browser.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { syntheticSession, type SyntheticSession } from '../helpers/synthetic-session.ts';

const MIN = 60_000;
const ARTIFACTS = join(import.meta.dirname, '..', '.artifacts', 'client');
/** What the player prefetches after a seek: the window ahead (client/player defaults). */
const WINDOW_MS = 60_000;
/** …and the stretch before the snapshot when the cursor is this close after it. */
const BEHIND_MS = 30_000;

const PLAYER = `document.querySelector('cobrowse-advisor-app').shadowRoot.querySelector('cobrowse-session-player')`;

async function playerProp<T>(page: Page, expr: string): Promise<T> {
  return page.evaluate<T>(`(() => { const p = ${PLAYER}; return ${expr}; })()`);
}

async function clock(page: Page): Promise<string | null> {
  return playerProp(page, `p.iframe?.contentDocument?.querySelector('#clock')?.textContent ?? null`);
}

describe('seeking from the timeline', () => {
  let database: Database;
  let t: TestServer;
  let browser: Browser;
  let page: Page;
  let session: SyntheticSession;
  let sessionId: string;
  /** Chunk-list requests (`/chunks?from=&to=`) and downloaded chunk seqs, since the last reset. */
  const traffic = { lists: 0, seqs: [] as number[], inFlight: 0, lastAt: 0 };

  /** The chunk refs the server lists for [from, to] (from the last snapshot at or before `from`). */
  const range = async (from: number, to: number) =>
    ((await (await t.api(`/api/sessions/${sessionId}/chunks?from=${Math.floor(from)}&to=${Math.ceil(to)}`)).json()) as ChunkRange).chunks;

  /** Seek events and loads the page saw since the last reset. */
  const counters = () =>
    page.evaluate(() => (window as unknown as { __seek: { events: { time: number; final: boolean }[]; loads: number } }).__seek);

  const resetCounters = async () => {
    traffic.lists = 0;
    traffic.seqs = [];
    await page.evaluate(() => {
      const w = window as unknown as { __seek: { events: unknown[]; loads: number } };
      w.__seek.events = [];
      w.__seek.loads = 0;
    });
  };

  /** Waits until the replay shows session ms `ms`, paused, and the prefetch around it has landed. */
  const settledAt = async (ms: number) => {
    const wait = { timeout: 15_000, interval: 50 };
    await vi.waitFor(async () => expect(await playerProp(page, 'p.state')).toBe('paused'), wait);
    await vi.waitFor(async () => expect(await clock(page)).toBe(session.clockAt(ms)), wait);
    // No session request in flight for half a second: the prefetch has landed too.
    await vi.waitFor(() => expect(traffic.inFlight === 0 && Date.now() - traffic.lastAt > 500).toBe(true), wait);
  };

  /** Seqs a seek to session ms `ms` may download: its own stretch, the window ahead, the stretch behind its snapshot. */
  const allowedFor = async (ms: number) => {
    const at = session.startTs + ms;
    const own = await range(at, at);
    const snapshotTs = own[0]!.firstTs;
    const ahead = (await range(at, at + WINDOW_MS)).filter((c) => c.firstTs > at);
    const behind = at - snapshotTs < BEHIND_MS && snapshotTs > session.startTs ? await range(snapshotTs - 1, snapshotTs - 1) : [];
    return { own: own.map((c) => c.seq), allowed: new Set([...own, ...ahead, ...behind].map((c) => c.seq)) };
  };

  /** Seqs seeks to any of `times` may download (each one's {@link allowedFor}). */
  const allowedForAll = async (times: number[]) => {
    const allowed = new Set<number>();
    for (const ms of times) for (const seq of (await allowedFor(ms)).allowed) allowed.add(seq);
    return allowed;
  };

  const slider = () => page.getByRole('slider', { name: 'Seek' });
  /** Page x of session ms `ms` on the timeline. */
  const xOf = async (ms: number) => {
    const box = (await slider().boundingBox())!;
    return { x: box.x + (box.width * ms) / (session.endTs - session.startTs), y: box.y + box.height / 2 };
  };

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    database = await openDatabase({});
    // Search indexing and compaction keep their production delay: with the tests' zero delay each of the 241
    // chunks re-indexes the whole session so far, and storing them took over two minutes on a loaded CI machine.
    t = await startTestServer({ database, searchIndexDelayMs: 60_000 });
    // 20 minutes, a tick a second, a full snapshot every 2 minutes (the recorder's checkouts), 5 s chunks.
    session = syntheticSession({ startTs: Date.now() - 40 * MIN, durationMs: 20 * MIN, checkoutMs: 2 * MIN, padding: 20 });
    sessionId = await t.startSession({ startedAt: session.startTs, url: 'https://shop.test/synthetic' });
    const chunks = session.chunks(5_000);
    for (let seq = 0; seq < chunks.length; seq++) {
      const res = await t.putChunk(sessionId, seq, chunks[seq]);
      if (res.status !== 201) throw new Error(`chunk ${seq}: ${res.status}`);
    }
    const auth = await (
      await fetch(`${t.url}/api/auth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(t.admin),
      })
    ).text();

    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.addInitScript((value) => localStorage.setItem('cobrowse.advisor.auth', value), auth);
    await context.addInitScript(() => {
      const counters = { events: [] as { time: number; final: boolean }[], loads: 0 };
      (window as unknown as { __seek: typeof counters }).__seek = counters;
      document.addEventListener('cobrowse-seek', (e) => counters.events.push((e as CustomEvent<{ time: number; final: boolean }>).detail), {
        capture: true,
      });
    });
    page = await context.newPage();
    page.on('pageerror', (err) => console.error('pageerror:', err));
    const ours = (url: string) => new URL(url).pathname.startsWith(`/api/sessions/${sessionId}`);
    const done = (url: string) => {
      if (!ours(url)) return;
      traffic.inFlight--;
      traffic.lastAt = Date.now();
    };
    page.on('requestfinished', (req) => done(req.url()));
    page.on('requestfailed', (req) => done(req.url()));
    page.on('request', (req) => {
      const { pathname, searchParams } = new URL(req.url());
      if (!ours(req.url())) return;
      traffic.inFlight++;
      traffic.lastAt = Date.now();
      if (!pathname.startsWith(`/api/sessions/${sessionId}/`)) return;
      if (pathname.endsWith('/chunks')) traffic.lists++;
      else if (pathname.endsWith('/chunk-events') || pathname.endsWith('/chunk-data')) {
        traffic.seqs.push(...(searchParams.get('seqs') ?? '').split(',').map(Number));
      } else {
        const one = /\/chunks\/(\d+)$/.exec(pathname);
        if (one) traffic.seqs.push(Number(one[1]));
      }
    });
    await page.goto(`${t.url}/app/sessions/${sessionId}`);
    // Every time the player goes into 'loading' (a seek that needs a load); it lives in the app's shadow root.
    await page.evaluate(`(() => {
      const counters = window.__seek;
      const app = document.querySelector('cobrowse-advisor-app');
      new MutationObserver((records) => {
        for (const r of records) {
          if (r.target.localName === 'cobrowse-session-player' && r.target.getAttribute('data-state') === 'loading' && r.oldValue !== 'loading') counters.loads++;
        }
      }).observe(app.shadowRoot, { attributeFilter: ['data-state'], attributeOldValue: true, subtree: true });
    })()`);
    await settledAt(0);
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await database?.close();
  });

  it('a click seeks once, shows the moment, and downloads only its stretch and the prefetch around it', async () => {
    await resetCounters();
    const target = 11 * MIN + 20_000; // 1:20 past the 10:00 snapshot
    const { x, y } = await xOf(target);
    await page.mouse.click(x, y);
    const at = await playerProp<number>(page, 'p.currentTime');
    expect(Math.abs(at - target)).toBeLessThan(5_000);
    await settledAt(at);

    const { events, loads } = await counters();
    expect(events).toEqual([{ time: at, final: true }]);
    expect(loads).toBe(1);
    // The chunk list was fetched once, at open, in the background: the seek asked for none (at most one).
    expect(traffic.lists).toBeLessThanOrEqual(1);
    const { own, allowed } = await allowedFor(at);
    expect(traffic.seqs.filter((seq) => !allowed.has(seq))).toEqual([]);
    expect(own.every((seq) => traffic.seqs.includes(seq))).toBe(true);
    expect(new Set(traffic.seqs).size).toBe(traffic.seqs.length);
  });

  it('a drag that never rests seeks once, where it stops, and downloads nothing of what it passed over', async () => {
    await resetCounters();
    const from = await xOf(2 * MIN);
    const to = await xOf(17 * MIN + 10_000); // 1:10 past the 16:00 snapshot
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move(to.x, to.y, { steps: 40 });
    await page.mouse.up();
    const at = await playerProp<number>(page, 'p.currentTime');
    expect(Math.abs(at - (17 * MIN + 10_000))).toBeLessThan(5_000);
    await settledAt(at);

    const { events, loads } = await counters();
    // One seek, on release. NOTE: a loaded machine can hold the pointer still on its way for a rest's 250 ms,
    // which seeks there (as it should); such rests are the only other seeks allowed, and what they show may load.
    expect(events.at(-1)).toEqual({ time: at, final: true });
    const rests = events.slice(0, -1);
    expect(rests.every((e) => !e.final)).toBe(true);
    expect(rests.length).toBeLessThanOrEqual(2);
    expect(loads).toBeLessThanOrEqual(events.length);
    const allowed = await allowedForAll(events.map((e) => e.time));
    const passedOver = traffic.seqs.filter((seq) => !allowed.has(seq));
    expect(passedOver).toEqual([]);
    const { own } = await allowedFor(at);
    expect(own.every((seq) => traffic.seqs.includes(seq))).toBe(true);
    expect(traffic.lists).toBeLessThanOrEqual(1);
  });

  it('a drag that rests seeks there while held, and its release on the same spot seeks no more', async () => {
    await resetCounters();
    const target = 5 * MIN + 40_000;
    const from = await xOf(15 * MIN);
    const rest = await xOf(target);
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move(rest.x, rest.y, { steps: 20 });
    // NOTE: a loaded machine can leave the pointer still on its way for a rest's 250 ms, which seeks there
    // too (as it should); what must hold is that the rest at the end seeks, while the button is down.
    await expect
      .poll(
        async () => {
          const last = (await counters()).events.at(-1);
          return last !== undefined && Math.abs(last.time - target) < 5_000;
        },
        { timeout: 5_000 },
      )
      .toBe(true);
    const seeks = (await counters()).events;
    expect(seeks.every((e) => !e.final)).toBe(true);
    const at = seeks.at(-1)!.time;
    await settledAt(at); // shown while the button is still down
    await page.screenshot({ path: join(ARTIFACTS, 'seek-drag.png') });
    await page.mouse.up();
    await page.waitForTimeout(300);
    expect((await counters()).events).toHaveLength(seeks.length);
    expect(await clock(page)).toBe(session.clockAt(at));
    const allowed = await allowedForAll(seeks.map((e) => e.time));
    expect(traffic.seqs.filter((seq) => !allowed.has(seq))).toEqual([]);
  });

  it('a seek back to a moment seen before downloads none of its chunks again', async () => {
    await resetCounters();
    const target = 11 * MIN + 30_000;
    await playerProp(page, `p.seek(${target})`);
    await settledAt(target);
    const { own } = await allowedFor(target);
    // Only the prefetch may add what lies past the first visit's window ahead.
    expect(traffic.seqs.filter((seq) => own.includes(seq))).toEqual([]);
    expect(traffic.seqs.length).toBeLessThanOrEqual(3);
    expect(traffic.lists).toBe(0);
  });

  it('a seek that rebuilds the replay shows the new one at once and tears the old one down soon after, out of sight', async () => {
    const target = 15 * MIN + 20_000; // another snapshot's stretch: a new Replayer
    // Every frame from the seek on: how many replay frames are in the player, how many can be seen, and what the
    // current one shows.
    await playerProp(
      page,
      `(() => {
        const mount = p.shadowRoot.querySelector('.player__mount');
        const frames = (window.__frames = []);
        const sample = () => {
          const wrappers = [...mount.querySelectorAll('.replayer-wrapper')];
          frames.push({
            total: wrappers.length,
            visible: wrappers.filter((w) => getComputedStyle(w).display !== 'none').length,
            clock: p.iframe?.contentDocument?.querySelector('#clock')?.textContent ?? null,
          });
          if (frames.length < 600) requestAnimationFrame(sample);
        };
        window.__before = p.iframe;
        p.seek(${target});
        requestAnimationFrame(sample);
      })()`,
    );
    await settledAt(target);
    await vi.waitFor(async () => expect(await playerProp(page, `p.shadowRoot.querySelectorAll('.replayer-wrapper').length`)).toBe(1), {
      timeout: 5_000,
      interval: 50,
    });
    const frames = await page.evaluate(
      () => (window as unknown as { __frames: { total: number; visible: number; clock: string | null }[] }).__frames,
    );
    // Never two replays on screen; the new one showed the moment while the old one still waited, hidden.
    expect(frames.every((f) => f.visible <= 1)).toBe(true);
    expect(frames.some((f) => f.clock === session.clockAt(target) && f.total === 2 && f.visible === 1)).toBe(true);
    expect(await page.evaluate(() => (window as unknown as { __before: HTMLIFrameElement }).__before.isConnected)).toBe(false);
  });

  it('the pointer resting over the timeline fetches that moment, and a click there downloads none of it again', async () => {
    await resetCounters();
    const before = await playerProp<number>(page, 'p.currentTime');
    const target = 9 * MIN + 10_000; // 1:10 past the 8:00 snapshot: no earlier test loaded that stretch
    const { own } = await allowedFor(target);
    const { x, y } = await xOf(target);
    await page.mouse.move(x, y);
    // Fetched while the pointer rests there; nothing is shown yet.
    await vi.waitFor(() => expect(own.filter((seq) => !traffic.seqs.includes(seq))).toEqual([]), { timeout: 10_000, interval: 50 });
    expect(await playerProp<number>(page, 'p.currentTime')).toBe(before);
    expect((await counters()).events).toEqual([]);

    const hovered = traffic.seqs.length;
    await page.mouse.down();
    await page.mouse.up();
    const at = await playerProp<number>(page, 'p.currentTime');
    expect(Math.abs(at - target)).toBeLessThan(5_000);
    await settledAt(at);
    expect((await counters()).events).toEqual([{ time: at, final: true }]);
    // Only the prefetch around the moment may come after the click: none of the moment's own chunks.
    expect(traffic.seqs.slice(hovered).filter((seq) => own.includes(seq))).toEqual([]);
  });
});
