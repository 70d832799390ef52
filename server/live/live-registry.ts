/**
 * @module server/live/live-registry
 * The rooms every process can see, in PostgreSQL (`live_rooms`): which
 * process holds a room, its help code, and what the advisor list shows.
 * Rows are refreshed by their home every {@link HEARTBEAT_MS}; a row not
 * seen for {@link STALE_MS} belongs to a dead process and may be taken over.
 * Also stores chat (`live_chat_messages`).
 *
 * A row is one customer tab (a session); the tabs of one visit share a room
 * and so a home: the room's key is the session's stored visit id (or the
 * session id without one). {@link LiveRegistry.claim} takes a per-visit lock,
 * so two tabs reaching two processes at once still agree on one home.
 */
import { randomInt } from 'node:crypto';
import { and, desc, eq, gt, inArray, isNotNull, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { liveChatMessages, liveRooms, sessions, sites } from '../../db/schema.ts';
import type { ChatMessage, LiveSessionSummary } from '../../protocol/live.ts';

export const HEARTBEAT_MS = 5_000;
export const STALE_MS = 20_000;
export const CODE_TTL_MS = 15 * 60_000;
const CODE_ATTEMPTS = 20;

export interface RoomRow {
  sessionId: string;
  siteId: string;
  homeNode: string;
  /** The room's key: the visit id, or the session id of a tab without a visit. */
  roomKey: string;
}

export interface TabClaim {
  sessionId: string;
  siteId: string;
  /** From the session's row (`sessions.visit_id`), never from the socket. */
  visitId: string | null;
  url: string | null;
}

/** The room a session's tab belongs to. */
export const roomKeyOf = (t: { sessionId: string; visitId: string | null }) => t.visitId ?? t.sessionId;

const roomKeySql = sql<string>`coalesce(${sessions.visitId}, ${liveRooms.sessionId}::text)`;

const staleBefore = () => new Date(Date.now() - STALE_MS);

const roomRowColumns = {
  sessionId: liveRooms.sessionId,
  siteId: liveRooms.siteId,
  homeNode: liveRooms.homeNode,
  roomKey: roomKeySql,
};

export class LiveRegistry {
  #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  /**
   * Registers the tab and returns its room's home: the process already
   * holding a live tab of the same visit (or this tab's own live row), else
   * `nodeId`. `follow`: the tab only joins a visit that is live; null when
   * it is not. Serialised per visit (an advisory lock for the transaction).
   */
  async claim(tab: TabClaim, nodeId: string, follow = false): Promise<string | null> {
    const key = roomKeyOf(tab);
    return this.#db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`cobrowse-live:${key}`}))`);
      const sameRoom = tab.visitId
        ? or(eq(sessions.visitId, tab.visitId), eq(liveRooms.sessionId, tab.sessionId))
        : eq(liveRooms.sessionId, tab.sessionId);
      const [live] = await tx
        .select({ homeNode: liveRooms.homeNode })
        .from(liveRooms)
        .innerJoin(sessions, eq(sessions.id, liveRooms.sessionId))
        .where(and(sameRoom, gt(liveRooms.seenAt, staleBefore())))
        .orderBy(liveRooms.createdAt)
        .limit(1);
      if (!live && follow) return null;
      const homeNode = live?.homeNode ?? nodeId;
      await tx
        .insert(liveRooms)
        .values({ sessionId: tab.sessionId, siteId: tab.siteId, homeNode, url: tab.url })
        .onConflictDoUpdate({
          target: liveRooms.sessionId,
          set: {
            homeNode,
            seenAt: sql`now()`,
            code: sql`case when ${liveRooms.homeNode} = ${homeNode} then ${liveRooms.code} else null end`,
          },
        });
      return homeNode;
    });
  }

  async heartbeat(nodeId: string, sessionIds: string[]): Promise<void> {
    if (!sessionIds.length) return;
    await this.#db
      .update(liveRooms)
      .set({ seenAt: sql`now()` })
      .where(and(eq(liveRooms.homeNode, nodeId), inArray(liveRooms.sessionId, sessionIds)));
  }

  async update(
    sessionId: string,
    nodeId: string,
    { url, ...state }: { customerConnected: boolean; viewerCount: number; url: string | null },
  ) {
    await this.#db
      .update(liveRooms)
      // The page the tab shows now (a new page of the tab says hello again): the live list's Page column.
      .set({ ...state, ...(url ? { url } : {}), seenAt: sql`now()` })
      .where(and(eq(liveRooms.sessionId, sessionId), eq(liveRooms.homeNode, nodeId)));
  }

  async remove(sessionId: string, nodeId: string): Promise<void> {
    await this.#db.delete(liveRooms).where(and(eq(liveRooms.sessionId, sessionId), eq(liveRooms.homeNode, nodeId)));
  }

  /** A fresh code unique among rows (expired and stale ones are cleared first); keeps a live one. */
  async assignCode(sessionId: string): Promise<{ code: string; expiresAt: number }> {
    await this.#db
      .update(liveRooms)
      .set({ code: null, codeExpiresAt: null })
      .where(and(isNotNull(liveRooms.code), or(lt(liveRooms.codeExpiresAt, new Date()), lt(liveRooms.seenAt, staleBefore()))));
    const expiresAt = new Date(Date.now() + CODE_TTL_MS);
    const [kept] = await this.#db
      .update(liveRooms)
      .set({ codeExpiresAt: expiresAt })
      .where(and(eq(liveRooms.sessionId, sessionId), isNotNull(liveRooms.code)))
      .returning({ code: liveRooms.code });
    if (kept?.code) return { code: kept.code, expiresAt: expiresAt.getTime() };
    for (let i = 0; i < CODE_ATTEMPTS; i++) {
      const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      try {
        const rows = await this.#db
          .update(liveRooms)
          .set({ code, codeExpiresAt: expiresAt })
          .where(eq(liveRooms.sessionId, sessionId))
          .returning({ code: liveRooms.code });
        if (!rows.length) throw new Error('the room is not registered');
        return { code, expiresAt: expiresAt.getTime() };
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
      }
    }
    throw new Error('no free session code');
  }

  async clearCode(sessionId: string): Promise<void> {
    await this.#db.update(liveRooms).set({ code: null, codeExpiresAt: null }).where(eq(liveRooms.sessionId, sessionId));
  }

  async byCode(code: string): Promise<RoomRow | undefined> {
    const [row] = await this.#db
      .select(roomRowColumns)
      .from(liveRooms)
      .innerJoin(sessions, eq(sessions.id, liveRooms.sessionId))
      .where(and(eq(liveRooms.code, code), gt(liveRooms.codeExpiresAt, new Date()), gt(liveRooms.seenAt, staleBefore())));
    return row;
  }

  async bySession(sessionId: string): Promise<RoomRow | undefined> {
    const [row] = await this.#db
      .select(roomRowColumns)
      .from(liveRooms)
      .innerJoin(sessions, eq(sessions.id, liveRooms.sessionId))
      .where(and(eq(liveRooms.sessionId, sessionId), gt(liveRooms.seenAt, staleBefore())));
    return row;
  }

  /** The live rooms of these sites (the caller's). */
  async list(siteIds: readonly string[]): Promise<LiveSessionSummary[]> {
    if (!siteIds.length) return [];
    const rows = await this.#db
      .select({
        room: liveRooms,
        siteName: sites.name,
        startedAt: sessions.startedAt,
        firstUrl: sessions.firstUrl,
        visitId: sessions.visitId,
      })
      .from(liveRooms)
      .innerJoin(sites, eq(sites.id, liveRooms.siteId))
      .innerJoin(sessions, eq(sessions.id, liveRooms.sessionId))
      .where(and(gt(liveRooms.seenAt, staleBefore()), inArray(liveRooms.siteId, [...siteIds])))
      .orderBy(desc(liveRooms.createdAt));
    const now = Date.now();
    return rows.map(({ room, siteName, startedAt, firstUrl, visitId }) => ({
      sessionId: room.sessionId,
      siteId: room.siteId,
      siteName,
      helpRequested: room.code !== null && (room.codeExpiresAt?.getTime() ?? 0) > now,
      customerConnected: room.customerConnected,
      viewerCount: room.viewerCount,
      url: room.url ?? firstUrl,
      startedAt: startedAt.getTime(),
      visitId,
    }));
  }

  async saveChat(sessionId: string, m: ChatMessage, advisorId: string | null): Promise<void> {
    await this.#db.insert(liveChatMessages).values({
      id: m.id,
      sessionId,
      ts: m.ts,
      fromRole: m.from,
      advisorId,
      authorName: m.name,
      clientId: m.clientId,
      text: m.text,
    });
  }
}

function isUniqueViolation(err: unknown): boolean {
  for (let e: unknown = err; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: unknown }).code === '23505') return true;
  }
  return false;
}
