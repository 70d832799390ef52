/**
 * @module bench/calls
 * Live calls through the SFU, in headless Chromium with fake devices.
 *
 * 1. SFU CPU per forwarded stream, for one customer and 1, 5 and 10
 *    advisors (each participant sends audio + video, everyone receives
 *    everyone: `(n + 1) · n · 2` forwarded streams). The mediasoup worker's
 *    CPU (`worker.getResourceUsage()`, user + system) over a steady window
 *    is compared with the CPU the browsers spend on the same streams in the
 *    same window (every Chromium process of the run, from /proc).
 *    NOTE: why the browsers and not an idle worker: an idle worker burns
 *    next to nothing, so a ratio against it says nothing, and its absolute
 *    value moves with the machine's load; the endpoints encoding and
 *    decoding exactly these streams are the natural cost to weigh the
 *    forwarding against, and suffer the same noise in the same window.
 *    Video is capped at 160×90, 10 fps in the pages (two cores have to
 *    run up to eleven encoders and 110 decoders).
 * 2. Time from the customer's Accept to the first decoded frame of the
 *    customer's camera at the advisor (who set up media while ringing),
 *    against a bare RTCPeerConnection loopback (two peer connections in the
 *    customer's page: offer/answer, ICE on loopback, DTLS) to its first
 *    decoded frame, in the same browser.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { observer as mediasoupObserver, type types as ms } from 'mediasoup';
import { openDatabase } from '../db/client.ts';
import { startTestServer } from '../tests/helpers/server.ts';
import { callWorld, inbound, launchCallBrowser, receivesFrom, type Side } from '../tests/call/call-helpers.ts';
import type { Benchmark, Row } from './report.ts';

/** `BENCH_CALL_LEVELS=1,5` for a quicker run. */
const LEVELS = (process.env.BENCH_CALL_LEVELS ?? '1,5,10').split(',').map(Number);
const WINDOW_MS = 10_000;
const ROUNDS = 3;

/** Forces small video for every getUserMedia in the page. */
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
  side.page.evaluate(
    `(async () => { for (;;) { if (await (${expr})) return Date.now(); await new Promise((r) => setTimeout(r, 10)); } })()`,
  ) as Promise<number>;

export const calls: Benchmark = {
  name: 'live calls',
  async run(): Promise<Row[]> {
    const rows: Row[] = [];
    const workers: ms.Worker[] = [];
    const onWorker = (w: ms.Worker) => workers.push(w);
    mediasoupObserver.on('newworker', onWorker);
    const database = await openDatabase({});
    const server = await startTestServer({ database, mediaWorkers: 1 });
    const browser = await launchCallBrowser();
    try {
      // ── 1. SFU CPU per forwarded stream ──
      for (const n of LEVELS) {
        try {
          const world = await callWorld(server, browser, { initScript: SMALL_VIDEO });
          try {
            const advisors = [];
            for (let i = 0; i < n; i++) advisors.push(await world.advisor(`Advisor${i + 1}`));
            await advisors[0]!.page.getByRole('button', { name: 'Start call', exact: true }).click();
            const invite = world.customer.page.getByRole('alertdialog', { name: /is calling you/ });
            await invite.getByRole('button', { name: 'Accept' }).click({ timeout: 60_000 });
            for (const a of advisors.slice(1)) await a.page.getByRole('button', { name: 'Join call', exact: true }).click({ timeout: 60_000 });
            const everyone = [{ ...world.customer, id: 'customer' }, ...advisors.map((a) => ({ ...a, id: a.viewerId }))];
            for (const side of everyone) {
              const others = everyone.filter((o) => o.id !== side.id).map((o) => o.id);
              // NOTE: on a starved machine a join can time out; the advisor then presses Join call again, as a person would.
              const retry = async () => {
                const s = (await side.page.evaluate(`JSON.stringify(${side.store}?.state ?? null)`)) as string;
                const state = JSON.parse(s) as { inCall: boolean; error: string | null } | null;
                if (side.id !== 'customer' && state && !state.inCall) {
                  console.log(`  ${side.id.slice(0, 6)} is out of the call (${state.error}); joining again`);
                  await side.page.getByRole('button', { name: 'Join call', exact: true }).click({ timeout: 30_000 });
                }
              };
              const until = Date.now() + 240_000;
              while (!(await receivesFrom(side, others))) {
                await retry();
                if (Date.now() > until) {
                  const stats = await inbound(side);
                  const summary = stats.map((s) => `${s.participantId.slice(0, 6)}/${s.kind}: frames ${s.framesDecoded} energy ${s.totalAudioEnergy.toFixed(3)} pkts ${s.packetsReceived}`);
                  const counts = JSON.stringify(await server.server.media.sfu.countObjects());
                  throw new Error(`level ${n}: ${side.id} does not receive everyone (${others.length} others; server ${counts}):\n${summary.join('\n')}`);
                }
                await new Promise((r) => setTimeout(r, 500));
              }
            }
            // Settle (bandwidth estimation ramps up), then measure a steady window.
            await new Promise((r) => setTimeout(r, 3_000));
            const worker = workers.find((w) => !w.closed)!;
            const exclude = new Set(workers.map((w) => w.pid));
            const w0 = await workerCpuMs(worker);
            const b0 = childrenCpuMs(exclude);
            const t0 = performance.now();
            await new Promise((r) => setTimeout(r, WINDOW_MS));
            const seconds = (performance.now() - t0) / 1000;
            const sfu = (await workerCpuMs(worker)) - w0;
            const browsers = childrenCpuMs(exclude) - b0;
            const streams = (n + 1) * n * 2;
            const counts = await server.server.media.sfu.countObjects();
            if (counts.consumers !== streams) throw new Error(`level ${n}: ${counts.consumers} consumers, expected ${streams}`);
            rows.push({
              benchmark: 'live calls: SFU CPU per forwarded stream',
              variant: `1 customer + ${n} advisor${n > 1 ? 's' : ''} (${streams} streams)`,
              value: sfu / seconds / streams,
              baseline: browsers / seconds / streams,
              unit: 'CPU ms/s per stream',
              reading: 'SFU / browsers, lower is better',
              baselineLabel: 'the browsers (encode + decode of the same streams, same window)',
            });
            console.log(`  ${n} advisor(s): sfu ${(sfu / seconds).toFixed(1)} ms/s, browsers ${(browsers / seconds).toFixed(0)} ms/s, ${streams} streams`);
            await world.customer.page.getByRole('button', { name: 'Hang up', exact: true }).click();
            const until = Date.now() + 30_000;
            while ((await server.server.media.sfu.countObjects()).routers > 0) {
              if (Date.now() > until) throw new Error('the call did not end');
              await new Promise((r) => setTimeout(r, 200));
            }
          } finally {
            await world.close();
          }
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
            (await customer.page.evaluate(async () => {
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
            })) as number,
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
