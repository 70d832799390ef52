/**
 * The session's secret in a real browser (Chromium, against the ingest stub,
 * which hands it out once and requires it like the server): it rides only in
 * headers, never in the recorded events; a recording across a reload still
 * lands complete; and when the answer carrying it is lost, the recorder goes
 * on as a new session instead of losing what it recorded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newTab, sessionIdOf, startRecorderTestContext, type RecorderTestContext } from './context.ts';
import { markerCounts, waitFor } from './rrweb-events.ts';
import { testPage } from './test-page.ts';

let t: RecorderTestContext;

beforeAll(async () => {
  t = await startRecorderTestContext();
  t.pages.set('/a.html', testPage(t.stub, { title: 'page a', next: '/a.html' }));
});
afterAll(async () => {
  await t?.close();
});

async function expectMarkers(sessionId: string, count: number) {
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
}

describe('session secret in the browser', () => {
  it('is never in the recording, rides every upload, and survives a reload', async () => {
    const { context, page } = await newTab(t.browser);
    await page.goto(`${t.pages.url}/a.html`);
    const sessionId = await sessionIdOf(page);
    await page.evaluate(() => (window as any).addMarkers(0, 10));
    await waitFor('the session start', () => t.stub.sessions.get(sessionId));
    const token = t.stub.sessions.get(sessionId)!.token;
    // The tab keeps it (same tab only), so it could leak into the recording if the recorder let it.
    await waitFor('the secret in the tab', async () =>
      (await page.evaluate(() => sessionStorage.getItem('cobrowse:session')))?.includes(token),
    );
    await page.evaluate(() => (window as any).addMarkers(10, 2));
    await page.reload();
    expect(await sessionIdOf(page)).toBe(sessionId);
    await page.evaluate(() => (window as any).addMarkers(12, 8));
    await expectMarkers(sessionId, 20);

    const chunks = t.stub.chunksOf(sessionId);
    expect(chunks.map((c) => c.seq)).toEqual(chunks.map((_, i) => i));
    for (const chunk of chunks) expect(chunk.json).not.toContain(token);
    const uploads = t.stub.requests.filter((r) => r.path.includes(`/sessions/${sessionId}/chunks/`));
    expect(uploads.length).toBeGreaterThan(0);
    for (const upload of uploads) {
      expect(upload.sessionToken).toBe(token);
      expect(upload.path).not.toContain(token);
    }
    // Only the first start went without it; the session was created once.
    expect(t.stub.sessions.get(sessionId)!.token).toBe(token);
    await context.close();
  });

  it('sends a start whose answer was lost again with the secret it proposed: the session goes on, nothing lost', async () => {
    t.stub.loseStartAnswers = 1;
    const { context, page, logs } = await newTab(t.browser);
    await page.goto(`${t.pages.url}/a.html`);
    const sessionId = await sessionIdOf(page);
    await page.evaluate(() => (window as any).addMarkers(0, 10));
    await waitFor('the lost session start', () =>
      t.stub.requests.some((r) => r.status === -1 && r.path.endsWith(`/sessions/${sessionId}`)) ? true : undefined,
    );
    await expectMarkers(sessionId, 10);
    const token = t.stub.sessions.get(sessionId)!.token;
    const starts = t.stub.requests.filter((r) => r.path.endsWith(`/sessions/${sessionId}`));
    expect(starts.map((r) => r.sessionToken)).toEqual(starts.map(() => token));
    expect(starts.at(-1)!.status).toBe(200);
    expect(t.stub.requests.filter((r) => r.status === 401 && r.path.includes(sessionId))).toEqual([]);
    await waitFor('the secret in the tab', async () =>
      (await page.evaluate(() => sessionStorage.getItem('cobrowse:session')))?.includes(token) ? true : undefined,
    );
    expect(await sessionIdOf(page)).toBe(sessionId);
    expect(logs.filter((l) => l.includes('continues as session'))).toEqual([]);
    await context.close();
  });

  it(
    'against a server that makes its own secret, a lost start answer makes a new session, and loses nothing',
    { timeout: 120_000 },
    async () => {
      const earlier = t.stub.requests.length;
      t.stub.loseStartAnswers = 1;
      t.stub.ignoreProposedTokens = 1;
      const { context, page, logs } = await newTab(t.browser);
      await page.goto(`${t.pages.url}/a.html`);
      await sessionIdOf(page);
      await page.evaluate(() => (window as any).addMarkers(0, 10));
      // The session whose start answer the stub dropped.
      // NOTE: not the element's first session id: the recorder may already have gone on as the new
      // session by the time the page says which session it records (it says so once decided).
      const first = await waitFor('the lost session start', () =>
        t.stub.requests
          .slice(earlier)
          .find((r) => r.status === -1 && /\/sessions\/[^/]+$/.test(r.path))
          ?.path.split('/')
          .pop(),
      );
      const renewed = await waitFor(
        'a new session',
        async () => {
          const stored = JSON.parse((await page.evaluate(() => sessionStorage.getItem('cobrowse:session'))) ?? '{}') as { id?: string };
          return stored.id && stored.id !== first ? stored.id : undefined;
        },
        60_000,
      );
      await expectMarkers(renewed, 10);
      // The lost session holds nothing: nobody could write to it without its secret.
      expect(t.stub.chunksOf(first)).toEqual([]);
      expect(t.stub.requests.some((r) => r.path.endsWith(`/sessions/${first}`) && r.status === 401)).toBe(true);
      expect(logs.some((l) => l.includes(first) && l.includes(renewed))).toBe(true);

      // The tab goes on in the new session across a reload.
      await page.reload();
      await page.evaluate(() => (window as any).addMarkers(10, 5));
      await expectMarkers(renewed, 15);
      await context.close();
    },
  );

  it('a tab whose session another tab renewed records as the new session, with its secret', { timeout: 120_000 }, async () => {
    const context = await t.browser.newContext();
    try {
      const a = await context.newPage();
      const logs: string[] = [];
      context.on('console', (m) => logs.push(`${m.page() === a ? 'A' : 'B'} ${m.type()}: ${m.text()}`));
      await a.goto(`${t.pages.url}/a.html`);
      const idA = await sessionIdOf(a);
      await a.evaluate(() => (window as any).addMarkers(0, 2));
      await expectMarkers(idA, 2);

      // Tab B's start reaches a server that makes its own secret, but the answer never comes back; and from then on
      // B's own requests fail (its network is down), so that tab A's uploader, meeting B's chunks in the outbox the
      // tabs share, is the one that finds the secret lost and renews B's session.
      // NOTE: the start goes out from here, not from the browser, which would send it again on a reset connection.
      t.stub.ignoreProposedTokens = 1;
      const b = await context.newPage();
      let startsSent = 0;
      await b.route(`${t.stub.url}/ingest/**`, async (route) => {
        if (/\/sessions\/[^/]+$/.test(new URL(route.request().url()).pathname) && startsSent++ === 0) await route.fetch();
        await route.abort('connectionreset');
      });
      await b.goto(`${t.pages.url}/a.html`);
      const idB = await sessionIdOf(b);
      await b.evaluate(() => (window as any).addMarkers(0, 5));
      await waitFor('the lost start of tab B', () => (t.stub.sessions.has(idB) ? true : undefined));
      // A's next chunk wakes A's uploader, which goes on to B's waiting chunks.
      await a.evaluate(() => (window as any).addMarkers(2, 1));
      const renewed = await waitFor(
        'tab A renewing B’s session',
        () => /session (\S+): .*continues as session (\S+)/.exec(logs.find((l) => l.includes(`session ${idB}:`)) ?? '')?.[2],
        30_000,
      );
      await b.unroute(`${t.stub.url}/ingest/**`);

      // B's own uploader meets the renewal when it next tries; B's recording is told, and records as the new session.
      await waitFor('tab B announcing the renewed session', async () => ((await sessionIdOf(b)) === renewed ? true : undefined), 60_000);
      const stored = await waitFor('the renewed secret in tab B', async () => {
        const s = JSON.parse((await b.evaluate(() => sessionStorage.getItem('cobrowse:session'))) ?? '{}') as {
          id?: string;
          token?: string;
        };
        return s.id === renewed && s.token ? s : undefined;
      });
      expect(stored.token).toBe(t.stub.sessions.get(renewed)!.token);
      await b.evaluate(() => (window as any).addMarkers(5, 5));
      await expectMarkers(renewed, 10);
      expect(t.stub.chunksOf(idB)).toEqual([]);
      expect(
        logs.filter((l) => l.includes('continues as session')).map((l) => l.slice(0, 1)),
        'who renewed',
      ).toEqual(['A']);
    } finally {
      t.stub.ignoreProposedTokens = 0;
      await context.close();
    }
  });

  for (const { name, rollCall } of [
    { name: 'without Web Locks, a tab does not take over the session another tab is still starting', rollCall: true },
    {
      // Neither Web Locks nor a roll call to wait for: what happens on plain http when the page starting the session
      // is too busy to answer the roll call in time (broadcast-lock.ts), so two pages send the same start.
      name: 'when two pages send the same start at once, both are answered: they present the same proposed secret',
      rollCall: false,
    },
  ]) {
    it(name, { timeout: 120_000 }, async () => {
      const context = await t.browser.newContext();
      // As on a plain http origin, where navigator.locks does not exist.
      await context.addInitScript((rollCall) => {
        Object.defineProperty(Navigator.prototype, 'locks', { get: () => undefined, configurable: true });
        if (!rollCall) Object.defineProperty(window, 'BroadcastChannel', { value: undefined, configurable: true });
      }, rollCall);
      const logs: string[] = [];
      context.on('console', (m) => logs.push(`${m.type()}: ${m.text()}`));
      const a = await context.newPage();
      await a.goto(`${t.pages.url}/a.html`);
      const idA = await sessionIdOf(a);
      expect(await a.evaluate(() => 'locks' in navigator && navigator.locks !== undefined)).toBe(false);
      await a.evaluate(() => (window as any).addMarkers(0, 3));
      await expectMarkers(idA, 3);

      // A second tab (its own session) whose start is answered 3 s late; meanwhile both record, and the first tab's
      // uploader meets the second tab's chunks in the outbox they share. With the roll call it waits for that start;
      // without, it sends the same start, with the secret the second tab proposed (kept in the outbox first): it is
      // not refused, and neither tab gives the session up.
      t.stub.startAnswerDelayMs = 3_000;
      try {
        const b = await context.newPage();
        await b.goto(`${t.pages.url}/a.html`);
        const idB = await sessionIdOf(b);
        await b.evaluate(() => (window as any).addMarkers(0, 10));
        await waitFor('the second tab’s chunks waiting', () => (t.stub.sessions.has(idB) ? true : undefined));
        await a.evaluate(() => (window as any).addMarkers(3, 5));
        await expectMarkers(idB, 10);
        await expectMarkers(idA, 8);
        expect(await sessionIdOf(b)).toBe(idB);
        expect(logs.filter((l) => l.includes('continues as session'))).toEqual([]);
        const starts = t.stub.requests.filter((r) => r.path.endsWith(`/sessions/${idB}`));
        expect(starts.filter((r) => r.status === 401)).toEqual([]);
        // Without the roll call, the first tab sent the start the second one was still waiting on (answered later).
        if (!rollCall) expect(starts.length, 'the same start, sent by both tabs').toBeGreaterThanOrEqual(2);
      } finally {
        t.stub.startAnswerDelayMs = 0;
        await context.close();
      }
    });
  }
});
