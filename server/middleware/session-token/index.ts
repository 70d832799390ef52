/**
 * @module server/middleware/session-token
 * The one check that a write to a recording session comes from the tab that
 * started it: the session's secret (see `protocol/ingest.ts`), presented as
 * `Authorization: Bearer <token>` or `?sessionToken=`, must hash to the
 * session's stored `token_hash`. Used by chunk and media ingest (as the
 * {@link sessionToken} middleware), the live customer socket, case creation
 * and case-link replies that attach a recording (through
 * {@link verifySessionToken}).
 *
 * Secrets are 32 random bytes (base64url); only their SHA-256 is stored, like
 * advisor tokens (`auth/tokens.ts`), and hashes are compared in constant time.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Context, MiddlewareHandler } from 'hono';
import type { Db } from '../../../db/client.ts';
import { sessions } from '../../../db/schema.ts';
import { hashToken } from '../../auth/tokens.ts';
import { ApiError, badRequest, unknownSession } from '../../errors.ts';
import { ErrorCode } from '../../../protocol/errors.ts';
import { SESSION_TOKEN_PATTERN, SESSION_TOKEN_QUERY } from '../../../protocol/ingest-constants.ts';

/** What routes may need of the verified session. */
export interface VerifiedSession {
  id: string;
  siteId: string;
  firstUrl: string;
  /** The customer's visit (`sessions.visit_id`), null without a visit key. */
  visitId: string | null;
  /** The customer's clock at the start, and ours when we first heard of it (the event time window). */
  startedAt: Date;
  createdAt: Date;
}

declare module 'hono' {
  interface ContextVariableMap {
    /** Set by {@link sessionToken}: the session the request proved it owns. */
    session: VerifiedSession;
  }
}

const BEARER = /^Bearer\s+(\S+)\s*$/i;
/** Compared against when a session has no secret, so refusals all take the same time. */
const NO_HASH = '0'.repeat(64);

/** A fresh secret and the hash to store; the secret itself is never stored. */
export function newSessionToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashToken(token) };
}

/**
 * The secret of a session a start creates: the one the start presents (the
 * recorder proposes it and keeps it before sending, so a start whose answer
 * was lost, the page having left, can be sent again and still proves it is
 * the same recorder), else a fresh one. A proposal must be a secret's size
 * and form ({@link SESSION_TOKEN_PATTERN}), or the start is refused (400).
 */
export function sessionTokenForNewSession(c: Context): { token: string; hash: string } {
  const proposed = presentedSessionToken(c);
  if (proposed === undefined) return newSessionToken();
  if (!SESSION_TOKEN_PATTERN.test(proposed)) {
    throw badRequest('a proposed session token must be 32 random bytes, base64url-encoded (43 characters)');
  }
  return { token: proposed, hash: hashToken(proposed) };
}

/** The secret a request presents: the bearer header first, else the query parameter. */
export function presentedSessionToken(c: Context): string | undefined {
  const header = c.req.header('authorization');
  if (header) return BEARER.exec(header)?.[1];
  return c.req.query(SESSION_TOKEN_QUERY) || undefined;
}

export const invalidSessionToken = (message: string) => new ApiError(401, ErrorCode.InvalidSessionToken, message);

/** True when `token` is the secret whose hash is `storedHash` (constant time; a missing hash matches nothing). */
export function tokenMatches(storedHash: string | null, token: string | undefined): boolean {
  const presented = Buffer.from(token ? hashToken(token) : NO_HASH, 'hex');
  const stored = Buffer.from(storedHash ?? NO_HASH, 'hex');
  const equal = presented.length === stored.length && timingSafeEqual(presented, stored);
  return equal && storedHash !== null && token !== undefined;
}

/**
 * The session `sessionId` of site `siteId` if `token` is its secret.
 * 404 `unknown_session` when the site has no such session (so a recorder
 * knows to start it), 401 `invalid_session_token` when the token is missing
 * or wrong, or the session has no secret (recorded before secrets existed).
 */
export async function verifySessionToken(
  db: Db,
  { sessionId, siteId, token }: { sessionId: string; siteId: string; token: string | undefined },
): Promise<VerifiedSession> {
  const [row] = await db
    .select({
      id: sessions.id,
      siteId: sessions.siteId,
      firstUrl: sessions.firstUrl,
      visitId: sessions.visitId,
      tokenHash: sessions.tokenHash,
      startedAt: sessions.startedAt,
      createdAt: sessions.createdAt,
    })
    .from(sessions)
    .where(eq(sessions.id, sessionId));
  if (!row || row.siteId !== siteId) throw unknownSession('unknown session: PUT the session first');
  if (!tokenMatches(row.tokenHash, token)) {
    throw invalidSessionToken(
      token
        ? 'this is not the session token of this session'
        : `missing session token (Authorization: Bearer <sessionToken> or ?${SESSION_TOKEN_QUERY}=)`,
    );
  }
  return {
    id: row.id,
    siteId: row.siteId,
    firstUrl: row.firstUrl,
    visitId: row.visitId,
    startedAt: row.startedAt,
    createdAt: row.createdAt,
  };
}

/**
 * Middleware for routes that write to one session: after `ingestOrigin`
 * (which puts the site on the context), checks the presented secret against
 * the session `sessionIdOf(c)` names and puts it on the context as `session`.
 * `sessionIdOf` validates the id itself (throwing a 400 for a malformed one).
 */
export function sessionToken(db: Db, sessionIdOf: (c: Context) => string): MiddlewareHandler {
  return async function sessionToken(c, next) {
    const session = await verifySessionToken(db, {
      sessionId: sessionIdOf(c),
      siteId: c.get('site').id,
      token: presentedSessionToken(c),
    });
    c.set('session', session);
    await next();
  };
}
