/**
 * @module server/cases/intake-limits
 * The rate limits of `POST /ingest/v1/cases` (see docs/security.md),
 * for one request: its site and client address. Anyone holding a site's
 * (public) key can open cases, so without them one script could fill the
 * inbox and, through the confirmation email, mail any address at will.
 *
 * - A new case costs a point of `casesPerAddress` (the client address) then
 *   of `casesPerSite`: the address first, so an address over its limit never
 *   uses up its site's allowance; over either → 429 and nothing is stored.
 * - A retry (the same question from the same recording: the case already
 *   exists) is not a new case and is not refused by the new-case counts, so a
 *   customer whose last allowed case lost its answer still gets the link. It
 *   costs a point of its own (`casesPerAddress` under `retry:<address>`),
 *   because each retry mints a link row.
 * - The confirmation email costs a point of `emailsPerAddress` for the client
 *   address and for the recipient (so many addresses cannot mail one person
 *   more either), then of `emailsPerSite`; over any, the case stands and the
 *   email is skipped: losing the question would be worse than no receipt.
 */
import type { Logger } from '../logger.ts';
import { addressKey } from '../rate-limit/address-key.ts';
import { RateLimitedError, type RateLimiters } from '../rate-limit/rate-limiter.ts';

export interface IntakeLimits {
  /** Before a new case is stored; throws {@link RateLimitedError} (429). */
  newCase(): Promise<void>;
  /** Before a retry answers the existing case with a fresh link; throws {@link RateLimitedError}. */
  retry(): Promise<void>;
  /** Before the confirmation email to `to` is queued: false to skip it. */
  email(to: string): Promise<boolean>;
}

export function intakeLimits(limits: RateLimiters, logger: Logger, request: { siteId: string; clientAddress: string }): IntakeLimits {
  const address = addressKey(request.clientAddress);
  return {
    newCase: () =>
      limits.hitAll([
        ['casesPerAddress', address],
        ['casesPerSite', request.siteId],
      ]),
    retry: () => limits.hit('casesPerAddress', `retry:${address}`),
    async email(to) {
      try {
        await limits.hitAll([
          ['emailsPerAddress', address],
          ['emailsPerAddress', `to:${to.toLowerCase()}`],
          ['emailsPerSite', request.siteId],
        ]);
        return true;
      } catch (err) {
        if (!(err instanceof RateLimitedError)) throw err;
        logger.warn({ siteId: request.siteId, clientAddress: request.clientAddress, limit: err.limit }, 'case email skipped: rate-limited');
        return false;
      }
    },
  };
}
