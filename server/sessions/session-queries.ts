/**
 * @module server/sessions/session-queries
 * Reads behind the advisor's session endpoints: the filtered, keyset-paged
 * list, one session's detail, the chunk range a player needs and the stored
 * chunk bytes.
 *
 * Every read takes the caller's scope first: a session is found only when its
 * site is one of the caller's ({@link sessionInScope}); the functions taking a
 * `SessionRow` take one found that way, so the rest reads by its id.
 */
import { and, asc, desc, eq, getTableColumns, gte, inArray, lte, max, min, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { eventChunks, liveChatMessages, sessionPages, sessions, sites, type Marker } from '../../db/schema.ts';
import { notFound, badRequest } from '../errors.ts';
import { isUuid } from '../lib/request.ts';
import { MAX_TIMESTAMP_MS } from '../lib/text.ts';
import { inScope, type Scope } from '../scope/index.ts';
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
const visitTabs =
  sql<number>`case when ${sessions.visitId} is null then 1 else (select count(*) from ${sessions} as "visit_tab" where "visit_tab"."visit_id" = ${sessions.visitId} and "visit_tab"."chunk_count" > 0) end`.mapWith(
    Number,
  );

function selectSessions(db: Db) {
  return db
    .select({ ...getTableColumns(sessions), siteName: sites.name, visitTabs })
    .from(sessions)
    .innerJoin(sites, eq(sites.id, sessions.siteId));
}

export async function listSessions(scope: Scope, f: ListFilters): Promise<SessionPage> {
  checkTime(f.from, 'from');
  checkTime(f.to, 'to');
  const where: SQL[] = [await inScope(scope, sessions.siteId)];
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
  const rows = await selectSessions(scope.db)
    .where(and(...where))
    // NOTE: (started_at desc, id asc) is exactly the sessions_started_idx order.
    .orderBy(desc(sessions.startedAt), asc(sessions.id))
    .limit(f.limit + 1);
  const page = rows.slice(0, f.limit);
  const last = page.at(-1);
  return {
    sessions: page.map(toSessionSummary),
    nextCursor: rows.length > f.limit && last ? encodeCursor({ startedAt: last.startedAt.getTime(), id: last.id }) : null,
  };
}

/** The session `id` if its site is one of the caller's (`id` as given in a path: anything). */
export async function findSession(scope: Scope, id: string): Promise<SessionRow | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await selectSessions(scope.db)
    .where(and(eq(sessions.id, id.toLowerCase()), await inScope(scope, sessions.siteId)))
    .limit(1);
  return row;
}

/** {@link findSession}, or 404: another organisation's session, or a site the member may not see, does not exist for them. */
export async function sessionInScope(scope: Scope, id: string): Promise<SessionRow> {
  const row = await findSession(scope, id);
  if (!row) throw notFound('no such session');
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

export async function sessionDetail(scope: Scope, row: SessionRow): Promise<SessionDetail> {
  const { db } = scope;
  const [bounds, pages, markerLists, chat] = await Promise.all([
    eventBounds(db, row.id),
    db
      .select({ ts: sessionPages.ts, url: sessionPages.url })
      .from(sessionPages)
      .where(eq(sessionPages.sessionId, row.id))
      .orderBy(asc(sessionPages.ts), asc(sessionPages.url)),
    db.select({ markers: eventChunks.markers }).from(eventChunks).where(eq(eventChunks.sessionId, row.id)).orderBy(asc(eventChunks.seq)),
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
    pages: collapseRepeats(
      pages.map((p) => ({ ts: Number(p.ts), url: p.url })),
      (p) => p.url,
    ),
    markers: collapseRepeats(markers, (m) => (m.kind === 'navigation' ? m.label : undefined)).slice(0, MAX_SESSION_MARKERS),
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
  scope: Scope,
  row: SessionRow,
  query: { from?: number | undefined; to?: number | undefined },
): Promise<ChunkRange> {
  const { db } = scope;
  const sessionId = row.id;
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
    .where(and(eq(eventChunks.sessionId, sessionId), eq(eventChunks.startsWithSnapshot, true), lte(eventChunks.firstTs, Math.floor(from))))
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

/** One stored chunk's gzip bytes and hash, of a session found in scope. */
export async function storedChunk(scope: Scope, row: SessionRow, seq: number) {
  const [chunk] = await scope.db
    .select({ data: eventChunks.data, sha256: eventChunks.sha256 })
    .from(eventChunks)
    .where(and(eq(eventChunks.sessionId, row.id), eq(eventChunks.seq, seq)));
  if (!chunk) throw notFound('no such chunk');
  return chunk;
}

/** The stored gzip bytes of the chunks `seqs`, in the order asked; 404 when one is missing. */
export async function storedChunks(scope: Scope, row: SessionRow, seqs: number[]): Promise<Uint8Array[]> {
  const rows = await scope.db
    .select({ seq: eventChunks.seq, data: eventChunks.data })
    .from(eventChunks)
    .where(and(eq(eventChunks.sessionId, row.id), inArray(eventChunks.seq, seqs)));
  const bySeq = new Map(rows.map((r) => [r.seq, r.data]));
  const missing = seqs.filter((s) => !bySeq.has(s));
  if (missing.length) throw notFound(`no such chunk: ${missing.slice(0, 10).join(', ')}`);
  return seqs.map((s) => bySeq.get(s)!);
}
