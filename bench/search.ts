/**
 * @module bench/search
 * Search (docs/search.md) on both databases:
 *
 * - Latency of `search()` — the service behind `GET /api/search`: query
 *   compilation, the full-text match with ranking, the best passage per
 *   session and its `ts_headline` snippet — over 10,000 indexed sessions
 *   (five passages of about 60 words each, words drawn Zipf-like from a
 *   vocabulary of 2,000), p50 and p99 of 200 searches for one or two words;
 *   against a plain `ILIKE '%word%'` lookup of the same rows (trigram-indexed,
 *   no stemming, ranking or snippets): what the real thing costs over the
 *   simplest indexed substring search.
 * - Index build time per hour of recording: a synthetic 60-minute session
 *   (a clock ticking and a list growing every second, a snapshot every 5
 *   minutes) stored through ingest, indexed by `indexSession`; against
 *   reading its chunks (gunzip + JSON parse), the floor of any indexer.
 */
import { gunzipSync } from 'node:zlib';
import { asc, eq, sql } from 'drizzle-orm';
import type { PgInsertValue } from 'drizzle-orm/pg-core';
import type { Db } from '../db/client.ts';
import { advisors, eventChunks, organisations, searchEntries, searchSubjects, sites } from '../db/schema.ts';
import type { Scope } from '../server/scope/index.ts';
import { tsvectorOf } from '../server/search/index-store.ts';
import { search } from '../server/search/search-service.ts';
import { indexSession } from '../server/search/session-indexer.ts';
import { generateSiteKey } from '../server/sites/site-key.ts';
import { startTestServer } from '../tests/helpers/server.ts';
import { syntheticSession } from '../tests/helpers/synthetic-session.ts';
import { pgliteOnDisk, scratchPostgres, type BenchDatabase } from './databases.ts';
import type { Benchmark, Row } from './report.ts';

/** `SEARCH_BENCH_SESSIONS` overrides it for a quick trial run. */
const SESSIONS = Number(process.env.SEARCH_BENCH_SESSIONS ?? 10_000);
const PASSAGES = 5;
const WORDS_PER_PASSAGE = 60;
const VOCABULARY = 2_000;
const SEARCHES = 200;
const INSERT_BATCH = 1_000;

/** A deterministic generator (mulberry32), so every run indexes the same text. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const SYLLABLES = ['ka', 'lo', 'mi', 'ren', 'tas', 'vu', 'pel', 'dor', 'sin', 'gra', 'bet', 'nol', 'fu', 'qua', 'zir', 'hem'];
function vocabulary(): string[] {
  const words = new Set<string>();
  const next = random(7);
  while (words.size < VOCABULARY) {
    const n = 2 + Math.floor(next() * 2);
    words.add(Array.from({ length: n }, () => SYLLABLES[Math.floor(next() * SYLLABLES.length)]).join(''));
  }
  return [...words];
}

/** Zipf-like: word i drawn with weight 1/(i+1). */
function zipf(words: string[], next: () => number) {
  const weights = words.map((_, i) => 1 / (i + 1));
  const total = weights.reduce((a, b) => a + b, 0);
  const cumulative: number[] = [];
  let sum = 0;
  for (const w of weights) cumulative.push((sum += w / total));
  return () => {
    const r = next();
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < r) lo = mid + 1;
      else hi = mid;
    }
    return words[lo]!;
  };
}

const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))]!;

/** The GIN indexes of migration 0011, dropped during the bulk fill and built once after (as a restore would). */
const GIN_INDEXES = [
  sql`CREATE INDEX search_entries_tsv_idx ON search_entries USING gin (tsv)`,
  sql`CREATE INDEX search_entries_text_trgm_idx ON search_entries USING gin (text gin_trgm_ops)`,
];

async function fill(db: Db, siteId: string, words: string[]): Promise<void> {
  // NOTE: maintaining two GIN indexes row by row is what made a 10,000-session fill take many minutes on PGlite.
  await db.execute(sql`DROP INDEX search_entries_tsv_idx`);
  await db.execute(sql`DROP INDEX search_entries_text_trgm_idx`);
  const next = random(42);
  const word = zipf(words, next);
  const now = Date.now();
  let subjects: (typeof searchSubjects.$inferInsert)[] = [];
  let entries: PgInsertValue<typeof searchEntries>[] = [];
  const flush = async () => {
    if (subjects.length) await db.insert(searchSubjects).values(subjects);
    for (let i = 0; i < entries.length; i += INSERT_BATCH) await db.insert(searchEntries).values(entries.slice(i, i + INSERT_BATCH));
    subjects = [];
    entries = [];
  };
  for (let s = 0; s < SESSIONS; s++) {
    const subjectId = crypto.randomUUID();
    subjects.push({
      kind: 'session',
      subjectId,
      siteId,
      title: `Page ${s}`,
      lang: 'simple',
      state: null,
      occurredAt: new Date(now - s * 60_000),
      sourceVersion: 1,
    });
    for (let p = 0; p < PASSAGES; p++) {
      const text = Array.from({ length: WORDS_PER_PASSAGE }, word).join(' ');
      entries.push({
        kind: 'session',
        subjectId,
        siteId,
        source: 'page_text',
        text,
        startMs: p * 10_000,
        endMs: p * 10_000 + 9_000,
        tsv: tsvectorOf('simple', text),
      });
    }
    if (subjects.length === 500) await flush();
    if ((s + 1) % 2_000 === 0) console.log(`  … ${s + 1} sessions`);
  }
  await flush();
  for (const index of GIN_INDEXES) await db.execute(index);
  await db.execute(sql`ANALYZE search_entries`);
  await db.execute(sql`ANALYZE search_subjects`);
}

async function measureLatency(target: BenchDatabase): Promise<Row[]> {
  const { db } = target.database;
  const [org] = await db.insert(organisations).values({ name: 'Bench' }).returning();
  const [site] = await db.insert(sites).values({ orgId: org!.id, name: 'Bench shop', siteKey: generateSiteKey() }).returning();
  const [advisor] = await db.insert(advisors).values({ email: 'bench@search.test', name: 'Bench', passwordHash: 'x' }).returning();
  const words = vocabulary();
  const t0 = performance.now();
  await fill(db, site!.id, words);
  console.log(`  ${target.label}: ${SESSIONS} sessions indexed in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const scope: Scope = { db, advisor: advisor!, org: org!, role: 'admin', siteIds: null };

  // Mid-frequency words (ranks 20..400): each found in a few hundred to a few thousand sessions.
  const next = random(99);
  const queries = Array.from({ length: SEARCHES }, (_, i) => {
    const a = words[20 + Math.floor(next() * 380)]!;
    const b = words[20 + Math.floor(next() * 380)]!;
    return i % 2 ? `${a} ${b}` : a;
  });
  const ilike = (q: string) => {
    const conditions = q.split(' ').map((w) => sql`e.text ILIKE ${`%${w}%`}`);
    return db.execute(
      sql`SELECT e.subject_id, max(s.occurred_at) AS at FROM search_entries e JOIN search_subjects s ON s.kind = e.kind AND s.subject_id = e.subject_id
           WHERE e.site_id = ${site!.id} AND ${sql.join(conditions, sql` AND `)}
           GROUP BY e.subject_id ORDER BY at DESC LIMIT 20`,
    );
  };
  const time = async (run: (q: string) => Promise<unknown>) => {
    for (const q of queries.slice(0, 10)) await run(q); // warm-up
    const ms: number[] = [];
    for (const q of queries) {
      const start = performance.now();
      await run(q);
      ms.push(performance.now() - start);
    }
    return ms;
  };
  const searched = await time((q) => search(scope, { q, limit: 20 }));
  const plain = await time(ilike);
  console.log(`  ${target.label}: search p50 ${percentile(searched, 50).toFixed(1)} ms, ILIKE p50 ${percentile(plain, 50).toFixed(1)} ms`);
  const variant = `${target.label}, ${SESSIONS.toLocaleString('en')} sessions (${(SESSIONS * PASSAGES).toLocaleString('en')} passages), ${SEARCHES} searches of 1–2 words`;
  const row = (p: number): Row => ({
    benchmark: 'Search latency',
    variant: `${variant}: p${p}`,
    value: percentile(searched, p),
    baseline: percentile(plain, p),
    unit: 'ms',
    baselineLabel: `plain ILIKE on the trigram index, same rows, p${p}`,
    reading: 'lower is better; the search stems, ranks, picks the moment and builds snippets, ILIKE does none of it',
  });
  return [row(50), row(99)];
}

async function measureBuild(target: BenchDatabase): Promise<Row> {
  const server = await startTestServer({ database: target.database, searchIndexDelayMs: 3_600_000 });
  try {
    const minutes = 60;
    const session = syntheticSession({ durationMs: minutes * 60_000, padding: 20 });
    const id = await server.startSession({ startedAt: session.startTs, url: 'https://shop.test/synthetic' });
    const chunks = session.chunks();
    let nextSeq = 0;
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (nextSeq < chunks.length) {
          const seq = nextSeq++;
          const res = await server.putChunk(id, seq, chunks[seq]);
          if (res.status !== 201) throw new Error(`chunk ${seq}: ${res.status}`);
        }
      }),
    );
    const { db } = target.database;
    console.log(`  ${target.label}: one hour of recording stored (${chunks.length} chunks)`);
    const readStart = performance.now();
    const stored = await db
      .select({ data: eventChunks.data })
      .from(eventChunks)
      .where(eq(eventChunks.sessionId, id))
      .orderBy(asc(eventChunks.seq));
    let events = 0;
    for (const c of stored) events += (JSON.parse(gunzipSync(c.data).toString('utf8')) as unknown[]).length;
    const readMs = performance.now() - readStart;
    const buildStart = performance.now();
    await indexSession(db, id);
    const buildMs = performance.now() - buildStart;
    const [passages] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(searchEntries)
      .where(eq(searchEntries.subjectId, id));
    return {
      benchmark: 'Search index build',
      variant: `${target.label}, one hour of recording (${events.toLocaleString('en')} events, ${stored.length} chunks → ${passages!.n} passages)`,
      value: buildMs,
      baseline: readMs,
      unit: 'ms per hour of recording',
      baselineLabel: 'reading the same chunks (query, gunzip, JSON parse)',
      reading: 'lower is better; what extracting, grouping and writing the index adds',
    };
  } finally {
    await server.close();
  }
}

export const searchBench: Benchmark = {
  name: 'search',
  async run(): Promise<Row[]> {
    const rows: Row[] = [];
    for (const open of [pgliteOnDisk, scratchPostgres]) {
      for (const measure of [measureLatency, measureBuild]) {
        const target = await open();
        if (!target) continue;
        try {
          const result = await measure(target);
          rows.push(...(Array.isArray(result) ? result : [result]));
        } finally {
          await target.dispose();
        }
      }
    }
    return rows;
  },
};
