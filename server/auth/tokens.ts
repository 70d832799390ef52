/**
 * @module server/auth/tokens
 * Advisor bearer tokens: 32 random bytes, base64url. Only their SHA-256 is
 * stored, so a leaked database does not leak usable tokens; a fast hash is
 * enough because the token itself has 256 bits of entropy.
 *
 * A token lives until the first of: sign-out (revoked), a password change or
 * reset (revoked), `tokenIdleMs` without a request, or `tokenMaxAgeMs` after
 * sign-in (`expires_at`). Both lifetimes come from the config of the server
 * that checks the token, so they can be shortened at any restart.
 */
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, lt } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { advisors, authTokens } from '../../db/schema.ts';
import type { Config } from '../config.ts';

export type TokenLifetimes = Pick<Config, 'tokenIdleMs' | 'tokenMaxAgeMs'>;
export type AdvisorRow = typeof advisors.$inferSelect;

/** At most one `last_used_at` write per token in this long (not one per request). */
const TOUCH_INTERVAL_MS = 60_000;

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export async function issueToken(db: Db, advisorId: string, lifetimes: TokenLifetimes): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const now = new Date();
  const expiresAt = new Date(now.getTime() + lifetimes.tokenMaxAgeMs);
  await db.insert(authTokens).values({ tokenHash: hashToken(token), advisorId, expiresAt, lastUsedAt: now });
  return { token, expiresAt };
}

export interface Authenticated {
  advisor: AdvisorRow;
  /** The presented token's hash: what sign-out and password change revoke (or spare). */
  tokenHash: string;
}

/**
 * The advisor a live token belongs to, or undefined for unknown, revoked,
 * idle or expired tokens. Marks the token used (see {@link TOUCH_INTERVAL_MS}).
 * The one check of both the REST API (bearer-auth) and the live sockets.
 */
export async function authenticateToken(db: Db, token: string, lifetimes: TokenLifetimes): Promise<Authenticated | undefined> {
  const tokenHash = hashToken(token);
  const now = Date.now();
  const [row] = await db
    .select({ advisor: advisors, lastUsedAt: authTokens.lastUsedAt })
    .from(authTokens)
    .innerJoin(advisors, eq(advisors.id, authTokens.advisorId))
    .where(
      and(
        eq(authTokens.tokenHash, tokenHash),
        gt(authTokens.expiresAt, new Date(now)),
        gt(authTokens.lastUsedAt, new Date(now - lifetimes.tokenIdleMs)),
      ),
    )
    .limit(1);
  if (!row) return undefined;
  // NOTE: never longer than a quarter of the idle time, or an active advisor
  // with a short idle limit would be signed out between two writes.
  const touchAfter = Math.min(TOUCH_INTERVAL_MS, lifetimes.tokenIdleMs / 4);
  if (now - row.lastUsedAt.getTime() >= touchAfter) {
    // The condition keeps concurrent requests (or processes) from all writing.
    await db
      .update(authTokens)
      .set({ lastUsedAt: new Date(now) })
      .where(and(eq(authTokens.tokenHash, tokenHash), lt(authTokens.lastUsedAt, new Date(now - touchAfter))));
  }
  return { advisor: row.advisor, tokenHash };
}

/** Sign-out: the one token stops working. */
export async function revokeToken(db: Db, tokenHash: string): Promise<void> {
  await db.delete(authTokens).where(eq(authTokens.tokenHash, tokenHash));
}
