/**
 * @module server/search/session-index-pace
 * When a `search-index` run of a session rebuilds its index. Indexing reads
 * every chunk of the session (what is on screen at a moment depends on every
 * change before it), so re-indexing at each `SEARCH_INDEX_DELAY_SECONDS` while
 * a long recording goes on costs time quadratic in its length: a 60-minute
 * recording was read 120 times, the last time all 720 chunks of it.
 *
 * While chunks still arrive, a run indexes only a session that has no index
 * yet or has grown by a quarter since its index; the reads then add up to a
 * few times the finished session's size. Once no chunk has come for the
 * delay, a run indexes whatever it finds (the last chunks, a comment, the
 * chat). A run during the recording always asks for a successor at the moment
 * the session will have been quiet for the delay, so the last chunks get
 * indexed even if every other request for the session was dropped or spent.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { eventChunks, searchSubjects } from '../../db/schema.ts';

/** While recording goes on, a session is indexed again once it has this many times the chunks of its index. */
export const SESSION_INDEX_GROWTH = 1.25;
/** The earliest follow-up: a session quiet for the delay but for a few ms is not polled in a loop. */
const MIN_FOLLOW_UP_MS = 1_000;

export interface SessionIndexState {
  /** Chunks stored now. */
  chunks: number;
  /** Chunks its index was built from; null: not indexed. */
  indexedChunks: number | null;
  /** Since its last chunk arrived (the database's clock); null: it has no chunk. */
  quietForMs: number | null;
}

export interface SessionIndexPace {
  /** Rebuild the index now. */
  index: boolean;
  /** Ask for another run in this many ms; null: none needed. */
  followUpInMs: number | null;
}

/** What a run does, given the session's state and the quiet time that marks a recording as paused or over. */
export function paceSessionIndex(state: SessionIndexState, quietMs: number): SessionIndexPace {
  const { chunks, indexedChunks, quietForMs } = state;
  if (quietForMs === null || quietForMs >= quietMs) return { index: true, followUpInMs: null };
  const grown = indexedChunks === null || chunks >= indexedChunks * SESSION_INDEX_GROWTH;
  return { index: grown, followUpInMs: Math.max(MIN_FOLLOW_UP_MS, quietMs - quietForMs) };
}

/** The session's chunks, its index's chunks and how long it has been quiet, without reading any chunk's data. */
export async function sessionIndexState(db: Db, sessionId: string): Promise<SessionIndexState> {
  const [stored] = await db
    .select({
      chunks: sql<number>`count(*)`.mapWith(Number),
      // The database's clock on both sides: it writes `received_at`.
      quietForMs: sql<number | null>`extract(epoch from clock_timestamp() - max(${eventChunks.receivedAt})) * 1000`.mapWith(Number),
    })
    .from(eventChunks)
    .where(eq(eventChunks.sessionId, sessionId));
  const [indexed] = await db
    .select({ sourceVersion: searchSubjects.sourceVersion })
    .from(searchSubjects)
    .where(and(eq(searchSubjects.kind, 'session'), eq(searchSubjects.subjectId, sessionId)));
  return { chunks: stored?.chunks ?? 0, indexedChunks: indexed?.sourceVersion ?? null, quietForMs: stored?.quietForMs ?? null };
}
