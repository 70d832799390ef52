/**
 * @module bench/seek
 * Seeking in the open player of a 60-minute recording: time from `seek()` to
 * the replay showing the right moment, at 10 points spread over the hour,
 * against opening the recording at those same points (a fresh page: the cost
 * a seek would have without the open player's cache); clicks on the timeline
 * at those points after the pointer rested over each (what an advisor does:
 * the rest fetches the moment), against those seeks; and the chunk bytes one
 * drag across the timeline downloads, against the whole recording.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { openDatabase } from '../db/client.ts';
import { launchChromium } from '../tests/helpers/browser.ts';
import { compactSession } from '../server/storage/chunk-compaction.ts';
import { startTestServer, type TestServer } from '../tests/helpers/server.ts';
import { syntheticSession, type SyntheticSession } from '../tests/helpers/synthetic-session.ts';
import type { Benchmark, Row } from './report.ts';

const MINUTES = 60;
const MIN = 60_000;
/** Seek targets, session minutes: spread over the hour, back and forth, each off a snapshot. */
const POINTS_MIN = [37.4, 8.2, 52.7, 21.6, 44.1, 3.9, 29.3, 58.8, 14.5, 33.7];
const ROUNDS = 3;
/** How long the pointer rests over a time before the click (an advisor reading the time label is slower). */
const HOVER_REST_MS = 400;
/** Rounds of those clicks, each in a fresh player (nothing cached). */
const CLICK_ROUNDS = 2;

/** The player element, through the app's shadow root. */
const PLAYER = `document.querySelector('cobrowse-advisor-app').shadowRoot.querySelector('cobrowse-session-player')`;

export const seek: Benchmark = {
  name: 'seek',
  async run(): Promise<Row[]> {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cb-bench-seek-'));
    const database = await openDatabase({ dataDir: dir });
    const server = await startTestServer({ database });
    const browser = await launchChromium();
    try {
      const session = syntheticSession({ durationMs: MINUTES * MIN, padding: 60 });
      const id = await upload(server, session);
      const auth = await token(server);
      const points = POINTS_MIN.map((m) => Math.round(m * MIN) + 400);

      // Baseline: opening the recording at each point, a fresh page each.
      const opens: number[] = [];
      await (await openAt(browser, server, auth, id, 0)).close(); // warm-up: caches, JIT, first PGlite reads
      for (const ms of points) {
        const { page, elapsed, close } = await openAt(browser, server, auth, id, ms);
        await expectClock(page, session, ms);
        opens.push(elapsed);
        await close();
      }

      // Seeks within one open player.
      const seeks: number[] = [];
      let seekBytes = 0;
      let seekRequests = 0;
      for (let round = 0; round < ROUNDS; round++) {
        const { page, close, traffic } = await openAt(browser, server, auth, id, 0);
        traffic.reset();
        for (const ms of points) {
          const { elapsed, waits } = await seekAndWait(page, ms, session.clockAt(ms));
          await expectClock(page, session, ms);
          seeks.push(elapsed);
          console.log(
            `  seek to ${(ms / MIN).toFixed(1)} min: ${elapsed.toFixed(0)} ms (server's answers: ${waits.join(', ') || 'none'} ms)`,
          );
          // The prefetch around the cursor goes on after the moment is shown; let it land
          // between seeks, as it would while the advisor looks at the replay.
          await traffic.quiet();
        }
        seekBytes = traffic.bytes;
        seekRequests = traffic.requests;
        await close();
      }

      // Clicks on the timeline after the pointer rested over each point (reading its time label), in a fresh
      // player: the pointer's rest fetches the moment (cobrowse-seek-intent) before the click asks for it.
      const clicks: number[] = [];
      for (let round = 0; round < CLICK_ROUNDS; round++) {
        const { page, close } = await openAt(browser, server, auth, id, 0);
        const slider = page.getByRole('slider', { name: 'Seek' });
        const box = (await slider.boundingBox())!;
        for (const ms of points) {
          const x = box.x + (box.width * ms) / (session.endTs - session.startTs);
          await page.mouse.move(x, box.y + box.height / 2);
          await page.waitForTimeout(HOVER_REST_MS);
          const click = await armClick(page);
          await page.mouse.down();
          await page.mouse.up();
          const { elapsed, at } = await click.result();
          await expectClock(page, session, at);
          clicks.push(elapsed);
          console.log(`  click at ${(at / MIN).toFixed(1)} min after a ${HOVER_REST_MS} ms rest: ${elapsed.toFixed(0)} ms`);
        }
        await close();
      }

      // One drag across the timeline: press at 10 %, move steadily to 90 % without stopping, release.
      const { page, close, traffic } = await openAt(browser, server, auth, id, 0);
      traffic.reset();
      const slider = page.getByRole('slider', { name: 'Seek' });
      const box = (await slider.boundingBox())!;
      const y = box.y + box.height / 2;
      await page.mouse.move(box.x + box.width * 0.1, y);
      await page.mouse.down();
      const steps = 60;
      for (let i = 1; i <= steps; i++) {
        await page.mouse.move(box.x + box.width * (0.1 + (0.8 * i) / steps), y);
        await page.waitForTimeout(16);
      }
      await page.mouse.up();
      const dropMs = await page.evaluate<number>(`${PLAYER}.currentTime`);
      await waitPaused(page);
      await expectClock(page, session, dropMs);
      await traffic.quiet(); // whatever the prefetch around the drop point fetches counts too
      const dragBytes = traffic.bytes;
      const dragRequests = traffic.requests;
      await close();

      const load = os.loadavg()[0]!.toFixed(1);
      const totalKb = ((await (await server.api(`/api/sessions/${id}`)).json()) as { byteCount: number }).byteCount / 1024;
      const pct = (xs: number[], p: number) =>
        [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)]!;
      const label = `${MINUTES}-minute recording, snapshot every 5 min`;
      return [
        {
          benchmark: 'Seek in the open player',
          variant: `p50 of ${seeks.length} seeks to ${points.length} points of a ${label} (${ROUNDS} rounds; load average ${load} on ${os.cpus().length} cores)`,
          value: pct(seeks, 50),
          baseline: pct(opens, 50),
          baselineLabel: 'opening the recording at those points, p50',
          unit: 'ms to the right frame',
          reading: 'lower is better; goal ≤ 200 ms at p95',
        },
        {
          benchmark: 'Seek in the open player',
          variant: `p95 of the same seeks (chunk lists and chunks of a round: ${seekRequests} requests, ${(seekBytes / 1024).toFixed(0)} KiB)`,
          value: pct(seeks, 95),
          baseline: pct(opens, 95),
          baselineLabel: 'opening the recording at those points, p95',
          unit: 'ms to the right frame',
          reading: `lower is better; goal ≤ 200 ms ${pct(seeks, 95) <= 200 ? 'met' : 'NOT met'}`,
        },
        {
          benchmark: 'Seek in the open player',
          variant: `p95 of ${clicks.length} clicks on the timeline at the same points, each after the pointer rested ${HOVER_REST_MS} ms over its time (${CLICK_ROUNDS} rounds, each in a fresh player; the rest fetches the moment)`,
          value: pct(clicks, 95),
          baseline: pct(seeks, 95),
          baselineLabel: 'seek() to the same points, p95 (above)',
          unit: 'ms to the right frame',
          reading: `lower is better; what an advisor who points, then clicks, waits (goal ≤ 200 ms ${pct(clicks, 95) <= 200 ? 'met' : 'NOT met'})`,
        },
        {
          benchmark: 'Seek in the open player',
          variant: `one drag across the timeline (10 % → 90 % in ${steps} moves, no pause): chunk lists and chunks, ${dragRequests} requests`,
          value: dragBytes / 1024,
          baseline: totalKb,
          baselineLabel: 'the whole recording',
          unit: 'KiB',
          reading: 'lower is better; only the chunks of where the drag stops (and the prefetch around it)',
        },
      ];
    } finally {
      await browser.close();
      await server.close();
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

async function upload(server: TestServer, session: SyntheticSession): Promise<string> {
  const id = await server.startSession({ startedAt: session.startTs, url: 'https://shop.test/synthetic' });
  const chunks = session.chunks();
  let next = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < chunks.length) {
        const seq = next++;
        const res = await server.putChunk(id, seq, chunks[seq]);
        if (res.status !== 201) throw new Error(`chunk ${seq}: ${res.status}`);
      }
    }),
  );
  // A recording watched later is stored settled: compacted (server/storage), not being compacted while it is watched.
  await compactSession(server.database.db, id);
  return id;
}

async function token(server: TestServer): Promise<string> {
  const res = await fetch(`${server.url}/api/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(server.admin),
  });
  return res.text();
}

/** A fresh page with the player open at `atMs`, ready; counts chunk-list and chunk-byte traffic. */
async function openAt(browser: Browser, server: TestServer, auth: string, id: string, atMs: number) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript((value) => localStorage.setItem('cobrowse.advisor.auth', value), auth);
  const page = await context.newPage();
  const traffic = {
    bytes: 0,
    requests: 0,
    inFlight: 0,
    lastAt: 0,
    reset() {
      this.bytes = 0;
      this.requests = 0;
    },
    /** Resolves once no session request has been in flight for `ms` (the prefetch has landed). */
    async quiet(ms = 300) {
      const until = Date.now() + 15_000;
      while (Date.now() < until && (this.inFlight > 0 || Date.now() - this.lastAt < ms)) await page.waitForTimeout(50);
    },
  };
  const ours = (url: string) => new URL(url).pathname.startsWith(`/api/sessions/${id}`);
  page.on('request', (req) => {
    if (!ours(req.url())) return;
    traffic.inFlight++;
    traffic.lastAt = Date.now();
  });
  page.on('requestfailed', (req) => {
    if (!ours(req.url())) return;
    traffic.inFlight--;
    traffic.lastAt = Date.now();
  });
  page.on('requestfinished', async (req) => {
    if (ours(req.url())) {
      traffic.inFlight--;
      traffic.lastAt = Date.now();
    }
    const p = new URL(req.url()).pathname;
    if (!/\/sessions\/[^/]+\/(chunks|chunks\/\d+|chunk-data|chunk-events)$/.test(p)) return;
    traffic.requests++;
    // Bytes on the wire (the body as sent, compressed or not), chunk lists included.
    traffic.bytes += (await req.sizes().catch(() => ({ responseBodySize: 0 }))).responseBodySize;
  });
  const t0 = performance.now();
  await page.goto(`${server.url}/app/sessions/${id}?t=${atMs}`);
  await waitPaused(page);
  const elapsed = performance.now() - t0;
  // The player's prefetch after the first frame (the window ahead, the chunk list) lands before anything else is timed.
  await traffic.quiet();
  return { page, elapsed, traffic, close: () => context.close() };
}

async function waitPaused(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      const app = document.querySelector('cobrowse-advisor-app');
      const p = app?.shadowRoot?.querySelector('cobrowse-session-player') as (Element & { state?: string }) | null | undefined;
      return p?.state === 'paused';
    },
    undefined,
    { timeout: 60_000, polling: 10 },
  );
}

/**
 * Calls seek() in the page and times it until the replay's `#clock` shows `clock` with the player paused and
 * that frame is painted; `waits`: how long each chunk request of the seek waited for the server's first byte.
 */
async function seekAndWait(page: Page, ms: number, clock: string): Promise<{ elapsed: number; waits: number[] }> {
  return page.evaluate<{ elapsed: number; waits: number[] }>(
    `new Promise((resolve, reject) => {
      const p = ${PLAYER};
      const t0 = performance.now();
      p.seek(${ms});
      const check = () => {
        const text = p.iframe?.contentDocument?.querySelector('#clock')?.textContent;
        if (p.state === 'paused' && text === ${JSON.stringify(clock)}) {
          // Until that moment is on screen: the replayed page's style and layout (most of a seek far from the
          // loaded window, tens of ms for this page's 3,600 list items) land in the next frame.
          return requestAnimationFrame(() => setTimeout(() => {
            const elapsed = performance.now() - t0;
            const waits = performance.getEntriesByType('resource')
              .filter((e) => e.startTime >= t0 && e.name.includes('/chunk'))
              .map((e) => Math.round(e.responseStart - e.requestStart));
            resolve({ elapsed, waits });
          }, 0));
        }
        if (performance.now() - t0 > 30000) return reject(new Error('seek to ${ms} did not show ' + ${JSON.stringify(clock)} + ' (shows ' + text + ', ' + p.state + ')'));
        setTimeout(check, 2);
      };
      check();
    })`,
  );
}

/**
 * Arms the page for the click about to happen on the timeline; `result()` resolves once it has sought
 * (`cobrowse-seek`) and the replay shows that moment, paused, with the frame painted: the time from the seek to
 * then, and the session ms sought.
 */
async function armClick(page: Page): Promise<{ result(): Promise<{ elapsed: number; at: number }> }> {
  await page.evaluate(
    // NOTE: `void`: were the expression's value the promise, evaluate() would wait for the click to resolve it.
    `void (window.__click = new Promise((resolve, reject) => {
      const p = ${PLAYER};
      p.addEventListener('cobrowse-seek', (e) => {
        const t0 = performance.now();
        const at = e.detail.time;
        const check = () => {
          if (p.state === 'paused' && Math.abs(p.currentTime - at) < 1) {
            return requestAnimationFrame(() => setTimeout(() => resolve({ elapsed: performance.now() - t0, at }), 0));
          }
          if (performance.now() - t0 > 30000) return reject(new Error('the click at ' + at + ' did not show'));
          setTimeout(check, 2);
        };
        setTimeout(check, 0);
      }, { once: true, capture: true });
    }))`,
  );
  return { result: () => page.evaluate<{ elapsed: number; at: number }>('window.__click') };
}

async function expectClock(page: Page, session: SyntheticSession, ms: number): Promise<void> {
  const shown = await page.evaluate<string | null>(`${PLAYER}.iframe?.contentDocument?.querySelector('#clock')?.textContent ?? null`);
  if (shown !== session.clockAt(ms)) throw new Error(`at ${ms} ms the replay shows "${shown}", expected "${session.clockAt(ms)}"`);
}
