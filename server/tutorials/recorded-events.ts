/**
 * @module server/tutorials/recorded-events
 * The recorded events a tutorial source needs: the stored chunks of one
 * session from the last full snapshot at or before the range's start (replay
 * needs it) to the last chunk starting before the range's end, read back
 * parsed, in seq order. Bounded: a range too large to cut in memory is a 413,
 * never an exhausted server.
 */
import { and, asc, desc, eq, gte, lte, sql } from 'drizzle-orm';
import type { eventWithTime } from '@rrweb/types';
import type { Db } from '../../db/client.ts';
import { eventChunks } from '../../db/schema.ts';
import { payloadTooLarge } from '../errors.ts';
import { expandInlineStylesheets } from '../assets/inline-stylesheets.ts';
import { storedChunkJson } from '../storage/chunk-codec.ts';

/** Uncompressed JSON a tutorial may be cut from, all sources together (about an hour of a busy page). */
export const MAX_SOURCE_BYTES = 200 * 1024 * 1024;

export interface RecordedRange {
  sessionId: string;
  startMs: number | null;
  endMs: number | null;
}

/** The chunk seq replay of `startMs` starts from: the last snapshot chunk at or before it (else the first chunk). */
async function firstSeq(db: Db, sessionId: string, startMs: number | null): Promise<number> {
  if (startMs === null) return 0;
  const [row] = await db
    .select({ seq: eventChunks.seq })
    .from(eventChunks)
    .where(and(eq(eventChunks.sessionId, sessionId), eq(eventChunks.startsWithSnapshot, true), lte(eventChunks.firstTs, startMs)))
    .orderBy(desc(eventChunks.firstTs), desc(eventChunks.seq))
    .limit(1);
  return row?.seq ?? 0;
}

/** The events of the chunks covering `range` (more than the range: cutting is the transforms' job). */
export async function recordedEvents(db: Db, range: RecordedRange, budget = { bytes: MAX_SOURCE_BYTES }): Promise<eventWithTime[]> {
  const from = await firstSeq(db, range.sessionId, range.startMs);
  const where = [eq(eventChunks.sessionId, range.sessionId), gte(eventChunks.seq, from)];
  if (range.endMs !== null) where.push(lte(eventChunks.firstTs, range.endMs));
  const sizes = await db
    .select({ total: sql<number>`coalesce(sum(${eventChunks.rawSize}), 0)`.mapWith(Number) })
    .from(eventChunks)
    .where(and(...where));
  const total = sizes[0]?.total ?? 0;
  if (total > budget.bytes) throw payloadTooLarge('the recorded range is too large for a tutorial: cut a shorter one');
  budget.bytes -= total;
  const rows = await db
    .select({ data: eventChunks.data })
    .from(eventChunks)
    .where(and(...where))
    .orderBy(asc(eventChunks.seq));
  const events: eventWithTime[] = [];
  for (const row of rows) {
    // Stored chunks were validated at ingest as JSON arrays of events.
    const chunk = JSON.parse((await storedChunkJson(db, range.sessionId, row.data)).toString('utf8')) as eventWithTime[];
    // The site's stylesheets, stored once (server/assets), back in place.
    await expandInlineStylesheets(db, chunk);
    for (const e of chunk) events.push(e);
  }
  return events;
}
