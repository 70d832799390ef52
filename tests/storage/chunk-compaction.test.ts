/**
 * Compaction of stored chunks (server/storage) through the real interfaces,
 * on PGlite and PostgreSQL: a reader's visit of three pages of one site
 * (the same navigation and the same large stylesheet on every page) is
 * ingested; the job then stores every chunk as zstd against the session's
 * first snapshot chunk, and the stylesheet once, compressed. Every path that
 * reads stored chunks (the player's chunk, chunk-data and chunk-events
 * answers, the export, search, tutorials) still gives back exactly the
 * events that were sent, and a retried upload is still a duplicate.
 */
import { constants, gunzipSync, gzipSync, zstdCompressSync } from 'node:zlib';
import { and, asc, eq, like } from 'drizzle-orm';
import type { eventWithTime } from '@rrweb/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import { assetBlobs, eventChunks, sessionAssets } from '../../db/schema.ts';
import type { SearchResponse } from '../../protocol/search-constants.ts';
import { INLINE_CSS_PREFIX, KEPT_TEXT_TYPE } from '../../server/assets/inline-stylesheets.ts';
import { compactChunk, dictionarySeq, isCompacted, isGzip, storedChunkJson } from '../../server/storage/chunk-codec.ts';
import { compactSession } from '../../server/storage/chunk-compaction.ts';
import { deltaIds, restoreIds } from '../../server/storage/id-deltas.ts';
import { el, textNode } from '../assets/synthetic-page.ts';
import { testDrivers } from '../helpers/db.ts';
import { startTestServer, TEST_ORIGIN, type TestServer } from '../helpers/server.ts';

const START = Date.now() - 60_000;
/** The site's stylesheet, as rrweb inlines it into every snapshot (big enough to be kept once). */
const CSS = Array.from({ length: 120 }, (_, i) => `.nav-item-${i} { color: rgb(${i}, ${(i * 7) % 255}, 40); padding: ${i % 9}px; }`).join(
  '\n',
);
/** The navigation every page repeats. */
const nav = () =>
  el(
    'nav',
    { class: 'site-nav' },
    Array.from({ length: 80 }, (_, i) =>
      el('a', { href: `${TEST_ORIGIN}/docs/chapter-${i}.html`, class: `nav-item-${i}` }, [textNode(`Chapter ${i}: the guide's part ${i}`)]),
    ),
  );

function visit(path: string, words: string, ts: number): eventWithTime[] {
  const body = el('body', {}, [nav(), el('main', {}, [el('h1', {}, [textNode(path)]), el('p', {}, [textNode(words)])])]);
  const head = el('head', {}, [el('link', { rel: 'stylesheet', href: `${TEST_ORIGIN}/site.css`, _cssText: CSS })]);
  const events: unknown[] = [
    { type: 4, timestamp: ts, data: { href: `${TEST_ORIGIN}${path}`, width: 1280, height: 800 } },
    {
      type: 2,
      timestamp: ts + 1,
      data: { node: { type: 0, id: 1, childNodes: [el('html', {}, [head, body])] }, initialOffset: { left: 0, top: 0 } },
    },
  ];
  return events as eventWithTime[];
}

function reading(ts: number, n: number): eventWithTime[] {
  const events: unknown[] = Array.from({ length: n }, (_, i) => ({
    type: 3,
    timestamp: ts + i * 50,
    data: { source: 1, positions: [{ x: 100 + ((i * 37) % 900), y: 200 + ((i * 11) % 400), id: 5, timeOffset: -20 }] },
  }));
  return events as eventWithTime[];
}

describe.each(testDrivers)('compacted chunks on $name', (driver) => {
  let database: Database;
  let t: TestServer;
  let sessionId: string;
  const chunks: eventWithTime[][] = [
    visit('/docs/index.html', 'Welcome to the guide: start anywhere.', START),
    reading(START + 1_000, 40),
    visit('/docs/chapter-3.html', 'Chapter three explains the quokka configuration.', START + 4_000),
    visit('/docs/chapter-9.html', 'Chapter nine: upgrades without downtime.', START + 8_000),
    reading(START + 9_000, 40),
  ];
  const all = chunks.flat();
  const gzipOf = (events: unknown) => gzipSync(JSON.stringify(events)).byteLength;

  beforeAll(async () => {
    database = await driver.open();
    t = await startTestServer({ database });
    sessionId = await t.startSession({ startedAt: START });
    for (const [seq, events] of chunks.entries()) expect((await t.putChunk(sessionId, seq, events)).status).toBe(201);
    await t.server.jobs.idle();
  });

  afterAll(async () => {
    await t?.close();
    await database?.close();
  });

  const stored = () =>
    database.db
      .select({ seq: eventChunks.seq, data: eventChunks.data, byteSize: eventChunks.byteSize })
      .from(eventChunks)
      .where(eq(eventChunks.sessionId, sessionId))
      .orderBy(asc(eventChunks.seq));

  it('stores every chunk against the first snapshot, a page that repeats it in a fraction of its gzip', async () => {
    // Ingest queued a run after each new page: those chunks are compacted already.
    const byJob = await stored();
    for (const seq of [0, 2, 3]) expect(isCompacted(byJob[seq]!.data)).toBe(true);
    // A run takes the rest (the reading at the end came after the last page's run).
    await compactSession(database.db, sessionId);
    const rows = await stored();
    expect(rows.map((r) => [r.seq, isCompacted(r.data), dictionarySeq(r.data)])).toEqual([
      [0, true, null],
      [1, true, 0],
      [2, true, 0],
      [3, true, 0],
      [4, true, 0],
    ]);
    for (const r of rows) expect(r.byteSize).toBe(r.data.byteLength);
    // The later pages repeat the first one's navigation: gzip alone stores it again each time.
    const page2 = rows[2]!.byteSize;
    expect(page2 * 4).toBeLessThan(gzipOf(chunks[2]));
    expect(rows.reduce((n, r) => n + r.byteSize, 0) * 2).toBeLessThan(chunks.reduce((n, c) => n + gzipOf(c), 0));
    // Nothing left to do: a second run changes nothing.
    expect(await compactSession(database.db, sessionId)).toEqual({ chunks: 0, saved: 0 });
  });

  it('keeps the stylesheet once, compressed', async () => {
    const kept = await database.db
      .select({ type: assetBlobs.contentType, size: assetBlobs.byteSize })
      .from(sessionAssets)
      .innerJoin(assetBlobs, eq(assetBlobs.hash, sessionAssets.hash))
      .where(and(eq(sessionAssets.sessionId, sessionId), like(sessionAssets.url, `${INLINE_CSS_PREFIX}%`)));
    expect(kept).toHaveLength(1);
    expect(kept[0]!.type).toBe(KEPT_TEXT_TYPE);
    expect(kept[0]!.size * 4).toBeLessThan(CSS.length);
    // Each snapshot's chunk names it; none holds its text.
    for (const r of await stored()) {
      const json = (await storedChunkJson(database.db, sessionId, r.data)).toString('utf8');
      expect(json).not.toContain('.nav-item-7 {');
      if (chunks[r.seq]!.some((e) => e.type === 2)) expect(json).toContain(INLINE_CSS_PREFIX);
    }
  });

  it('gives back exactly the events sent, on every read path', async () => {
    const seqs = chunks.map((_, i) => i).join(',');
    expect(await (await t.api(`/api/sessions/${sessionId}/chunk-events?seqs=${seqs}`)).json()).toEqual(chunks);
    expect(await (await t.api(`/api/sessions/${sessionId}/export`)).json()).toEqual(all);

    // chunk-data: one gzip member per chunk, each as long as X-Chunk-Sizes says.
    const data = await t.api(`/api/sessions/${sessionId}/chunk-data?seqs=${seqs}`);
    const bytes = Buffer.from(await data.arrayBuffer());
    let at = 0;
    for (const [seq, size] of data.headers.get('x-chunk-sizes')!.split(',').map(Number).entries()) {
      const member = bytes.subarray(at, (at += size));
      expect(isGzip(member)).toBe(true);
      expect(JSON.parse(gunzipSync(member).toString('utf8'))).toEqual(chunks[seq]);
    }
    for (const [seq, events] of chunks.entries()) {
      const res = await t.api(`/api/sessions/${sessionId}/chunks/${seq}`);
      expect(res.headers.get('content-type')).toBe('application/gzip');
      expect(JSON.parse(gunzipSync(Buffer.from(await res.arrayBuffer())).toString('utf8'))).toEqual(events);
    }

    // Search read the compacted chunks' text.
    const found = (await (await t.api('/api/search?q=quokka')).json()) as SearchResponse;
    expect(found.results.map((r) => r.id)).toContain(sessionId);

    // A tutorial cut from the recording reads it too.
    const made = await t.api('/api/tutorials', { method: 'POST', body: JSON.stringify({ sessionId, title: 'Compacted' }) });
    expect(made.status).toBe(201);
    const { id } = (await made.json()) as { id: string };
    const preview = await (await t.api(`/api/tutorials/${id}/events`)).text();
    expect(preview).toContain('Chapter nine: upgrades without downtime.');
    expect(preview).toContain('.nav-item-7 {');
  });

  it('reads back what its ids rewrite cannot take, and the forms written before it', async () => {
    const [first] = await stored();
    const dictionary = { seq: 0, json: await storedChunkJson(database.db, sessionId, first!.data) };
    // Deltas of ids this far apart would need 16 digits: the chunk is stored without the rewrite.
    const wide = Buffer.from(
      JSON.stringify([
        {
          type: 3,
          timestamp: START,
          data: {
            source: 1,
            positions: [
              { id: 999999999999999, x: 1, y: 2, timeOffset: 0 },
              { id: -999999999999999, x: 1, y: 2, timeOffset: 0 },
            ],
          },
        },
      ]),
    );
    expect(restoreIds(deltaIds(wide)).equals(wide)).toBe(false);
    const plain = Buffer.from(JSON.stringify(chunks[2]));
    for (const json of [wide, plain]) {
      for (const packed of [await compactChunk(json), await compactChunk(json, dictionary)]) {
        expect(isCompacted(packed)).toBe(true);
        expect((await storedChunkJson(database.db, sessionId, packed)).equals(json)).toBe(true);
      }
    }
    // zstd alone and `CBZD` (against the dictionary chunk's JSON as it is), as compaction wrote them before.
    const level = { params: { [constants.ZSTD_c_compressionLevel]: 19 } };
    const header = Buffer.alloc(8);
    header.write('CBZD');
    header.writeUInt32BE(0, 4);
    const older = [
      zstdCompressSync(plain, level),
      Buffer.concat([header, zstdCompressSync(plain, { ...level, dictionary: dictionary.json })]),
    ];
    expect(dictionarySeq(older[1]!)).toBe(0);
    for (const packed of older) expect((await storedChunkJson(database.db, sessionId, packed)).equals(plain)).toBe(true);
  });

  it('still tells a retried upload from a different chunk', async () => {
    expect((await t.putChunk(sessionId, 2, chunks[2])).status).toBe(200);
    expect((await t.putChunk(sessionId, 2, chunks[3])).status).toBe(409);
  });
});
