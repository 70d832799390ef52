/**
 * The jobs ingest asks for, throttled per session (server/ingest/ingest-jobs.ts,
 * session-throttle.ts), through the real server on both databases: a burst
 * of chunks sends one request a window, and the LAST chunk of the burst is
 * still indexed for search and its files still captured (the trailing send);
 * a close sends what is held. A retried or conflicting snapshot is answered
 * before its stylesheets are shared, so a refused upload stores nothing.
 */
import { createHash } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { eventWithTime } from '@rrweb/types';
import { rows, type Database } from '../../db/client.ts';
import { assetBlobs, assetScans, sessionAssets } from '../../db/schema.ts';
import type { Site } from '../../protocol/api.ts';
import type { SearchResponse } from '../../protocol/search.ts';
import { SessionThrottle } from '../../server/ingest/session-throttle.ts';
import { testDrivers } from '../helpers/db.ts';
import { startTestServer, TEST_ORIGIN, type TestServer } from '../helpers/server.ts';
import { png, startSiteServer, type SiteServer } from '../assets/site-server.ts';
import { el, page, textNode } from '../assets/synthetic-page.ts';

const SEARCH_DELAY_MS = 1_500;

describe('SessionThrottle', () => {
  it('sends the first request at once, holds the rest of the window, sends them together at its end', async () => {
    const sent: [string, number[]][] = [];
    const throttle = new SessionThrottle<number>(300, async (id, items) => void sent.push([id, items]));
    await throttle.request('a', 1);
    await throttle.request('a', 2);
    await throttle.request('b', 1);
    await throttle.request('a', 3);
    expect(sent).toEqual([
      ['a', [1]],
      ['b', [1]],
    ]);
    expect(throttle.held).toBe(2);
    await new Promise((r) => setTimeout(r, 450));
    // The last request of the burst is sent, once the window is over.
    expect(sent).toEqual([
      ['a', [1]],
      ['b', [1]],
      ['a', [2, 3]],
    ]);
    // The trailing send opened a new window: the next request is held, and flush() sends it.
    await throttle.request('a', 4);
    expect(sent).toHaveLength(3);
    await throttle.flush();
    expect(sent.at(-1)).toEqual(['a', [4]]);
    expect(throttle.held).toBe(0);
  });

  it('sends every request at once with a zero window', async () => {
    const sent: number[][] = [];
    const throttle = new SessionThrottle<number>(0, async (_id, items) => void sent.push(items));
    for (const n of [1, 2, 3]) await throttle.request('a', n);
    expect(sent).toEqual([[1], [2], [3]]);
  });
});

describe.each(testDrivers)('ingest jobs on $name', (driver) => {
  let database: Database;
  let t: TestServer;
  let shop: SiteServer;
  let site: Site;
  let token: string;

  const upload = async (sessionId: string, seq: number, events: eventWithTime[]) => {
    const res = await t.putChunk(sessionId, seq, events, { siteKey: site.siteKey });
    return res.status;
  };
  const jobsOf = async (name: string, sessionId: string) => {
    const [row] = await rows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from pgboss.job where name = ${name} and (data->>'id' = ${sessionId} or data->>'sessionId' = ${sessionId})`,
    );
    return Number(row!.n);
  };

  beforeAll(async () => {
    database = await driver.open();
    t = await startTestServer({ database, searchIndexDelayMs: SEARCH_DELAY_MS });
    token = await t.token();
    shop = await startSiteServer();
    for (const name of ['a', 'b', 'c', 'd'])
      shop.set(
        `/${name}.png`,
        'image/png',
        png(2, 2, () => [name.charCodeAt(0), 0, 0]),
      );
    site = await t.createSite({ name: 'Throttled shop', allowedOrigins: [TEST_ORIGIN, shop.origin] });
  });

  afterAll(async () => {
    await shop?.close();
    await t?.close();
    await database?.close();
  });

  it('indexes and captures the last chunk of a burst, with one send per session a window', async () => {
    const base = Date.now();
    const sessionId = await t.startSession({ siteKey: site.siteKey, startedAt: base });
    const words = ['aardvark', 'bumblebee', 'chinchilla', 'dromedary'];
    for (const [seq, name] of ['a', 'b', 'c', 'd'].entries()) {
      const events = page(
        `${shop.origin}/`,
        [el('p', {}, [textNode(`Spotted a ${words[seq]}`)]), el('img', { src: `${shop.origin}/${name}.png` })],
        base + seq * 10,
      );
      expect(await upload(sessionId, seq, events)).toBe(201);
    }
    // The burst sent one capture (chunk 0) and one indexing request; the rest is held for the window's end.
    expect(await jobsOf('asset-capture', sessionId)).toBe(1);
    expect(await jobsOf('search-index', sessionId)).toBe(1);

    await t.server.jobs.idle({ timeoutMs: 30_000 });
    const scanned = await database.db.select({ seq: assetScans.seq }).from(assetScans).where(eq(assetScans.sessionId, sessionId));
    expect(scanned.map((r) => r.seq).sort()).toEqual([0, 1, 2, 3]);
    const captured = await database.db
      .select({ url: sessionAssets.url, hash: sessionAssets.hash })
      .from(sessionAssets)
      .where(eq(sessionAssets.sessionId, sessionId));
    expect(
      captured
        .filter((r) => r.hash)
        .map((r) => r.url)
        .sort(),
    ).toEqual(['a', 'b', 'c', 'd'].map((n) => `${shop.origin}/${n}.png`));
    const found = await t.api(`/api/search?q=${words.at(-1)}`, { token });
    const results = ((await found.json()) as SearchResponse).results;
    expect(results.map((r) => r.id)).toContain(sessionId);
  });

  it('answers a retried snapshot as a duplicate, and refuses a different one before sharing its stylesheet', async () => {
    const base = Date.now();
    const sessionId = await t.startSession({ siteKey: site.siteKey, startedAt: base });
    const sheet = (colour: string) => `body { color: ${colour}; }\n`.padEnd(2_000, '/* padding */ ');
    const snapshot = (colour: string) =>
      page(`${shop.origin}/`, [el('link', { rel: 'stylesheet', href: `${shop.origin}/site.css`, _cssText: sheet(colour) })], base);
    const red = snapshot('red');
    expect(await upload(sessionId, 0, red)).toBe(201);
    const retry = await t.putChunk(sessionId, 0, red, { siteKey: site.siteKey });
    expect(retry.status, await retry.clone().text()).toBe(200);
    expect(await retry.json()).toMatchObject({ duplicate: true });

    expect(await upload(sessionId, 0, snapshot('blue'))).toBe(409);
    // The refused upload stored nothing: not its stylesheet either.
    const blueHash = createHash('sha256').update(sheet('blue')).digest('hex');
    expect(await database.db.select({ hash: assetBlobs.hash }).from(assetBlobs).where(eq(assetBlobs.hash, blueHash))).toEqual([]);
  });

  it('sends held requests when the server closes', async () => {
    const own = await driver.open();
    const server = await startTestServer({ database: own, searchIndexDelayMs: 60_000 });
    try {
      const base = Date.now();
      const sessionId = await server.startSession({ startedAt: base });
      for (let seq = 0; seq < 3; seq++) {
        const events = page(`${TEST_ORIGIN}/`, [el('img', { src: `${TEST_ORIGIN}/${seq}.png` })], base + seq);
        expect((await server.putChunk(sessionId, seq, events)).status).toBe(201);
      }
      await server.close();
      const held = await rows<{ seq: number }>(
        own.db,
        sql`select (data->>'seq')::int as seq from pgboss.job where name = 'asset-capture' and data->>'sessionId' = ${sessionId} order by 1`,
      );
      expect(held.map((r) => Number(r.seq))).toEqual([0, 1, 2]);
    } finally {
      await own.close();
    }
  });
});
