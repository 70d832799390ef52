/**
 * @module server/ingest/ingest-jobs
 * The jobs a stored chunk asks for, sent through per-session throttles
 * (`session-throttle.ts`) so the upload path does not pay a job-queue round
 * trip per chunk:
 * - `search-index` of its session (server/search): at most one send per
 *   `SEARCH_INDEX_DELAY_SECONDS`; the trailing send asks for the run that
 *   delay after the last held chunk, as an unthrottled send would have.
 * - `asset-capture` of each chunk naming files (server/assets): at most one
 *   send per {@link CAPTURE_WINDOW_MS}; the held chunks' jobs are queued in
 *   one statement (still one job per chunk, singleton per chunk).
 * - `chunk-compaction` of its session (server/storage): like search, at most
 *   one send per `SEARCH_INDEX_DELAY_SECONDS`, the trailing one that delay
 *   after the last held chunk, so a session's last chunks are compacted too.
 * With a zero window (tests' search delay) every request is sent at once.
 */
import { requestAssetCaptures } from '../assets/asset-jobs.ts';
import { requestSearchIndex } from '../search/search-jobs.ts';
import { requestCompaction } from '../storage/chunk-compaction.ts';
import type { AppDeps } from '../types.ts';
import { SessionThrottle } from './session-throttle.ts';

/** How long capture requests of a session are collected: short, as replays opened soon after want the copies. */
export const CAPTURE_WINDOW_MS = 1_000;

export interface IngestJobs {
  /** A chunk of the session was stored: (re)index the session's text. */
  chunkStored(sessionId: string): Promise<void>;
  /** A stored chunk names files: capture them. */
  chunkNamesAssets(sessionId: string, seq: number): Promise<void>;
  /** A chunk of the session was stored: compact the session's chunks once they settle. */
  chunkSettling(sessionId: string): Promise<void>;
}

export function ingestJobs({ jobs, logger, config }: Pick<AppDeps, 'jobs' | 'logger' | 'config'>): IngestJobs {
  const delayMs = config.searchIndexDelayMs;
  const search = new SessionThrottle<number>(delayMs, async (sessionId, storedAt) => {
    const after = Math.max(...storedAt) + delayMs - Date.now();
    await requestSearchIndex(jobs, logger, { kind: 'session', id: sessionId }, Math.max(0, after));
  });
  const capture = new SessionThrottle<number>(CAPTURE_WINDOW_MS, (sessionId, seqs) =>
    requestAssetCaptures(
      jobs,
      logger,
      seqs.map((seq) => ({ sessionId, seq })),
    ),
  );
  const compaction = new SessionThrottle<number>(delayMs, async (sessionId, storedAt) => {
    const after = Math.max(...storedAt) + delayMs - Date.now();
    await requestCompaction(jobs, logger, sessionId, Math.max(0, after));
  });
  jobs.defer(search);
  jobs.defer(capture);
  jobs.defer(compaction);
  return {
    chunkStored: (sessionId) => search.request(sessionId, Date.now()),
    chunkNamesAssets: (sessionId, seq) => capture.request(sessionId, seq),
    chunkSettling: (sessionId) => compaction.request(sessionId, Date.now()),
  };
}
