/**
 * @module server/search/search-jobs
 * Keeping the index current, as pg-boss jobs: `search-index` (re)indexes one
 * subject (a singleton per subject, so a burst of chunks or messages queues
 * one run; a session's run waits `SEARCH_INDEX_DELAY_SECONDS` for more
 * chunks, and while its recording goes on indexes only once it has grown by
 * a quarter: `session-index-pace.ts`), and `search-sweep` — queued at every
 * start — catches up after a crash or a missed job: it queues every subject
 * whose index lags its source and drops index entries whose source is gone.
 *
 * Nothing here may fail the request that changed the source: a failure to
 * queue is logged, and the next start's sweep finds the subject.
 */
import type { Db } from '../../db/client.ts';
import { SEARCH_KINDS, type SearchKind } from '../../protocol/search-constants.ts';
import { startCatchUpSweep, type SweepBatch } from '../jobs/catch-up-sweep.ts';
import type { JobQueue, RetryPolicy } from '../jobs/job-queue.ts';
import type { Logger } from '../logger.ts';
import { removeSubjects } from './index-store.ts';
import { SEARCH_KIND_DEFINITIONS } from './search-kinds.ts';
import { paceSessionIndex, sessionIndexState } from './session-index-pace.ts';

export const SEARCH_JOBS = { index: 'search-index', sweep: 'search-sweep' } as const;

export interface SearchIndexJob {
  kind: SearchKind;
  id: string;
}

/** Subjects queued (or dropped) per sweep run; a bigger backlog continues in a follow-up run. */
const SWEEP_BATCH = 1_000;

/** Queues (re)indexing one subject after `delayMs`; never throws. */
export async function requestSearchIndex(jobs: JobQueue, logger: Logger, job: SearchIndexJob, delayMs = 0): Promise<void> {
  try {
    await jobs.send(SEARCH_JOBS.index, job, {
      singletonKey: `${job.kind}:${job.id}`,
      ...(delayMs > 0 ? { startAfter: new Date(Date.now() + delayMs) } : {}),
    });
  } catch (err) {
    logger.warn({ err, ...job }, 'search: indexing not queued (the next sweep catches up)');
  }
}

/** One sweep: lagging subjects queued, orphans removed; full when a kind had a full batch (more may wait). */
export async function sweepSearchIndex(db: Db, jobs: JobQueue, logger: Logger): Promise<SweepBatch> {
  let full = false;
  const queued: string[] = [];
  for (const kind of SEARCH_KINDS) {
    const definition = SEARCH_KIND_DEFINITIONS[kind];
    const lagging = await definition.lagging(db, SWEEP_BATCH);
    for (const id of lagging) {
      await requestSearchIndex(jobs, logger, { kind, id });
      queued.push(`${kind}:${id}`);
    }
    const orphans = await definition.orphans(db, SWEEP_BATCH);
    await removeSubjects(db, kind, orphans);
    queued.push(...orphans.map((id) => `orphan:${kind}:${id}`));
    if (lagging.length || orphans.length) logger.info({ kind, queued: lagging.length, removed: orphans.length }, 'search: sweep');
    full ||= lagging.length === SWEEP_BATCH || orphans.length === SWEEP_BATCH;
  }
  return { queued, full };
}

export interface SearchIndexDeps {
  db: Db;
  jobs: JobQueue;
  logger: Logger;
  /** A session with no chunk for this long is paused or over: its run indexes it whatever it grew (`session-index-pace.ts`). */
  sessionQuietMs: number;
}

/** One `search-index` run; a session's is paced while its recording goes on (`session-index-pace.ts`). */
export async function runSearchIndex(deps: SearchIndexDeps, { kind, id }: SearchIndexJob): Promise<void> {
  const definition = SEARCH_KINDS.includes(kind) ? SEARCH_KIND_DEFINITIONS[kind] : undefined;
  if (!definition) return;
  if (kind === 'session') {
    const pace = paceSessionIndex(await sessionIndexState(deps.db, id), deps.sessionQuietMs);
    if (pace.followUpInMs !== null) await requestSearchIndex(deps.jobs, deps.logger, { kind, id }, pace.followUpInMs);
    if (!pace.index) return;
  }
  await definition.index(deps.db, id);
}

export async function startSearchIndexing(deps: SearchIndexDeps & { retry: RetryPolicy }): Promise<void> {
  const { db, jobs, retry } = deps;
  const logger = deps.logger.child({ module: 'search' });
  await jobs.define<SearchIndexJob>({
    name: SEARCH_JOBS.index,
    ...retry,
    // A long recording takes a while to read and replay.
    expireInSeconds: 600,
    concurrency: 2,
    handler: (job) => runSearchIndex({ db, jobs, logger, sessionQuietMs: deps.sessionQuietMs }, job),
  });
  await startCatchUpSweep({ db, jobs, retry, logger }, { name: SEARCH_JOBS.sweep, run: () => sweepSearchIndex(db, jobs, logger) });
}
