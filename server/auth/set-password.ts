/**
 * @module server/auth/set-password
 * The one way an advisor's password changes (password change, reset): the
 * new hash, every token but the one allowed to stay revoked, and every
 * outstanding reset link dead, in one transaction, so no old credential
 * outlives the change.
 */
import { and, eq, isNull, ne } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { advisors, authTokens, passwordResets } from '../../db/schema.ts';
import { hashPassword } from './password.ts';

export interface SetPasswordOptions {
  /** The hash of the token that made the change and keeps working (password change); none: all go (reset). */
  keepTokenHash?: string;
  /** The reset token that made the change (already marked used). */
  usedResetHash?: string;
}

export async function setPassword(db: Db, advisorId: string, newPassword: string, options: SetPasswordOptions = {}): Promise<void> {
  // NOTE: hashed before the transaction, which then holds its locks for milliseconds, not scrypt's ~70 ms.
  const passwordHash = await hashPassword(newPassword);
  const now = new Date();
  await db.transaction(async (tx) => {
    await tx.update(advisors).set({ passwordHash }).where(eq(advisors.id, advisorId));
    await tx
      .delete(authTokens)
      .where(
        options.keepTokenHash
          ? and(eq(authTokens.advisorId, advisorId), ne(authTokens.tokenHash, options.keepTokenHash))
          : eq(authTokens.advisorId, advisorId),
      );
    await tx
      .update(passwordResets)
      .set({ usedAt: now })
      .where(and(eq(passwordResets.advisorId, advisorId), isNull(passwordResets.usedAt)));
  });
}
