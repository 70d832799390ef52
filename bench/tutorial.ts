/**
 * @module bench/tutorial
 * A published tutorial (the recorded demo-shop flow,
 * tests/fixtures/tutorial-demo-flow.json.gz, made a tutorial through the
 * API, its findings redacted, published):
 *
 * - the bytes a viewer downloads to watch it in `<cobrowse-tutorial>` (the
 *   player script gzipped, `tutorial.json` and the events as the server
 *   sends them) against the same steps as PNG screenshots at 1280×800, the
 *   format of screenshot-per-click tools (drawn by the server's own guide
 *   job in Chromium: the written guide's pictures);
 * - time to the first frame of the embed on a help-centre page against the
 *   advisor app's player opening the same recording (median of a few cold
 *   runs, a fresh browser context each).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { openDatabase } from '../db/client.ts';
import { tutorialStepPictures } from '../db/schema.ts';
import type { SessionImport } from '../protocol/api.ts';
import type { Tutorial, TutorialFindingList } from '../protocol/tutorials.ts';
import { launchChromium } from '../tests/helpers/browser.ts';
import { startTestServer, type TestServer } from '../tests/helpers/server.ts';
import { demoFlow } from '../tests/tutorials/fixture.ts';
import type { Benchmark, Row } from './report.ts';

const RUNS = 5;

export const tutorialBench: Benchmark = {
  name: 'tutorial',
  async run(): Promise<Row[]> {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cb-bench-tutorial-'));
    const database = await openDatabase({ dataDir: dir });
    const server = await startTestServer({ database });
    const browser = await launchChromium();
    let closeHelp = async () => {};
    try {
      const { tutorial, sessionId } = await publishDemo(server);
      await server.server.jobs.idle({ timeoutMs: 120_000 });
      const slug = tutorial.slug;
      const steps = tutorial.steps.length;

      // (a) Bytes: what the embed fetches, against the steps as PNGs.
      const script = readFileSync(fileURLToPath(new URL('../dist/tutorial/tutorial.js', import.meta.url)));
      const served = await servedBytes(`${server.url}/tutorial.js`);
      const json = await servedBytes(`${server.url}/t/${slug}/tutorial.json`);
      const events = await servedBytes(`${server.url}/t/${slug}/events`);
      const pictures = await database.db.select().from(tutorialStepPictures);
      if (pictures.length !== steps) throw new Error(`${pictures.length} pictures drawn for ${steps} steps (is Chromium configured?)`);
      const pngBytes = pictures.reduce((sum, p) => sum + p.png.length, 0);
      const help = await startHelpCentre(server, slug);
      closeHelp = help.close;
      const watched = await embedTraffic(browser, server, help.url);
      console.log(
        `  ${steps} steps: script ${kib(served.bytes)} KiB as sent (${served.encoding}; ${kib(script.length)} KiB built), json ${kib(json.bytes)} KiB (${json.encoding}), ` +
          `events ${kib(events.bytes)} KiB (${events.encoding}); PNGs ${kib(pngBytes)} KiB; the embed fetched ${kib(watched)} KiB besides its script`,
      );

      // (b) Time to the first frame: the embed on a help-centre page against the advisor app's player.
      const auth = await (
        await fetch(`${server.url}/api/auth/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(server.admin),
        })
      ).text();
      await embedFirstFrame(browser, help.url); // warm-up: server caches, JIT, first PGlite reads
      await playerFirstFrame(browser, server, auth, sessionId);
      const embedMs: number[] = [];
      const playerMs: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        embedMs.push(await embedFirstFrame(browser, help.url));
        playerMs.push(await playerFirstFrame(browser, server, auth, sessionId));
      }
      console.log(`  first frame: embed ${embedMs.map(Math.round).join(', ')} ms; player ${playerMs.map(Math.round).join(', ')} ms`);

      const viewer = served.bytes + json.bytes + events.bytes;
      const load = os.loadavg()[0]!.toFixed(1);
      return [
        {
          benchmark: 'Watching a tutorial',
          variant:
            `the demo-shop flow, ${steps} steps, as served: player script (${served.encoding}; ${kib(script.length)} KiB built) + ` +
            `tutorial.json (${json.encoding}) + events (${events.encoding})`,
          value: kib(viewer),
          baseline: kib(pngBytes),
          baselineLabel: `the same ${steps} steps as PNG screenshots, 1280×800`,
          unit: 'KiB',
          reading: `lower is better; goal: a fraction (${Math.round((100 * viewer) / pngBytes)} % of the PNGs)`,
        },
        {
          benchmark: 'Watching a tutorial',
          variant: `the same, the player script already cached (a second tutorial on the help centre): tutorial.json + events`,
          value: kib(json.bytes + events.bytes),
          baseline: kib(pngBytes),
          baselineLabel: `the same ${steps} steps as PNG screenshots, 1280×800`,
          unit: 'KiB',
          reading: `lower is better (${Math.round((100 * (json.bytes + events.bytes)) / pngBytes)} % of the PNGs)`,
        },
        {
          benchmark: 'Watching a tutorial',
          variant: `time to the first frame, median of ${RUNS} cold loads (load average ${load} on ${os.cpus().length} cores): <cobrowse-tutorial> on a help-centre page`,
          value: median(embedMs),
          baseline: median(playerMs),
          baselineLabel: "the advisor app's player opening the same recording",
          unit: 'ms',
          reading: 'lower is better',
        },
      ];
    } finally {
      await closeHelp();
      await browser.close();
      await server.close();
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

const kib = (bytes: number) => Math.round((bytes / 1024) * 10) / 10;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function expectOk(res: Response, status = 200): Promise<Response> {
  if (res.status !== status) throw new Error(`${res.url}: ${res.status} ${await res.text()}`);
  return res;
}

/** The recording imported as a session (moved to now), made a tutorial, its findings redacted, published. */
async function publishDemo(server: TestServer): Promise<{ tutorial: Tutorial; sessionId: string }> {
  const events = demoFlow();
  const shift = Date.now() - 5_000 - events.at(-1)!.timestamp;
  for (const e of events) e.timestamp += shift;
  const imported = (await (
    await expectOk(
      await server.api(`/api/sessions/import?siteId=${server.site.id}`, {
        method: 'POST',
        body: gzipSync(JSON.stringify(events)),
        headers: { 'content-type': 'application/gzip' },
      }),
      201,
    )
  ).json()) as SessionImport;
  const sessionId = imported.sessions[0]!.sessionId;
  const post = (p: string, body: unknown, status = 200) =>
    server.api(p, { method: 'POST', body: JSON.stringify(body) }).then((r) => expectOk(r, status));
  const made = (await (await post('/api/tutorials', { sessionId, title: 'Buying a kettle' }, 201)).json()) as Tutorial;
  const { findings } = (await (await expectOk(await server.api(`/api/tutorials/${made.id}/findings`))).json()) as TutorialFindingList;
  const open = findings.filter((f) => f.status === 'open').map((f) => f.value);
  if (open.length) await post(`/api/tutorials/${made.id}/redactions`, { texts: open }, 201);
  await post(`/api/tutorials/${made.id}/publish`, { visibility: 'public' });
  const tutorial = (await (await expectOk(await server.api(`/api/tutorials/${made.id}`))).json()) as Tutorial;
  return { tutorial, sessionId };
}

/** Bytes of an answer as sent to a client accepting gzip (not inflated), and its encoding. */
async function servedBytes(url: string): Promise<{ bytes: number; encoding: string }> {
  return new Promise((resolve, reject) => {
    request(url, { headers: { 'accept-encoding': 'gzip' } }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => (bytes += chunk.length));
      res.on('end', () => resolve({ bytes, encoding: res.headers['content-encoding'] ?? 'identity' }));
      res.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

/** A help-centre page on its own origin (a second local server: Chromium keeps public pages from loopback servers). */
async function startHelpCentre(server: TestServer, slug: string): Promise<{ url: string; close: () => Promise<void> }> {
  const page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Help centre</title>
<script type="module" src="${server.url}/tutorial.js"></script></head>
<body><h1>How to buy a kettle</h1><cobrowse-tutorial src="${server.url}/t/${slug}"></cobrowse-tutorial></body></html>`;
  const http = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(page);
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}/kettle`,
    close: () =>
      new Promise((resolve) => {
        http.closeAllConnections();
        http.close(() => resolve());
      }),
  };
}

/** A fresh context (nothing cached) on the help-centre page. */
async function helpCentre(browser: Browser): Promise<{ page: Page; close: () => Promise<void> }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  return { page, close: () => context.close() };
}

const embedPaused = (page: Page) =>
  page.waitForFunction(() => document.querySelector('cobrowse-tutorial')?.getAttribute('data-state') === 'paused', undefined, {
    timeout: 60_000,
    polling: 10,
  });

/** Bytes on the wire the embed fetched from the server to show the tutorial, its script aside (a cross-check of json + events). */
async function embedTraffic(browser: Browser, server: TestServer, helpUrl: string): Promise<number> {
  const { page, close } = await helpCentre(browser);
  let bytes = 0;
  page.on('requestfinished', async (req) => {
    const url = req.url();
    if (url.startsWith(server.url) && !url.endsWith('/tutorial.js'))
      bytes += (await req.sizes().catch(() => ({ responseBodySize: 0 }))).responseBodySize;
  });
  await page.goto(helpUrl);
  await embedPaused(page);
  await page.waitForTimeout(300);
  await close();
  return bytes;
}

async function embedFirstFrame(browser: Browser, helpUrl: string): Promise<number> {
  const { page, close } = await helpCentre(browser);
  const t0 = performance.now();
  await page.goto(helpUrl);
  await embedPaused(page);
  const elapsed = performance.now() - t0;
  await close();
  return elapsed;
}

async function playerFirstFrame(browser: Browser, server: TestServer, auth: string, sessionId: string): Promise<number> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript((value) => localStorage.setItem('cobrowse.advisor.auth', value), auth);
  const page = await context.newPage();
  const t0 = performance.now();
  await page.goto(`${server.url}/app/sessions/${sessionId}`);
  await page.waitForFunction(
    () => {
      const app = document.querySelector('cobrowse-advisor-app');
      const p = app?.shadowRoot?.querySelector('cobrowse-session-player') as (Element & { state?: string }) | null | undefined;
      return p?.state === 'paused';
    },
    undefined,
    { timeout: 60_000, polling: 10 },
  );
  const elapsed = performance.now() - t0;
  await context.close();
  return elapsed;
}
