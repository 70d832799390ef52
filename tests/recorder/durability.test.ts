/**
 * Nothing recorded is lost: through server errors, network outages, reloads,
 * navigations and closed tabs, and nothing is stored twice.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { newTab, sessionIdOf, startRecorderTestContext, type RecorderTestContext } from './context.ts';
import { SECRETS, testPage } from './test-page.ts';
import { inputEventsFor, markerCounts, nodeIdsByDomId, waitFor } from './rrweb-events.ts';

let t: RecorderTestContext;

beforeAll(async () => {
  t = await startRecorderTestContext();
  t.pages.set('/a.html', testPage(t.stub, { title: 'page a', next: '/b.html' }));
  t.pages.set('/b.html', testPage(t.stub, { title: 'page b', next: '/a.html' }));
});
afterAll(async () => {
  await t?.close();
});
afterEach(() => {
  t.stub.fail = { kind: 'none' };
});

/** Each marker 0..count-1 stored exactly once, seqs 0..n-1, no 409s. */
async function expectAllMarkersOnce(sessionId: string, count: number, options: { contiguous?: boolean } = {}) {
  const counts = await waitFor(
    `${count} markers`,
    () => {
      const c = markerCounts(t.stub.eventsOf(sessionId));
      return c.size >= count ? c : undefined;
    },
    45_000,
  );
  for (let i = 0; i < count; i++) expect(counts.get(i), `marker-${i}`).toBe(1);
  expect(t.stub.conflicts).toBe(0);
  if (options.contiguous !== false) {
    const seqs = t.stub.chunksOf(sessionId).map((c) => c.seq);
    expect(seqs).toEqual(seqs.map((_, i) => i));
  }
}

async function addMarkersSlowly(page: Page, from: number, count: number, gapMs = 100) {
  for (let i = from; i < from + count; i++) {
    await page.evaluate((n) => (window as any).addMarkers(n, 1), i);
    await page.waitForTimeout(gapMs);
  }
}

/**
 * The ingest server becomes unreachable. Routing catches the page's own
 * requests; the `keepalive` ones a page sends while unloading outlive it and
 * escape routing, so the stub also hangs up on anything that gets through.
 */
function blockIngest(context: BrowserContext) {
  t.stub.fail = { kind: 'hang-up' };
  return context.route(`${t.stub.url}/ingest/**`, (route) => route.abort('internetdisconnected'));
}
function unblockIngest(context: BrowserContext) {
  t.stub.fail = { kind: 'none' };
  return context.unroute(`${t.stub.url}/ingest/**`);
}

describe('recorder durability', () => {
  it('retries through 503s and loses nothing', async () => {
    const { context, page } = await newTab(t.browser);
    await page.goto(`${t.pages.url}/a.html`);
    const sessionId = await sessionIdOf(page);
    await waitFor('first chunk', () => t.stub.chunksOf(sessionId).length > 0);
    t.stub.fail = { kind: 'status', status: 503 };
    const failedBefore = t.stub.requests.filter((r) => r.status === 503).length;
    await addMarkersSlowly(page, 0, 25);
    expect(t.stub.requests.filter((r) => r.status === 503).length).toBeGreaterThan(failedBefore);
    t.stub.fail = { kind: 'none' };
    await expectAllMarkersOnce(sessionId, 25);
    await context.close();
  });

  it('keeps chunks through a network outage and a reload, and sends them once the network is back', async () => {
    const { context, page } = await newTab(t.browser);
    await page.goto(`${t.pages.url}/a.html`);
    const sessionId = await sessionIdOf(page);
    await waitFor('first chunk', () => t.stub.chunksOf(sessionId).length > 0);
    await blockIngest(context);
    await addMarkersSlowly(page, 0, 15); // some chunks go to the outbox
    await page.evaluate(() => (window as any).addMarkers(15, 5)); // these are pending at the reload
    await page.reload();
    expect(await sessionIdOf(page)).toBe(sessionId);
    await addMarkersSlowly(page, 20, 5);
    await page.waitForTimeout(500);
    expect(markerCounts(t.stub.eventsOf(sessionId)).size).toBe(0);
    await unblockIngest(context);
    await page.evaluate(() => dispatchEvent(new Event('online')));
    await expectAllMarkersOnce(sessionId, 25);
    await context.close();
  });

  it('loses nothing typed or changed right before a reload', async () => {
    const { context, page } = await newTab(t.browser);
    await page.goto(`${t.pages.url}/a.html`);
    const sessionId = await sessionIdOf(page);
    // The start answered and a chunk stored first: a reload inside the start's round trip is
    // session-secret.test.ts's case. What this test is about comes after.
    await waitFor('first chunk', () => t.stub.chunksOf(sessionId).length > 0);
    await page.locator('#name').pressSequentially(SECRETS.name);
    await page.evaluate(() => (window as any).addMarkers(0, 10));
    await page.reload();
    expect(await sessionIdOf(page)).toBe(sessionId);
    await expectAllMarkersOnce(sessionId, 10);
    await waitFor('the typed name', () => {
      const events = t.stub.eventsOf(sessionId);
      const inputs = inputEventsFor(events, nodeIdsByDomId(events, 'name'));
      return inputs.some((i) => i.text === '*'.repeat(SECRETS.name.length));
    });
    await context.close();
  });

  it('keeps the session across navigations in the tab; a new tab gets a new session', async () => {
    const { context, page } = await newTab(t.browser);
    await page.goto(`${t.pages.url}/a.html`);
    const sessionId = await sessionIdOf(page);
    await page.evaluate(() => (window as any).addMarkers(0, 5));
    await page.click('#next');
    await page.waitForURL('**/b.html');
    expect(await sessionIdOf(page)).toBe(sessionId);
    await page.evaluate(() => (window as any).addMarkers(5, 5));
    await page.click('#next');
    await page.waitForURL('**/a.html');
    expect(await sessionIdOf(page)).toBe(sessionId);
    await page.evaluate(() => (window as any).addMarkers(10, 5));
    await expectAllMarkersOnce(sessionId, 15);
    // The session was started once, by the first page; later pages did not change it.
    expect(t.stub.sessions.get(sessionId)!.start.url).toBe(`${t.pages.url}/a.html`);
    // Each page opens with a snapshot in a chunk of its own.
    const metas = t.stub.chunksOf(sessionId).filter((c) => c.events[0]!.type === 4);
    expect(metas.length).toBeGreaterThanOrEqual(3);

    const other = await context.newPage();
    await other.goto(`${t.pages.url}/a.html`);
    const otherId = await sessionIdOf(other);
    expect(otherId).not.toBe(sessionId);
    await context.close();
  });

  it('sends the session start again when the server answers 404 unknown_session', async () => {
    const { context, page } = await newTab(t.browser);
    await page.goto(`${t.pages.url}/a.html`);
    const sessionId = await sessionIdOf(page);
    await waitFor('first chunk', () => t.stub.chunksOf(sessionId).length > 0);
    t.stub.forgetSessions();
    await page.evaluate(() => (window as any).addMarkers(0, 5));
    await expectAllMarkersOnce(sessionId, 5);
    expect(t.stub.requests.some((r) => r.path.includes(sessionId) && r.status === 404)).toBe(true);
    await context.close();
  });

  it('drops a chunk the server refuses with a 4xx and goes on', async () => {
    const { context, page, logs } = await newTab(t.browser);
    await page.goto(`${t.pages.url}/a.html`);
    const sessionId = await sessionIdOf(page);
    await waitFor('first chunk', () => t.stub.chunksOf(sessionId).length > 0);
    t.stub.fail = { kind: 'status', status: 400, code: 'invalid_events' };
    await page.evaluate(() => (window as any).addMarkers(1000, 1));
    await waitFor('a refused chunk', () => t.stub.requests.some((r) => r.status === 400 && r.path.includes(sessionId)));
    t.stub.fail = { kind: 'none' };
    await page.evaluate(() => (window as any).addMarkers(0, 3));
    await expectAllMarkersOnce(sessionId, 3, { contiguous: false });
    expect(markerCounts(t.stub.eventsOf(sessionId)).has(1000)).toBe(false);
    expect(logs.some((l) => l.includes('dropping chunk'))).toBe(true);
    await context.close();
  });

  it('a later page of the site sends what a closed tab left in the outbox', async () => {
    const { context, page } = await newTab(t.browser);
    await page.goto(`${t.pages.url}/a.html`);
    const sessionId = await sessionIdOf(page);
    await blockIngest(context);
    await addMarkersSlowly(page, 0, 15);
    await page.waitForTimeout(1500); // cut and saved to IndexedDB
    await page.close();
    // The closing page's keepalive retries are still in flight: let them meet the outage too.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await unblockIngest(context);
    expect(markerCounts(t.stub.eventsOf(sessionId)).size).toBe(0);
    const next = await context.newPage();
    await next.goto(`${t.pages.url}/b.html`);
    expect(await sessionIdOf(next)).not.toBe(sessionId);
    await expectAllMarkersOnce(sessionId, 15);
    await context.close();
  });

  it('a page closed before it uploaded what the page before it left sends that with keepalive too', async () => {
    const { context, page } = await newTab(t.browser);
    await page.goto(`${t.pages.url}/a.html`);
    const sessionId = await sessionIdOf(page);
    await waitFor('first chunk', () => t.stub.chunksOf(sessionId).length > 0);
    // Page a leaves with markers still in its batcher while the server fails: its keepalive is answered 503
    // (not hung up on, which Chromium would retry on a new connection), and they wait in the tab's unload stash.
    t.stub.fail = { kind: 'status', status: 503 };
    await page.evaluate(() => (window as any).addMarkers(0, 5));
    await page.click('#next');
    await page.waitForURL('**/b.html');
    expect(await sessionIdOf(page)).toBe(sessionId);
    await page.waitForTimeout(1_000); // page b moved the stash into the outbox; its uploads fail
    expect(t.stub.requests.some((r) => r.path.endsWith(`${sessionId}/chunks/1`) && r.contentType === 'application/json')).toBe(true);
    expect(markerCounts(t.stub.eventsOf(sessionId)).size).toBe(0);
    // The tab is closed while page b's uploads still fail: only its keepalive requests (JSON) get through.
    t.stub.fail = { kind: 'status', status: 503, contentType: 'application/gzip' };
    await page.close({ runBeforeUnload: true });
    await expectAllMarkersOnce(sessionId, 5, { contiguous: false });
    await context.close();
  });

  it('sends a closing page’s last events with keepalive also while its session’s start waits for its answer', async () => {
    const { context, page } = await newTab(t.browser);
    // The start reaches the server, but its answer is held until the tab is closed: the page knows only the
    // secret it proposed. Its chunks wait for that answer in the outbox, which no page of the site reads after this.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(`${t.stub.url}/ingest/**`, async (route) => {
      if (!/\/sessions\/[^/]+$/.test(new URL(route.request().url()).pathname)) return route.continue();
      const response = await route.fetch();
      await held;
      await route.fulfill({ response }).catch(() => {});
    });
    await page.goto(`${t.pages.url}/a.html`);
    const sessionId = await sessionIdOf(page);
    await waitFor('the session’s start at the server', () => (t.stub.sessions.has(sessionId) ? true : undefined));
    await page.evaluate(() => (window as any).addMarkers(0, 5));
    await page.waitForTimeout(1_500); // a chunk's interval: some markers are in the outbox, the rest in the batcher
    expect(t.stub.chunksOf(sessionId)).toEqual([]);
    await page.close({ runBeforeUnload: true });
    release();
    await expectAllMarkersOnce(sessionId, 5);
    await context.close();
  });

  it('sends the last events of a closing page as JSON with keepalive', async () => {
    const { context, page } = await newTab(t.browser);
    await page.goto(`${t.pages.url}/a.html`);
    const sessionId = await sessionIdOf(page);
    await waitFor('first chunk', () => t.stub.chunksOf(sessionId).length > 0);
    await page.evaluate(() => (window as any).addMarkers(0, 5));
    await page.close({ runBeforeUnload: true });
    await expectAllMarkersOnce(sessionId, 5);
    const last = t.stub.requests.filter((r) => r.path.includes(`${sessionId}/chunks/`)).at(-1)!;
    expect(last.contentType).toBe('application/json');
    await context.close();
  });
});
