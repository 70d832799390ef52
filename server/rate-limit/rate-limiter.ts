/**
 * @module server/rate-limit/rate-limiter
 * Named rate limits (see `RateLimits` in config.ts and docs/security.md),
 * counted by rate-limiter-flexible in a store every server process shares:
 * the `rate_limits` table of the database (PGlite or PostgreSQL), or Redis
 * when `LIVE_BUS_URL` names one. A limit that is over throws a 429
 * `rate_limited` whose `Retry-After` says when to come back.
 *
 * Ways to count:
 * - {@link RateLimiters.hit}: every request costs a point (case creation,
 *   emails, reset requests); {@link RateLimiters.hitAll} for several limits
 *   at once (a refusal by one gives back the points the others took);
 * - {@link RateLimiters.hit} before the work and {@link RateLimiters.refund}
 *   when it succeeded: counts failures only, and is atomic, so parallel
 *   attempts (many sockets, many requests) cannot all pass a check that
 *   none of them has counted yet (live codes);
 * - {@link RateLimiters.assertUnder} before the work, {@link RateLimiters.hit}
 *   on failure and {@link RateLimiters.reset} on success: counts failures
 *   only, simpler, but N parallel attempts all pass the check (sign-in).
 *
 * Windows are fixed: the first point starts a window of the limit's
 * duration; `Retry-After` is the rest of that window.
 */
import { randomInt } from 'node:crypto';
import { eq, lt } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { RateLimiterDrizzle, RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Db } from '../../db/client.ts';
import { rateLimits } from '../../db/schema.ts';
import type { Config, RateLimits } from '../config.ts';
import { ApiError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { ErrorCode } from '../../protocol/errors.ts';

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
  invitationTokens: 'too many unknown invitation links from this address',
  tutorialReads: 'too many tutorial requests from this address',
  tutorialViews: 'too many tutorial views from this address',
  suggestionsPerAddress: 'too many suggestion requests from this address',
  deflectionsPerAddress: 'too many deflections from this address',
};

export class RateLimitedError extends ApiError {
  override name = 'RateLimitedError';
  readonly limit: RateLimitName;
  readonly retryAfterSeconds: number;
  /** Exact time left in the window (the live protocol's `retryAfterMs`). */
  readonly retryAfterMs: number;

  constructor(limit: RateLimitName, retryAfterMs: number) {
    const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
    super(
      429,
      ErrorCode.RateLimited,
      `${REFUSAL[limit]}: try again in ${seconds} s`,
      { retryAfterSeconds: seconds },
      {
        'Retry-After': String(seconds),
      },
    );
    this.limit = limit;
    this.retryAfterSeconds = seconds;
    this.retryAfterMs = Math.max(0, Math.ceil(retryAfterMs));
  }
}

export interface RateLimiters {
  /** Costs a point; throws {@link RateLimitedError} when that goes over the limit. */
  hit(limit: RateLimitName, key: string): Promise<void>;
  /**
   * Costs a point on each, in order; when one refuses, the points already
   * taken are given back (a refused request used nothing) and it throws.
   * Put the narrowest limit first, so whoever is over it never uses up a
   * wider one (an address over its limit does not drain its site's).
   */
  hitAll(checks: readonly (readonly [RateLimitName, string])[]): Promise<void>;
  /** Throws {@link RateLimitedError} when the limit is already used up; costs nothing. */
  assertUnder(limit: RateLimitName, key: string): Promise<void>;
  /** Gives back a point taken by {@link hit} (the attempt succeeded). */
  refund(limit: RateLimitName, key: string): Promise<void>;
  /** Forgets the key's count (a successful sign-in). */
  reset(limit: RateLimitName, key: string): Promise<void>;
  close(): Promise<void>;
}

export interface RateLimiterOptions {
  config: Pick<Config, 'rateLimits' | 'liveBusUrl'>;
  db: Db;
  logger: Logger;
}

/** How often rows of windows long over are deleted from `rate_limits`. */
const CLEANUP_MS = 5 * 60_000;
/** The `rate_limits` row holding this deployment's Redis key namespace (see {@link redisNamespace}). */
const NAMESPACE_KEY = 'cobrowse:rl:namespace';

/** The shared store: Redis when the processes already share one (LIVE_BUS_URL), else the database. */
export function createRateLimiters({ config, db, logger }: RateLimiterOptions): RateLimiters {
  const redis = config.liveBusUrl ? new Redis(config.liveBusUrl, { maxRetriesPerRequest: 3, enableOfflineQueue: true }) : undefined;
  redis?.on('error', (err: Error) => logger.warn({ err }, 'rate limits: redis error'));

  const build = (namespace: string) => {
    const limiters = new Map<RateLimitName, RateLimiterAbstract>();
    for (const [name, { points, durationMs }] of Object.entries(config.rateLimits) as [RateLimitName, RateLimits[RateLimitName]][]) {
      const common = { keyPrefix: `cobrowse:rl:${namespace}${name}`, points, duration: Math.max(1, Math.ceil(durationMs / 1000)) };
      limiters.set(
        name,
        redis
          ? new RateLimiterRedis({
              ...common,
              storeClient: redis,
              // NOTE: Redis unreachable: count in this process (a limit per process)
              // rather than answer 500 or let everything through.
              insuranceLimiter: new RateLimiterMemory(common),
            })
          : // NOTE: one cleanup timer for all limits (below), which close() stops.
            new RateLimiterDrizzle({ ...common, storeClient: db, schema: rateLimits, clearExpiredByTimeout: false }),
      );
    }
    return limiters;
  };
  const ready = (redis ? redisNamespace(db).then((ns) => `${ns}:`) : Promise.resolve('')).then(build);
  // Failing here would surface on the first limit used; say so now too.
  ready.catch((err: unknown) => logger.error({ err }, 'rate limits: could not start'));
  const get = async (name: RateLimitName) => (await ready).get(name)!;

  const cleanup = redis
    ? undefined
    : setInterval(() => {
        db.delete(rateLimits)
          .where(lt(rateLimits.expire, new Date(Date.now() - CLEANUP_MS)))
          .catch((err: unknown) => logger.warn({ err }, 'rate limits: cleanup failed'));
      }, CLEANUP_MS);
  cleanup?.unref();

  const limiters: RateLimiters = {
    async hit(name, key) {
      try {
        await (await get(name)).consume(key, 1);
      } catch (err) {
        if (err instanceof RateLimiterRes) throw new RateLimitedError(name, err.msBeforeNext);
        throw err;
      }
    },
    async hitAll(checks) {
      const taken: (readonly [RateLimitName, string])[] = [];
      try {
        for (const check of checks) {
          await limiters.hit(check[0], check[1]);
          taken.push(check);
        }
      } catch (err) {
        await Promise.all(taken.map(([name, key]) => limiters.refund(name, key).catch(() => {})));
        throw err;
      }
    },
    async assertUnder(name, key) {
      const limiter = await get(name);
      const state = await limiter.get(key);
      if (state && state.consumedPoints >= limiter.points) throw new RateLimitedError(name, state.msBeforeNext);
    },
    async refund(name, key) {
      await (await get(name)).reward(key, 1);
    },
    async reset(name, key) {
      await (await get(name)).delete(key);
    },
    async close() {
      clearInterval(cleanup);
      await redis?.quit().catch(() => redis.disconnect());
    },
  };
  return limiters;
}

/**
 * Redis is often shared (staging and production, several products, every
 * test database): counters are namespaced per database, so only processes
 * on the same database share them. The namespace is a random number kept
 * in a `rate_limits` row that never expires; the first process writes it.
 */
async function redisNamespace(db: Db): Promise<string> {
  await db
    .insert(rateLimits)
    .values({ key: NAMESPACE_KEY, points: randomInt(1, 2 ** 31 - 1), expire: null })
    .onConflictDoNothing();
  const [row] = await db.select({ points: rateLimits.points }).from(rateLimits).where(eq(rateLimits.key, NAMESPACE_KEY));
  return row!.points.toString(36);
}
