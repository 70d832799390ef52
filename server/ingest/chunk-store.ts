/**
 * @module server/ingest/chunk-store
 * Stores a chunk and bumps its session's counters in one transaction, so a
 * chunk is either fully there (row, counters, pages) or not at all.
 *
 * Idempotency under concurrency: `insert … on conflict (session_id, seq) do
 * nothing` lets exactly one of several simultaneous retries insert (the others
 * wait on the row lock, then see the committed row); a loser then compares
 * SHA-256 to tell a retry (duplicate) from a different chunk (409).
 *
 * Metadata set in a chunk (identify()/setMetadata()) is merged into the
 * session's metadata in the same transaction, once (never for a duplicate),
 * keeping at most {@link METADATA_MAX_KEYS} keys. NOTE: chunks are merged
 * in arrival order; the recorder uploads in seq order, so a key set twice
 * across chunks keeps the later value except after an out-of-order retry.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { eventChunks, sessionPages, sessions, type SessionMetadata } from '../../db/schema.ts';
import { ApiError } from '../errors.ts';
import { METADATA_MAX_KEYS } from '../../protocol/context-events.ts';
import { ErrorCode } from '../../protocol/errors.ts';
import type { ChunkFacts } from './chunk-analysis.ts';

/** Rows per page insert: 3 bind parameters each. */
const PAGE_INSERT_BATCH = 1_000;

export interface ChunkToStore extends ChunkFacts {
  sessionId: string;
  seq: number;
  sha256: string;
  rawSize: number;
  data: Uint8Array;
  /** Its events name files to capture (kept so the capture sweep can find it, server/assets). */
  namesAssets: boolean;
}

/** Returns `duplicate: true` for a retry of a stored chunk; throws 409 for a different one. */
export async function storeChunk(db: Db, chunk: ChunkToStore): Promise<{ duplicate: boolean }> {
  return db.transaction(async (tx) => {
    const inserted = await tx
      .insert(eventChunks)
      .values({
        sessionId: chunk.sessionId,
        seq: chunk.seq,
        firstTs: chunk.firstTs,
        lastTs: chunk.lastTs,
        startsWithSnapshot: chunk.startsWithSnapshot,
        eventCount: chunk.eventCount,
        byteSize: chunk.data.byteLength,
        rawSize: chunk.rawSize,
        sha256: chunk.sha256,
        markers: chunk.markers,
        data: chunk.data,
        namesAssets: chunk.namesAssets,
      })
      .onConflictDoNothing({ target: [eventChunks.sessionId, eventChunks.seq] })
      .returning({ seq: eventChunks.seq });

    if (inserted.length === 0) {
      const [stored] = await tx
        .select({ sha256: eventChunks.sha256 })
        .from(eventChunks)
        .where(and(eq(eventChunks.sessionId, chunk.sessionId), eq(eventChunks.seq, chunk.seq)));
      if (stored?.sha256 === chunk.sha256) return { duplicate: true };
      throw sequenceConflict(chunk.seq);
    }

    const endedAt = new Date(chunk.lastTs).toISOString();
    await tx
      .update(sessions)
      .set({
        chunkCount: sql`${sessions.chunkCount} + 1`,
        eventCount: sql`${sessions.eventCount} + ${chunk.eventCount}`,
        byteCount: sql`${sessions.byteCount} + ${chunk.data.byteLength}`,
        // GREATEST ignores NULL, so the first chunk sets it.
        endedAt: sql`greatest(${sessions.endedAt}, ${endedAt}::timestamptz)`,
      })
      .where(eq(sessions.id, chunk.sessionId));

    if (chunk.metadata) {
      const [session] = await tx
        .select({ metadata: sessions.metadata })
        .from(sessions)
        .where(eq(sessions.id, chunk.sessionId))
        .for('update');
      if (session) {
        const metadata = mergeMetadata(session.metadata, chunk.metadata);
        await tx.update(sessions).set({ metadata }).where(eq(sessions.id, chunk.sessionId));
      }
    }

    // Batched so one insert stays far below PostgreSQL's 65,535 bind
    // parameters (3 per row) whatever the caller let through.
    for (let i = 0; i < chunk.pages.length; i += PAGE_INSERT_BATCH) {
      await tx
        .insert(sessionPages)
        .values(chunk.pages.slice(i, i + PAGE_INSERT_BATCH).map((p) => ({ sessionId: chunk.sessionId, ts: p.ts, url: p.url })))
        .onConflictDoNothing();
    }
    return { duplicate: false };
  });
}

/** The SHA-256 of the stored chunk `seq` of the session, if there is one. */
export async function storedChunkSha256(db: Db, sessionId: string, seq: number): Promise<string | undefined> {
  const [stored] = await db
    .select({ sha256: eventChunks.sha256 })
    .from(eventChunks)
    .where(and(eq(eventChunks.sessionId, sessionId), eq(eventChunks.seq, seq)));
  return stored?.sha256;
}

export const sequenceConflict = (seq: number) =>
  new ApiError(409, ErrorCode.SequenceConflict, `chunk ${seq} of this session is already stored with different events`);

/** `update` over `current`: existing keys are replaced, new ones added while there is room. */
export function mergeMetadata(current: SessionMetadata, update: SessionMetadata): SessionMetadata {
  const merged: SessionMetadata = { ...current };
  for (const [key, value] of Object.entries(update)) {
    if (!(key in merged) && Object.keys(merged).length >= METADATA_MAX_KEYS) continue;
    merged[key] = value;
  }
  return merged;
}
