/**
 * @module bench/bytes-per-session
 * Storage of a reader's session on real multi-page sites with stylesheets
 * and web fonts (`bench/doc-sites.ts`: a JSDoc site and a VitePress site,
 * built at bench time): the real recorder in Chromium while a reader opens
 * pages from the navigation, scrolls and moves the mouse. Bytes stored for
 * the session once its compaction job ran (its chunks as stored,
 * `server/storage/`, plus the texts kept once for it:
 * `server/assets/inline-stylesheets.ts`) against the raw rrweb JSON of the
 * same events, and against the whole session's JSON gzipped at once. The
 * copies of the files the pages load (fonts, images) are named, not counted:
 * they are not in the JSON either.
 */
import { gzipSync } from 'node:zlib';
import type { eventWithTime } from '@rrweb/types';
import { asc, eq, sql } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { openDatabase, type Database } from '../db/client.ts';
import { assetBlobs, eventChunks, sessionAssets } from '../db/schema.ts';
import { isCompacted } from '../server/storage/chunk-codec.ts';
import { readStoredChunk } from '../server/storage/stored-chunk.ts';
import { INLINE_CSS_PREFIX } from '../server/assets/inline-stylesheets.ts';
import { launchChromium } from '../tests/helpers/browser.ts';
import { startTestServer } from '../tests/helpers/server.ts';
import { buildDocSites, serveDocSite, type DocSite } from './doc-sites.ts';
import { sessionOf } from './recorder-session.ts';
import type { Benchmark, Row } from './report.ts';

const PAGES = 8;

export const bytesPerSession: Benchmark = {
  name: 'bytes per session',
  async run(): Promise<Row[]> {
    const sites = buildDocSites();
    const database = await openDatabase({});
    // No settle delay: the session is compacted (server/storage) as soon as its chunks are in.
    const server = await startTestServer({ database, searchIndexDelayMs: 0 });
    const browser = await launchChromium();
    const rows: Row[] = [];
    try {
      for (const site of sites) rows.push(...(await measure(site)));
    } finally {
      await browser.close();
      await server.close();
      await database.close();
    }
    return rows;

    async function measure(docSite: DocSite): Promise<Row[]> {
      const host = await serveDocSite(docSite, `<script type="module" src="${server.url}/recorder.js"></script>`, '');
      try {
        const site = await server.createSite({ name: docSite.name, allowedOrigins: [host.origin] });
        const tag = `<cobrowse-recorder site-key="${site.siteKey}" autostart></cobrowse-recorder>`;
        for (const [path, file] of host.files) {
          if (file.type.startsWith('text/html')) host.set(path, file.type, String(file.body).replace('</body>', `${tag}</body>`));
        }
        const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
        await page.goto(`${host.origin}/index.html`);
        const sessionId = await sessionOf(page);
        const visited = await read(page, docSite);
        await page.close({ runBeforeUnload: true });
        await settle(database, sessionId);
        await server.server.jobs.idle();
        const m = await sizes(database, sessionId);
        const fonts = [...new Set(host.hits.filter((p) => /\.(woff2?|ttf|eot)$/.test(p)))].length;
        const what = `${docSite.name}: ${visited} pages, ${m.events} events in ${m.chunks} chunks (${m.compacted} compacted, server/storage); ${m.sharedFiles} text(s) kept once (${kib(m.shared)}), ${fonts} web font(s) and ${m.copies} other file(s) copied once for replays (not counted)`;
        console.log(`${docSite.name}\n${m.breakdown}`);
        return [
          {
            benchmark: 'Bytes stored per session',
            variant: what,
            value: m.stored / 1024,
            baseline: m.raw / 1024,
            baselineLabel: 'raw rrweb JSON of the same events',
            unit: 'KiB',
            reading: 'lower is better; goal ≤ 0.10',
          },
          {
            benchmark: 'Bytes stored per session',
            variant: `${docSite.name}: against the whole session gzipped at once`,
            value: m.stored / 1024,
            baseline: m.wholeGzip / 1024,
            baselineLabel: 'the same JSON, one gzip (level 6)',
            unit: 'KiB',
            reading: 'lower is better; below 1 means better than gzipping the session',
          },
        ];
      } finally {
        await host.close();
      }
    }
  },
};

const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;

/** A reader: scrolls, moves the mouse, opens the next page from the navigation. */
async function read(page: Page, site: DocSite): Promise<number> {
  let visited = 1;
  for (let i = 0; i < PAGES; i++) {
    for (let s = 0; s < 6; s++) {
      await page.mouse.move(300 + ((s * 131 + i * 47) % 800), 120 + ((s * 71) % 560), { steps: 5 });
      await page.mouse.wheel(0, 300);
      await page.waitForTimeout(120);
    }
    if (i === PAGES - 1) break;
    const links = page.locator(site.navLinks);
    const count = await links.count();
    const link = links.nth((i * 5 + 3) % count);
    await link.scrollIntoViewIfNeeded();
    await link.click();
    await page.waitForLoadState('load');
    await page.waitForTimeout(400);
    visited++;
  }
  return visited;
}

/** Waits for the last chunks (sent on pagehide) to land. */
async function settle(database: Database, sessionId: string) {
  let last = -1;
  for (let i = 0; i < 20; i++) {
    await new Promise((r) => setTimeout(r, 250));
    const [row] = await database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(eventChunks)
      .where(eq(eventChunks.sessionId, sessionId));
    if (row!.n === last && i > 4) return;
    last = row!.n;
  }
}

async function sizes(database: Database, sessionId: string) {
  const { db } = database;
  const chunks = await db
    .select({ seq: eventChunks.seq, data: eventChunks.data, byteSize: eventChunks.byteSize, rawSize: eventChunks.rawSize })
    .from(eventChunks)
    .where(eq(eventChunks.sessionId, sessionId))
    .orderBy(asc(eventChunks.seq));
  const blobs = async (kept: boolean) => {
    const [row] = await db
      .select({ bytes: sql<number>`coalesce(sum(${assetBlobs.byteSize}), 0)::int`, files: sql<number>`count(*)::int` })
      .from(assetBlobs)
      .where(
        sql`${assetBlobs.hash} in (select ${sessionAssets.hash} from ${sessionAssets} where ${sessionAssets.sessionId} = ${sessionId}
          and ${sessionAssets.url} ${kept ? sql`like` : sql`not like`} ${`${INLINE_CSS_PREFIX}%`})`,
      );
    return row!;
  };
  const shared = await blobs(true);
  const copies = await blobs(false);
  // The events exactly as recorded (texts kept once put back), to gzip whole and to break down.
  const events: eventWithTime[] = [];
  for (const chunk of chunks) events.push(...(await readStoredChunk(db, sessionId, chunk.data)));
  const json = Buffer.from(JSON.stringify(events));
  return {
    chunks: chunks.length,
    compacted: chunks.filter((c) => isCompacted(c.data)).length,
    events: events.length,
    stored: chunks.reduce((n, c) => n + c.byteSize, 0) + shared.bytes,
    raw: chunks.reduce((n, c) => n + c.rawSize, 0),
    wholeGzip: gzipSync(json).byteLength,
    shared: shared.bytes,
    sharedFiles: shared.files,
    copies: copies.files,
    breakdown: `${breakdown(events)}\n${chunks.map((c) => `  chunk ${c.seq}: ${kib(c.rawSize)} raw, ${kib(c.byteSize)} stored as ${form(c.data)}`).join('\n')}`,
  };
}

/** A stored chunk's form (server/storage/chunk-codec.ts), by its first bytes. */
function form(data: Uint8Array): string {
  const magic = Buffer.from(data).subarray(0, 4);
  if (magic[0] === 0x1f && magic[1] === 0x8b) return 'gzip';
  return /^[A-Z]{4}$/.test(magic.toString('latin1')) ? magic.toString('latin1') : 'zstd';
}

/** Raw and gzip bytes per kind of event: what dominates a session's storage. */
function breakdown(events: eventWithTime[]): string {
  const kinds = new Map<string, eventWithTime[]>();
  for (const e of events) {
    const data = e.data as { source?: number };
    const kind = e.type === 3 ? `incremental/${data.source}` : `type ${e.type}`;
    kinds.set(kind, [...(kinds.get(kind) ?? []), e]);
  }
  return [...kinds]
    .map(([kind, list]) => {
      const json = Buffer.from(JSON.stringify(list));
      return `  ${kind.padEnd(16)} ${String(list.length).padStart(6)} events ${kib(json.byteLength).padStart(12)} raw ${kib(gzipSync(json).byteLength).padStart(12)} gzip`;
    })
    .join('\n');
}
