/**
 * @module bench/video
 * Recorded camera video at the default settings (fake camera in Chromium,
 * real recorder, real server and disk media store):
 *
 * - bytes per minute stored for the chunked, segmented recording against the
 *   WebM the same MediaRecorder settings produce in one piece (no timeslice)
 *   from the same camera at the same time: the cost of chunking;
 * - upload overhead per chunk: HTTP bytes (request line and headers as the
 *   browser sent them, CORS preflights, response headers and the JSON ack)
 *   against the chunk's payload, and the request time against the media time
 *   the chunk covers.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Request } from 'playwright-core';
import { openDatabase } from '../db/client.ts';
import type { MediaTrackList } from '../protocol/media.ts';
import { VIDEO_DEFAULTS } from '../recorder/video/video-options.ts';
import { launchChromium } from '../tests/helpers/browser.ts';
import { startTestServer } from '../tests/helpers/server.ts';
import { startPageServer } from '../tests/recorder/page-server.ts';
import type { Benchmark, Row } from './report.ts';

const RECORD_MS = Number(process.env.BENCH_VIDEO_MS) || 60_000;

const headerBytes = (headers: Record<string, string>) => Object.entries(headers).reduce((n, [k, v]) => n + k.length + v.length + 4, 0);

export const video: Benchmark = {
  name: 'video',
  async run(): Promise<Row[]> {
    const database = await openDatabase({});
    const dir = await mkdtemp(join(tmpdir(), 'cb-bench-video-'));
    const server = await startTestServer({ database, mediaDir: dir });
    const pages = await startPageServer();
    const browser = await launchChromium({ args: ['--use-fake-device-for-media-stream'] });
    try {
      const site = await server.createSite({ name: 'bench', allowedOrigins: [new URL(pages.url).origin] });
      pages.set(
        '/index.html',
        `<!doctype html><meta charset="utf-8"><p>bench</p><script type="module">
          import { startRecording } from '${server.url}/recorder.js';
          window.run = async (ms, bitrate) => {
            // The one-piece baseline: the same settings, no timeslice, same camera, same time.
            const stream = await navigator.mediaDevices.getUserMedia({ video: { width: { ideal: 640 }, height: { ideal: 480 }, frameRate: { ideal: 15, max: 30 } } });
            const types = ['video/webm;codecs=vp9', 'video/webm;codecs=vp8', 'video/webm'];
            const whole = new MediaRecorder(stream, { mimeType: types.find((t) => MediaRecorder.isTypeSupported(t)), videoBitsPerSecond: bitrate });
            const parts = [];
            whole.ondataavailable = (e) => parts.push(e.data);
            const rec = startRecording({ siteKey: '${site.siteKey}', endpoint: '${server.url}', video: 'camera' });
            await new Promise((resolve) => { const off = rec.onVideoState((d) => { if (d.state !== 'requesting') { off(); resolve(); } }); });
            whole.start();
            await new Promise((r) => setTimeout(r, ms));
            const stopped = new Promise((r) => (whole.onstop = r));
            whole.stop();
            await rec.stop();
            await stopped;
            await rec.uploaded();
            stream.getTracks().forEach((t) => t.stop());
            return { sessionId: rec.sessionId, wholeBytes: parts.reduce((n, b) => n + b.size, 0) };
          };
          window.ready = true;
        </script>`,
      );
      const context = await browser.newContext({ permissions: ['camera', 'microphone'] });
      const page = await context.newPage();
      const media: Request[] = [];
      context.on('request', (r) => {
        if (r.url().includes('/media/')) media.push(r);
      });
      await page.goto(`${pages.url}/index.html`);
      await page.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true);
      const { sessionId, wholeBytes } = (await page.evaluate(
        ([ms, bitrate]) => (window as unknown as { run(ms: number, b: number): Promise<unknown> }).run(ms, bitrate),
        [RECORD_MS, VIDEO_DEFAULTS.videoBitsPerSecond] as const,
      )) as { sessionId: string; wholeBytes: number };

      const list = (await (await server.api(`/api/sessions/${sessionId}/media`)).json()) as MediaTrackList;
      const stored = list.tracks.reduce((n, t) => n + t.byteSize, 0);
      const chunkCount = list.tracks.reduce((n, t) => n + t.chunks.length, 0);
      const minutes = RECORD_MS / 60_000;

      let overhead = 0;
      let payload = 0;
      let requestMs = 0;
      let chunkRequests = 0;
      for (const r of media) {
        const res = await r.response();
        const req = await r.allHeaders();
        const line = `${r.method()} ${new URL(r.url()).pathname}${new URL(r.url()).search} HTTP/1.1`.length + 2;
        const body = r.postDataBuffer()?.byteLength ?? 0;
        const resHeaders = res ? headerBytes(await res.allHeaders()) + 17 : 0;
        const resBody = res ? (await res.body().catch(() => Buffer.alloc(0))).byteLength : 0;
        const isChunk = r.method() === 'PUT' && r.url().includes('/chunks/');
        overhead += line + headerBytes(req) + resHeaders + resBody + (isChunk ? 0 : body);
        if (isChunk) {
          payload += body;
          chunkRequests++;
          const timing = r.timing();
          if (timing.responseEnd > 0) requestMs += timing.responseEnd;
        }
      }
      await context.close();
      console.log(
        `video: ${(stored / minutes / 1e6).toFixed(2)} MB/min stored in ${chunkCount} chunks, one piece ${(wholeBytes / minutes / 1e6).toFixed(2)} MB/min; ` +
          `${media.length} media requests (${chunkRequests} chunk PUTs)`,
      );
      const perChunk = (n: number) => n / Math.max(1, chunkRequests);
      return [
        {
          benchmark: 'video',
          variant: `camera 640×480, ${VIDEO_DEFAULTS.videoBitsPerSecond / 1000} kbit/s, ${VIDEO_DEFAULTS.timesliceMs / 1000} s chunks`,
          value: stored / minutes,
          baseline: wholeBytes / minutes,
          unit: 'bytes/min',
          reading: 'stored ÷ one-piece WebM; ≈1 means chunking costs nothing',
          baselineLabel: 'same MediaRecorder, one piece',
        },
        {
          benchmark: 'video',
          variant:
            'upload overhead per chunk (request line and headers, response headers and JSON ack, track starts; CORS preflights are not visible here)',
          value: perChunk(overhead),
          baseline: perChunk(payload),
          unit: 'bytes',
          reading: 'lower is better',
          baselineLabel: 'chunk payload',
        },
        {
          benchmark: 'video',
          variant: 'upload time per chunk (request to response end)',
          value: perChunk(requestMs),
          baseline: VIDEO_DEFAULTS.timesliceMs,
          unit: 'ms',
          reading: 'lower is better; share of real time spent uploading',
          baselineLabel: 'media time per chunk',
        },
      ];
    } finally {
      await browser.close();
      await pages.close();
      await server.close();
      await database.close();
      await rm(dir, { recursive: true, force: true });
    }
  },
};
