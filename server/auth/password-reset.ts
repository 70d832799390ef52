/**
 * @module server/auth/password-reset
 * Forgotten passwords: a one-time link by email.
 *
 * - {@link PasswordResets.request}: counts the request against the address's
 *   and the email's `passwordReset` limits, then answers; finding the
 *   account, storing the hashed token and queueing the email happen after
 *   the answer, so a known and an unknown address get the same answer in
 *   the same time.
 * - {@link PasswordResets.complete}: the token is claimed once (`used_at`),
 *   then the password is set, every token of the advisor revoked and every
 *   other outstanding link of theirs voided (see set-password.ts).
 *
 * The token (32 random bytes) travels in the link's fragment
 * (`/app/reset-password#token=…`): browsers never send a fragment to a
 * server, so it stays out of access logs, proxies and `Referer` headers; the
 * advisor app reads it and removes it from the address bar. Only its SHA-256
 * is stored, as for bearer tokens.
 */
import { randomBytes } from 'node:crypto';
import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { advisors, passwordResets } from '../../db/schema.ts';
import type { CaseNotifier } from '../cases/case-notifier.ts';
import type { Config } from '../config.ts';
import { ApiError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { RESET_PASSWORD_PATH } from '../../protocol/api-constants.ts';
import { ErrorCode } from '../../protocol/errors.ts';
import { publicUrl } from '../public-url.ts';
import type { RateLimiters } from '../rate-limit/rate-limiter.ts';
import { setPassword } from './set-password.ts';
import type { AdvisorRow } from './tokens.ts';
import { hashToken } from './tokens.ts';

/** How long an emailed link works. */
export const RESET_TTL_MS = 60 * 60 * 1000;

export interface PasswordResetDeps {
  db: Db;
  config: Pick<Config, 'publicUrl'>;
  logger: Logger;
  rateLimits: RateLimiters;
  notifier: Pick<CaseNotifier, 'email'>;
}

export class PasswordResets {
  readonly #deps: PasswordResetDeps;

  constructor(deps: PasswordResetDeps) {
    this.#deps = deps;
  }

  /** 429 when the address or the email asked too often; otherwise returns at once (see the module comment). */
  async request(address: string, email: string): Promise<void> {
    const { rateLimits } = this.#deps;
    const account = email.trim().toLowerCase();
    // In turn: a request its address may not make does not use up the email's allowance too.
    await rateLimits.hit('passwordReset', `address:${address}`);
    await rateLimits.hit('passwordReset', `email:${account}`);
    // NOTE: not awaited: the answer must not wait on whether the account exists.
    void this.#sendLink(account).catch((err: unknown) => this.#deps.logger.error({ err }, 'password reset: could not send the link'));
  }

  /**
   * Sets the new password with a link's token; returns the advisor. Refuses
   * unknown (400), expired or used (410) tokens; unknown ones count against
   * the address (`passwordReset`), like any other guessed secret.
   */
  async complete(address: string, token: string, newPassword: string): Promise<AdvisorRow> {
    const { db, rateLimits } = this.#deps;
    const guesses = `complete:${address}`;
    await rateLimits.assertUnder('passwordReset', guesses);
    const tokenHash = hashToken(token);
    const [reset] = await db.select().from(passwordResets).where(eq(passwordResets.tokenHash, tokenHash));
    if (!reset) {
      await rateLimits.hit('passwordReset', guesses);
      throw new ApiError(400, ErrorCode.ResetTokenInvalid, 'this password-reset link is not valid: ask for a new one');
    }
    const now = new Date();
    if (reset.usedAt) throw used();
    if (reset.expiresAt <= now)
      throw new ApiError(410, ErrorCode.ResetTokenExpired, 'this password-reset link has expired: ask for a new one');
    // Claimed in one conditional write: of two concurrent uses, one wins.
    const claimed = await db
      .update(passwordResets)
      .set({ usedAt: now })
      .where(and(eq(passwordResets.tokenHash, tokenHash), isNull(passwordResets.usedAt), gt(passwordResets.expiresAt, now)))
      .returning({ advisorId: passwordResets.advisorId });
    if (!claimed.length) throw used();
    await setPassword(db, reset.advisorId, newPassword);
    const [advisor] = await db.select().from(advisors).where(eq(advisors.id, reset.advisorId));
    return advisor!;
  }

  async #sendLink(email: string): Promise<void> {
    const { db, config, notifier } = this.#deps;
    const [advisor] = await db.select({ id: advisors.id, email: advisors.email }).from(advisors).where(eq(advisors.email, email)).limit(1);
    if (!advisor) return;
    const token = randomBytes(32).toString('base64url');
    await db
      .insert(passwordResets)
      .values({ tokenHash: hashToken(token), advisorId: advisor.id, expiresAt: new Date(Date.now() + RESET_TTL_MS) });
    const link = `${publicUrl(config)}${RESET_PASSWORD_PATH}#token=${token}`;
    await notifier.email(null, advisor.email, 'Reset your Cobrowse password', resetEmailBody(link));
  }
}

const used = () => new ApiError(410, ErrorCode.ResetTokenUsed, 'this password-reset link was already used: ask for a new one');

function resetEmailBody(link: string): string {
  return [
    'Someone (hopefully you) asked to reset the password of your Cobrowse advisor account.',
    '',
    `To choose a new password, open this link within ${RESET_TTL_MS / 60_000} minutes:`,
    link,
    '',
    'It works once. Setting a new password signs you out everywhere.',
    'If you did not ask for this, ignore this email: your password stays as it is.',
  ].join('\n');
}
