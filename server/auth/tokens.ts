/**
 * @module server/auth/tokens
 * Bearer tokens: 32 random bytes, base64url. Only their SHA-256 is stored,
 * so a leaked database does not leak usable tokens; a fast hash is enough
 * because the token itself has 256 bits of entropy.
 */
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { advisors, authTokens } from '../../db/schema.ts';

export const TOKEN_TTL_MS = 30 * 24 * 60 * 60 * 1000;

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export async function issueToken(db: Db, advisorId: string): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + TOKEN_TTL_MS);
  await db.insert(authTokens).values({ tokenHash: hashToken(token), advisorId, expiresAt });
  return { token, expiresAt };
}

export type AdvisorRow = typeof advisors.$inferSelect;

/** The advisor a live token belongs to, or undefined for unknown or expired tokens. */
export async function advisorForToken(db: Db, token: string): Promise<AdvisorRow | undefined> {
  const [row] = await db
    .select({ advisor: advisors })
    .from(authTokens)
    .innerJoin(advisors, eq(advisors.id, authTokens.advisorId))
    .where(and(eq(authTokens.tokenHash, hashToken(token)), gt(authTokens.expiresAt, new Date())))
    .limit(1);
  return row?.advisor;
}
