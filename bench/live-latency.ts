/**
 * @module bench/live-latency
 * Live latency, measured in the browsers: a customer page (real recorder,
 * real live link, `<cobrowse-recorder>`) sets a text to a counter and its
 * timestamp every ~100 ms; the advisor's live view (the real app at
 * `/app/live/:sessionId`, rrweb's Replayer in live mode, default latency
 * buffer) watches its replay iframe with a MutationObserver and stamps when
 * each counter value appears. Both pages are in the same Chromium, so
 * `performance.timeOrigin + performance.now()` agree on both sides.
 *
 * Where the time goes, from stamps taken on the way: the customer page's
 * `WebSocket.send` of the batch holding the value (rrweb + the recorder's
 * batching), the advisor page's socket `message` (server and network), and
 * the DOM change in the replay (the view's latency buffer and rrweb's
 * animation-frame timer). The same run is repeated with the buffer at 0 ms.
 * The customer's pointer is timed the same way: a mouse move on the customer
 * page → the advisor's replayed cursor at the same x.
 *
 * Baseline: the same timestamped message between two pages of the same
 * browser through a trivial `ws` relay on loopback (one way, stamped the
 * same way), half before and half after the live runs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { WebSocketServer } from 'ws';
import { openDatabase } from '../db/client.ts';
import { launchChromium } from '../tests/helpers/browser.ts';
import { startTestServer } from '../tests/helpers/server.ts';
import { startPageServer } from '../tests/recorder/page-server.ts';
import type { Benchmark, Row } from './report.ts';

const INTERVAL_MS = 100;
const SAMPLES_DEFAULT_BUFFER = 300;
const SAMPLES_NO_BUFFER = 150;
const SAMPLES_BASELINE = 200;
const SAMPLES_POINTER = 150;
/** The goal on loopback. */
const GOAL = { p50: 30, p99: 100 } as const;

const customerPage = (server: string, siteKey: string) => `<!doctype html>
<html><head><meta charset="utf-8"><title>Latency</title>
<script type="module" src="${server}/recorder.js"></script></head>
<body style="font: 16px sans-serif; margin: 24px">
  <cobrowse-recorder site-key="${siteKey}" autostart></cobrowse-recorder>
  <h1>Live latency</h1>
  <p>Value: <b id="v">start</b></p>
</body></html>`;

/** Customer side: every `events` message sent, with the counter values it carries. */
const customerInit = () => {
  const w = window as unknown as { __sends: [number, number][] };
  w.__sends = [];
  // A subclass rather than a patched prototype: `super.send` reaches the native method without keeping it unbound.
  window.WebSocket = class extends WebSocket {
    override send(data: Parameters<WebSocket['send']>[0]) {
      if (typeof data === 'string' && data.startsWith('{"type":"events"')) {
        const t = performance.timeOrigin + performance.now();
        for (const m of data.matchAll(/#(\d+)@/g)) w.__sends.push([Number(m[1]), t]);
      }
      super.send(data);
    }
  };
};

/** Advisor side: every socket message received, with the counter values it carries. */
const advisorInit = () => {
  const w = window as unknown as { __recv: [number, number][]; WebSocket: typeof WebSocket };
  w.__recv = [];
  const Native = w.WebSocket;
  w.WebSocket = class extends Native {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      // Added before the app's own `onmessage`: runs first, in the same task.
      this.addEventListener('message', (e) => {
        if (typeof e.data !== 'string') return;
        const t = performance.timeOrigin + performance.now();
        for (const m of e.data.matchAll(/#(\d+)@/g)) w.__recv.push([Number(m[1]), t]);
      });
    }
  };
};

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] ?? NaN;
};
const median = (xs: number[]) => quantile(xs, 0.5);

interface LiveRun {
  total: number[];
  /** Per sample: set → send, send → receive, receive → applied (where all three were seen). */
  recorder: number[];
  transit: number[];
  view: number[];
  lost: number;
}

export const liveLatency: Benchmark = {
  name: 'live latency',
  async run(): Promise<Row[]> {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cb-bench-live-'));
    const database = await openDatabase({ dataDir: dir });
    const server = await startTestServer({ database });
    const pages = await startPageServer();
    const relay = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await new Promise<void>((resolve) => relay.once('listening', () => resolve()));
    relay.on('connection', (ws) => {
      ws.on('message', (data, isBinary) => {
        for (const other of relay.clients) if (other !== ws && other.readyState === 1) other.send(data, { binary: isBinary });
      });
    });
    const browser = await launchChromium();
    try {
      const site = await server.createSite({ name: 'Latency', allowedOrigins: [pages.url] });
      const patch = await server.api(`/api/sites/${site.id}`, { method: 'PATCH', body: JSON.stringify({ liveConsentRequired: false }) });
      if (!patch.ok) throw new Error(`site update: ${patch.status} ${await patch.text()}`);
      pages.set('/latency.html', customerPage(server.url, site.siteKey));
      pages.set('/relay.html', '<!doctype html><title>relay</title><p>relay</p>');
      const relayUrl = `ws://127.0.0.1:${(relay.address() as AddressInfo).port}`;

      const baseline: number[] = [];
      baseline.push(...(await bareRelay(browser, `${pages.url}/relay.html`, relayUrl, SAMPLES_BASELINE / 2)));

      // The customer: recorder autostarts; live help is asked for like the page's own help button would.
      const customerContext = await browser.newContext({ viewport: { width: 1000, height: 700 } });
      await customerContext.addInitScript(customerInit);
      const customer = await customerContext.newPage();
      await customer.goto(`${pages.url}/latency.html`);
      const recorder = customer.locator('cobrowse-recorder');
      await customer.waitForFunction(() => (document.querySelector('cobrowse-recorder') as any)?.sessionId, undefined, { timeout: 30_000 });
      const sessionId = await recorder.evaluate((el: any) => el.sessionId as string);
      await recorder.evaluate((el: any) => el.requestHelp());
      await customer.waitForFunction(() => (document.querySelector('cobrowse-recorder') as any)?.live?.status === 'open', undefined, {
        timeout: 30_000,
      });

      // The advisor: the real app, signed in, on the session's live page.
      const auth = await (
        await fetch(`${server.url}/api/auth/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(server.admin),
        })
      ).text();
      const advisorContext = await browser.newContext({ viewport: { width: 1400, height: 900 } });
      await advisorContext.addInitScript((value) => localStorage.setItem('cobrowse.advisor.auth', value), auth);
      await advisorContext.addInitScript(advisorInit);
      const advisor = await advisorContext.newPage();
      const errors: string[] = [];
      advisor.on('pageerror', (e) => errors.push(`advisor: ${e.message}`));
      customer.on('pageerror', (e) => errors.push(`customer: ${e.message}`));
      await advisor.goto(`${server.url}/app/live/${sessionId}`);
      const view = advisor.locator('cobrowse-live-view');
      await view.waitFor({ timeout: 30_000 });
      await advisor.waitForFunction(
        () => {
          const find = (root: Document | ShadowRoot): any => {
            const hit = root.querySelector('cobrowse-live-view');
            if (hit) return hit;
            for (const el of root.querySelectorAll('*')) {
              const found = el.shadowRoot && find(el.shadowRoot);
              if (found) return found;
            }
            return null;
          };
          const v = find(document);
          return v?.dataset.state === 'live' && v.replayIframe?.contentDocument?.getElementById('v')?.textContent === 'start';
        },
        undefined,
        { timeout: 30_000, polling: 50 },
      );
      const defaultBuffer = await view.evaluate((v: any) => v.latencyMs as number);

      const run = async (samples: number, from: number): Promise<LiveRun> => {
        // Arm the observer on the replay iframe (again, if a rebuild replaced it).
        await view.evaluate((v: any) => {
          const w = window as any;
          w.__applied = new Map<number, number>();
          w.__builds = v.replay.builds;
          let doc: Document | null = null;
          // Every record, not just the text at callback time: two values applied in one frame both count.
          const observer = new MutationObserver((records) => {
            const t = performance.timeOrigin + performance.now();
            const seen = (text: string | null) => {
              for (const m of (text ?? '').matchAll(/#(\d+)@/g)) if (!w.__applied.has(Number(m[1]))) w.__applied.set(Number(m[1]), t);
            };
            for (const r of records) {
              if (r.type === 'characterData') seen(r.target.textContent);
              else for (const n of r.addedNodes) seen(n.textContent);
            }
          });
          const arm = () => {
            const next = v.replayIframe?.contentDocument ?? null;
            if (next === doc) return;
            observer.disconnect();
            doc = next;
            if (doc) observer.observe(doc, { subtree: true, childList: true, characterData: true });
          };
          arm();
          clearInterval(w.__arm);
          w.__arm = setInterval(arm, 20);
        });
        const sets = await customer.evaluate(
          ({ samples, from, interval }) =>
            new Promise<[number, number][]>((resolve) => {
              const el = document.getElementById('v')!;
              const out: [number, number][] = [];
              let i = from;
              const timer = setInterval(() => {
                const t = performance.timeOrigin + performance.now();
                el.textContent = `#${i}@${t.toFixed(2)}`;
                out.push([i, t]);
                if (++i >= from + samples) {
                  clearInterval(timer);
                  resolve(out);
                }
              }, interval);
            }),
          { samples, from, interval: INTERVAL_MS },
        );
        await advisor.waitForTimeout(1_000); // the last values arrive
        const applied = new Map(await view.evaluate(() => [...(window as any).__applied.entries()] as [number, number][]));
        const sends = new Map((await customer.evaluate(() => (window as any).__sends as [number, number][])).map(([i, t]) => [i, t]));
        const recv = new Map((await advisor.evaluate(() => (window as any).__recv as [number, number][])).map(([i, t]) => [i, t]));
        const out: LiveRun = { total: [], recorder: [], transit: [], view: [], lost: 0 };
        for (const [i, t] of sets) {
          const a = applied.get(i);
          if (a === undefined) {
            out.lost++;
            continue;
          }
          out.total.push(a - t);
          const s = sends.get(i);
          const r = recv.get(i);
          if (s !== undefined && r !== undefined) {
            out.recorder.push(s - t);
            out.transit.push(r - s);
            out.view.push(a - r);
          }
        }
        const builds = await view.evaluate((v: any) => v.replay.builds - (window as any).__builds);
        if (builds > 0) console.warn(`live latency: the replay was rebuilt ${builds} time(s) during the run`);
        return out;
      };

      /**
       * The customer's pointer: the mouse moves to a new x every INTERVAL_MS
       * (stamped by the page's own `mousemove` listener); the advisor's
       * replayed cursor (`.replayer-mouse`, its `left` in the customer's px)
       * is watched for the same x.
       */
      const pointerRun = async (samples: number): Promise<number[]> => {
        await customer.evaluate(() => {
          const w = window as any;
          w.__moves = new Map<number, number>();
          addEventListener(
            'mousemove',
            (e) => {
              if (!w.__moves.has(e.clientX)) w.__moves.set(e.clientX, performance.timeOrigin + performance.now());
            },
            { capture: true },
          );
        });
        await view.evaluate((v: any) => {
          const w = window as any;
          w.__cursor = new Map<number, number>();
          let el: HTMLElement | null = null;
          const observer = new MutationObserver(() => {
            const t = performance.timeOrigin + performance.now();
            const x = Number.parseFloat(el?.style.left ?? '');
            if (Number.isFinite(x) && !w.__cursor.has(x)) w.__cursor.set(x, t);
          });
          const arm = () => {
            const next = v.shadowRoot?.querySelector('.replayer-mouse') ?? null;
            if (next === el) return;
            observer.disconnect();
            el = next;
            if (el) observer.observe(el, { attributes: true, attributeFilter: ['style'] });
          };
          arm();
          clearInterval(w.__armPointer);
          w.__armPointer = setInterval(arm, 20);
        });
        const xs = Array.from({ length: samples }, (_, i) => 100 + 2 * i);
        for (const x of xs) {
          await customer.mouse.move(x, 300);
          await customer.waitForTimeout(INTERVAL_MS);
        }
        await advisor.waitForTimeout(1_000);
        const moved = new Map(await customer.evaluate(() => [...(window as any).__moves.entries()] as [number, number][]));
        const shown = new Map(await view.evaluate(() => [...(window as any).__cursor.entries()] as [number, number][]));
        const out: number[] = [];
        for (const x of xs) {
          const m = moved.get(x);
          const a = shown.get(x);
          if (m !== undefined && a !== undefined) out.push(a - m);
        }
        return out;
      };

      // Warm-up: JIT, first frames.
      await run(20, 0);
      const withBuffer = await run(SAMPLES_DEFAULT_BUFFER, 1_000);
      const pointer = await pointerRun(SAMPLES_POINTER);
      await view.evaluate((v: any) => (v.latencyMs = 0));
      await advisor.waitForTimeout(300);
      const noBuffer = await run(SAMPLES_NO_BUFFER, 2_000);
      await view.evaluate((v: any, ms: number) => (v.latencyMs = ms), defaultBuffer);
      await customerContext.close();
      await advisorContext.close();
      if (errors.length) console.warn(`live latency: page errors:\n  ${errors.join('\n  ')}`);

      baseline.push(...(await bareRelay(browser, `${pages.url}/relay.html`, relayUrl, SAMPLES_BASELINE / 2)));

      const report = (label: string, r: LiveRun) => {
        const parts = `recorder ${median(r.recorder).toFixed(1)} + server/network ${median(r.transit).toFixed(1)} + view ${median(r.view).toFixed(1)} ms`;
        console.log(
          `live latency, ${label}: p50 ${median(r.total).toFixed(1)} ms, p99 ${quantile(r.total, 0.99).toFixed(1)} ms ` +
            `(${r.total.length} samples, ${r.lost} lost); medians: ${parts}; ` +
            `p99 of parts: recorder ${quantile(r.recorder, 0.99).toFixed(1)}, server/network ${quantile(r.transit, 0.99).toFixed(1)}, view ${quantile(r.view, 0.99).toFixed(1)} ms`,
        );
        return parts;
      };
      console.log(
        `live latency, bare relay baseline: p50 ${median(baseline).toFixed(2)} ms, p99 ${quantile(baseline, 0.99).toFixed(2)} ms (${baseline.length} samples)`,
      );
      const partsBuffer = report(`${defaultBuffer} ms buffer (default)`, withBuffer);
      const partsNone = report('0 ms buffer', noBuffer);
      console.log(
        `live latency, pointer (${defaultBuffer} ms buffer): p50 ${median(pointer).toFixed(1)} ms, p99 ${quantile(pointer, 0.99).toFixed(1)} ms ` +
          `(${pointer.length} of ${SAMPLES_POINTER} moves seen)`,
      );
      const met = (value: number, goal: number) => (value <= goal ? `goal ≤ ${goal} ms met` : `goal ≤ ${goal} ms NOT met`);
      const name = 'Live latency, customer DOM change → advisor view';
      const base = { benchmark: name, unit: 'ms', baselineLabel: 'bare ws relay, page → page' };
      const p50 = median(withBuffer.total);
      const p99 = quantile(withBuffer.total, 0.99);
      return [
        {
          ...base,
          variant: `p50, default ${defaultBuffer} ms buffer (${withBuffer.total.length} changes; medians: ${partsBuffer})`,
          value: p50,
          baseline: median(baseline),
          reading: `lower is better; ${met(p50, GOAL.p50)}`,
        },
        {
          ...base,
          variant: `p99, default ${defaultBuffer} ms buffer`,
          value: p99,
          baseline: quantile(baseline, 0.99),
          reading: `lower is better; ${met(p99, GOAL.p99)}`,
        },
        {
          ...base,
          benchmark: 'Live latency, customer pointer move → advisor cursor',
          variant: `p50, default ${defaultBuffer} ms buffer (${pointer.length} moves)`,
          value: median(pointer),
          baseline: median(baseline),
          reading: 'lower is better; rrweb would hold pointer positions up to 500 ms with its default sampling',
        },
        {
          ...base,
          benchmark: 'Live latency, customer pointer move → advisor cursor',
          variant: `p99, default ${defaultBuffer} ms buffer`,
          value: quantile(pointer, 0.99),
          baseline: quantile(baseline, 0.99),
          reading: 'lower is better',
        },
        {
          ...base,
          variant: `p50, buffer set to 0 ms (${noBuffer.total.length} changes; medians: ${partsNone})`,
          value: median(noBuffer.total),
          baseline: median(baseline),
          reading: 'lower is better; what the buffer costs',
        },
        {
          ...base,
          variant: 'p99, buffer set to 0 ms',
          value: quantile(noBuffer.total, 0.99),
          baseline: quantile(baseline, 0.99),
          reading: 'lower is better',
        },
      ];
    } finally {
      await browser.close();
      await new Promise<void>((resolve) => relay.close(() => resolve()));
      await pages.close();
      await server.close();
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

/** One-way time of a timestamped message from one page to another through the relay, ms. */
async function bareRelay(browser: Browser, pageUrl: string, relayUrl: string, samples: number): Promise<number[]> {
  const senderContext = await browser.newContext();
  const receiverContext = await browser.newContext();
  try {
    const open = async (page: Page) => {
      await page.goto(pageUrl);
      await page.evaluate(
        (url) =>
          new Promise<void>((resolve, reject) => {
            const w = window as any;
            w.__got = [] as [number, number][];
            const ws = new WebSocket(url);
            w.__ws = ws;
            ws.onopen = () => resolve();
            ws.onerror = () => reject(new Error('relay socket failed'));
            ws.onmessage = (e) => {
              const t = performance.timeOrigin + performance.now();
              const m = JSON.parse(e.data as string) as { i: number; t: number };
              w.__got.push([m.i, t - m.t]);
            };
          }),
        relayUrl,
      );
    };
    const sender = await senderContext.newPage();
    const receiver = await receiverContext.newPage();
    await open(sender);
    await open(receiver);
    await sender.evaluate(
      ({ samples, interval }) =>
        new Promise<void>((resolve) => {
          const ws = (window as any).__ws as WebSocket;
          let i = 0;
          const timer = setInterval(() => {
            ws.send(JSON.stringify({ i, t: performance.timeOrigin + performance.now(), pad: `#${i}@`.padEnd(200, '.') }));
            if (++i >= samples + 10) {
              clearInterval(timer);
              resolve();
            }
          }, interval);
        }),
      { samples, interval: INTERVAL_MS },
    );
    await receiver.waitForTimeout(300);
    const got = (await receiver.evaluate(() => (window as any).__got as [number, number][])).filter(([i]) => i >= 10); // first 10: warm-up
    return got.map(([, ms]) => ms);
  } finally {
    await senderContext.close();
    await receiverContext.close();
  }
}
