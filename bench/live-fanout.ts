/**
 * @module bench/live-fanout
 * Live fan-out: scripted customers (Node `ws` sockets speaking the customer
 * protocol) send a live batch every {@link BATCH_MS} ms; scripted viewers
 * (advisor protocol, admin token, a site with `live_consent_required =
 * false`) receive them. One customer to 1, 10 and 100 viewers, and many
 * live sessions at once (20 customers × 2 viewers, 100 × 1). Measured: latency per delivered batch
 * (customer send → viewer receive, both in this process), the server's
 * CPU per delivered batch (`process.cpuUsage()` of the server process) and
 * its memory per connection (heap + external after a forced GC, rooms open
 * and traffic done, against before the rooms).
 *
 * The server runs in a child process (this file, `child live`) so the load
 * generator's CPU is not counted. Baseline: the same traffic through a bare
 * fan-out, a trivial `ws` server in a child process of its own (`child
 * relay`) that relays each customer message as it is to the room's sockets.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import WebSocket, { WebSocketServer } from 'ws';
import { openDatabase } from '../db/client.ts';
import { INGEST_BASE, SESSION_TOKEN_QUERY, SITE_KEY_HEADER } from '../protocol/ingest-constants.ts';
import type { SessionAck } from '../protocol/ingest.ts';
import { LIVE_ADVISOR_PATH, LIVE_BEARER_PROTOCOL_PREFIX, LIVE_CUSTOMER_PATH, LIVE_SUBPROTOCOL } from '../protocol/live-constants.ts';
import { startTestServer, TEST_ORIGIN } from '../tests/helpers/server.ts';
import { wsText } from '../tests/helpers/ws-text.ts';
import type { Benchmark, Row } from './report.ts';

const BATCH_MS = 50;
const WARMUP_MS = 1_000;
const WINDOW_MS = 6_000;
const ALL_SCENARIOS = [
  { customers: 1, viewers: 1 },
  { customers: 1, viewers: 10 },
  { customers: 1, viewers: 100 },
  { customers: 20, viewers: 2 },
  { customers: 100, viewers: 1 },
] as const;
/** Scenarios with fewer viewers in all get no memory row (too small to see). */
const MEMORY_MIN_VIEWERS = 40;
/** BENCH_LIVE_SCENARIO=1x100 (customers x viewers): only that one (to profile it). */
const SCENARIOS = ALL_SCENARIOS.filter(
  (s) => !process.env.BENCH_LIVE_SCENARIO || process.env.BENCH_LIVE_SCENARIO === `${s.customers}x${s.viewers}`,
);

const self = fileURLToPath(import.meta.url);

// ───────────────────────── child processes ─────────────────────────

type ChildReady = { ready: true; url: string; siteKey?: string; token?: string };
type ChildCpu = { cpu: NodeJS.CpuUsage };
type ChildMem = { mem: NodeJS.MemoryUsage };

async function child(mode: string): Promise<void> {
  const send = (m: ChildReady | ChildCpu | ChildMem) => process.send!(m);
  let close: () => Promise<void>;
  if (mode === 'live') {
    const database = await openDatabase({});
    const server = await startTestServer({ database });
    const patch = await server.api(`/api/sites/${server.site.id}`, {
      method: 'PATCH',
      body: JSON.stringify({ liveConsentRequired: false }),
    });
    if (!patch.ok) throw new Error(`site update: ${patch.status}`);
    close = async () => {
      await server.close();
      await database.close();
    };
    send({ ready: true, url: server.url, siteKey: server.site.siteKey, token: await server.token() });
  } else {
    // The bare fan-out: /c/<room> is the customer, /v/<room> a viewer; customer messages go out as they came.
    const rooms = new Map<string, Set<WebSocket>>();
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
    wss.on('connection', (ws, req) => {
      const [, role, room = ''] = (req.url ?? '').split('/');
      if (role === 'v') {
        const viewers = rooms.get(room) ?? new Set();
        rooms.set(room, viewers);
        viewers.add(ws);
        ws.on('close', () => viewers.delete(ws));
      } else {
        ws.on('message', (data, isBinary) => {
          for (const v of rooms.get(room) ?? []) v.send(data, { binary: isBinary });
        });
      }
    });
    close = () => new Promise((resolve) => wss.close(() => resolve()));
    send({ ready: true, url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}` });
  }
  process.on('message', (m: string) => {
    if (m === 'cpu') send({ cpu: process.cpuUsage() });
    if (m === 'mem') {
      // Run with --expose-gc: only what is still referenced counts.
      const gc = (globalThis as { gc?: () => void }).gc;
      gc?.();
      gc?.();
      send({ mem: process.memoryUsage() });
    }
    if (m === 'exit') {
      close().then(
        () => process.exit(0),
        (error: unknown) => {
          console.error('relay child: close failed:', error);
          process.exit(1);
        },
      );
    }
  });
}

if (process.argv[1] === self && process.argv[2] === 'child') await child(process.argv[3] ?? 'relay');

interface Child {
  proc: ChildProcess;
  ready: ChildReady;
  cpu(): Promise<number>;
  /** Heap + external bytes after a forced GC. */
  mem(): Promise<number>;
  stop(): Promise<void>;
  /** CPU µs per ms the process spends while idle. */
  idleMicrosPerMs: number;
}

async function startChild(mode: 'live' | 'relay'): Promise<Child> {
  // BENCH_LIVE_PROFILE=<dir>: a V8 CPU profile of the live server process, written when it exits.
  const profile = mode === 'live' && process.env.BENCH_LIVE_PROFILE;
  const proc = fork(self, ['child', mode], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, LOG_LEVEL: 'silent' },
    execArgv: [...process.execArgv, '--expose-gc', ...(profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : [])],
  });
  const ready = await new Promise<ChildReady>((resolve, reject) => {
    proc.once('message', (m) => resolve(m as ChildReady));
    proc.once('exit', (code) => reject(new Error(`${mode} server exited with ${code}`)));
  });
  return {
    proc,
    ready,
    idleMicrosPerMs: 0,
    cpu: () =>
      new Promise((resolve) => {
        const on = (m: unknown) => {
          if (typeof m === 'object' && m && 'cpu' in m) {
            proc.off('message', on);
            const { user, system } = (m as ChildCpu).cpu;
            resolve(user + system);
          }
        };
        proc.on('message', on);
        proc.send('cpu');
      }),
    mem: () =>
      new Promise((resolve) => {
        const on = (m: unknown) => {
          if (typeof m === 'object' && m && 'mem' in m) {
            proc.off('message', on);
            const { heapUsed, external } = (m as ChildMem).mem;
            resolve(heapUsed + external);
          }
        };
        proc.on('message', on);
        proc.send('mem');
      }),
    stop: () =>
      new Promise((resolve) => {
        if (proc.exitCode !== null) return resolve();
        const timer = setTimeout(() => proc.kill(), 10_000);
        proc.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        proc.send('exit');
      }),
  };
}

// ───────────────────────── traffic ─────────────────────────

const meta = (ts: number) => ({ type: 4, timestamp: ts, data: { href: `${TEST_ORIGIN}/`, width: 1280, height: 800 } });
/** A small page: enough for the Replayer-free viewers here, sized like a light real snapshot (~20 KiB). */
const fullSnapshot = (ts: number) => ({
  type: 2,
  timestamp: ts,
  data: {
    node: {
      type: 0,
      id: 1,
      childNodes: [
        {
          type: 2,
          tagName: 'html',
          id: 2,
          attributes: {},
          childNodes: Array.from({ length: 200 }, (_, i) => ({
            type: 2,
            tagName: 'p',
            id: 10 + 2 * i,
            attributes: { class: `row row-${i}` },
            childNodes: [{ type: 3, id: 11 + 2 * i, textContent: `Paragraph ${i} of the synthetic page, some text.` }],
          })),
        },
      ],
    },
    initialOffset: { top: 0, left: 0 },
  },
});
/** What an active page sends in ~50 ms: a text change, an attribute change, a few mouse positions (~0.7 KiB). */
const activity = (ts: number, n: number) => [
  {
    type: 3,
    timestamp: ts,
    data: {
      source: 0,
      texts: [{ id: 11 + 2 * (n % 200), value: `Paragraph ${n % 200} now reads ${n}` }],
      attributes: [
        { id: 10 + 2 * ((n + 7) % 200), attributes: { class: `row row-${n % 200} active`, style: `opacity: ${(n % 10) / 10}` } },
      ],
      removes: [],
      adds: [],
    },
  },
  {
    type: 3,
    timestamp: ts,
    data: {
      source: 1,
      positions: Array.from({ length: 6 }, (_, i) => ({
        x: 100 + ((n * 7 + i * 13) % 900),
        y: 80 + ((n * 5 + i * 11) % 600),
        id: 2,
        timeOffset: -50 + i * 8,
      })),
    },
  },
  { type: 3, timestamp: ts, data: { source: 3, id: 1, x: 0, y: (n * 3) % 2000 } },
];

const seqOf = (data: WebSocket.RawData) => {
  const head = wsText(data).slice(0, 40);
  if (!head.startsWith('{"type":"events","seq":')) return -1;
  const m = /"seq":(\d+)/.exec(head);
  return m ? Number(m[1]) : -1;
};

function open(url: string, options: WebSocket.ClientOptions & { protocols?: string[] } = {}): Promise<WebSocket> {
  const { protocols, ...rest } = options;
  const ws = new WebSocket(url, protocols, rest);
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode} on ${url}`)));
    ws.once('error', reject);
  });
}

function nextMessage(ws: WebSocket, type: string, timeoutMs = 30_000): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      ws.off('message', on);
      reject(new Error(`no ${type} within ${timeoutMs} ms`));
    }, timeoutMs);
    const on = (data: WebSocket.RawData) => {
      const m = JSON.parse(wsText(data)) as Record<string, unknown>;
      if (m.type !== type) return;
      clearTimeout(timer);
      ws.off('message', on);
      resolve(m);
    };
    ws.on('message', on);
  });
}

/** One room as the load generator sees it: the customer's socket and its viewers'. */
interface Room {
  customer: WebSocket;
  viewers: WebSocket[];
  /** Answer snapshot requests (the live server asks when its buffer is full). */
  needsSnapshot: boolean;
  seq: number;
}

async function liveRooms(live: ChildReady, customers: number, viewers: number): Promise<Room[]> {
  const base = live.url.replace(/^http/, 'ws');
  const rooms: Room[] = [];
  for (let c = 0; c < customers; c++) {
    const sessionId = randomUUID();
    const res = await fetch(`${live.url}${INGEST_BASE}/sessions/${sessionId}`, {
      method: 'PUT',
      headers: { origin: TEST_ORIGIN, [SITE_KEY_HEADER]: live.siteKey!, 'content-type': 'application/json' },
      body: JSON.stringify({ startedAt: Date.now(), url: `${TEST_ORIGIN}/`, userAgent: 'bench' }),
    });
    if (!res.ok) throw new Error(`session start: ${res.status} ${await res.text()}`);
    const { sessionToken } = (await res.json()) as SessionAck;
    const secret = `${SESSION_TOKEN_QUERY}=${encodeURIComponent(sessionToken!)}`;
    const customer = await open(`${base}${LIVE_CUSTOMER_PATH}?siteKey=${live.siteKey}&sessionId=${sessionId}&${secret}`, {
      headers: { origin: TEST_ORIGIN },
    });
    const welcome = nextMessage(customer, 'welcome');
    customer.send(JSON.stringify({ type: 'hello', lastAckedSeq: null }));
    await welcome;
    const room: Room = { customer, viewers: [], needsSnapshot: false, seq: 0 };
    customer.on('message', (data) => {
      if (wsText(data).startsWith('{"type":"snapshot_request"')) room.needsSnapshot = true;
    });
    const ack = nextMessage(customer, 'ack');
    const now = Date.now();
    customer.send(JSON.stringify({ type: 'events', seq: room.seq++, events: [meta(now), fullSnapshot(now)] }));
    await ack;
    // A few at a time: each join authenticates against the database.
    for (let v = 0; v < viewers; v += 10) {
      room.viewers.push(
        ...(await Promise.all(
          Array.from({ length: Math.min(10, viewers - v) }, async () => {
            const ws = await open(`${base}${LIVE_ADVISOR_PATH}`, {
              protocols: [LIVE_SUBPROTOCOL, LIVE_BEARER_PROTOCOL_PREFIX + live.token!],
            });
            const sync = nextMessage(ws, 'sync');
            ws.send(JSON.stringify({ type: 'join', sessionId, name: 'Bench' }));
            await sync;
            return ws;
          }),
        )),
      );
    }
    rooms.push(room);
  }
  return rooms;
}

async function relayRooms(relay: ChildReady, customers: number, viewers: number): Promise<Room[]> {
  const rooms: Room[] = [];
  for (let c = 0; c < customers; c++) {
    const id = randomUUID();
    const vs = await Promise.all(Array.from({ length: viewers }, () => open(`${relay.url}/v/${id}`)));
    const customer = await open(`${relay.url}/c/${id}`);
    rooms.push({ customer, viewers: vs, needsSnapshot: false, seq: 0 });
  }
  // Let the relay register every viewer before traffic starts.
  await new Promise((r) => setTimeout(r, 200));
  return rooms;
}

interface Measured {
  latencies: number[];
  early: number[];
  late: number[];
  delivered: number;
  expected: number;
  /** Server CPU from the first batch until the last delivery, idle background subtracted. */
  cpuMicros: number;
  cpuDelivered: number;
  cpuWallMs: number;
  wallMs: number;
}

async function traffic(server: Child, rooms: Room[]): Promise<Measured> {
  const sentAt = rooms.map(() => new Map<number, number>());
  const latencies: number[] = [];
  /** Batches sent in the window's first and last second: a growing backlog shows as late ≫ early. */
  const early: number[] = [];
  const late: number[] = [];
  let windowStart = Infinity;
  let measuring = false;
  /** Every batch delivered (warm-up included), for CPU. */
  let all = 0;
  let delivered = 0;
  let expected = 0;
  const offs: (() => void)[] = [];
  rooms.forEach((room, r) => {
    for (const v of room.viewers) {
      const on = (data: WebSocket.RawData) => {
        const t = performance.now();
        const seq = seqOf(data);
        if (seq > 0) all++;
        const sent = sentAt[r]!.get(seq);
        if (sent === undefined) return;
        delivered++;
        latencies.push(t - sent);
        if (sent - windowStart < 1_000) early.push(t - sent);
        else if (sent - windowStart > WINDOW_MS - 1_000) late.push(t - sent);
      };
      v.on('message', on);
      offs.push(() => v.off('message', on));
    }
  });
  const timers: NodeJS.Timeout[] = [];
  const start = (room: Room, r: number) => {
    timers.push(
      setInterval(() => {
        const now = Date.now();
        const seq = room.seq++;
        const events = room.needsSnapshot ? [meta(now), fullSnapshot(now), ...activity(now, seq)] : activity(now, seq);
        room.needsSnapshot = false;
        const json = JSON.stringify({ type: 'events', seq, events });
        if (measuring) {
          sentAt[r]!.set(seq, performance.now());
          expected += room.viewers.length;
        }
        room.customer.send(json);
      }, BATCH_MS),
    );
  };
  // CPU is counted from the first batch until every batch sent has been delivered (all the work, backlog included).
  const cpu0 = await server.cpu();
  const c0 = performance.now();
  // Staggered, as independent pages would be.
  rooms.forEach((room, r) => setTimeout(() => start(room, r), (r * BATCH_MS) / rooms.length));
  await new Promise((resolve) => setTimeout(resolve, WARMUP_MS));
  const t0 = performance.now();
  windowStart = t0;
  measuring = true;
  await new Promise((resolve) => setTimeout(resolve, WINDOW_MS));
  measuring = false;
  for (const t of timers) clearInterval(t);
  const wallMs = performance.now() - t0;
  const total = rooms.reduce((n, room) => n + (room.seq - 1) * room.viewers.length, 0);
  const drainUntil = performance.now() + 30_000;
  while (all < total && performance.now() < drainUntil) await new Promise((resolve) => setTimeout(resolve, 50));
  const cpu1 = await server.cpu();
  const cpuWallMs = performance.now() - c0;
  for (const off of offs) off();
  const cpuMicros = Math.max(0, cpu1 - cpu0 - server.idleMicrosPerMs * cpuWallMs);
  return { latencies, early, late, delivered, expected, cpuMicros, cpuDelivered: all, cpuWallMs, wallMs };
}

async function closeRooms(rooms: Room[], live: boolean): Promise<void> {
  const all: WebSocket[] = [];
  for (const room of rooms) {
    if (live && room.customer.readyState === WebSocket.OPEN) room.customer.send(JSON.stringify({ type: 'bye' }));
    all.push(room.customer, ...room.viewers);
  }
  await Promise.all(
    all.map(
      (ws) =>
        new Promise<void>((resolve) => {
          if (ws.readyState === WebSocket.CLOSED) return resolve();
          ws.once('close', () => resolve());
          ws.close();
          setTimeout(() => {
            ws.terminate();
            resolve();
          }, 2_000);
        }),
    ),
  );
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] ?? NaN;
};

export const liveFanout: Benchmark = {
  name: 'live fan-out',
  async run(): Promise<Row[]> {
    const [live, relay] = await Promise.all([startChild('live'), startChild('relay')]);
    try {
      // Each server's background work while idle (the live one polls its job queue): subtracted below.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const [live0, relay0] = await Promise.all([live.cpu(), relay.cpu()]);
      const t0 = performance.now();
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      const [live1, relay1] = await Promise.all([live.cpu(), relay.cpu()]);
      const idleMs = performance.now() - t0;
      live.idleMicrosPerMs = (live1 - live0) / idleMs;
      relay.idleMicrosPerMs = (relay1 - relay0) / idleMs;
      console.log(
        `live fan-out: idle CPU, live server ${(live.idleMicrosPerMs / 10).toFixed(1)} %, relay ${(relay.idleMicrosPerMs / 10).toFixed(1)} % of a core (subtracted below)`,
      );

      const rows: Row[] = [];
      for (const s of SCENARIOS) {
        const label =
          s.customers === 1
            ? `1 customer → ${s.viewers} viewer${s.viewers > 1 ? 's' : ''}`
            : `${s.customers} customers × ${s.viewers} viewers`;
        const viewers = s.customers * s.viewers;
        const liveMem0 = await live.mem();
        const liveRoomsNow = await liveRooms(live.ready, s.customers, s.viewers);
        const a = await traffic(live, liveRoomsNow);
        const liveMem = (await live.mem()) - liveMem0;
        await closeRooms(liveRoomsNow, true);
        const relayMem0 = await relay.mem();
        const relayRoomsNow = await relayRooms(relay.ready, s.customers, s.viewers);
        const b = await traffic(relay, relayRoomsNow);
        const relayMem = (await relay.mem()) - relayMem0;
        await closeRooms(relayRoomsNow, false);
        const kib = (bytes: number) => Math.max(0, bytes) / 1024 / viewers;
        const perBatch = (m: Measured) => m.cpuMicros / Math.max(1, m.cpuDelivered);
        const core = (m: Measured) => ((m.cpuMicros / 1000 / m.cpuWallMs) * 100).toFixed(0);
        console.log(
          `live fan-out, ${label}: live p50 ${quantile(a.latencies, 0.5).toFixed(2)} / p99 ${quantile(a.latencies, 0.99).toFixed(2)} ms, ` +
            `${perBatch(a).toFixed(0)} µs CPU per delivered batch (${core(a)} % of a core), ${a.delivered}/${a.expected} delivered, ` +
            `p50 first/last second ${quantile(a.early, 0.5).toFixed(1)}/${quantile(a.late, 0.5).toFixed(1)} ms; ` +
            `relay p50 ${quantile(b.latencies, 0.5).toFixed(2)} / p99 ${quantile(b.latencies, 0.99).toFixed(2)} ms, ` +
            `${perBatch(b).toFixed(0)} µs (${core(b)} % of a core), ${b.delivered}/${b.expected} delivered; ` +
            `memory per viewer ${kib(liveMem).toFixed(1)} KiB (relay ${kib(relayMem).toFixed(1)} KiB)`,
        );
        const base = { benchmark: 'Live fan-out', baselineLabel: 'bare ws relay' };
        const rate = `${1000 / BATCH_MS} batches/s per customer, ${a.delivered} delivered`;
        rows.push(
          {
            ...base,
            variant: `${label}: p50 send → receive (${rate})`,
            value: quantile(a.latencies, 0.5),
            baseline: quantile(b.latencies, 0.5),
            unit: 'ms',
            reading: 'lower is better',
          },
          {
            ...base,
            variant: `${label}: p99 send → receive`,
            value: quantile(a.latencies, 0.99),
            baseline: quantile(b.latencies, 0.99),
            unit: 'ms',
            reading: 'lower is better',
          },
          {
            ...base,
            variant: `${label}: server CPU per delivered batch (${core(a)} % of a core vs ${core(b)} %)`,
            value: perBatch(a),
            baseline: perBatch(b),
            unit: 'µs',
            reading: 'lower is better; server process only (child, idle background subtracted), load generator excluded',
          },
        );
        // A few connections move the heap less than its own noise: memory only where there are many.
        if (viewers >= MEMORY_MIN_VIEWERS)
          rows.push({
            ...base,
            variant: `${label}: server memory per viewer (rooms, their snapshots and customers included)`,
            value: kib(liveMem),
            baseline: kib(relayMem),
            unit: 'KiB',
            reading: 'lower is better; heap + external after a forced GC, rooms open, against before them',
          });
        if (a.delivered < a.expected * 0.99) console.warn(`live fan-out, ${label}: only ${a.delivered} of ${a.expected} batches delivered`);
      }
      return rows;
    } finally {
      await Promise.all([live.stop(), relay.stop()]);
    }
  },
};
