/**
 * Real WebM from MediaRecorder (a canvas stream in headless Chromium), cut
 * into `dataavailable` chunks, uploaded through media ingest and served
 * back concatenated: Chromium's <video> must load it, read its size and
 * duration, and seek through it with Range requests.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import { INGEST_BASE, SITE_KEY_HEADER } from '../../protocol/ingest.ts';
import type { MediaTrackList } from '../../protocol/media.ts';
import { launchChromium } from '../helpers/browser.ts';
import { testDrivers } from '../helpers/db.ts';
import { TEST_ORIGIN, startTestServer, type TestServer } from '../helpers/server.ts';

describe('recorded WebM plays back from the served track', () => {
  let database: Database;
  let t: TestServer;
  let browser: Browser;
  let dir: string;

  beforeAll(async () => {
    database = await testDrivers[0]!.open();
    dir = await mkdtemp(join(tmpdir(), 'cb-media-play-'));
    t = await startTestServer({ database, mediaDir: dir });
    browser = await launchChromium({ media: true });
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await database?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('records, uploads in chunks, and plays with seeking', async () => {
    const page = await browser.newPage();
    await page.goto(`${t.url}/healthz`);
    const recorded = await page.evaluate(async () => {
      const canvas = document.createElement('canvas');
      canvas.width = 320;
      canvas.height = 240;
      const g = canvas.getContext('2d')!;
      let frame = 0;
      const timer = setInterval(() => {
        g.fillStyle = `hsl(${(frame * 7) % 360} 80% 50%)`;
        g.fillRect(0, 0, 320, 240);
        g.fillStyle = '#000';
        g.fillText(String(frame++), 20, 20);
      }, 33);
      const mimeType = 'video/webm;codecs=vp8';
      const recorder = new MediaRecorder(canvas.captureStream(30), { mimeType });
      const chunks: { bytes: number[]; at: number }[] = [];
      const started = performance.now();
      recorder.ondataavailable = async (e) => {
        chunks.push({ bytes: [...new Uint8Array(await e.data.arrayBuffer())], at: performance.now() - started });
      };
      recorder.start(500);
      await new Promise((r) => setTimeout(r, 3200));
      await new Promise((r) => {
        recorder.onstop = r;
        recorder.stop();
      });
      clearInterval(timer);
      await new Promise((r) => setTimeout(r, 50));
      return { mimeType, chunks };
    });
    expect(recorded.chunks.length).toBeGreaterThanOrEqual(5);

    const sessionId = await t.startSession();
    const headers = { origin: TEST_ORIGIN, [SITE_KEY_HEADER]: t.site.siteKey, ...t.sessionAuth(sessionId) };
    const base = `${t.url}${INGEST_BASE}/sessions/${sessionId}/media/cam`;
    const trackRes = await fetch(base, {
      method: 'PUT',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'camera', mimeType: recorded.mimeType, startedAt: Date.now() }),
    });
    expect(trackRes.status).toBe(201);
    let previous = 0;
    for (const [seq, chunk] of recorded.chunks.entries()) {
      const at = Math.round(chunk.at);
      const res = await fetch(`${base}/chunks/${seq}?startMs=${previous}&durationMs=${Math.max(0, at - previous)}`, {
        method: 'PUT',
        headers: { ...headers, 'content-type': recorded.mimeType },
        body: Uint8Array.from(chunk.bytes),
      });
      expect(res.status).toBe(201);
      previous = at;
    }
    const list = (await (await t.api(`/api/sessions/${sessionId}/media`)).json()) as MediaTrackList;
    const track = list.tracks[0]!;
    expect(track.byteSize).toBe(recorded.chunks.reduce((n, c) => n + c.bytes.length, 0));

    const played = await page.evaluate(async (url) => {
      const video = document.createElement('video');
      video.muted = true;
      video.preload = 'auto';
      document.body.append(video);
      const event = (name: string) =>
        new Promise<void>((resolve, reject) => {
          video.addEventListener(name, () => resolve(), { once: true });
          video.addEventListener('error', () => reject(new Error(`video error ${video.error?.code} ${video.error?.message}`)), {
            once: true,
          });
        });
      const loaded = event('loadedmetadata');
      video.src = url;
      await loaded;
      const size = { width: video.videoWidth, height: video.videoHeight };
      // MediaRecorder writes no duration: the server's patched head carries it (see served-duration.test.ts).
      const duration = video.duration;
      const seeked = event('seeked');
      video.currentTime = 1.5;
      await seeked;
      return { ...size, duration, currentTime: video.currentTime, seekableEnd: video.seekable.length ? video.seekable.end(0) : 0 };
    }, `${t.url}${track.url}`);
    expect(played.width).toBe(320);
    expect(played.height).toBe(240);
    expect(played.duration).toBeGreaterThan(2.5);
    expect(played.duration).toBeLessThan(5);
    expect(played.currentTime).toBeCloseTo(1.5, 0);
    expect(played.seekableEnd).toBeGreaterThan(2.5);
  });
});
