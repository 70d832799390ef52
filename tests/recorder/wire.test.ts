/**
 * The recorder's wire behaviour against the ingest stub: session start
 * before chunks, gzip chunks with contiguous seqs, snapshots opening chunks,
 * the element's API.
 */
import { EventType } from '@rrweb/types';
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

describe('recorder wire protocol', () => {
  it('sends the session start, then gzip chunks numbered from 0, with the site key, cross-origin', async () => {
    t.pages.set('/wire.html', testPage(t.stub));
    const { context, page, logs } = await newTab(t.browser);
    await page.goto(`${t.pages.url}/wire.html`);
    const sessionId = await sessionIdOf(page);
    expect(sessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await page.evaluate(() => document.querySelector('cobrowse-recorder')!.sessionId)).toBe(sessionId);

    await page.evaluate(() => (window as any).addMarkers(0, 5));
    await waitFor('markers', () => markerCounts(t.stub.eventsOf(sessionId)).size === 5);

    const start = t.stub.sessions.get(sessionId)!.start;
    expect(start.url).toBe(`${t.pages.url}/wire.html`);
    expect(start.userAgent).toContain('Chrome');
    expect(start.viewport?.width).toBeGreaterThan(0);
    expect(typeof start.startedAt).toBe('number');
    expect(start.language).toBeTruthy();

    const mine = t.stub.requests.filter((r) => r.path.includes(sessionId));
    expect(mine[0]!.path).toBe(`/ingest/v1/sessions/${sessionId}`);
    expect(mine[0]!.contentType).toBe('application/json');
    for (const r of mine) {
      expect(r.siteKey).toBe(t.stub.siteKey);
      expect(r.origin).toBe(t.pages.url);
      expect(r.status).toBeGreaterThanOrEqual(200);
      expect(r.status).toBeLessThan(300);
    }
    const chunkRequests = mine.filter((r) => r.path.includes('/chunks/'));
    expect(chunkRequests.length).toBeGreaterThanOrEqual(1);
    for (const r of chunkRequests) {
      expect(r.contentType).toBe('application/gzip');
      expect(JSON.parse(gunzipSync(r.body).toString()).length).toBeGreaterThan(0);
    }
    const chunks = t.stub.chunksOf(sessionId);
    expect(chunks.map((c) => c.seq)).toEqual(chunks.map((_, i) => i));
    expect(chunks[0]!.events[0]!.type).toBe(EventType.Meta);
    expect(chunks[0]!.events[1]!.type).toBe(EventType.FullSnapshot);
    expect(logs.filter((l) => l.startsWith('error') || l.startsWith('pageerror'))).toEqual([]);
    await context.close();
  });

  it('batches about once a second, not once per event', async () => {
    t.pages.set('/batch.html', testPage(t.stub));
    const { context, page } = await newTab(t.browser);
    await page.goto(`${t.pages.url}/batch.html`);
    const sessionId = await sessionIdOf(page);
    // 30 markers over ~1.5 s: 2-3 chunks, not 30.
    for (let i = 0; i < 30; i++) {
      await page.evaluate((n) => (window as any).addMarkers(n, 1), i);
      await page.waitForTimeout(50);
    }
    await waitFor('markers', () => markerCounts(t.stub.eventsOf(sessionId)).size === 30);
    const incremental = t.stub.chunksOf(sessionId).filter((c) => c.events.some((e) => e.type === EventType.IncrementalSnapshot));
    expect(incremental.length).toBeGreaterThanOrEqual(1);
    expect(incremental.length).toBeLessThanOrEqual(5);
    await context.close();
  });

  it('cuts early when a batch passes the size threshold', async () => {
    t.pages.set('/size.html', testPage(t.stub, { attributes: 'autostart flush-interval="60000"' }));
    const { context, page } = await newTab(t.browser);
    await page.goto(`${t.pages.url}/size.html`);
    const sessionId = await sessionIdOf(page);
    // 24 mutations of ~100 KB each, quickly: with a 60 s interval only the 512 KB threshold can cut.
    for (let i = 0; i < 24; i++) {
      await page.evaluate((n) => {
        const p = document.createElement('p');
        p.textContent = `marker-${n} ` + 'x'.repeat(100_000);
        document.getElementById('log')!.appendChild(p);
      }, i);
    }
    await waitFor('size-cut chunks', () => t.stub.chunksOf(sessionId).length >= 4);
    for (const c of t.stub.chunksOf(sessionId)) expect(c.json.length).toBeLessThan(512 * 1024 + 110_000);
    await context.close();
  });

  it('takes a full snapshot every checkout-interval ms, each opening its own chunk', async () => {
    t.pages.set('/checkout.html', testPage(t.stub, { attributes: 'autostart checkout-interval="1000"' }));
    const { context, page } = await newTab(t.browser);
    await page.goto(`${t.pages.url}/checkout.html`);
    const sessionId = await sessionIdOf(page);
    for (let i = 0; i < 30; i++) {
      await page.evaluate((n) => (window as any).addMarkers(n, 1), i);
      await page.waitForTimeout(100);
    }
    await waitFor('three snapshots', () => t.stub.eventsOf(sessionId).filter((e) => e.type === EventType.FullSnapshot).length >= 3);
    for (const chunk of t.stub.chunksOf(sessionId)) {
      const types = chunk.events.map((e) => e.type);
      for (const [i, type] of types.entries()) {
        if (type === EventType.Meta) expect(i).toBe(0);
        if (type === EventType.FullSnapshot) expect(i).toBe(1);
      }
    }
    const seqs = t.stub.chunksOf(sessionId).map((c) => c.seq);
    expect(seqs).toEqual(seqs.map((_, i) => i));
    await context.close();
  });

  it('can be driven programmatically: startRecording(), flush(), uploaded(), stop()', async () => {
    t.pages.set('/api.html', testPage(t.stub, { noElement: true }));
    const { context, page } = await newTab(t.browser);
    await page.goto(`${t.pages.url}/api.html`);
    // A string, so vitest does not rewrite the dynamic import.
    const result: { sessionId: string; recording: boolean; again: string } = await page.evaluate(`(async () => {
      const mod = await import('${t.stub.url}/recorder.js');
      const rec = mod.startRecording({ siteKey: 'pk_test_stub', metadata: { plan: 'gold' } });
      window.addMarkers(100, 3);
      await rec.uploaded();
      await rec.stop();
      // Started again on the same page: the same session, once its claim is decided (the page gave it up itself).
      const again = await new Promise((resolve) => mod.startRecording({ siteKey: 'pk_test_stub' }).onSession(resolve));
      return { sessionId: rec.sessionId, recording: rec.recording, again };
    })()`);
    expect(result.recording).toBe(false);
    expect(result.again).toBe(result.sessionId);
    expect(t.stub.sessions.get(result.sessionId)!.start.metadata).toEqual({ plan: 'gold' });
    expect([...markerCounts(t.stub.eventsOf(result.sessionId)).keys()].sort()).toEqual([100, 101, 102]);
    await context.close();
  });
});
