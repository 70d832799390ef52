/**
 * @module bench/open-recording
 * Opening a 60-minute recording in the advisor app at its end, against
 * opening it at its start: time until the player shows the first frame; and
 * the chunk bytes opening at the end downloads, against the whole recording.
 * With range reads from the last snapshot, the end should cost about what the
 * start costs, not 60 minutes of events.
 *
 * The page grows (one list item a second), so the end's first frame is a far
 * larger page than the start's; opening just after the last snapshot before
 * the end (nearly the same page, nothing to replay) tells how much of the
 * difference is replaying the stretch after a snapshot, and how much is the
 * page itself.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { openDatabase } from '../db/client.ts';
import { launchChromium } from '../tests/helpers/browser.ts';
import { compactSession } from '../server/storage/chunk-compaction.ts';
import { startTestServer } from '../tests/helpers/server.ts';
import { syntheticSession } from '../tests/helpers/synthetic-session.ts';
import type { Benchmark, Row } from './report.ts';

const MINUTES = 60;
const ROUNDS = 7;
/** Extra characters per list item (synthetic-session.ts), for heavier chunks. */
const PADDING = 60;
/** The synthetic session's checkout interval (its default): a full snapshot every 5 minutes. */
const CHECKOUT_MS = 5 * 60_000;

export const openRecording: Benchmark = {
  name: 'open recording',
  async run(): Promise<Row[]> {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cb-bench-open-'));
    const database = await openDatabase({ dataDir: dir });
    const server = await startTestServer({ database });
    const browser = await launchChromium();
    try {
      const session = syntheticSession({ durationMs: MINUTES * 60_000, padding: PADDING });
      const id = await server.startSession({ startedAt: session.startTs, url: 'https://shop.test/synthetic' });
      const chunks = session.chunks();
      // Upload with a little concurrency; order does not matter to the server.
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
      await compactSession(database.db, id);
      const auth = await (
        await fetch(`${server.url}/api/auth/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(server.admin),
        })
      ).text();

      const open = async (atMs: number) => {
        const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
        await context.addInitScript((value) => localStorage.setItem('cobrowse.advisor.auth', value), auth);
        const page = await context.newPage();
        const t0 = performance.now();
        await page.goto(`${server.url}/app/sessions/${id}?t=${atMs}`);
        const readyAt = await waitForReady(page);
        const ms = performance.now() - t0;
        const clock = await replayedClock(page);
        const bytes = await chunkBytesBefore(page, readyAt);
        // Let the prefetches after the first frame finish: they must not load the server during the next open.
        await page.waitForLoadState('networkidle').catch(() => {});
        await context.close();
        return { ms, bytes, clock };
      };

      // Mid-tick, so the expected clock does not hinge on whether the boundary event is applied.
      const endMs = session.endTs - session.startTs - 1000;
      // Just after the last full snapshot before the end: the page the end shows, but 300
      // items shorter and nothing to replay after the snapshot (its chunk is the only one).
      const snapshotMs = Math.floor(endMs / CHECKOUT_MS) * CHECKOUT_MS + 500;
      const snapshotItems = Math.floor(snapshotMs / 1000); // one list item per second (synthetic-session.ts)
      await open(0); // warm-up: caches, JIT, first PGlite reads
      const start: number[] = [];
      const end: number[] = [];
      const atSnapshot: number[] = [];
      let startBytes = 0;
      let endBytes = 0;
      for (let round = 0; round < ROUNDS; round++) {
        // Each round in another order, so that none of the three always follows the same one.
        const order = [0, endMs, snapshotMs];
        const opened = new Map<number, Awaited<ReturnType<typeof open>>>();
        for (let k = 0; k < order.length; k++) {
          const at = order[(round + k) % order.length]!;
          opened.set(at, await open(at));
        }
        const [a, b, c] = [opened.get(0)!, opened.get(endMs)!, opened.get(snapshotMs)!];
        for (const [at, got] of [
          [endMs, b],
          [snapshotMs, c],
        ] as const) {
          if (got.clock !== session.clockAt(at)) {
            throw new Error(`opened at ${at} ms but the replay shows "${got.clock}", expected "${session.clockAt(at)}"`);
          }
        }
        start.push(a.ms);
        end.push(b.ms);
        atSnapshot.push(c.ms);
        startBytes = a.bytes;
        endBytes = b.bytes;
      }
      // The floor under any replay: laying out the end's page itself, written as plain HTML.
      const endItems = Math.floor(endMs / 1000);
      const layouts: number[] = [];
      for (let round = 0; round < ROUNDS; round++) layouts.push(await layoutMs(browser, endItems, PADDING));
      const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
      const load = os.loadavg()[0]!.toFixed(1);
      const totalKb = (await (await server.api(`/api/sessions/${id}`)).json()).byteCount / 1024;
      return [
        {
          benchmark: `Open a ${MINUTES}-minute recording`,
          variant: `at its end vs at its start (median of ${ROUNDS}; recording ${totalKb.toFixed(0)} KiB stored; load average ${load} on ${os.cpus().length} cores)`,
          value: median(end),
          baseline: median(start),
          baselineLabel: 'at its start',
          unit: 'ms to first frame',
          reading: 'lower is better; about 1 means the end opens as fast as the start',
        },
        {
          benchmark: `Open a ${MINUTES}-minute recording`,
          variant: `at its end vs just after its last snapshot, ${((endMs - snapshotMs) / 60_000).toFixed(1)} min before (median of ${ROUNDS}): what replaying up to ${CHECKOUT_MS / 60_000} minutes of events adds`,
          value: median(end),
          baseline: median(atSnapshot),
          baselineLabel: 'just after its last snapshot',
          unit: 'ms to first frame',
          reading: 'lower is better; about 1 means the stretch after a snapshot costs next to nothing',
        },
        {
          benchmark: `Open a ${MINUTES}-minute recording`,
          variant: `just after its last snapshot vs at its start (same medians): what the page's size adds (${snapshotItems} list items vs none; nothing to replay at either)`,
          value: median(atSnapshot),
          baseline: median(start),
          baselineLabel: 'at its start',
          unit: 'ms to first frame',
          reading: 'for information: the replay engine must build and lay out the larger page, however it loads',
        },
        {
          benchmark: `Open a ${MINUTES}-minute recording`,
          variant: `style and layout alone of the end's page (${endItems} list items as plain HTML in a 1024×768 iframe, no replay engine; median of ${ROUNDS}) against what opening at the end adds to opening at the start`,
          value: median(layouts),
          baseline: Math.max(1, median(end) - median(start)),
          baselineLabel: 'end minus start',
          unit: 'ms',
          reading: 'for information: the share of the difference that any viewer of that page pays',
        },
        {
          benchmark: `Open a ${MINUTES}-minute recording`,
          variant: `chunk bytes on the wire until the first frame at its end (at its start: ${(startBytes / 1024).toFixed(1)} KiB)`,
          value: endBytes / 1024,
          baseline: totalKb,
          baselineLabel: 'the whole recording, stored',
          unit: 'KiB',
          reading: 'lower is better; only the stretch from the last snapshot before the end',
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

/** Waits until the player shows its first frame; resolves to the page's clock (performance.now()) then. */
async function waitForReady(page: Page): Promise<number> {
  const handle = await page.waitForFunction(
    () => {
      type Player = Element & { state?: string };
      const find = (root: Document | ShadowRoot): Player | null => {
        const hit = root.querySelector<Player>('cobrowse-session-player');
        if (hit) return hit;
        for (const el of root.querySelectorAll('*')) {
          const found = el.shadowRoot && find(el.shadowRoot);
          if (found) return found;
        }
        return null;
      };
      const player = find(document);
      return player && (player.state === 'paused' || player.state === 'playing') && performance.now();
    },
    undefined,
    { timeout: 60_000, polling: 20 },
  );
  return (await handle.jsonValue()) as number;
}

/**
 * Chunk bytes on the wire (chunk-events is gzipped for it; chunk-data and
 * chunks/N are stored gzip) of the responses complete by page time `until`.
 */
async function chunkBytesBefore(page: Page, until: number): Promise<number> {
  return page.evaluate((until) => {
    const chunkPath = /\/(chunks\/\d+|chunk-data|chunk-events)$/;
    return (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
      .filter((r) => chunkPath.test(new URL(r.name).pathname) && r.responseEnd <= until)
      .reduce((sum, r) => sum + r.encodedBodySize, 0);
  }, until);
}

/**
 * Milliseconds to style and lay out the synthetic page with `items` list
 * items (as synthetic-session.ts builds it), written as HTML into a plain
 * iframe of the recorded viewport's size: what showing that page costs the
 * browser, whatever builds it.
 */
async function layoutMs(browser: Browser, items: number, padding: number): Promise<number> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  try {
    await page.setContent('<iframe style="width:1024px;height:768px;border:0"></iframe>');
    return await page.evaluate(
      ([items, padding]) => {
        const doc = document.querySelector('iframe')!.contentDocument!;
        const pad = 'x'.repeat(padding);
        const list = Array.from({ length: items }, (_, k) => `<li>item ${k + 1}${pad}</li>`).join('');
        doc.open();
        doc.write(
          `<!DOCTYPE html><html><head></head><body><h1>Synthetic shop</h1><p id="clock">tick ${items}</p><ul id="log">${list}</ul></body></html>`,
        );
        doc.close();
        const t0 = performance.now();
        doc.documentElement.getBoundingClientRect();
        return performance.now() - t0;
      },
      [items, padding] as const,
    );
  } finally {
    await page.close();
  }
}

async function replayedClock(page: Page): Promise<string | null> {
  for (const frame of page.frames()) {
    const text = await frame.evaluate(() => document.querySelector('#clock')?.textContent ?? null).catch(() => null);
    if (text) return text;
  }
  return null;
}
