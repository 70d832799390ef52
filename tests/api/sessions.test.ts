/**
 * Reading recordings back: time-range reads over a long session with many
 * snapshots, the export (a plain rrweb event array), chunk bytes, and the
 * session list's filters and keyset pagination.
 */
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import type { ChunkRange, SessionDetail, SessionPage, Site } from '../../protocol/api.ts';
import type { ErrorBody } from '../../protocol/errors.ts';
import { testDrivers } from '../helpers/db.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { syntheticSession } from '../helpers/synthetic-session.ts';
import { click, meta, pageChunk } from './fixtures.ts';

const MIN = 60_000;

describe.each(testDrivers)('sessions API on $name', (driver) => {
  let database: Database;
  let t: TestServer;

  beforeAll(async () => {
    database = await driver.open();
    t = await startTestServer({ database });
  });
  afterAll(async () => {
    await t?.close();
    await database?.close();
  });

  describe('a 20-minute session with a snapshot every 4 minutes', () => {
    const synthetic = syntheticSession({ durationMs: 20 * MIN, tickMs: 1000, checkoutMs: 4 * MIN });
    const chunks = synthetic.chunks(10_000);
    let id: string;
    let range: (query?: string) => Promise<ChunkRange>;

    beforeAll(async () => {
      id = await t.startSession({ startedAt: synthetic.startTs, url: 'https://shop.test/synthetic' });
      for (let seq = 0; seq < chunks.length; seq++) {
        const res = await t.putChunk(id, seq, chunks[seq]);
        if (res.status !== 201) throw new Error(`chunk ${seq}: ${res.status} ${await res.text()}`);
      }
      range = async (query = '') => {
        const res = await t.api(`/api/sessions/${id}/chunks${query}`);
        expect(res.status).toBe(200);
        return (await res.json()) as ChunkRange;
      };
    });

    it('reports the timeline bounds', async () => {
      const detail = (await (await t.api(`/api/sessions/${id}`)).json()) as SessionDetail;
      expect(detail.firstEventTs).toBe(synthetic.startTs);
      expect(detail.lastEventTs).toBe(synthetic.endTs);
      expect(detail.chunkCount).toBe(chunks.length);
      expect(detail.eventCount).toBe(synthetic.events.length);
    });

    it('counts a periodic snapshot of the same page as no navigation', async () => {
      const detail = (await (await t.api(`/api/sessions/${id}`)).json()) as SessionDetail;
      // Five snapshots (0, 4, 8, 12, 16 min) of one URL: one page, one navigation.
      expect(detail.pages).toEqual([{ ts: synthetic.startTs, url: 'https://shop.test/synthetic' }]);
      expect(detail.markers.filter((m) => m.kind === 'navigation')).toHaveLength(1);
    });

    it('defaults to the whole session', async () => {
      const all = await range();
      expect(all.from).toBe(synthetic.startTs);
      expect(all.to).toBe(synthetic.endTs);
      expect(all.chunks.map((c) => c.seq)).toEqual(chunks.map((_, i) => i));
    });

    it('starts a read in the middle at the last snapshot before it, never earlier', async () => {
      const from = synthetic.startTs + 13.5 * MIN; // snapshots at 0, 4, 8, 12, 16 min
      const to = from + 2 * MIN;
      const r = await range(`?from=${from}&to=${to}`);
      const [first] = r.chunks;
      expect(first?.startsWithSnapshot).toBe(true);
      expect(first?.firstTs).toBe(synthetic.startTs + 12 * MIN);
      expect(r.chunks.every((c) => c.firstTs >= synthetic.startTs + 12 * MIN)).toBe(true);
      expect(r.chunks.every((c) => c.firstTs <= to)).toBe(true);
      // Contiguous in seq, and it reaches `to`.
      const seqs = r.chunks.map((c) => c.seq);
      expect(seqs).toEqual(seqs.map((_, i) => seqs[0]! + i));
      expect(r.chunks.at(-1)!.lastTs).toBeGreaterThanOrEqual(to - 10_000);
    });

    it('opening near the end does not download the beginning', async () => {
      const from = synthetic.startTs + 19 * MIN;
      const r = await range(`?from=${from}`);
      expect(r.chunks[0]?.firstTs).toBe(synthetic.startTs + 16 * MIN);
      expect(r.chunks.at(-1)?.seq).toBe(chunks.length - 1);
      expect(r.chunks.length).toBeLessThan(chunks.length / 4);
    });

    it('refuses times no date can hold', async () => {
      for (const path of [`/api/sessions/${id}/chunks?from=1e300`, `/api/sessions/${id}/chunks?to=1e300`, '/api/sessions?from=1e300']) {
        const res = await t.api(path);
        expect(res.status, path).toBe(400);
      }
    });

    it('refuses from after to', async () => {
      const res = await t.api(`/api/sessions/${id}/chunks?from=${synthetic.startTs + MIN}&to=${synthetic.startTs}`);
      expect(res.status).toBe(400);
      expect(((await res.json()) as ErrorBody).error.code).toBe('bad_request');
    });

    it('exports one plain rrweb event array in order', async () => {
      const res = await t.api(`/api/sessions/${id}/export`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="session-.+\.json"$/);
      const events = (await res.json()) as { type: number; timestamp: number }[];
      expect(Array.isArray(events)).toBe(true);
      expect(events).toEqual(synthetic.events);
      // What rrweb's Replayer needs: a Meta then a FullSnapshot first, timestamps never going back.
      expect(events[0]?.type).toBe(4);
      expect(events[1]?.type).toBe(2);
      expect(events.every((e, i) => i === 0 || e.timestamp >= events[i - 1]!.timestamp)).toBe(true);
    });

    it('serves chunk bytes as application/gzip, revalidated by ETag', async () => {
      const res = await t.api(`/api/sessions/${id}/chunks/3`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/gzip');
      expect(res.headers.get('cache-control')).toMatch(/private/);
      const etag = res.headers.get('etag')!;
      const events = await new Response(res.body!.pipeThrough(new DecompressionStream('gzip'))).json();
      expect(events).toEqual(chunks[3]);
      const again = await t.api(`/api/sessions/${id}/chunks/3`, { headers: { 'if-none-match': etag } });
      expect(again.status).toBe(304);
    });

    it('serves a whole window of chunks in one answer, cut apart by X-Chunk-Sizes', async () => {
      const window = (await range(`?from=${synthetic.startTs + 9 * MIN}&to=${synthetic.startTs + 10 * MIN}`)).chunks;
      const asked = [...window].reverse(); // the order asked is the order served
      const res = await t.api(`/api/sessions/${id}/chunk-data?seqs=${asked.map((c) => c.seq).join(',')}`);
      expect(res.status).toBe(200);
      const body = new Uint8Array(await res.arrayBuffer());
      // Each chunk a gzip member, stored or (compacted chunks: server/storage) gzipped anew.
      const sizes = res.headers.get('x-chunk-sizes')!.split(',').map(Number);
      expect(sizes).toHaveLength(asked.length);
      expect(body.byteLength).toBe(sizes.reduce((n, s) => n + s, 0));
      let offset = 0;
      for (const [i, chunk] of asked.entries()) {
        const part = body.subarray(offset, (offset += sizes[i]!));
        expect(JSON.parse(gunzipSync(part).toString('utf8'))).toEqual(chunks[chunk.seq]);
      }
    });

    it('serves a window of chunks as one JSON answer, gzipped once for the wire', async () => {
      const window = (await range(`?from=${synthetic.startTs + 9 * MIN}&to=${synthetic.startTs + 10 * MIN}`)).chunks;
      const asked = [...window].reverse(); // the order asked is the order served
      const path = `/api/sessions/${id}/chunk-events?seqs=${asked.map((c) => c.seq).join(',')}`;
      const res = await t.api(path, { headers: { 'accept-encoding': 'gzip, br' } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(res.headers.get('content-encoding')).toBe('gzip');
      expect(res.headers.get('vary')).toMatch(/accept-encoding/i);
      // fetch inflates Content-Encoding: gzip, as a browser does.
      expect(await res.json()).toEqual(asked.map((c) => chunks[c.seq]));
      // A client that takes no gzip gets the same JSON plain.
      const plain = await t.api(path, { headers: { 'accept-encoding': 'identity' } });
      expect(plain.headers.get('content-encoding')).toBeNull();
      expect(await plain.json()).toEqual(asked.map((c) => chunks[c.seq]));
    });

    it('gzips a chunk list for the wire (the player fetches the whole list once)', async () => {
      const res = await t.api(`/api/sessions/${id}/chunks`, { headers: { 'accept-encoding': 'gzip' } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-encoding')).toBe('gzip');
      expect(((await res.json()) as ChunkRange).chunks).toHaveLength(chunks.length);
    });

    it('refuses bad chunk-data and chunk-events requests with a clear error', async () => {
      for (const endpoint of ['chunk-data', 'chunk-events']) {
        for (const query of [
          '',
          '?seqs=',
          '?seqs=1,x',
          '?seqs=1,1',
          '?seqs=-1',
          `?seqs=${Array.from({ length: 501 }, (_, i) => i).join(',')}`,
        ]) {
          const res = await t.api(`/api/sessions/${id}/${endpoint}${query}`);
          expect(res.status, `${endpoint}${query.slice(0, 30)}`).toBe(400);
          expect(((await res.json()) as ErrorBody).error.code).toBe('bad_request');
        }
        const missing = await t.api(`/api/sessions/${id}/${endpoint}?seqs=1,99999`);
        expect(missing.status).toBe(404);
        expect((await t.api(`/api/sessions/${crypto.randomUUID()}/${endpoint}?seqs=1`)).status).toBe(404);
        expect((await t.api(`/api/sessions/${id}/${endpoint}?seqs=1`, { token: null })).status).toBe(401);
      }
    });
  });

  it('starts at the first chunk when no snapshot precedes `from`', async () => {
    // An hour ago: event times must fit the session's window.
    const t0 = Math.floor(Date.now() / 1000) * 1000 - 3_600_000;
    const id = await t.startSession({ startedAt: t0 });
    await t.putChunk(id, 0, [click(t0 + 100_000)]);
    await t.putChunk(id, 1, [click(t0 + 110_000)]);
    await t.putChunk(id, 2, pageChunk(t0 + 120_000));
    const r = (await (await t.api(`/api/sessions/${id}/chunks?from=${t0 + 115_000}&to=${t0 + 125_000}`)).json()) as ChunkRange;
    expect(r.chunks.map((c) => c.seq)).toEqual([0, 1, 2]);
  });

  it('answers an empty session with no chunks and an empty export', async () => {
    const id = await t.startSession();
    const r = (await (await t.api(`/api/sessions/${id}/chunks`)).json()) as ChunkRange;
    expect(r.chunks).toEqual([]);
    expect(await (await t.api(`/api/sessions/${id}/export`)).json()).toEqual([]);
    const detail = (await (await t.api(`/api/sessions/${id}`)).json()) as SessionDetail;
    expect(detail).toMatchObject({ firstEventTs: null, lastEventTs: null, endedAt: null, markers: [], pages: [] });
  });

  it('answers 404 for unknown sessions and chunks', async () => {
    for (const path of [
      `/api/sessions/${crypto.randomUUID()}`,
      '/api/sessions/nope',
      `/api/sessions/${crypto.randomUUID()}/chunks/0`,
      `/api/sessions/${crypto.randomUUID()}/export`,
    ]) {
      const res = await t.api(path);
      expect(res.status, path).toBe(404);
      expect(((await res.json()) as ErrorBody).error.code).toBe('not_found');
    }
  });

  describe('list', () => {
    let site: Site;
    const ids: Record<string, string> = {};
    // Two hours ago, on the minute: recent enough for the ingest time checks.
    const base = Math.floor(Date.now() / MIN) * MIN - 120 * MIN;

    const list = async (query: string) => {
      const res = await t.api(`/api/sessions?siteId=${site.id}&${query}`);
      expect(res.status).toBe(200);
      return (await res.json()) as SessionPage;
    };
    const listIds = async (query: string) => (await list(query)).sessions.map((s) => s.id);

    beforeAll(async () => {
      site = await t.createSite({ name: 'List shop', allowedOrigins: ['http://shop.test'] });
      const specs: [string, number, string, string[]][] = [
        // name, minutes after base, first url, later pages
        ['a', 0, 'http://shop.test/home', []],
        ['b', 10, 'http://shop.test/home', ['http://shop.test/Checkout?step=1']],
        ['c', 20, 'http://shop.test/products/100%25', []],
        ['d', 30, 'http://shop.test/cart', ['http://shop.test/checkout']],
        ['e', 30, 'http://shop.test/about', []], // same start as d: the id breaks the tie
      ];
      for (const [name, minutes, url, pages] of specs) {
        const id = await t.startSession({ startedAt: base + minutes * MIN, url, siteKey: site.siteKey });
        ids[name] = id;
        await t.putChunk(id, 0, pageChunk(base + minutes * MIN, url), { siteKey: site.siteKey });
        for (const [i, page] of pages.entries()) {
          await t.putChunk(id, i + 1, [meta(base + minutes * MIN + (i + 1) * 1000, page)], { siteKey: site.siteKey });
        }
      }
    });

    it('lists newest first with summaries', async () => {
      const page = await list('');
      expect(page.sessions.map((s) => s.id).slice(2)).toEqual([ids.c, ids.b, ids.a]);
      expect(new Set(page.sessions.slice(0, 2).map((s) => s.id))).toEqual(new Set([ids.d, ids.e]));
      expect(page.nextCursor).toBeNull();
      expect(page.sessions[4]).toMatchObject({ siteId: site.id, siteName: 'List shop', firstUrl: 'http://shop.test/home', chunkCount: 1 });
    });

    it('filters by any visited page, case-insensitively, and by first url', async () => {
      expect(new Set(await listIds('url=checkout'))).toEqual(new Set([ids.b, ids.d]));
      expect(await listIds('url=CHECKOUT%3Fstep')).toEqual([ids.b]);
      expect(await listIds('url=/about')).toEqual([ids.e]);
      // LIKE wildcards in the filter are literal.
      expect(await listIds('url=100%25')).toEqual([ids.c]);
      expect(await listIds('url=h_me')).toEqual([]);
    });

    it('filters by start time (inclusive) and site', async () => {
      expect(await listIds(`from=${base + 10 * MIN}&to=${base + 20 * MIN}`)).toEqual([ids.c, ids.b]);
      const otherSite = await (await t.api(`/api/sessions?siteId=${t.site.id}&limit=100`)).json();
      expect((otherSite as SessionPage).sessions.some((s) => Object.values(ids).includes(s.id))).toBe(false);
    });

    it('pages with an opaque cursor, without gaps or repeats, ties included', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page: SessionPage = await list(`limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        expect(page.sessions.length).toBeLessThanOrEqual(2);
        seen.push(...page.sessions.map((s) => s.id));
        cursor = page.nextCursor;
        pages++;
      } while (cursor && pages < 10);
      expect(pages).toBe(3);
      expect(seen.slice(2)).toEqual([ids.c, ids.b, ids.a]);
      expect(new Set(seen).size).toBe(5);
    });

    it('lists the tabs of one visit with visitId=, and counts them on every summary', async () => {
      const visitKey = 'tab-visit-key-0123456789abcdef';
      const start = base + 40 * MIN;
      const record = async (at: number, url: string, key: string, siteKey?: string) => {
        const id = await t.startSession({ startedAt: at, url, siteKey: siteKey ?? site.siteKey, visitKey: key });
        const res = await t.putChunk(id, 0, pageChunk(at, url), { siteKey: siteKey ?? site.siteKey });
        expect(res.status).toBe(201);
        return id;
      };
      const tab1 = await record(start, 'http://shop.test/home', visitKey);
      const tab2 = await record(start + MIN, 'http://shop.test/cart', visitKey);
      // Started, never sent a chunk (its page was left before the start's answer): listed, not counted as a tab.
      const empty = await t.startSession({ startedAt: start + MIN, url: 'http://shop.test/cart', siteKey: site.siteKey, visitKey });
      const alone = await record(start + 2 * MIN, 'http://shop.test/home', `${visitKey}-other`);
      // The same key on another site is another visit (ids are derived per site).
      const elsewhere = await record(start, 'http://shop.test/home', visitKey, t.site.siteKey);

      const all = (await list('limit=100')).sessions;
      const [s1, s2, s3] = [tab1, tab2, alone].map((id) => all.find((s) => s.id === id)!);
      expect(s1!.visitId).toMatch(/^[0-9a-f]{32}$/);
      expect(s2!.visitId).toBe(s1!.visitId);
      expect(s3!.visitId).not.toBe(s1!.visitId);
      expect([s1!.visitTabs, s2!.visitTabs, s3!.visitTabs]).toEqual([2, 2, 1]);
      expect(all.find((s) => s.id === empty)).toMatchObject({ visitId: s1!.visitId, visitTabs: 2 });
      // Sessions recorded without a visit key are a visit of one.
      expect(all.find((s) => s.id === ids.a)).toMatchObject({ visitId: null, visitTabs: 1 });

      expect(new Set(await listIds(`visitId=${s1!.visitId}`))).toEqual(new Set([tab2, empty, tab1]));
      expect((await listIds(`visitId=${s1!.visitId}`)).at(-1)).toBe(tab1);
      // Without siteId too: a visit id never spans sites.
      const res = await t.api(`/api/sessions?visitId=${s1!.visitId}`);
      expect(new Set(((await res.json()) as SessionPage).sessions.map((s) => s.id))).toEqual(new Set([tab2, empty, tab1]));
      const other = (await (await t.api(`/api/sessions/${elsewhere}`)).json()) as SessionDetail;
      expect(other.visitId).not.toBe(s1!.visitId);
      expect(other.visitTabs).toBe(1);
      const detail = (await (await t.api(`/api/sessions/${tab1}`)).json()) as SessionDetail;
      expect(detail).toMatchObject({ visitId: s1!.visitId, visitTabs: 2 });
    });

    it('refuses bad list queries with 400', async () => {
      for (const query of [
        'cursor=garbage',
        'limit=0',
        'limit=1000',
        'siteId=nope',
        'from=yesterday',
        'visitId=nope',
        `visitId=${'A'.repeat(32)}`,
      ]) {
        const res = await t.api(`/api/sessions?${query}`);
        expect(res.status, query).toBe(400);
        expect(((await res.json()) as ErrorBody).error.code).toBe('bad_request');
      }
    });
  });
});
