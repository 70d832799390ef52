/**
 * @module server/sessions/session-queries
 * Reads behind the advisor's session endpoints: the filtered, keyset-paged
 * list, one session's detail, and the chunk range a player needs.
 */
import { and, asc, desc, eq, getTableColumns, gte, lte, max, min, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { eventChunks, liveChatMessages, sessionPages, sessions, sites, type Marker } from '../../db/schema.ts';
import { badRequest } from '../errors.ts';
import { MAX_TIMESTAMP_MS } from '../lib/text.ts';
import type { ChunkRange, SessionChatMessage, SessionDetail, SessionPage } from '../../protocol/api.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { toSessionSummary, type SessionRow } from './session-dto.ts';

/** "A few thousand": enough for any timeline, bounded for pathological sessions. */
export const MAX_SESSION_MARKERS = 5_000;
/** Chat messages returned with a session (a live session's chat is far shorter). */
export const MAX_SESSION_CHAT = 1_000;
/** A chat marker's label ("name: text") is cut to this many characters; the full text is in `chat`. */
const CHAT_MARKER_LABEL = 120;

export interface ListFilters {
  siteId?: string | undefined;
  url?: string | undefined;
  visitId?: string | undefined;
  from?: number | undefined;
  to?: number | undefined;
  limit: number;
  cursor?: string | undefined;
}

function checkTime(value: number | undefined, name: string) {
  if (value !== undefined && value > MAX_TIMESTAMP_MS) throw badRequest(`${name} is not a plausible epoch-ms time`);
}

const iso = (ms: number) => new Date(ms).toISOString();
const escapeLike = (s: string) => s.replace(/[\\%_]/g, (m) => `\\${m}`);

/**
 * The sessions of the row's visit (its tabs), counted on the (visit_id,
 * started_at) index: those with something to replay (at least 1, see session-dto.ts).
 * NOTE: a page left before its session start was answered leaves a session
 * without chunks (the recording goes on as a new one): not a tab.
 */
const visitTabs = sql<number>`case when ${sessions.visitId} is null then 1 else (select count(*) from ${sessions} as "visit_tab" where "visit_tab"."visit_id" = ${sessions.visitId} and "visit_tab"."chunk_count" > 0) end`.mapWith(Number);

function selectSessions(db: Db) {
  return db
    .select({ ...getTableColumns(sessions), siteName: sites.name, visitTabs })
    .from(sessions)
    .innerJoin(sites, eq(sites.id, sessions.siteId));
}

export async function listSessions(db: Db, f: ListFilters): Promise<SessionPage> {
  checkTime(f.from, 'from');
  checkTime(f.to, 'to');
  const where: SQL[] = [];
  if (f.siteId) where.push(eq(sessions.siteId, f.siteId));
  if (f.visitId) where.push(eq(sessions.visitId, f.visitId));
  if (f.from !== undefined) where.push(gte(sessions.startedAt, new Date(f.from)));
  // Inclusive, like `from`: a day's sessions are from=00:00:00.000, to=23:59:59.999.
  if (f.to !== undefined) where.push(lte(sessions.startedAt, new Date(f.to)));
  if (f.url) {
    const pattern = `%${escapeLike(f.url)}%`;
    where.push(
      sql`(${sessions.firstUrl} ilike ${pattern} or exists (select 1 from ${sessionPages} where ${sessionPages.sessionId} = ${sessions.id} and ${sessionPages.url} ilike ${pattern}))`,
    );
  }
  if (f.cursor) {
    const c = decodeCursor(f.cursor);
    const at = sql`${iso(c.startedAt)}::timestamptz`;
    where.push(sql`(${sessions.startedAt} < ${at} or (${sessions.startedAt} = ${at} and ${sessions.id} > ${c.id}::uuid))`);
  }
  const rows = await selectSessions(db)
    .where(and(...where))
    // NOTE: (started_at desc, id asc) is exactly the sessions_started_idx order.
    .orderBy(desc(sessions.startedAt), asc(sessions.id))
    .limit(f.limit + 1);
  const page = rows.slice(0, f.limit);
  const last = page.at(-1);
  return {
    sessions: page.map(toSessionSummary),
    nextCursor:
      rows.length > f.limit && last ? encodeCursor({ startedAt: last.startedAt.getTime(), id: last.id }) : null,
  };
}

export async function findSession(db: Db, id: string): Promise<SessionRow | undefined> {
  const [row] = await selectSessions(db).where(eq(sessions.id, id)).limit(1);
  return row;
}

async function eventBounds(db: Db, sessionId: string) {
  const [bounds] = await db
    .select({ first: min(eventChunks.firstTs), last: max(eventChunks.lastTs) })
    .from(eventChunks)
    .where(eq(eventChunks.sessionId, sessionId));
  return {
    first: bounds?.first == null ? null : Number(bounds.first),
    last: bounds?.last == null ? null : Number(bounds.last),
  };
}

export async function sessionDetail(db: Db, row: SessionRow): Promise<SessionDetail> {
  const [bounds, pages, markerLists, chat] = await Promise.all([
    eventBounds(db, row.id),
    db
      .select({ ts: sessionPages.ts, url: sessionPages.url })
      .from(sessionPages)
      .where(eq(sessionPages.sessionId, row.id))
      .orderBy(asc(sessionPages.ts), asc(sessionPages.url)),
    db
      .select({ markers: eventChunks.markers })
      .from(eventChunks)
      .where(eq(eventChunks.sessionId, row.id))
      .orderBy(asc(eventChunks.seq)),
    sessionChat(db, row.id),
  ]);
  // NOTE: chat comes from the server's own store, not the recording: it has every message (also those sent
  // while the customer's page was reloading) and the full text; the recording's copies would only repeat it.
  const chatMarkers: Marker[] = chat.map((m) => ({ ts: m.ts, kind: 'chat', label: cut(`${m.name}: ${m.text}`, CHAT_MARKER_LABEL) }));
  const markers: Marker[] = [...markerLists.flatMap((m) => m.markers), ...chatMarkers].sort((a, b) => a.ts - b.ts);
  return {
    ...toSessionSummary(row),
    firstEventTs: bounds.first,
    lastEventTs: bounds.last,
    pages: collapseRepeats(pages.map((p) => ({ ts: Number(p.ts), url: p.url })), (p) => p.url),
    markers: collapseRepeats(markers, (m) => (m.kind === 'navigation' ? m.label : undefined)).slice(
      0,
      MAX_SESSION_MARKERS,
    ),
    chat,
  };
}

async function sessionChat(db: Db, sessionId: string): Promise<SessionChatMessage[]> {
  const rows = await db
    .select({ ts: liveChatMessages.ts, from: liveChatMessages.fromRole, name: liveChatMessages.authorName, text: liveChatMessages.text })
    .from(liveChatMessages)
    .where(eq(liveChatMessages.sessionId, sessionId))
    .orderBy(asc(liveChatMessages.ts), asc(liveChatMessages.id))
    .limit(MAX_SESSION_CHAT);
  return rows.map((r) => ({ ...r, ts: Number(r.ts) }));
}

const cut = (text: string, max: number) => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

/**
 * rrweb writes a Meta event at every periodic full snapshot too, not only when
 * a page loads, so the same URL shows up again every checkout interval. Only a
 * change of URL is a navigation. (Done here, at read time, because chunks may
 * arrive out of order.) Items whose key is undefined are always kept.
 */
function collapseRepeats<T>(items: T[], key: (item: T) => string | undefined): T[] {
  let previous: string | undefined;
  return items.filter((item) => {
    const k = key(item);
    if (k === undefined) return true;
    const repeat = k === previous;
    previous = k;
    return !repeat;
  });
}

/**
 * The chunks needed to show [from, to]: from the last chunk opening with a
 * full snapshot at or before `from` (else the first chunk) through every
 * later chunk beginning at or before `to`, in seq order. Opening a long
 * recording near its end therefore never downloads its beginning.
 */
export async function chunkRange(
  db: Db,
  sessionId: string,
  query: { from?: number | undefined; to?: number | undefined },
): Promise<ChunkRange> {
  checkTime(query.from, 'from');
  checkTime(query.to, 'to');
  const bounds = await eventBounds(db, sessionId);
  const from = query.from ?? bounds.first ?? 0;
  const to = query.to ?? bounds.last ?? from;
  if (from > to) throw badRequest('from must not be after to');
  if (bounds.first === null) return { sessionId, from, to, chunks: [] };

  const [snapshot] = await db
    .select({ seq: eventChunks.seq })
    .from(eventChunks)
    .where(
      and(
        eq(eventChunks.sessionId, sessionId),
        eq(eventChunks.startsWithSnapshot, true),
        lte(eventChunks.firstTs, Math.floor(from)),
      ),
    )
    .orderBy(desc(eventChunks.firstTs), desc(eventChunks.seq))
    .limit(1);

  const chunks = await db
    .select({
      seq: eventChunks.seq,
      firstTs: eventChunks.firstTs,
      lastTs: eventChunks.lastTs,
      startsWithSnapshot: eventChunks.startsWithSnapshot,
      eventCount: eventChunks.eventCount,
      byteSize: eventChunks.byteSize,
    })
    .from(eventChunks)
    .where(
      and(
        eq(eventChunks.sessionId, sessionId),
        // No snapshot at or before `from`: start at the first chunk (seq >= 0).
        gte(eventChunks.seq, snapshot?.seq ?? 0),
        lte(eventChunks.firstTs, Math.floor(to)),
      ),
    )
    .orderBy(asc(eventChunks.seq));

  return {
    sessionId,
    from,
    to,
    chunks: chunks.map((ch) => ({ ...ch, firstTs: Number(ch.firstTs), lastTs: Number(ch.lastTs) })),
  };
}
