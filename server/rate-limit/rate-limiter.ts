/**
 * @module server/rate-limit/rate-limiter
 * Named rate limits (see `RateLimits` in config.ts and docs/security.md),
 * counted by rate-limiter-flexible in a store every server process shares:
 * the `rate_limits` table of the database (PGlite or PostgreSQL), or Redis
 * when `LIVE_BUS_URL` names one. A limit that is over throws a 429
 * `rate_limited` whose `Retry-After` says when to come back.
 *
 * Two ways to count:
 * - {@link RateLimiters.hit}: every request costs a point (case creation,
 *   emails, reset requests);
 * - {@link RateLimiters.assertUnder} before the work, {@link RateLimiters.hit}
 *   on failure and {@link RateLimiters.reset} on success: counts failures
 *   only (sign-in, live codes), so a user who gets it right is never held back.
 */
import { Redis } from 'ioredis';
import {
  RateLimiterDrizzle,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import type { Db } from '../../db/client.ts';
import { rateLimits } from '../../db/schema.ts';
import type { Config, RateLimits } from '../config.ts';
import { ApiError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { ErrorCode } from '../protocol/errors.ts';

export type RateLimitName = keyof RateLimits;

/** What a refused caller is told, per limit (never which account exists). */
const REFUSAL: Record<RateLimitName, string> = {
  signInPerAccount: 'too many failed sign-ins for this account',
  signInPerAddress: 'too many failed sign-ins from this address',
  passwordReset: 'too many password-reset requests',
  liveCode: 'too many wrong help codes',
  casesPerSite: 'too many new cases for this site',
  casesPerAddress: 'too many new cases from this address',
  emailsPerSite: 'too many customer emails for this site',
  emailsPerAddress: 'too many customer emails from this address',
};

export class RateLimitedError extends ApiError {
  override name = 'RateLimitedError';
  readonly retryAfterSeconds: number;

  constructor(limit: RateLimitName, retryAfterMs: number) {
    const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
    super(429, ErrorCode.RateLimited, `${REFUSAL[limit]}: try again in ${seconds} s`, { retryAfterSeconds: seconds }, {
      'Retry-After': String(seconds),
    });
    this.retryAfterSeconds = seconds;
  }
}

export interface RateLimiters {
  /** Costs a point; throws {@link RateLimitedError} when that goes over the limit. */
  hit(limit: RateLimitName, key: string): Promise<void>;
  /** Throws {@link RateLimitedError} when the limit is already used up; costs nothing. */
  assertUnder(limit: RateLimitName, key: string): Promise<void>;
  /** Forgets the key's count (a successful sign-in). */
  reset(limit: RateLimitName, key: string): Promise<void>;
  close(): Promise<void>;
}

export interface RateLimiterOptions {
  config: Pick<Config, 'rateLimits' | 'liveBusUrl'>;
  db: Db;
  logger: Logger;
}

/** The shared store: Redis when the processes already share one (LIVE_BUS_URL), else the database. */
export function createRateLimiters({ config, db, logger }: RateLimiterOptions): RateLimiters {
  const redis = config.liveBusUrl ? new Redis(config.liveBusUrl, { maxRetriesPerRequest: 3, enableOfflineQueue: true }) : undefined;
  redis?.on('error', (err: Error) => logger.warn({ err }, 'rate limits: redis error'));

  const limiters = new Map<RateLimitName, RateLimiterAbstract>();
  for (const [name, { points, durationMs }] of Object.entries(config.rateLimits) as [RateLimitName, RateLimits[RateLimitName]][]) {
    const common = { keyPrefix: `cobrowse:rl:${name}`, points, duration: Math.max(1, Math.ceil(durationMs / 1000)) };
    limiters.set(
      name,
      redis
        ? new RateLimiterRedis({ ...common, storeClient: redis })
        : // NOTE: the cleanup timer of expired rows is unref'd by the library; one per limit is cheap.
          new RateLimiterDrizzle({ ...common, storeClient: db, schema: rateLimits }),
    );
  }
  const get = (name: RateLimitName) => limiters.get(name)!;

  return {
    async hit(name, key) {
      try {
        await get(name).consume(key, 1);
      } catch (err) {
        if (err instanceof RateLimiterRes) throw new RateLimitedError(name, err.msBeforeNext);
        throw err;
      }
    },
    async assertUnder(name, key) {
      const limiter = get(name);
      const state = await limiter.get(key);
      if (state && state.consumedPoints >= limiter.points) throw new RateLimitedError(name, state.msBeforeNext);
    },
    async reset(name, key) {
      await get(name).delete(key);
    },
    async close() {
      await redis?.quit().catch(() => redis.disconnect());
    },
  };
}
