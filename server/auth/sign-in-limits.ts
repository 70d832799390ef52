/**
 * @module server/auth/sign-in-limits
 * Failed password checks, counted per account (`signInPerAccount`, keyed by
 * the lower-cased email, whether or not an account has it, so a 429 never
 * tells which addresses exist) and per client address (`signInPerAddress`,
 * a spray over many accounts). Checked before the password hash runs: a
 * locked-out attacker gets a 429 and no scrypt, i.e. no CPU of ours.
 *
 * Used by sign-in and by password change (a wrong current password is a
 * guess like any other).
 */
import type { RateLimiters } from '../rate-limit/rate-limiter.ts';

const accountKey = (email: string) => email.trim().toLowerCase();

export class SignInLimits {
  readonly #limits: RateLimiters;

  constructor(limits: RateLimiters) {
    this.#limits = limits;
  }

  /** 429 `rate_limited` (with Retry-After) when the address or the account has used up its failures. */
  async assertAllowed(address: string, email: string): Promise<void> {
    await this.#limits.assertUnder('signInPerAddress', address);
    await this.#limits.assertUnder('signInPerAccount', accountKey(email));
  }

  /** Counts a failure against both; throws the 429 when this one went over (concurrent attempts). */
  async failed(address: string, email: string): Promise<void> {
    // Both are counted even when one is over, so neither key can be used to dodge the other.
    const results = await Promise.allSettled([
      this.#limits.hit('signInPerAddress', address),
      this.#limits.hit('signInPerAccount', accountKey(email)),
    ]);
    const refused = results.find((r) => r.status === 'rejected');
    if (refused) throw refused.reason;
  }

  /**
   * The right password forgives the account's failures. NOTE: not the
   * address's: an attacker holding one valid account could otherwise clear
   * their address's count between rounds of a spray.
   */
  async succeeded(email: string): Promise<void> {
    await this.#limits.reset('signInPerAccount', accountKey(email));
  }
}
