/**
 * @module server/media-ingest/media-track-store
 * The database side of media ingest: track starts, chunk index rows, and the
 * order that keeps "nothing partly stored" true with bytes outside the
 * database: bytes first (create-if-absent in the media store), index row
 * second, so an index row always points at complete bytes. A crash between
 * the two leaves bytes nobody lists; the recorder's retry finds them
 * (duplicate) and writes the row.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { mediaChunks, mediaTracks } from '../../db/schema.ts';
import { ApiError } from '../errors.ts';
import { MediaChunkConflictError, type MediaStore } from '../media-store/media-store.ts';
import { ErrorCode } from '../../protocol/errors.ts';
import type { MediaTrackKind } from '../../protocol/media.ts';

export interface TrackStart {
  sessionId: string;
  trackId: string;
  kind: MediaTrackKind;
  mimeType: string;
  startedAt: number;
  /** Replies: the advisor who records it, and its caption. */
  advisorId?: string | null;
  title?: string | null;
}

const sequenceConflict = (seq: number) =>
  new ApiError(409, ErrorCode.SequenceConflict, `media chunk ${seq} is already stored with different bytes`);

/** `created: false` for a retry; 409 when the track id is taken by a different start. */
export async function putTrack(db: Db, track: TrackStart): Promise<{ created: boolean }> {
  const inserted = await db.insert(mediaTracks).values(track).onConflictDoNothing().returning({ trackId: mediaTracks.trackId });
  if (inserted.length) return { created: true };
  const [stored] = await db.select().from(mediaTracks).where(trackWhere(track.sessionId, track.trackId));
  if (!stored || stored.kind !== track.kind || stored.mimeType !== track.mimeType || stored.startedAt !== track.startedAt) {
    throw new ApiError(409, ErrorCode.Conflict, `media track ${track.trackId} already exists with a different start`);
  }
  return { created: false };
}

export async function findTrack(db: Db, sessionId: string, trackId: string) {
  const [row] = await db.select().from(mediaTracks).where(trackWhere(sessionId, trackId));
  return row;
}

export interface ChunkToStore {
  sessionId: string;
  trackId: string;
  seq: number;
  startMs: number;
  durationMs: number;
  sha256: string;
  bytes: Uint8Array;
}

export async function putChunk(db: Db, store: MediaStore, chunk: ChunkToStore): Promise<{ duplicate: boolean }> {
  const { sessionId, trackId, seq } = chunk;
  const existing = await indexedSha(db, sessionId, trackId, seq);
  if (existing !== undefined) {
    if (existing !== chunk.sha256) throw sequenceConflict(seq);
    return { duplicate: true };
  }
  try {
    await store.put({ sessionId, trackId, seq }, chunk.bytes);
  } catch (err) {
    if (err instanceof MediaChunkConflictError) throw sequenceConflict(seq);
    throw err;
  }
  return db.transaction(async (tx) => {
    const inserted = await tx
      .insert(mediaChunks)
      .values({
        sessionId,
        trackId,
        seq,
        startOffsetMs: chunk.startMs,
        durationMs: chunk.durationMs,
        byteSize: chunk.bytes.byteLength,
        sha256: chunk.sha256,
      })
      .onConflictDoNothing()
      .returning({ seq: mediaChunks.seq });
    // A concurrent retry of the same bytes indexed it first (the store refused any other bytes).
    if (!inserted.length) return { duplicate: true };
    await tx
      .update(mediaTracks)
      .set({ durationMs: sql`greatest(${mediaTracks.durationMs}, ${chunk.startMs + chunk.durationMs}::int)` })
      .where(trackWhere(sessionId, trackId));
    return { duplicate: false };
  });
}

async function indexedSha(db: Db, sessionId: string, trackId: string, seq: number): Promise<string | undefined> {
  const [row] = await db
    .select({ sha256: mediaChunks.sha256 })
    .from(mediaChunks)
    .where(and(eq(mediaChunks.sessionId, sessionId), eq(mediaChunks.trackId, trackId), eq(mediaChunks.seq, seq)));
  return row?.sha256;
}

export async function listTracks(db: Db, sessionId: string) {
  const tracks = await db
    .select()
    .from(mediaTracks)
    .where(eq(mediaTracks.sessionId, sessionId))
    .orderBy(asc(mediaTracks.startedAt), asc(mediaTracks.trackId));
  const chunks = await db
    .select({
      trackId: mediaChunks.trackId,
      seq: mediaChunks.seq,
      startMs: mediaChunks.startOffsetMs,
      durationMs: mediaChunks.durationMs,
      byteSize: mediaChunks.byteSize,
    })
    .from(mediaChunks)
    .where(eq(mediaChunks.sessionId, sessionId))
    .orderBy(asc(mediaChunks.trackId), asc(mediaChunks.seq));
  return tracks.map((t) => ({ ...t, chunks: chunks.filter((c) => c.trackId === t.trackId) }));
}

export async function trackChunks(db: Db, sessionId: string, trackId: string) {
  return db
    .select({
      seq: mediaChunks.seq,
      byteSize: mediaChunks.byteSize,
      startMs: mediaChunks.startOffsetMs,
      durationMs: mediaChunks.durationMs,
    })
    .from(mediaChunks)
    .where(and(eq(mediaChunks.sessionId, sessionId), eq(mediaChunks.trackId, trackId)))
    .orderBy(asc(mediaChunks.seq));
}

function trackWhere(sessionId: string, trackId: string) {
  return and(eq(mediaTracks.sessionId, sessionId), eq(mediaTracks.trackId, trackId));
}
