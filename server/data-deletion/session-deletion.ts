/**
 * @module server/data-deletion/session-deletion
 * Deletes recorded sessions with everything derived from them, and counts
 * what goes: shared by retention and erasure. A session's rows cascade
 * (pages, chunks, live room and chat, media tracks and chunk index, reply
 * links, suggestion deflections made on it, advisors' comments on it; cases keep their row with `session_id` set
 * null), the media store
 * holds the video bytes (disk files or `media_chunk_data`).
 *
 * NOTE: media bytes go first, then the rows in one statement (the cascades). A failure in
 * between leaves sessions without video but still listed, so running the
 * deletion again finishes it; the other order could leave bytes nobody can
 * find any more (personal data that an erasure promised was gone).
 * Captured assets (`server/assets`): the session's URL rows cascade, and the
 * stored files no remaining session uses are deleted after them.
 */
import { count, inArray } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client.ts';
import {
  comments,
  eventChunks,
  liveChatMessages,
  liveRooms,
  mediaChunkData,
  mediaChunks,
  mediaTracks,
  replyLinks,
  sessionAssets,
  sessionPages,
  sessions,
  suggestionDeflections,
} from '../../db/schema.ts';
import type { MediaStore } from '../media-store/index.ts';
import { removeSubjects } from '../search/index-store.ts';
import { pruneOrphanBlobs } from '../assets/asset-store.ts';
import type { DeletionCounts } from '../../protocol/audit.ts';

/** Sessions per transaction: bounds lock time and memory on big sweeps. */
export const DELETION_BATCH = 100;

/** Every table holding a session's data, by the name counts use (its table name). */
const SESSION_TABLES: [string, PgTable, PgColumn][] = [
  ['sessions', sessions, sessions.id],
  ['session_pages', sessionPages, sessionPages.sessionId],
  ['event_chunks', eventChunks, eventChunks.sessionId],
  ['live_rooms', liveRooms, liveRooms.sessionId],
  ['live_chat_messages', liveChatMessages, liveChatMessages.sessionId],
  ['media_tracks', mediaTracks, mediaTracks.sessionId],
  ['media_chunks', mediaChunks, mediaChunks.sessionId],
  ['media_chunk_data', mediaChunkData, mediaChunkData.sessionId],
  ['reply_links', replyLinks, replyLinks.sessionId],
  ['session_assets', sessionAssets, sessionAssets.sessionId],
  ['suggestion_deflections', suggestionDeflections, suggestionDeflections.sessionId],
  ['comments', comments, comments.sessionId],
];

/** Rows of every session table belonging to these sessions, plus the media store's stored chunks (`media_files`). */
export async function countSessionData(db: Db, store: MediaStore, sessionIds: string[]): Promise<DeletionCounts> {
  const counts: DeletionCounts = Object.fromEntries(SESSION_TABLES.map(([name]) => [name, 0]));
  counts.media_files = 0;
  if (sessionIds.length === 0) return counts;
  for (const [name, table, column] of SESSION_TABLES) {
    const [row] = await db.select({ n: count() }).from(table).where(inArray(column, sessionIds));
    counts[name] = Number(row?.n ?? 0);
  }
  const tracks = await db
    .select({ sessionId: mediaTracks.sessionId, trackId: mediaTracks.trackId })
    .from(mediaTracks)
    .where(inArray(mediaTracks.sessionId, sessionIds));
  for (const t of tracks) counts.media_files += (await store.list(t.sessionId, t.trackId)).length;
  return counts;
}

/** Deletes the sessions (media bytes first, then rows); answers what was there. */
export async function deleteSessions(db: Db, store: MediaStore, sessionIds: string[]): Promise<DeletionCounts> {
  const counts = await countSessionData(db, store, sessionIds);
  if (sessionIds.length === 0) return counts;
  for (const id of sessionIds) await store.delete(id);
  await db.delete(sessions).where(inArray(sessions.id, sessionIds));
  // Captured files only these sessions used (a site's stylesheet shared with kept sessions stays).
  await pruneOrphanBlobs(db);
  // Their search index (no foreign key: a subject may be of any kind); the sweep removes any a crash left.
  await removeSubjects(db, 'session', sessionIds);
  return counts;
}

/** Adds `more` into `total` (by key). */
export function addCounts(total: DeletionCounts, more: DeletionCounts): DeletionCounts {
  for (const [k, v] of Object.entries(more)) total[k] = (total[k] ?? 0) + v;
  return total;
}
