/**
 * @module bench/open-recording
 * Opening a 60-minute recording in the advisor app at its end, against
 * opening it at its start: time until the player shows the first frame; and
 * the chunk bytes opening at the end downloads, against the whole recording.
 * With range reads from the last snapshot, the end should cost about what the
 * start costs, not 60 minutes of events.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { openDatabase } from '../db/client.ts';
import { launchChromium } from '../tests/helpers/browser.ts';
import { startTestServer } from '../tests/helpers/server.ts';
import { syntheticSession } from '../tests/helpers/synthetic-session.ts';
import type { Benchmark, Row } from './report.ts';

const MINUTES = 60;
const ROUNDS = 3;

export const openRecording: Benchmark = {
  name: 'open recording',
  async run(): Promise<Row[]> {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cb-bench-open-'));
    const database = await openDatabase({ dataDir: dir });
    const server = await startTestServer({ database });
    const browser = await launchChromium();
    try {
      const session = syntheticSession({ durationMs: MINUTES * 60_000, padding: 60 });
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
        let bytes = 0;
        page.on('requestfinished', async (req) => {
          // Bytes on the wire (chunk-events is gzipped for it; chunk-data and chunks/N are stored gzip).
          if (/\/(chunks\/\d+|chunk-data|chunk-events)$/.test(new URL(req.url()).pathname)) {
            bytes += (await req.sizes()).responseBodySize;
          }
        });
        const t0 = performance.now();
        await page.goto(`${server.url}/app/sessions/${id}?t=${atMs}`);
        await waitForReady(page);
        const ms = performance.now() - t0;
        const clock = await replayedClock(page);
        await context.close();
        return { ms, bytes, clock };
      };

      // Mid-tick, so the expected clock does not hinge on whether the boundary event is applied.
      const endMs = session.endTs - session.startTs - 1000;
      await open(0); // warm-up: caches, JIT, first PGlite reads
      const start: number[] = [];
      const end: number[] = [];
      let startBytes = 0;
      let endBytes = 0;
      for (let round = 0; round < ROUNDS; round++) {
        const a = await open(0);
        const b = await open(endMs);
        if (b.clock !== session.clockAt(endMs)) {
          throw new Error(`opened at the end but the replay shows "${b.clock}", expected "${session.clockAt(endMs)}"`);
        }
        start.push(a.ms);
        end.push(b.ms);
        startBytes = a.bytes;
        endBytes = b.bytes;
      }
      const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
      const totalKb = (await (await server.api(`/api/sessions/${id}`)).json()).byteCount / 1024;
      return [
        {
          benchmark: `Open a ${MINUTES}-minute recording`,
          variant: `at its end vs at its start (median of ${ROUNDS}; recording ${totalKb.toFixed(0)} KiB stored)`,
          value: median(end),
          baseline: median(start),
          baselineLabel: 'at its start',
          unit: 'ms to first frame',
          reading: 'lower is better; about 1 means the end opens as fast as the start',
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

async function waitForReady(page: Page) {
  await page.waitForFunction(
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
      return player && (player.state === 'paused' || player.state === 'playing');
    },
    undefined,
    { timeout: 60_000, polling: 20 },
  );
}

async function replayedClock(page: Page): Promise<string | null> {
  for (const frame of page.frames()) {
    const text = await frame.evaluate(() => document.querySelector('#clock')?.textContent ?? null).catch(() => null);
    if (text) return text;
  }
  return null;
}
