/**
 * "…or imports the recorder from npm": the package `npm run
 * build:recorder-package` assembles is packed with `npm pack`, unpacked into
 * a throwaway application, type-checked and bundled there by Vite, and the
 * bundled page records into the real server. What the application's bundle
 * gains is weighed against stock rrweb's `record` bundled the same way
 * (issue 14: at most 1.15× for a page that only records).
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import type { Rolldown } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../db/client.ts';
import type { SessionDetail } from '../../protocol/api.ts';
import { launchChromium } from '../helpers/browser.ts';
import { bundleApp, makeRecorderConsumer, makeStockRrwebConsumer } from '../helpers/npm-consumer.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { startPageServer, type PageServer } from './page-server.ts';

/** Issue 14's bundle goal: what a page that only records downloads, against stock rrweb's recorder. */
const BUNDLE_GOAL = 1.15;
const gzipBytes = (chunk: Rolldown.OutputChunk) => gzipSync(chunk.code).byteLength;

const root = fileURLToPath(new URL('../..', import.meta.url));
let app: string;
let database: Database;
let t: TestServer;
let pages: PageServer;
let browser: Browser;

beforeAll(async () => {
  app = makeRecorderConsumer();
  database = await openDatabase({});
  [t, browser] = await Promise.all([startTestServer({ database }), launchChromium()]);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await pages?.close();
  await t?.close();
  await database?.close();
});

describe('the recorder as an npm package', () => {
  it('type-checks in an application that imports it', () => {
    // Throws (with tsc's messages) if the published declarations do not resolve.
    execFileSync(join(root, 'node_modules/.bin/tsc'), ['-p', app], { cwd: app, stdio: 'pipe' });
  });

  it('bundles with Vite and records into the server', async () => {
    const chunks = await bundleApp(app);
    // Split as recorder.js is: the application's own bundle holds recording, not live help, calls, asking or video.
    const main = chunks.find((c) => c.isEntry)!;
    const lazy = chunks.filter((c) => c.isDynamicEntry).map((c) => c.moduleIds.join('\n'));
    expect(main.moduleIds.filter((id) => /mediasoup-client|live-module|ask-module|call-media|video-recording/.test(id))).toEqual([]);
    for (const part of ['live-module', 'ask-module', 'call-media', 'video-recording']) {
      expect(
        lazy.some((ids) => ids.includes(part)),
        part,
      ).toBe(true);
    }
    pages = await startPageServer({ dir: join(app, 'dist') });
    const site = await t.createSite({ name: 'npm app', allowedOrigins: [pages.url] });

    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const config = encodeURIComponent(JSON.stringify({ siteKey: site.siteKey, endpoint: t.url }));
    await page.goto(`${pages.url}/index.html#${config}`);
    await page.click('button');
    expect(errors).toEqual([]);
    await page.waitForFunction(() => window.recording !== undefined);
    const sessionId = await page.evaluate(async () => {
      await window.recording.uploaded();
      return window.recording.sessionId;
    });
    const detail = (await (await t.api(`/api/sessions/${sessionId}`)).json()) as SessionDetail;
    expect(detail.siteId).toBe(site.id);
    expect(detail.markers.some((m) => m.kind === 'click')).toBe(true);
    await page.close();
  });

  it("adds to the application's bundle about what stock rrweb's record does (rrweb's replay-only postcss left out)", async () => {
    const ours = (await bundleApp(app)).find((c) => c.isEntry)!;
    const stock = (await bundleApp(makeStockRrwebConsumer())).find((c) => c.isEntry)!;
    // rrweb's file as published brings postcss (for its Replayer) along with `record`: the package's rrweb does not.
    expect(stock.code).toContain('postcss');
    expect(ours.code).not.toContain('postcss');
    const ratio = gzipBytes(ours) / gzipBytes(stock);
    expect(ratio, `ours ${gzipBytes(ours)} B gzip, stock rrweb ${gzipBytes(stock)} B gzip`).toBeLessThanOrEqual(BUNDLE_GOAL);
  });
});

declare global {
  interface Window {
    recording: { sessionId: string; uploaded(): Promise<void> };
  }
}
