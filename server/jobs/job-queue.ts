/**
 * @module server/jobs/job-queue
 * Background work in PostgreSQL, through pg-boss: jobs survive restarts, are
 * claimed with `SKIP LOCKED` (several server processes share the work), are
 * retried with exponential backoff, and a singleton key makes a send
 * idempotent while an equal job is still waiting. The queue runs in the
 * server's own database (schema `pgboss`) on both drivers (see
 * `pg-boss-db.ts`).
 *
 * Lifecycle: `JobQueue.create()` starts pg-boss (creating or migrating its
 * schema), `define()` registers a queue and its worker, `close()` stops the
 * workers (letting running jobs finish) and is idempotent.
 */
import { PgBoss, type Job } from 'pg-boss';
import type { Database } from '../../db/client.ts';
import type { Logger } from '../logger.ts';
import { bossDb } from './pg-boss-db.ts';

export const JOB_SCHEMA = 'pgboss';

export interface RetryPolicy {
  /** Retries after the first attempt (so `retryLimit + 1` attempts in all). */
  retryLimit: number;
  /** First retry delay in whole seconds; doubles (with jitter) at each retry. */
  retryDelaySeconds: number;
  /** Cap of the delay between retries. */
  retryDelayMaxSeconds?: number;
}

/** What a handler knows about the attempt it runs. */
export interface JobAttemptInfo {
  jobId: string;
  /** 0 for the first attempt. */
  retryCount: number;
  /** True when a failure now is final (no retry follows). */
  lastAttempt: boolean;
}

export interface JobDefinition<T extends object> extends RetryPolicy {
  name: string;
  /** A job running longer than this is considered lost and retried. */
  expireInSeconds?: number;
  /** Jobs run at the same time by this process. */
  concurrency?: number;
  handler(data: T, attempt: JobAttemptInfo): Promise<void>;
}

export interface SendOptions {
  /** At most one waiting job per key and queue: a second send returns null. */
  singletonKey?: string;
  startAfter?: Date;
}

export interface SendManyItem {
  data: object;
  singletonKey?: string;
  startAfter?: Date;
}

/** Sends held back in memory for a while (ingest's per-session throttle): waited for by idle(), sent by close(). */
export interface DeferredSends {
  /** How many are held or being sent. */
  readonly held: number;
  /** Sends them now. */
  flush(): Promise<void>;
}

export interface JobQueueOptions {
  database: Database;
  logger: Logger;
  /** How often idle workers look for new jobs (LISTEN/NOTIFY wakes them sooner). */
  pollingIntervalSeconds?: number;
}

const STOP_TIMEOUT_MS = 10_000;

export class JobQueue {
  readonly #boss: PgBoss;
  readonly #logger: Logger;
  readonly #pollingIntervalSeconds: number;
  readonly #names = new Set<string>();
  readonly #deferred = new Set<DeferredSends>();
  #closed = false;
  #closing: Promise<void> | undefined;

  private constructor(boss: PgBoss, logger: Logger, pollingIntervalSeconds: number) {
    this.#boss = boss;
    this.#logger = logger;
    this.#pollingIntervalSeconds = pollingIntervalSeconds;
  }

  static async create(options: JobQueueOptions): Promise<JobQueue> {
    const logger = options.logger.child({ module: 'jobs' });
    const boss = new PgBoss({
      db: bossDb(options.database),
      backend: options.database.kind === 'pglite' ? 'pglite' : 'postgres',
      schema: JOB_SCHEMA,
      useListenNotify: true,
      // Cron schedules are not used; the timers are jobs with a start time.
      schedule: false,
    });
    boss.on('error', (err) => logger.error({ err }, 'job queue error'));
    boss.on('warning', (warning) => logger.warn({ warning }, 'job queue warning'));
    await boss.start();
    return new JobQueue(boss, logger, options.pollingIntervalSeconds ?? 1);
  }

  /** Creates (or updates) the queue and starts its worker in this process. */
  async define<T extends object>(definition: JobDefinition<T>): Promise<void> {
    const { name, retryLimit, retryDelaySeconds, retryDelayMaxSeconds, expireInSeconds = 120 } = definition;
    const options = {
      // NOTE: 'stately': one queued and one active job per singleton key, so a
      // repeated send (a retried request, a second process) is a no-op.
      policy: 'stately' as const,
      retryLimit,
      retryDelay: retryDelaySeconds,
      retryBackoff: retryDelaySeconds > 0,
      // pg-boss takes a maximum only with backoff (a zero delay, JOB_RETRY_DELAY_SECONDS=0, has none).
      ...(retryDelayMaxSeconds === undefined || retryDelaySeconds === 0 ? {} : { retryDelayMax: retryDelayMaxSeconds }),
      expireInSeconds,
      notify: true,
    };
    if (await this.#boss.getQueue(name)) {
      const { policy: _, ...changeable } = options;
      await this.#boss.updateQueue(name, changeable);
    } else {
      await this.#boss.createQueue(name, options);
    }
    this.#names.add(name);
    await this.#boss.work<T>(
      name,
      {
        batchSize: 1,
        localConcurrency: definition.concurrency ?? 4,
        pollingIntervalSeconds: this.#pollingIntervalSeconds,
        // NOTE: NOTIFY wakes workers for new jobs only; retries and timers
        // (start_after) become due silently, so keep polling at the base rate.
        notifyPollingIntervalSeconds: this.#pollingIntervalSeconds,
      },
      async ([job]: Job<T>[]) => {
        if (!job) return;
        const attempt = { jobId: job.id, retryCount: job.retryCount, lastAttempt: job.retryCount >= retryLimit };
        try {
          await definition.handler(job.data, attempt);
        } catch (err) {
          this.#logger.warn({ err, job: name, jobId: job.id, attempt: job.retryCount + 1 }, 'job failed');
          throw err;
        }
      },
    );
  }

  /** Queues a job; null when an equal singleton job is already waiting. */
  async send(name: string, data: object, options: SendOptions = {}): Promise<string | null> {
    if (this.#closed) throw new Error('the job queue is closed');
    return this.#boss.send(name, data, {
      ...(options.singletonKey ? { singletonKey: options.singletonKey } : {}),
      ...(options.startAfter ? { startAfter: options.startAfter } : {}),
    });
  }

  /** Queues several jobs of one queue in one statement; singletons already waiting are skipped. */
  async sendMany(name: string, items: readonly SendManyItem[]): Promise<void> {
    if (this.#closed) throw new Error('the job queue is closed');
    if (items.length === 0) return;
    await this.#boss.insert(
      name,
      items.map((item) => ({
        data: item.data,
        ...(item.singletonKey ? { singletonKey: item.singletonKey } : {}),
        ...(item.startAfter ? { startAfter: item.startAfter } : {}),
      })),
    );
  }

  /** Registers sends held in memory: idle() waits for them, close() sends them before stopping. */
  defer(source: DeferredSends): void {
    this.#deferred.add(source);
  }

  /**
   * Resolves once no job of this queue's definitions is running or ready to
   * run, and none is waiting for a retry (timers set further ahead than
   * `horizonMs` do not count), and no send is held back (`defer()`). For
   * tests and graceful tooling. The default wait is generous: a CI machine
   * running test files side by side drew a few guide pictures in over 30 s.
   */
  async idle({ timeoutMs = 60_000, horizonMs = 60_000 } = {}): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      let pending = 0;
      for (const source of this.#deferred) pending += source.held;
      pending += await this.pendingCount(horizonMs);
      if (pending === 0) return;
      if (Date.now() > deadline) throw new Error(`job queue still has ${pending} pending job(s) after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Jobs created, retrying or active and due within `horizonMs`. */
  async pendingCount(horizonMs = 0): Promise<number> {
    const names = [...this.#names];
    if (names.length === 0) return 0;
    const { rows } = await this.#boss.getDb().executeSql(
      `SELECT count(*)::int AS n FROM ${JOB_SCHEMA}.job
        WHERE name = ANY($1::text[]) AND state IN ('created', 'retry', 'active')
          AND (state = 'active' OR start_after <= now() + make_interval(secs => $2::float8 / 1000))`,
      [names, horizonMs],
    );
    const [first] = rows as { n: number }[];
    return Number(first?.n ?? 0);
  }

  /** Jobs of this queue and singleton key that failed for good (every retry used), kept for pg-boss's retention. */
  async failedCount(name: string, singletonKey: string): Promise<number> {
    const { rows } = await this.#boss
      .getDb()
      .executeSql(`SELECT count(*)::int AS n FROM ${JOB_SCHEMA}.job WHERE name = $1 AND singleton_key = $2 AND state = 'failed'`, [
        name,
        singletonKey,
      ]);
    const [first] = rows as { n: number }[];
    return Number(first?.n ?? 0);
  }

  /** Jobs created, retrying or active per queue (timers included), for admins. */
  async pendingByQueue(names: string[]): Promise<{ name: string; pending: number }[]> {
    const { rows } = await this.#boss.getDb().executeSql(
      `SELECT name, count(*)::int AS n FROM ${JOB_SCHEMA}.job
        WHERE name = ANY($1::text[]) AND state IN ('created', 'retry', 'active') GROUP BY name`,
      [names],
    );
    const counts = new Map(rows.map((r: { name: string; n: number }) => [r.name, Number(r.n)]));
    return names.map((name) => ({ name, pending: counts.get(name) ?? 0 }));
  }

  close(): Promise<void> {
    return (this.#closing ??= this.#close());
  }

  async #close(): Promise<void> {
    // Held sends first, while the queue still takes them.
    for (const source of this.#deferred) await source.flush().catch((err: unknown) => this.#logger.warn({ err }, 'held jobs not sent'));
    this.#closed = true;
    await this.#boss.stop({ graceful: true, timeout: STOP_TIMEOUT_MS, close: false }).catch((err) => {
      this.#logger.warn({ err }, 'job queue did not stop cleanly');
    });
  }
}
