/**
 * One real server (PGlite + disk media store), one page server for the
 * customer's pages (`http://localhost:PORT`, a secure context, so
 * getUserMedia works) and one Chromium with a fake camera and microphone.
 *
 * NOTE: Chromium is launched with `--use-fake-device-for-media-stream` but
 * without `--use-fake-ui-for-media-stream` (which answers every prompt with
 * "allow", whatever the context's permissions): a context created with
 * `permissions: ['camera', 'microphone']` is allowed, any other context is
 * refused (NotAllowedError), as a customer saying no. Screen capture
 * (getDisplayMedia) is in screen-video.test.ts: in headless Chromium it needs
 * `--use-fake-ui-for-media-stream` (with `--auto-select-desktop-capture-source=Entire screen`
 * to pick the source) and a user gesture.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, ElementHandle, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { Database } from '../../db/client.ts';
import type { Site, TokenResponse } from '../../protocol/api.ts';
import { launchChromium } from '../helpers/browser.ts';
import { testDrivers } from '../helpers/db.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { startPageServer, type PageServer } from '../recorder/page-server.ts';

export interface VideoTestContext {
  t: TestServer;
  pages: PageServer;
  browser: Browser;
  /** A site whose allowed origin is the page server. */
  site: Site;
  /** A customer tab; `allowCamera` grants camera and microphone. */
  customer(allowCamera: boolean): Promise<{ context: BrowserContext; page: Page; logs: string[] }>;
  /** An advisor tab, signed in as the admin (camera and microphone allowed). */
  advisor(): Promise<{ context: BrowserContext; page: Page }>;
  close(): Promise<void>;
}

export async function startVideoTestContext(): Promise<VideoTestContext> {
  const database: Database = await testDrivers[0]!.open();
  const dir = await mkdtemp(join(tmpdir(), 'cb-video-'));
  const t = await startTestServer({ database, mediaDir: dir });
  const pages = await startPageServer();
  const browser = await launchChromium({ args: ['--use-fake-device-for-media-stream', '--autoplay-policy=no-user-gesture-required'] });
  const site = await t.createSite({ name: 'Video shop', allowedOrigins: [new URL(pages.url).origin] });
  pages.set('/index.html', customerPage(t.url, site.siteKey));
  pages.set('/refuse.html', elementPage(t.url, site.siteKey));
  const contexts: BrowserContext[] = [];

  return {
    t,
    pages,
    browser,
    site,
    async customer(allowCamera) {
      const context = await browser.newContext(allowCamera ? { permissions: ['camera', 'microphone'] } : {});
      contexts.push(context);
      const page = await context.newPage();
      const logs: string[] = [];
      page.on('console', (m) => logs.push(`${m.type()}: ${m.text()}`));
      page.on('pageerror', (e) => logs.push(`pageerror: ${e.message}`));
      return { context, page, logs };
    },
    async advisor() {
      const signIn = await fetch(`${t.url}/api/auth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: t.admin.email, password: t.admin.password }),
      });
      const auth = (await signIn.json()) as TokenResponse;
      const context = await browser.newContext({ permissions: ['camera', 'microphone'] });
      contexts.push(context);
      await context.addInitScript(
        (stored) => {
          if (!localStorage.getItem('cobrowse.advisor.auth')) localStorage.setItem('cobrowse.advisor.auth', stored);
        },
        JSON.stringify({ token: auth.token, expiresAt: auth.expiresAt, advisor: auth.advisor }),
      );
      return { context, page: await context.newPage() };
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => {});
      await browser.close();
      await pages.close();
      await t.close();
      await database.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A page that records programmatically; `?auto` starts at load with camera video in 1 s chunks. */
function customerPage(server: string, siteKey: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>video test</title></head>
<body><h1>video test</h1><div id="log"></div>
<script type="module">
  import { startRecording } from '${server}/recorder.js';
  window.videoStates = [];
  window.start = (options = {}) => {
    const rec = startRecording({ siteKey: '${siteKey}', endpoint: '${server}', video: 'camera', videoTimesliceMs: 1000, flushIntervalMs: 500, ...options });
    rec.onVideoState((d) => window.videoStates.push(d.state));
    window.rec = rec;
    return rec.sessionId;
  };
  window.addMarkers = (from, count) => {
    const log = document.getElementById('log');
    for (let i = from; i < from + count; i++) {
      const p = document.createElement('p');
      p.textContent = 'marker-' + i;
      log.appendChild(p);
    }
  };
  window.outboxMedia = () => new Promise((resolve, reject) => {
    const req = indexedDB.open('cobrowse-recorder');
    req.onsuccess = () => {
      const db = req.result;
      if (!db.objectStoreNames.contains('media-chunks')) return resolve([]);
      const keys = db.transaction('media-chunks', 'readonly').objectStore('media-chunks').getAllKeys();
      keys.onsuccess = () => { resolve(keys.result.map((k) => k[1] + '/' + k[2])); db.close(); };
      keys.onerror = () => reject(keys.error);
    };
    req.onerror = () => reject(req.error);
  });
  if (location.search.includes('auto')) window.start();
  window.ready = true;
</script></body></html>`;
}

/** The element with `video="camera" video-audio`, collecting its events. */
function elementPage(server: string, siteKey: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>video refused</title></head>
<body><h1>refused</h1><div id="log"></div>
<script>
  window.videoStates = [];
  window.sessions = [];
  document.addEventListener('cobrowse-video-state', (e) => window.videoStates.push(e.detail));
  document.addEventListener('cobrowse-session', (e) => window.sessions.push(e.detail.sessionId));
  window.addMarkers = (from, count) => {
    const log = document.getElementById('log');
    for (let i = from; i < from + count; i++) {
      const p = document.createElement('p');
      p.textContent = 'marker-' + i;
      log.appendChild(p);
    }
  };
</script>
<script type="module" src="${server}/recorder.js"></script>
<cobrowse-recorder site-key="${siteKey}" endpoint="${server}" autostart flush-interval="500" video="camera" video-audio></cobrowse-recorder>
</body></html>`;
}

/** Loads a WebM URL in a <video> on `page`: its size and the duration it knows at `loadedmetadata` (served tracks carry it). */
export async function probeVideo(page: Page, url: string): Promise<{ width: number; duration: number; seekableEnd: number }> {
  return page.evaluate(async (src) => {
    const video = document.createElement('video');
    video.muted = true;
    video.preload = 'metadata';
    document.body.append(video);
    await new Promise<void>((resolve, reject) => {
      video.addEventListener('loadedmetadata', () => resolve(), { once: true });
      video.addEventListener('error', () => reject(new Error(`video error ${video.error?.code} ${video.error?.message}`)), { once: true });
      video.src = src;
    });
    const result = { width: video.videoWidth, duration: video.duration, seekableEnd: video.seekable.length ? video.seekable.end(0) : 0 };
    video.remove();
    return result;
  }, url);
}

export interface SeekBeforePlay {
  /** `duration` as soon as the metadata is loaded. */
  duration: number;
  target: number;
  /** After `seeked`. */
  currentTime: number;
  readyState: number;
  paused: boolean;
  /** Whether it had played before the test seeked (it must not have). */
  playedBefore: boolean;
}

/**
 * On a page's own `<video>` that has not played: waits for its metadata,
 * reads its duration, then seeks to `fraction` of it (a customer dragging
 * the scrubber before pressing play) and reports where it landed.
 */
export function seekBeforePlay(video: ElementHandle<HTMLVideoElement>, fraction = 0.6): Promise<SeekBeforePlay> {
  return video.evaluate(async (v, f) => {
    const wait = (name: string) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no ${name} in 15 s (readyState ${v.readyState}, error ${v.error?.message})`)),
          15_000,
        );
        v.addEventListener(name, () => (clearTimeout(timer), resolve()), { once: true });
      });
    if (v.readyState < 1) await wait('loadedmetadata');
    const playedBefore = v.played.length > 0;
    const duration = v.duration;
    const target = Number.isFinite(duration) ? Math.round(duration * f * 100) / 100 : 1;
    const seeked = wait('seeked');
    v.currentTime = target;
    await seeked;
    if (v.readyState < 2) await wait('loadeddata');
    return { duration, target, currentTime: v.currentTime, readyState: v.readyState, paused: v.paused, playedBefore };
  }, fraction);
}

/** What {@link seekBeforePlay} must find: a finite length near `expectedSeconds`, the seek landed, nothing played. */
export function expectSeekableBeforePlay(result: SeekBeforePlay, expectedSeconds: number): void {
  expect(result.duration, 'duration at loadedmetadata').toBeGreaterThan(expectedSeconds - 1);
  expect(result.duration, 'duration at loadedmetadata').toBeLessThan(expectedSeconds + 1);
  expect(result.currentTime).toBeCloseTo(result.target, 1);
  expect(result.readyState).toBeGreaterThanOrEqual(2);
  expect(result.paused).toBe(true);
  expect(result.playedBefore).toBe(false);
}
