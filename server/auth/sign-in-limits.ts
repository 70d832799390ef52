/**
 * @module server/auth/sign-in-limits
 * Failed password checks, counted per account (`signInPerAccount`, keyed by
 * the lower-cased email, whether or not an account has it, so a 429 never
 * tells which addresses exist) and per client address (`signInPerAddress`,
 * a spray over many accounts). An attempt is counted before the password
 * hash runs and given back when it succeeds: a locked-out attacker gets a
 * 429 and no scrypt, i.e. no CPU of ours, however many requests run at once.
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

  /**
   * Takes an attempt from the address and the account before the password is
   * checked; 429 `rate_limited` (with Retry-After) when either is used up.
   * Counting first, not after a failure, bounds parallel bursts too: 200
   * guesses sent at once get 10 password checks, not 200.
   */
  async begin(address: string, email: string): Promise<void> {
    await this.#limits.hitAll([
      ['signInPerAddress', address],
      ['signInPerAccount', accountKey(email)],
    ]);
  }

  /**
   * The right password: the account's failures are forgiven and this attempt
   * is given back to the address. NOTE: the address keeps its earlier
   * failures: an attacker holding one valid account could otherwise clear
   * their address's count between rounds of a spray.
   */
  async succeeded(address: string, email: string): Promise<void> {
    await Promise.all([this.forgive(email), this.#limits.refund('signInPerAddress', address)]);
  }

  /** Forgets the account's failures (a completed password reset proved who this is). */
  async forgive(email: string): Promise<void> {
    await this.#limits.reset('signInPerAccount', accountKey(email));
  }
}
