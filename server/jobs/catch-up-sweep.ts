/**
 * @module server/jobs/catch-up-sweep
 * A catch-up sweep as a pg-boss job, queued at every start: work that a
 * request asks for is queued after the request's own write, or held a moment
 * in memory first (`server/ingest/session-throttle.ts`), so a crash can lose
 * the request for it. The sweep looks in the data for what still waits and
 * queues it again, a batch per run; a full batch queues a follow-up run a
 * little later (the queued jobs go first, and the next batch sees them done).
 *
 * Used by search indexing, chunk compaction and asset capture.
 */
import type { JobQueue, RetryPolicy } from './job-queue.ts';

/** How long a follow-up run waits after a full batch. */
const FOLLOW_UP_DELAY_MS = 30_000;

export interface CatchUpSweep {
  /** The job's name (one singleton per name). */
  name: string;
  /**
   * One batch: queues what waits; true when the batch was full (more may
   * wait). `startedAt`: this server's start; what came later is its own
   * requests' (held or queued), not lost, and may be left alone.
   */
  run(startedAt: Date): Promise<boolean>;
}

/** Defines the sweep's job and queues its first run. */
export async function startCatchUpSweep(jobs: JobQueue, retry: RetryPolicy, sweep: CatchUpSweep): Promise<void> {
  const startedAt = new Date();
  await jobs.define<object>({
    name: sweep.name,
    ...retry,
    concurrency: 1,
    async handler() {
      if (await sweep.run(startedAt)) {
        await jobs.send(sweep.name, {}, { singletonKey: 'sweep', startAfter: new Date(Date.now() + FOLLOW_UP_DELAY_MS) });
      }
    },
  });
  await jobs.send(sweep.name, {}, { singletonKey: 'sweep' });
}
