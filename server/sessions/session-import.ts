/**
 * @module server/sessions/session-import
 * Stores an imported recording through the ingest pipeline's own steps:
 * each window's events are cut into chunks (`import-chunks.ts`), each chunk
 * is analysed by `ingest/chunk-analysis` (bounds, snapshot flag, markers,
 * pages, metadata), time-checked by `ingest/time-window`, and stored by
 * `ingest/chunk-store`, so an imported session is indistinguishable from a
 * recorded one to the player, the list and the export.
 *
 * The site's files get what ingest gives recorded chunks (server/assets,
 * docs/replay.md): large inline stylesheets are stored once
 * (`shareInlineStylesheets`, in the same transaction), and every chunk that
 * names an address is handed back for an `asset-capture` job, which fetches
 * only from the site's allowed origins under the same rules as for a
 * recording, whatever the imported file points at.
 *
 * Everything that can refuse the import runs before the first write, and the
 * writes share one transaction: an import is stored whole or not at all.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { gzip as gzipCb } from 'node:zlib';
import type { Db } from '../../db/client.ts';
import { sessions } from '../../db/schema.ts';
import { notFound } from '../errors.ts';
import { analyzeChunk, type ChunkFacts } from '../ingest/chunk-analysis.ts';
import type { ChunkEvent } from '../ingest/chunk-body.ts';
import { storeChunk } from '../ingest/chunk-store.ts';
import { assertEventTimes } from '../ingest/time-window.ts';
import { cleanText } from '../lib/text.ts';
import { siteInScope, type Scope } from '../scope/index.ts';
import type { ImportedSession } from '../../protocol/api.ts';
import type { eventWithTime } from '@rrweb/types';
import type { AssetCaptureJob } from '../assets/asset-jobs.ts';
import { namesAssetUrls } from '../assets/asset-jobs.ts';
import { shareInlineStylesheets } from '../assets/inline-stylesheets.ts';
import type { ImportWindow } from './import-formats.ts';
import { cutIntoChunks } from './import-chunks.ts';
import { visitIdOf } from './visit-id.ts';

const gzip = promisify(gzipCb);
const META = 4;
const MAX_URL_LENGTH = 4_096;
const MAX_INT32 = 2 ** 31 - 1;

interface PreparedChunk extends ChunkFacts {
  seq: number;
  sha256: string;
  rawSize: number;
  data: Uint8Array;
  events: ChunkEvent[];
  /** Whether its events name a file to capture (seen before its stylesheets are shared: their url()s are then out of sight). */
  namesAssets: boolean;
}

interface PreparedSession {
  id: string;
  windowId: string | null;
  startedAt: number;
  firstUrl: string;
  viewport: { width: number; height: number } | null;
  chunks: PreparedChunk[];
  eventCount: number;
  lastTs: number;
}

/** The first page's URL and viewport, from the first Meta event (what the recorder's session start would have said). */
function firstPage(events: ChunkEvent[]): { url: string; viewport: PreparedSession['viewport'] } {
  const meta = events.find((e) => e.type === META);
  const data = (typeof meta?.data === 'object' && meta.data !== null ? meta.data : {}) as Record<string, unknown>;
  const url = typeof data.href === 'string' ? cleanText(data.href.slice(0, MAX_URL_LENGTH)) : '';
  const size = (v: unknown) => (Number.isInteger(v) && (v as number) >= 0 && (v as number) <= MAX_INT32 ? (v as number) : undefined);
  const width = size(data.width);
  const height = size(data.height);
  return { url, viewport: width !== undefined && height !== undefined ? { width, height } : null };
}

async function prepare(window: ImportWindow, now: number): Promise<PreparedSession> {
  const chunks: PreparedChunk[] = [];
  for (const [seq, cut] of cutIntoChunks(window.events).entries()) {
    const facts = analyzeChunk(cut.events);
    chunks.push({
      ...facts,
      seq,
      sha256: createHash('sha256').update(cut.raw).digest('hex'),
      rawSize: cut.raw.byteLength,
      data: await gzip(cut.raw),
      events: cut.events,
      namesAssets: namesAssetUrls(cut.events),
    });
  }
  const startedAt = chunks.reduce((min, c) => Math.min(min, c.firstTs), Infinity);
  const lastTs = chunks.reduce((max, c) => Math.max(max, c.lastTs), -Infinity);
  // The session starts with its first event, and none may lie in the server's future.
  assertEventTimes({ firstTs: startedAt, lastTs }, { startedAt, createdAt: startedAt }, now);
  const page = firstPage(window.events);
  return {
    id: randomUUID(),
    windowId: window.windowId,
    startedAt,
    firstUrl: page.url,
    viewport: page.viewport,
    chunks,
    eventCount: window.events.length,
    lastTs,
  };
}

/** The sessions made, and the chunks whose files the caller queues for capture once they are stored. */
export interface ImportResult {
  sessions: ImportedSession[];
  captures: AssetCaptureJob[];
}

/**
 * Stores one chunk as ingest would: its large stylesheets once (the chunk's
 * `sha256` stays the imported JSON's, as an upload's stays the upload's).
 */
async function storeImportedChunk(tx: Db, owner: { sessionId: string; siteId: string }, chunk: PreparedChunk): Promise<void> {
  const events = chunk.events as eventWithTime[];
  const shared = await shareInlineStylesheets(tx, owner, events);
  const data = shared ? await gzip(Buffer.from(JSON.stringify(events))) : chunk.data;
  await storeChunk(tx, { ...chunk, data, sessionId: owner.sessionId });
}

/**
 * Creates one session per window in `siteId` (one of the caller's sites, else 404);
 * throws (storing nothing) when any window is refused.
 */
export async function importSessions(scope: Scope, siteId: string, windows: ImportWindow[], now = Date.now()): Promise<ImportResult> {
  if (!(await siteInScope(scope, siteId))) throw notFound('no such site');
  const prepared: PreparedSession[] = [];
  for (const window of windows) prepared.push(await prepare(window, now));
  // A PostHog recording's windows are one customer's tabs: one visit, as the recorder's tabs would share.
  const visitId = prepared.length > 1 ? visitIdOf(siteId, randomBytes(24).toString('base64url')) : null;

  await scope.db.transaction(async (tx) => {
    for (const session of prepared) {
      await tx.insert(sessions).values({
        id: session.id,
        siteId,
        // No secret: nothing may be added to an imported session through ingest.
        tokenHash: null,
        startedAt: new Date(session.startedAt),
        firstUrl: session.firstUrl,
        visitId,
        viewportWidth: session.viewport?.width ?? null,
        viewportHeight: session.viewport?.height ?? null,
      });
      for (const chunk of session.chunks) await storeImportedChunk(tx, { sessionId: session.id, siteId }, chunk);
    }
  });

  const captures = prepared.flatMap((s) => s.chunks.filter((c) => c.namesAssets).map((c) => ({ sessionId: s.id, seq: c.seq })));
  const imported = prepared.map((s) => ({
    sessionId: s.id,
    windowId: s.windowId,
    eventCount: s.eventCount,
    chunkCount: s.chunks.length,
    firstEventTs: s.startedAt,
    lastEventTs: s.lastTs,
    firstUrl: s.firstUrl,
  }));
  return { sessions: imported, captures };
}
