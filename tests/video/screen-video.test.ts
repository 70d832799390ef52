/**
 * Recorded screen video (`video="camera+screen"`) in real Chromium: the
 * customer starts recording from a click (getDisplayMedia needs a user
 * gesture), Chromium's fake UI picks the whole screen, and the server stores
 * two playable WebM tracks, camera and screen, beside the DOM recording.
 *
 * NOTE: its own Chromium, with `--use-fake-ui-for-media-stream` (which says
 * "allow" to every prompt) and `--auto-select-desktop-capture-source`; the
 * other video tests need a browser that can refuse.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import type { Site } from '../../protocol/api.ts';
import type { MediaTrackList } from '../../protocol/media.ts';
import { launchChromium } from '../helpers/browser.ts';
import { testDrivers } from '../helpers/db.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { startPageServer, type PageServer } from '../recorder/page-server.ts';
import { probeVideo } from './video-context.ts';

function screenPage(server: string, siteKey: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>screen test</title></head>
<body><h1>screen test</h1><button id="share">Share my screen</button><div id="log"></div>
<script>
  window.videoStates = [];
  window.sessions = [];
  document.addEventListener('cobrowse-video-state', (e) => window.videoStates.push(e.detail));
  document.addEventListener('cobrowse-session', (e) => window.sessions.push(e.detail.sessionId));
  document.getElementById('share').addEventListener('click', () => document.querySelector('cobrowse-recorder').start());
  window.addMarkers = (n) => { const p = document.createElement('p'); p.textContent = 'marker-' + n; document.getElementById('log').append(p); };
</script>
<script type="module" src="${server}/recorder.js"></script>
<cobrowse-recorder site-key="${siteKey}" endpoint="${server}" flush-interval="500" video="camera+screen"></cobrowse-recorder>
</body></html>`;
}

describe('recorded screen video', () => {
  let database: Database;
  let t: TestServer;
  let pages: PageServer;
  let browser: Browser;
  let site: Site;
  let dir: string;

  beforeAll(async () => {
    database = await testDrivers[0]!.open();
    dir = await mkdtemp(join(tmpdir(), 'cb-screen-'));
    t = await startTestServer({ database, mediaDir: dir });
    pages = await startPageServer();
    browser = await launchChromium({ media: true, args: ['--auto-select-desktop-capture-source=Entire screen'] });
    site = await t.createSite({ name: 'Screen shop', allowedOrigins: [new URL(pages.url).origin] });
    pages.set('/screen.html', screenPage(t.url, site.siteKey));
  });
  afterAll(async () => {
    await browser?.close();
    await pages?.close();
    await t?.close();
    await database?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('records the screen and the camera, from a click, as two playable tracks beside the DOM', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const logs: string[] = [];
    page.on('console', (m) => logs.push(`${m.type()}: ${m.text()}`));
    await page.goto(`${pages.url}/screen.html`);
    await page.waitForFunction(() => customElements.get('cobrowse-recorder') !== undefined);
    await page.getByRole('button', { name: 'Share my screen' }).click();

    await expect
      .poll(() => page.evaluate(() => ((window as any).videoStates as { recording: string[] }[]).at(-1)?.recording ?? []), {
        timeout: 20_000,
      })
      .toEqual(expect.arrayContaining(['camera', 'screen']));
    const sessionId = await page.evaluate(() => (window as any).sessions[0] as string);
    for (let i = 0; i < 5; i++) {
      await page.evaluate((n) => (window as any).addMarkers(n), i);
      await page.waitForTimeout(700);
    }
    await page.evaluate(async () => {
      const rec = document.querySelector('cobrowse-recorder') as any;
      await rec.stop();
    });

    let tracks: MediaTrackList['tracks'] = [];
    await expect
      .poll(
        async () => {
          const res = await t.api(`/api/sessions/${sessionId}/media`);
          tracks = res.status === 200 ? ((await res.json()) as MediaTrackList).tracks : [];
          return tracks.map((tr) => tr.kind).sort();
        },
        { timeout: 20_000 },
      )
      .toEqual(['camera', 'screen']);

    const probe = await browser.newPage();
    await probe.goto(`${t.url}/healthz`);
    for (const track of tracks) {
      await expect
        .poll(
          async () => {
            const res = await t.api(`/api/sessions/${sessionId}/media`);
            const now = ((await res.json()) as MediaTrackList).tracks.find((x) => x.trackId === track.trackId)!;
            return (
              now.durationMs > 2000 &&
              now.chunks.every((c, i) => c.seq === i && c.byteStart !== null) &&
              now.byteSize === now.chunks.reduce((n, c) => n + c.byteSize, 0)
            );
          },
          { timeout: 20_000 },
        )
        .toBe(true);
      const played = await probeVideo(probe, `${t.url}${track.url}`);
      expect(played.width, `${track.kind}: ${logs.join('\n')}`).toBeGreaterThan(0);
      expect(played.duration).toBeGreaterThan(2);
    }
    await probe.close();

    // The DOM recording went on beside the video.
    const chunks = await t.api(`/api/sessions/${sessionId}/export`);
    const text = await chunks.text();
    expect(text).toContain('marker-4');
    await context.close();
  });
});
