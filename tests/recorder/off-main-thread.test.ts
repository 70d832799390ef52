/**
 * Chunks are gzipped and uploaded by a Worker off the page's main thread
 * (recorder/compress-worker.ts), made from a Blob URL since recorder.js
 * runs on another origin than the server it comes from; a page whose CSP
 * forbids such workers still gets every chunk, gzipped and uploaded on the
 * main thread.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gunzipSync } from 'node:zlib';
import { newTab, sessionIdOf, startRecorderTestContext, type RecorderTestContext } from './context.ts';
import { testPage } from './test-page.ts';
import { markerCounts, waitFor } from './rrweb-events.ts';

let t: RecorderTestContext;

beforeAll(async () => {
  t = await startRecorderTestContext();
});
afterAll(async () => {
  await t?.close();
});

/**
 * The test page, with `head` added to its <head>, the page's CSP violations
 * kept in `window.violations`, and the chunk uploads made with the page's own
 * (main-thread) `fetch` counted in `window.chunkFetches`.
 */
function pageWith(head: string): string {
  return testPage(t.stub, { attributes: 'autostart flush-interval="200"' }).replace(
    '<head>',
    `<head>${head}<script>window.violations = []; document.addEventListener('securitypolicyviolation', (e) => window.violations.push(e.effectiveDirective));
window.chunkFetches = 0; const pageFetch = window.fetch; window.fetch = function (input, init) { if (String(input).includes('/chunks/')) window.chunkFetches++; return pageFetch.call(this, input, init); };</script>`,
  );
}

/** Every chunk of the session is gzip, and the markers 0…count-1 arrived exactly once each. */
function expectGzipChunksWithMarkers(sessionId: string, count: number): void {
  const chunkRequests = t.stub.requests.filter((r) => r.path.includes(sessionId) && r.path.includes('/chunks/'));
  expect(chunkRequests.length).toBeGreaterThanOrEqual(2);
  for (const r of chunkRequests) {
    expect(r.contentType).toBe('application/gzip');
    expect(JSON.parse(gunzipSync(r.body).toString()).length).toBeGreaterThan(0);
  }
  const markers = markerCounts(t.stub.eventsOf(sessionId));
  expect([...markers.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: count }, (_, i) => i));
  expect([...markers.values()].every((n) => n === 1)).toBe(true);
}

describe('compression off the main thread', () => {
  it('gzips and uploads chunks in a worker made from a Blob URL', async () => {
    t.pages.set('/worker.html', pageWith(''));
    const { context, page, logs } = await newTab(t.browser);
    const workers: string[] = [];
    page.on('worker', (w) => workers.push(w.url()));
    await page.goto(`${t.pages.url}/worker.html`);
    const sessionId = await sessionIdOf(page);
    for (let i = 0; i < 3; i++) {
      await page.evaluate((from) => (window as any).addMarkers(from, 10), i * 10);
      await page.waitForTimeout(300);
    }
    await waitFor('30 markers', () => markerCounts(t.stub.eventsOf(sessionId)).size === 30);
    expect(workers).toHaveLength(1);
    expect(workers[0]).toMatch(/^blob:/);
    expectGzipChunksWithMarkers(sessionId, 30);
    // Uploaded by the worker: none through the page's fetch.
    expect(await page.evaluate(() => (window as any).chunkFetches)).toBe(0);
    expect(await page.evaluate(() => (window as any).violations)).toEqual([]);
    expect(logs.filter((l) => l.startsWith('error') || l.startsWith('pageerror'))).toEqual([]);
    await context.close();
  });

  it("falls back to the main thread when the page's CSP forbids the worker, losing no chunk", async () => {
    t.pages.set('/no-worker.html', pageWith(`<meta http-equiv="Content-Security-Policy" content="worker-src 'none'">`));
    const { context, page, logs } = await newTab(t.browser);
    const workers: string[] = [];
    page.on('worker', (w) => workers.push(w.url()));
    await page.goto(`${t.pages.url}/no-worker.html`);
    const sessionId = await sessionIdOf(page);
    for (let i = 0; i < 3; i++) {
      await page.evaluate((from) => (window as any).addMarkers(from, 10), i * 10);
      await page.waitForTimeout(300);
    }
    await waitFor('30 markers', () => markerCounts(t.stub.eventsOf(sessionId)).size === 30);
    // The page did refuse the worker (so the chunks above were gzipped on the main thread).
    expect(await page.evaluate(() => (window as any).violations)).toContain('worker-src');
    expect(workers).toEqual([]);
    expectGzipChunksWithMarkers(sessionId, 30);
    // Uploaded from the main thread instead.
    expect(await page.evaluate(() => (window as any).chunkFetches)).toBeGreaterThanOrEqual(2);
    expect(logs.filter((l) => l.startsWith('pageerror'))).toEqual([]);
    await context.close();
  });
});
