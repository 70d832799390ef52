/**
 * @module server/media-replies/reply-queries
 * The database side of advisor video replies (media tracks of kind `reply`)
 * and of their customer links (only a token's SHA-256 is stored).
 *
 * The advisor's functions take the caller's scope first and a session found
 * in it (`sessionInScope`); the customer's (a link's token) take the database.
 */
import { createHash, randomBytes } from 'node:crypto';
import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { advisors, mediaTracks, replyLinks, sessions, sites } from '../../db/schema.ts';
import { ApiError } from '../errors.ts';
import { listTracks, putChunk, putTrack, type ChunkToStore } from '../media-ingest/media-track-store.ts';
import type { MediaStore } from '../media-store/media-store.ts';
import type { Scope } from '../scope/index.ts';
import type { SessionRow } from '../sessions/session-dto.ts';
import { contiguousRun } from '../media-api/track-stream.ts';
import { ErrorCode } from '../../protocol/errors.ts';
import { REPLY_TRACK_KIND, type ReplyLinkInfo } from '../../protocol/media.ts';

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export function newLinkToken(): string {
  return randomBytes(24).toString('base64url');
}

export interface ReplyRow {
  replyId: string;
  sessionId: string;
  title: string | null;
  mimeType: string;
  startedAt: number;
  durationMs: number;
  byteSize: number;
  chunkCount: number;
  advisorName: string | null;
  sentAt: Date | null;
}

/** A session's replies, oldest first; `sentOnly` for the customer. */
export async function listReplies(db: Db, sessionId: string, sentOnly: boolean): Promise<ReplyRow[]> {
  const tracks = (await listTracks(db, sessionId)).filter((t) => t.kind === REPLY_TRACK_KIND && (!sentOnly || t.sentAt));
  const names = new Map<string, string>();
  const ids = [...new Set(tracks.map((t) => t.advisorId).filter((id): id is string => !!id))];
  for (const id of ids) {
    const [a] = await db.select({ name: advisors.name }).from(advisors).where(eq(advisors.id, id));
    if (a) names.set(id, a.name);
  }
  return tracks.map((t) => {
    const run = contiguousRun(t.chunks);
    return {
      replyId: t.trackId,
      sessionId,
      title: t.title,
      mimeType: t.mimeType,
      startedAt: t.startedAt,
      durationMs: t.durationMs,
      byteSize: run.reduce((n, r) => n + r.byteSize, 0),
      chunkCount: run.length,
      advisorName: t.advisorId ? (names.get(t.advisorId) ?? null) : null,
      sentAt: t.sentAt,
    };
  });
}

/** The replies of a session in scope, sent or not. */
export const sessionReplies = (scope: Scope, session: SessionRow) => listReplies(scope.db, session.id, false);

export async function findReply(scope: Scope, session: SessionRow, replyId: string) {
  const [row] = await scope.db
    .select()
    .from(mediaTracks)
    .where(and(eq(mediaTracks.sessionId, session.id), eq(mediaTracks.trackId, replyId), eq(mediaTracks.kind, REPLY_TRACK_KIND)));
  return row;
}

/** Starts (or, retried, finds) the caller's reply; see `putTrack`. */
export function startReply(
  scope: Scope,
  session: SessionRow,
  reply: { replyId: string; mimeType: string; startedAt: number; title: string | null },
) {
  return putTrack(scope.db, {
    sessionId: session.id,
    trackId: reply.replyId,
    kind: REPLY_TRACK_KIND,
    mimeType: reply.mimeType,
    startedAt: reply.startedAt,
    advisorId: scope.advisor.id,
    title: reply.title,
  });
}

export function storeReplyChunk(scope: Scope, store: MediaStore, session: SessionRow, chunk: Omit<ChunkToStore, 'sessionId'>) {
  return putChunk(scope.db, store, { ...chunk, sessionId: session.id });
}

export async function markSent(scope: Scope, session: SessionRow, replyId: string): Promise<void> {
  await scope.db
    .update(mediaTracks)
    .set({ sentAt: new Date() })
    .where(and(eq(mediaTracks.sessionId, session.id), eq(mediaTracks.trackId, replyId)));
}

export async function deleteReplyRow(scope: Scope, session: SessionRow, replyId: string): Promise<void> {
  await scope.db.delete(mediaTracks).where(and(eq(mediaTracks.sessionId, session.id), eq(mediaTracks.trackId, replyId)));
}

export const linkInfo = (row: typeof replyLinks.$inferSelect): ReplyLinkInfo => ({
  id: row.id,
  sessionId: row.sessionId,
  createdAt: row.createdAt.toISOString(),
  expiresAt: row.expiresAt.toISOString(),
  revokedAt: row.revokedAt?.toISOString() ?? null,
});

/** A customer link to the session's sent replies, created by the caller. */
export async function createLink(scope: Scope, session: SessionRow, ttlMs: number) {
  const token = newLinkToken();
  const [row] = await scope.db
    .insert(replyLinks)
    .values({ sessionId: session.id, tokenHash: hashToken(token), createdBy: scope.advisor.id, expiresAt: new Date(Date.now() + ttlMs) })
    .returning();
  return { token, row: row! };
}

export async function listLinks(scope: Scope, session: SessionRow) {
  return scope.db.select().from(replyLinks).where(eq(replyLinks.sessionId, session.id)).orderBy(desc(replyLinks.createdAt));
}

/** Revokes one of the session's links (`linkId` as given in a path: anything); undefined when it has none of that id. */
export async function revokeLink(scope: Scope, session: SessionRow, linkId: string) {
  if (!/^[0-9a-f-]{36}$/i.test(linkId)) return undefined;
  const [row] = await scope.db
    .update(replyLinks)
    .set({ revokedAt: new Date() })
    .where(and(eq(replyLinks.id, linkId.toLowerCase()), eq(replyLinks.sessionId, session.id)))
    .returning();
  return row;
}

/** The link of a token, or the protocol's error: 404 unknown, 410 expired or revoked. */
export async function linkForToken(db: Db, token: string) {
  const [row] = /^[A-Za-z0-9_-]{16,64}$/.test(token)
    ? await db
        .select()
        .from(replyLinks)
        .where(eq(replyLinks.tokenHash, hashToken(token)))
    : [];
  if (!row) throw new ApiError(404, ErrorCode.LinkNotFound, 'no such link');
  if (row.revokedAt) throw new ApiError(410, ErrorCode.LinkRevoked, 'this link was revoked');
  if (row.expiresAt.getTime() < Date.now()) throw new ApiError(410, ErrorCode.LinkExpired, 'this link has expired');
  return row;
}

/**
 * Who the customer hears from on a link's page: the site's name, and the
 * advisor who created the link, else the one who recorded its latest sent
 * reply (null when neither is known any more).
 */
export async function linkSender(db: Db, link: typeof replyLinks.$inferSelect): Promise<{ siteName: string; advisorName: string | null }> {
  const [site] = await db
    .select({ name: sites.name })
    .from(sessions)
    .innerJoin(sites, eq(sites.id, sessions.siteId))
    .where(eq(sessions.id, link.sessionId));
  const [creator] = link.createdBy ? await db.select({ name: advisors.name }).from(advisors).where(eq(advisors.id, link.createdBy)) : [];
  const advisorName = creator?.name ?? (await listReplies(db, link.sessionId, true)).findLast((r) => r.advisorName)?.advisorName ?? null;
  return { siteName: site?.name ?? '', advisorName };
}
