/**
 * @module bench/calls
 * Live calls through the SFU, with headless Chromium (fake camera and
 * microphone) sending.
 *
 * 1. SFU CPU per forwarded stream, for one customer and 1, 5 and 10
 *    advisors, everyone on camera: each participant sends audio + video and
 *    receives everyone else's, `(n + 1) · n · 2` streams forwarded by the
 *    real mediasoup worker. Measured: the worker's CPU
 *    (`worker.getResourceUsage()`, user + system) over a steady window,
 *    divided by the streams it forwards.
 *    - Senders: each participant is the product's CallMedia
 *      (recorder/call/call-media.ts, bundled for the page) with its own
 *      camera and microphone (the product's camera settings), Device and send
 *      WebRtcTransport (DTLS-SRTP), all in one Chromium page. Its requests
 *      go straight into the server's CallSession (the live room's call code
 *      without the WebSocket). Each also opens its receive transport, unused.
 *    - Receivers: per participant one PlainTransport with SRTP (the suite
 *      the browsers negotiated) consuming every producer of the others (with
 *      the participant's own rtpCapabilities), sending to a UDP socket in
 *      this process that counts packets per SSRC; every forwarded stream must
 *      have sent in the window. The worker does for each stream what it does
 *      for a browser (rewrite, SRTP-encrypt, send) but gets no RTCP back (no
 *      receiver reports, transport-cc feedback, NACKs or PLIs): the row says
 *      "to SRTP sinks (no RTCP back)".
 *    NOTE: why not browsers on the receiving side (as at first): a Chromium
 *    receiver spends about 7 ms/s of CPU per stream here without even
 *    playing it (SRTP, jitter buffers, decoding; playing and rendering it,
 *    as the advisor app does, costs more), roughly ten times what the
 *    worker spends forwarding it. The 220 streams of the 10-advisor level
 *    did not fit in two cores: joins timed out, the level was skipped. The sinks
 *    cost little, so every level uses them and the per-stream numbers
 *    compare across levels. `BENCH_CALL_RECEIVERS=browser` receives in the
 *    page instead (the product's way, no playout), to check the sinks where
 *    the machine can carry it (see docs/video.md: about 10 % more at 5
 *    advisors); `BENCH_CALL_VIDEO=small` sends 160×90 at 10 fps.
 *    Baseline: the browser's CPU (every Chromium process of the run, from
 *    /proc) in the same window, per stream it sends: what capturing,
 *    encoding and encrypting a stream costs an endpoint, under the same load.
 * 2. Time from the customer's Accept to the first decoded frame of the
 *    customer's camera at the advisor (who set up media while ringing), in
 *    the product (recorder page and advisor app, 160×90 at 10 fps), against
 *    a bare RTCPeerConnection loopback (two peer connections in the
 *    customer's page: offer/answer, ICE on loopback, DTLS) to its first
 *    decoded frame, in the same browser.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { observer as mediasoupObserver, type types as ms } from 'mediasoup';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import { openDatabase } from '../db/client.ts';
import type { CallMedia } from '../recorder/call/call-media.ts';
import { CallSession, type CallPeerRef } from '../server/live/call-session.ts';
import { createLogger } from '../server/logger.ts';
import { CALL_CUSTOMER_ID, callRequestSchema, type CallProducerInfo, type CallRequest } from '../protocol/live-call.ts';
import { callWorld, launchCallBrowser, type Side } from '../tests/call/call-helpers.ts';
import { startTestServer, type TestServer } from '../tests/helpers/server.ts';
import { startPageServer } from '../tests/recorder/page-server.ts';
import type { Benchmark, Row } from './report.ts';

/** `BENCH_CALL_LEVELS=1,5` for a quicker run. */
const LEVELS = (process.env.BENCH_CALL_LEVELS ?? '1,5,10').split(',').map(Number);
const SETTLE_MS = 5_000;
const WINDOW_MS = 10_000;
const ROUNDS = 3;

/** Forces small video for every getUserMedia in the page (the accept → first frame row). */
const SMALL_VIDEO = () => {
  const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
  navigator.mediaDevices.getUserMedia = (c?: MediaStreamConstraints) =>
    original({ ...c, ...(c?.video ? { video: { width: 160, height: 90, frameRate: 10 } } : {}) });
};

const CLK_TCK = 100;

/** CPU ms (user + system) of every descendant of this process, except `exclude`. */
function childrenCpuMs(exclude: Set<number>): number {
  const parent = new Map<number, number>();
  const cpu = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!pid) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parent.set(pid, Number(fields[1]));
      cpu.set(pid, ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK);
    } catch {
      // gone
    }
  }
  const mine = (pid: number): boolean => {
    for (let p = parent.get(pid); p; p = parent.get(p)) if (p === process.pid) return true;
    return false;
  };
  let total = 0;
  for (const [pid, ms] of cpu) {
    if (exclude.has(pid) || !mine(pid)) continue;
    let excluded = false;
    for (let p = parent.get(pid); p; p = parent.get(p)) if (exclude.has(p)) excluded = true;
    if (!excluded) total += ms;
  }
  return total;
}

const workerCpuMs = async (worker: ms.Worker) => {
  const u = await worker.getResourceUsage();
  return u.ru_utime + u.ru_stime;
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Polls in the page until `expr` (an async stats check) is true; resolves with Date.now() of that moment. */
const firstTrueAt = (side: Side, expr: string) =>
  side.page.evaluate<number>(
    `(async () => { for (;;) { if (await (${expr})) return Date.now(); await new Promise((r) => setTimeout(r, 10)); } })()`,
  );

// ───────────────────────── 1. SFU CPU per forwarded stream ─────────────────────────

/** The product's CallMedia (and mediasoup-client) as one classic script: `window.cobrowseCall.CallMedia`. */
async function callMediaScript(): Promise<string> {
  const result = await build({
    configFile: false,
    logLevel: 'silent',
    publicDir: false,
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    build: {
      write: false,
      minify: false,
      lib: { entry: fileURLToPath(new URL('../recorder/call/call-media.ts', import.meta.url)), formats: ['iife'], name: 'cobrowseCall' },
    },
  });
  const output = Array.isArray(result) ? result[0] : result;
  const chunk = output && 'output' in output ? output.output.find((o) => o.type === 'chunk') : undefined;
  if (!chunk || chunk.type !== 'chunk') throw new Error('could not bundle recorder/call/call-media.ts');
  return chunk.code;
}

interface PageGlobals {
  cobrowseCall: { CallMedia: typeof CallMedia };
  callRequest(participantId: string, request: unknown): Promise<never>;
  participants: Map<string, CallMedia>;
}

/** In the page: one participant's CallMedia (camera, microphone, Device, transports, producers) talking to the bench. */
async function joinInPage({ participantId, video }: { participantId: string; video: MediaTrackConstraints | null }): Promise<number> {
  const w = window as unknown as PageGlobals;
  w.participants ??= new Map();
  const media = new w.cobrowseCall.CallMedia({
    request: (request: unknown) => w.callRequest(participantId, request),
    ...(video ? { getLocalStream: () => navigator.mediaDevices.getUserMedia({ audio: true, video }) } : {}),
    onChange: () => {},
  });
  w.participants.set(participantId, media);
  await media.start();
  return media.producers.size;
}

/** In the page (`BENCH_CALL_RECEIVERS=browser`): `call_new_producer` for a participant. */
function addProducerInPage({ participantId, info }: { participantId: string; info: CallProducerInfo }): void {
  (window as unknown as PageGlobals).participants.get(participantId)?.addProducer(info);
}

/** In the page: what a participant's camera sends, e.g. `VP8 640×360 at 24 fps`. */
async function sentVideoInPage(participantId: string): Promise<string> {
  const report = await (window as unknown as PageGlobals).participants.get(participantId)!.producers.get('video')!.getStats();
  let out = '';
  report.forEach((s: { type: string; codecId?: string; frameWidth?: number; frameHeight?: number; framesPerSecond?: number }) => {
    if (s.type !== 'outbound-rtp') return;
    const codec = (s.codecId && (report.get(s.codecId) as { mimeType?: string } | undefined)?.mimeType?.replace('video/', '')) || 'video';
    out = `${codec} ${s.frameWidth}×${s.frameHeight} at ${Math.round(s.framesPerSecond ?? 0)} fps`;
  });
  return out;
}

/** In the page (`BENCH_CALL_RECEIVERS=browser`): packets and bytes received per stream, by `receiver>sender/kind`. */
async function receivedInPage(): Promise<[string, number, number][]> {
  const out: [string, number, number][] = [];
  for (const [id, media] of (window as unknown as PageGlobals).participants) {
    for (const s of await media.inboundStats()) out.push([`${id}>${s.participantId}/${s.kind}`, s.packetsReceived, s.bytesReceived]);
  }
  return out;
}

/** In the page: the SRTP suite the participant's send transport negotiated with the worker (DTLS-SRTP). */
async function srtpCipherInPage(participantId: string): Promise<string> {
  const media = (window as unknown as PageGlobals).participants.get(participantId)!;
  const report = await media.sendTransport!.getStats();
  let cipher = '';
  report.forEach((s: { type: string; srtpCipher?: string }) => {
    if (s.type === 'transport' && s.srtpCipher) cipher = s.srtpCipher;
  });
  return cipher;
}

/** Key + salt length of each SRTP suite mediasoup knows. */
const SRTP_KEY_BYTES: Record<ms.SrtpCryptoSuite, number> = {
  AEAD_AES_256_GCM: 44,
  AEAD_AES_128_GCM: 28,
  AES_CM_128_HMAC_SHA1_80: 30,
  AES_CM_128_HMAC_SHA1_32: 30,
};

/** A UDP socket that counts the RTP packets and bytes arriving per SSRC (the header is in the clear in SRTP). */
async function udpSink() {
  const socket = createSocket('udp4');
  const packets = new Map<number, number>();
  const bytes = new Map<number, number>();
  socket.on('message', (msg) => {
    // NOTE: RTCP (the worker's sender reports) shares the port (rtcp-mux); its packet types read as 64–95 here.
    if (msg.length < 12 || msg[0]! >> 6 !== 2 || ((msg[1]! & 0x7f) >= 64 && (msg[1]! & 0x7f) <= 95)) return;
    const ssrc = msg.readUInt32BE(8);
    packets.set(ssrc, (packets.get(ssrc) ?? 0) + 1);
    bytes.set(ssrc, (bytes.get(ssrc) ?? 0) + msg.length);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return {
    port: socket.address().port,
    counts: () => ({ packets: new Map(packets), bytes: new Map(bytes) }),
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}

/** Video of every participant: the product's camera settings, or 160×90 at 10 fps with `BENCH_CALL_VIDEO=small`. */
const SENDER_VIDEO: MediaTrackConstraints | null =
  process.env.BENCH_CALL_VIDEO === 'small' ? { width: 160, height: 90, frameRate: 10 } : null;
/** `BENCH_CALL_RECEIVERS=browser`: the participants receive in the page as the product does (to check the sinks against, where the machine can carry it). */
const BROWSER_RECEIVERS = process.env.BENCH_CALL_RECEIVERS === 'browser';

interface Forwarding {
  streams: number;
  sfuMsPerS: number;
  browserMsPerS: number;
  packetsPerS: number;
  kbitPerS: number;
  cipher: string;
  /** What one camera sends, as the browser reports it just before the window. */
  video: string;
}

/**
 * One customer and `n` advisors in one call: each sends audio + video from a
 * CallMedia in the participants' page; each receives everyone else on a
 * PlainTransport (SRTP) to the sink (or in the page, with
 * `BENCH_CALL_RECEIVERS=browser`). Measures the worker and the browser over
 * one window.
 */
async function forwarding(
  t: TestServer,
  browser: Browser,
  script: string,
  n: number,
  routers: ms.Router[],
  workers: ms.Worker[],
): Promise<Forwarding> {
  const media = t.server.media.sfu;
  const sessionId = `bench-calls-${randomUUID()}`;
  const customer: CallPeerRef = { id: CALL_CUSTOMER_ID, role: 'customer', name: 'Customer' };
  const advisors: CallPeerRef[] = Array.from({ length: n }, (_, i) => ({
    id: `advisor-${i + 1}`,
    role: 'advisor',
    name: `Advisor ${i + 1}`,
  }));
  const everyone = [customer, ...advisors];
  const byId = new Map(everyone.map((p) => [p.id, p]));
  let page: Page | undefined;
  // NOTE: the product's CallSession, as the live room drives it; only the WebSocket is left out. With sinks
  // nothing is consumed in the browser: `ready` is answered with no producers, `call_new_producer` goes nowhere.
  const call = new CallSession({
    sessionId,
    media,
    logger: createLogger('silent'),
    startedBy: advisors[0]!,
    send: (participantId, m) => {
      if (BROWSER_RECEIVERS && m.type === 'call_new_producer') {
        const { type: _, ...info } = m;
        page?.evaluate(addProducerInPage, { participantId, info }).catch(() => {});
      }
    },
    broadcast: () => {},
  });
  const capabilities = new Map<string, ms.RtpCapabilities>();
  const ask = (from: CallPeerRef, request: CallRequest) =>
    new Promise<unknown>((resolve, reject) => {
      if (request.method === 'ready') capabilities.set(from.id, request.rtpCapabilities);
      const ready = request.method === 'ready' && !BROWSER_RECEIVERS;
      call.handle(from, request, (data) => resolve(ready ? { producers: [] } : data)).catch(reject);
    });
  const pages = await startPageServer();
  const context = await browser.newContext();
  const sink = await udpSink();
  let measured: Forwarding;
  let ended: boolean;
  try {
    await ask(customer, { method: 'accept' });
    for (const a of advisors.slice(1)) await ask(a, { method: 'join' });
    pages.set('/participants.html', '<!doctype html><meta charset="utf-8"><title>Call participants</title>');
    page = await context.newPage();
    page.on('pageerror', (e) => console.error('participants pageerror:', e.message));
    await page.exposeFunction('callRequest', (participantId: string, request: unknown) =>
      ask(byId.get(participantId)!, callRequestSchema.parse(request)),
    );
    await page.goto(`${pages.url}/participants.html`);
    await page.addScriptTag({ content: script });
    for (const p of everyone) {
      const producers = await page.evaluate(joinInPage, { participantId: p.id, video: SENDER_VIDEO });
      if (producers !== 2) throw new Error(`${p.id} sends ${producers} tracks, expected audio + video`);
    }
    const room = await media.existingRoom(sessionId);
    const router = routers.find((r) => !r.closed && (r.appData as { sessionId?: string }).sessionId === sessionId);
    if (!room || !router) throw new Error('no media room for the call');
    // NOTE: Chromium names it `SRTP_AEAD_AES_256_GCM`, mediasoup `AEAD_AES_256_GCM`.
    const cipher = (await page.evaluate(srtpCipherInPage, customer.id)).replace(/^SRTP_/, '') as ms.SrtpCryptoSuite;
    if (!(cipher in SRTP_KEY_BYTES)) throw new Error(`unexpected SRTP suite ${cipher}`);

    // Every participant's downstream: one transport (as a browser has one receive transport), every producer of the others.
    const ssrcs: number[] = [];
    for (const p of BROWSER_RECEIVERS ? [] : everyone) {
      const transport = await router.createPlainTransport({
        listenInfo: { protocol: 'udp', ip: '127.0.0.1' },
        rtcpMux: true,
        comedia: false,
        enableSrtp: true,
        srtpCryptoSuite: cipher,
      });
      await transport.connect({
        ip: '127.0.0.1',
        port: sink.port,
        srtpParameters: { cryptoSuite: cipher, keyBase64: randomBytes(SRTP_KEY_BYTES[cipher]).toString('base64') },
      });
      for (const { producerId } of room.producersFor(p.id)) {
        const consumer = await transport.consume({ producerId, rtpCapabilities: capabilities.get(p.id)! });
        ssrcs.push(consumer.rtpParameters.encodings![0]!.ssrc!);
      }
    }
    const streams = (n + 1) * n * 2;
    const until = Date.now() + 60_000;
    for (;;) {
      const counts = await media.countObjects();
      if (counts.consumers === streams && counts.producers === 2 * (n + 1)) break;
      if (Date.now() > until) {
        throw new Error(
          `level ${n}: ${counts.producers} producers and ${counts.consumers} consumers, expected ${2 * (n + 1)} and ${streams}`,
        );
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    /** Packets and bytes received so far, per forwarded stream. */
    const received = async (): Promise<Map<string, [number, number]>> => {
      if (BROWSER_RECEIVERS) return new Map((await page!.evaluate(receivedInPage)).map(([k, p, b]) => [k, [p, b]]));
      const { packets, bytes } = sink.counts();
      return new Map(ssrcs.map((s) => [String(s), [packets.get(s) ?? 0, bytes.get(s) ?? 0]]));
    };

    // Settle (the upstreams' bandwidth estimation ramps up), then measure a steady window.
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    const worker = workers.find((w) => !w.closed)!;
    const exclude = new Set(workers.map((w) => w.pid));
    const video = await page.evaluate(sentVideoInPage, customer.id);
    const r0 = await received();
    const w0 = await workerCpuMs(worker);
    const b0 = childrenCpuMs(exclude);
    const t0 = performance.now();
    await new Promise((r) => setTimeout(r, WINDOW_MS));
    const sfu = (await workerCpuMs(worker)) - w0;
    const browsers = childrenCpuMs(exclude) - b0;
    const seconds = (performance.now() - t0) / 1000;
    const r1 = await received();
    let packets = 0;
    let bytes = 0;
    let flowing = 0;
    for (const [key, [p, b]] of r1) {
      const [p0, b0] = r0.get(key) ?? [0, 0];
      if (p > p0) flowing++;
      packets += p - p0;
      bytes += b - b0;
    }
    if (flowing !== streams) throw new Error(`level ${n}: ${streams - flowing} of ${streams} forwarded streams sent nothing in the window`);
    measured = {
      streams,
      sfuMsPerS: sfu / seconds,
      browserMsPerS: browsers / seconds,
      packetsPerS: packets / seconds,
      kbitPerS: (bytes * 8) / 1000 / seconds,
      cipher: BROWSER_RECEIVERS ? 'DTLS-SRTP' : cipher,
      video,
    };
  } finally {
    call.close('hung_up');
    await context.close().catch(() => {});
    await sink.close();
    await pages.close();
    ended = await routersClosed(media, 30_000);
  }
  // After the finally, not in it: a throw there would hide the error that ended the measurement early.
  if (!ended) throw new Error('the call did not end');
  return measured;
}

/** Waits until the SFU has no router left (the call's room is gone); false if some remain after `timeoutMs`. */
async function routersClosed(media: TestServer['server']['media']['sfu'], timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while ((await media.countObjects()).routers > 0) {
    if (Date.now() > until) return false;
    await new Promise((r) => setTimeout(r, 200));
  }
  return true;
}

export const calls: Benchmark = {
  name: 'live calls',
  async run(): Promise<Row[]> {
    const rows: Row[] = [];
    const workers: ms.Worker[] = [];
    const routers: ms.Router[] = [];
    const onRouter = (r: ms.Router) => routers.push(r);
    const onWorker = (w: ms.Worker) => {
      workers.push(w);
      w.observer.on('newrouter', onRouter);
    };
    mediasoupObserver.on('newworker', onWorker);
    const database = await openDatabase({});
    const server = await startTestServer({ database, mediaWorkers: 1 });
    const browser = await launchCallBrowser();
    try {
      // ── 1. SFU CPU per forwarded stream ──
      const script = await callMediaScript();
      for (const n of LEVELS) {
        try {
          const f = await forwarding(server, browser, script, n, routers, workers);
          const sent = 2 * (n + 1);
          const each = `${(f.packetsPerS / f.streams).toFixed(0)} packets/s`;
          console.log(
            `  ${n} advisor(s): sfu ${f.sfuMsPerS.toFixed(1)} ms/s for ${f.streams} streams (${each}, ${(f.kbitPerS / f.streams).toFixed(0)} kbit/s each, ${f.cipher}); browser ${f.browserMsPerS.toFixed(0)} ms/s`,
          );
          const who = `1 customer + ${n} advisor${n > 1 ? 's' : ''}, all on camera (${f.video} + Opus): ${f.streams} streams (${each} each)`;
          rows.push(
            BROWSER_RECEIVERS
              ? {
                  benchmark: 'live calls: SFU CPU per forwarded stream',
                  variant: `${who} to receivers in Chromium`,
                  value: f.sfuMsPerS / f.streams,
                  baseline: f.browserMsPerS / f.streams,
                  unit: 'CPU ms/s per stream',
                  reading: 'SFU / browser, lower is better',
                  baselineLabel: 'the browser sending and receiving them (capture, encode, decode; same window)',
                }
              : {
                  benchmark: 'live calls: SFU CPU per forwarded stream',
                  variant: `${who} to SRTP sinks (no RTCP back)`,
                  value: f.sfuMsPerS / f.streams,
                  baseline: f.browserMsPerS / sent,
                  unit: 'CPU ms/s per stream',
                  reading: 'SFU per stream forwarded / browser per stream sent, lower is better',
                  baselineLabel: `the browser sending them (capture, encode, SRTP of ${sent} streams; same window), per stream sent`,
                },
          );
        } catch (error) {
          // NOTE: a level this machine cannot carry must not cost the other rows.
          console.error(`  level ${n} failed:`, error instanceof Error ? error.message : error);
        }
      }

      // ── 2. accept → first decoded frame, against a bare loopback ──
      const world = await callWorld(server, browser, { initScript: SMALL_VIDEO });
      try {
        const advisor = await world.advisor('Alice');
        const customer = world.customer;
        const sfuTimes: number[] = [];
        const loopTimes: number[] = [];
        for (let round = 0; round < ROUNDS; round++) {
          await advisor.page.getByRole('button', { name: 'Start call', exact: true }).click();
          const invite = customer.page.getByRole('alertdialog', { name: /is calling you/ });
          await invite.waitFor({ timeout: 60_000 });
          // The advisor's upstream is up while it rings (as in real use: they wait for the answer).
          const waitStart = Date.now() + 60_000;
          while (!(await advisor.page.evaluate(`${advisor.store}?.media?.producers.size === 2`))) {
            if (Date.now() > waitStart) throw new Error('the advisor did not produce');
            await new Promise((r) => setTimeout(r, 100));
          }
          const decoded = firstTrueAt(
            advisor,
            `${advisor.store}?.media?.inboundStats().then((s) => s.some((x) => x.participantId === 'customer' && x.kind === 'video' && x.framesDecoded > 0)) ?? false`,
          );
          const acceptedAt = await customer.page.evaluate(`(() => {
            const root = document.querySelector('cobrowse-recorder').shadowRoot.querySelector('cobrowse-live-panel').shadowRoot
              .querySelector('cobrowse-call-panel').shadowRoot;
            const button = [...root.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Accept');
            const at = Date.now();
            button.click();
            return at;
          })()`);
          sfuTimes.push((await decoded) - (acceptedAt as number));
          await customer.page.getByRole('button', { name: 'Hang up', exact: true }).click();
          await advisor.page.getByRole('button', { name: 'Start call', exact: true }).waitFor({ timeout: 30_000 });

          loopTimes.push(
            await customer.page.evaluate(async () => {
              // NOTE: from before the camera opens, as the call's time includes the customer's getUserMedia.
              const t0 = Date.now();
              const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
              const a = new RTCPeerConnection();
              const b = new RTCPeerConnection();
              a.onicecandidate = (e) => e.candidate && b.addIceCandidate(e.candidate);
              b.onicecandidate = (e) => e.candidate && a.addIceCandidate(e.candidate);
              for (const track of stream.getTracks()) a.addTrack(track, stream);
              await a.setLocalDescription();
              await b.setRemoteDescription(a.localDescription!);
              await b.setLocalDescription();
              await a.setRemoteDescription(b.localDescription!);
              for (;;) {
                const report = await b.getStats();
                let frames = 0;
                report.forEach((s) => {
                  if (s.type === 'inbound-rtp' && s.kind === 'video') frames = s.framesDecoded ?? 0;
                });
                if (frames > 0) break;
                await new Promise((r) => setTimeout(r, 10));
              }
              const elapsed = Date.now() - t0;
              a.close();
              b.close();
              for (const track of stream.getTracks()) track.stop();
              return elapsed;
            }),
          );
        }
        console.log(`  accept → first frame: sfu ${sfuTimes.join(', ')} ms; loopback ${loopTimes.join(', ')} ms`);
        rows.push({
          benchmark: 'live calls: accept → first decoded frame',
          variant: `customer's camera at the advisor, median of ${ROUNDS}`,
          value: median(sfuTimes),
          baseline: median(loopTimes),
          unit: 'ms',
          reading: 'lower is better',
          baselineLabel: 'bare RTCPeerConnection loopback in the same browser',
        });
      } finally {
        await world.close();
      }
    } finally {
      mediasoupObserver.off('newworker', onWorker);
      await browser.close();
      await server.close();
      await database.close();
    }
    return rows;
  },
};
