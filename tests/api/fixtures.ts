/**
 * Tiny rrweb events for API tests (numbers from @rrweb/types: Meta 4,
 * FullSnapshot 2, IncrementalSnapshot 3; sources MouseInteraction 2, Input 5).
 */
import { and, count, eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { eventChunks, sessions } from '../../db/schema.ts';

export const meta = (ts: number, href = 'http://shop.test/') => ({ type: 4, timestamp: ts, data: { href, width: 1024, height: 768 } });
export const fullSnapshot = (ts: number) => ({
  type: 2,
  timestamp: ts,
  data: { node: { type: 0, id: 1, childNodes: [] }, initialOffset: { top: 0, left: 0 } },
});
export const click = (ts: number, id = 5) => ({ type: 3, timestamp: ts, data: { source: 2, type: 2, id, x: 1, y: 1 } });
export const input = (ts: number, id: number, text = 'x') => ({ type: 3, timestamp: ts, data: { source: 5, id, text, isChecked: false } });
export const mouseMove = (ts: number) => ({
  type: 3,
  timestamp: ts,
  data: { source: 1, positions: [{ x: 1, y: 1, id: 5, timeOffset: 0 }] },
});

/** A chunk that opens a page: Meta + FullSnapshot, then some activity. */
export const pageChunk = (ts: number, href = 'http://shop.test/') => [meta(ts, href), fullSnapshot(ts), click(ts + 100)];

/** What is stored for a session, read straight from the database. */
export async function storedState({ db }: Database, sessionId: string) {
  const [session] = await db
    .select({ chunkCount: sessions.chunkCount, eventCount: sessions.eventCount, byteCount: sessions.byteCount, endedAt: sessions.endedAt })
    .from(sessions)
    .where(eq(sessions.id, sessionId));
  const [rows] = await db
    .select({ n: count() })
    .from(eventChunks)
    .where(and(eq(eventChunks.sessionId, sessionId)));
  return { ...session, rows: rows?.n ?? 0 };
}
