/**
 * @module server/jobs/catch-up-sweep
 * A catch-up sweep as a pg-boss job, queued at every start: work that a
 * request asks for is queued after the request's own write, or held a moment
 * in memory first (`server/ingest/session-throttle.ts`), so a crash can lose
 * the request for it. The sweep looks in the data for what still waits and
 * queues it again, a batch per run; a full batch queues a follow-up run a
 * little later (the queued jobs go first, and the next batch sees them done).
 *
 * A full batch the same as the run before's is work whose jobs ran and did
 * not finish it, or have not run yet: jobs that fail for good would
 * otherwise be queued again every {@link FOLLOW_UP_DELAY_MS} for as long as
 * the server runs. Each such run doubles the wait before the next (up to
 * {@link MAX_FOLLOW_UP_DELAY_MS}); a batch that changed brings it back down.
 * What a run needs of the one before (its batch's fingerprint, its wait)
 * travels in the follow-up job's data, so it holds whichever process runs it.
 *
 * A sweep's start is read from the database's clock, the one that stamps
 * `received_at`: an app server whose clock is behind the database's would
 * otherwise leave out what arrived in the moments before it started, which
 * is what a crash loses.
 *
 * Used by search indexing, chunk compaction and asset capture.
 */
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { rows, type Db } from '../../db/client.ts';
import type { Logger } from '../logger.ts';
import type { JobQueue, RetryPolicy } from './job-queue.ts';

/** How long a follow-up run waits after a full batch. */
export const FOLLOW_UP_DELAY_MS = 30_000;
/** The longest a follow-up waits after full batches that were the same as the one before. */
export const MAX_FOLLOW_UP_DELAY_MS = 3_600_000;

/** What one run of a sweep queued. */
export interface SweepBatch {
  /** Keys of what it queued (or settled), unique within the sweep: how a run tells the same work as the run before's. */
  queued: readonly string[];
  /** The batch was full: more may wait. */
  full: boolean;
}

export interface CatchUpSweep {
  /** The job's name (one singleton per name). */
  name: string;
  /**
   * One batch: queues what waits. `startedAt`: this server's start, by the
   * database's clock; what came later is its own requests' (held or
   * queued), not lost, and may be left alone.
   */
  run(startedAt: Date): Promise<SweepBatch>;
}

export interface SweepDeps {
  db: Db;
  jobs: JobQueue;
  retry: RetryPolicy;
  logger: Logger;
}

/** A follow-up run's job data: what the run before found and waited. */
export interface SweepRun {
  /** The run before's batch ({@link batchFingerprint}). */
  previous?: string;
  /** The wait before this run. */
  waitedMs?: number;
}

export interface SweepPacing {
  followUpDelayMs: number;
  maxFollowUpDelayMs: number;
}

/** A batch's keys, in any order, as a short text: two runs that found the same work have the same. */
export function batchFingerprint(batch: SweepBatch): string {
  return createHash('sha256')
    .update([...batch.queued].sort().join('\n'))
    .digest('base64url');
}

/**
 * The wait before the next run: none when the batch was not full; the
 * base delay when it differs from the run before's, else twice the last wait.
 */
export function nextFollowUp(batch: SweepBatch, run: SweepRun, pacing: SweepPacing): number | null {
  if (!batch.full) return null;
  if (batchFingerprint(batch) !== run.previous) return pacing.followUpDelayMs;
  return Math.min(Math.max(run.waitedMs ?? 0, pacing.followUpDelayMs) * 2, pacing.maxFollowUpDelayMs);
}

/** The database's clock now. */
export async function databaseNow(db: Db): Promise<Date> {
  const [row] = await rows<{ now: string }>(db, sql`select clock_timestamp()::text as now`);
  return new Date(row!.now);
}

/** Defines the sweep's job and queues its first run. */
export async function startCatchUpSweep(
  { db, jobs, retry, logger }: SweepDeps,
  sweep: CatchUpSweep,
  pacing: SweepPacing = { followUpDelayMs: FOLLOW_UP_DELAY_MS, maxFollowUpDelayMs: MAX_FOLLOW_UP_DELAY_MS },
): Promise<void> {
  const startedAt = await databaseNow(db);
  await jobs.define<SweepRun>({
    name: sweep.name,
    ...retry,
    concurrency: 1,
    async handler(run) {
      const batch = await sweep.run(startedAt);
      const delayMs = nextFollowUp(batch, run, pacing);
      if (delayMs === null) return;
      if (delayMs > pacing.followUpDelayMs) {
        logger.warn({ sweep: sweep.name, waiting: batch.queued.length, nextInMs: delayMs }, 'catch-up sweep: the same work still waits');
      }
      const next: SweepRun = { previous: batchFingerprint(batch), waitedMs: delayMs };
      await jobs.send(sweep.name, next, { singletonKey: 'sweep', startAfter: new Date(Date.now() + delayMs) });
    },
  });
  await jobs.send(sweep.name, {} satisfies SweepRun, { singletonKey: 'sweep' });
}
