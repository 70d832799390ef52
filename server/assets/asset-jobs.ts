/**
 * @module server/assets/asset-jobs
 * Asset capture as a pg-boss job, `asset-capture`, one per stored chunk that
 * names an address (a singleton per chunk, so a retried upload queues it
 * once). Queued after ingest stores a chunk; the request never waits for it,
 * and a failure to queue is logged, never the upload's failure.
 *
 * Ingest holds requests a moment (`server/ingest/ingest-jobs.ts`), so a crash
 * can lose some: the catch-up sweep queued at every start
 * (`asset-capture-sweep`) queues every recent chunk that names files
 * (`event_chunks.names_assets`) and is not marked scanned (`asset_scans`).
 * Until then such a chunk replays with the site's own addresses, which the
 * advisor app's CSP does not fetch.
 */
import { and, asc, eq, gt, lt, notExists, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { assetScans, eventChunks } from '../../db/schema.ts';
import { startCatchUpSweep, type SweepBatch } from '../jobs/catch-up-sweep.ts';
import type { JobQueue, RetryPolicy } from '../jobs/job-queue.ts';
import type { Logger } from '../logger.ts';
import { captureChunkAssets, type CaptureLimits } from './asset-capture.ts';
import type { eventWithTime } from '@rrweb/types';
import { eventUrls } from './event-urls.ts';

export const ASSET_JOB = 'asset-capture';
/** Queued at every start: capture of the chunks whose request was lost. */
export const ASSET_SWEEP_JOB = 'asset-capture-sweep';
/** How far back the sweep looks: a crash loses requests of its last moments, and older chunks' replays were watched without. */
const SWEEP_DAYS = 7;
/** Chunks queued per sweep run; a bigger backlog continues in a follow-up run. */
const SWEEP_BATCH = 1_000;

export interface AssetCaptureJob {
  sessionId: string;
  seq: number;
}

/** Whether a chunk's events (as ingest parsed them) name an asset: most chunks (pointer moves, typing) name none. */
export const namesAssetUrls = (events: readonly unknown[]) => eventUrls(events as eventWithTime[]).length > 0;

const singletonKey = (job: AssetCaptureJob) => `${job.sessionId}:${job.seq}`;

/** Queues capture for a stored chunk; never throws. */
export async function requestAssetCapture(jobs: JobQueue, logger: Logger, job: AssetCaptureJob): Promise<void> {
  try {
    await jobs.send(ASSET_JOB, job, { singletonKey: singletonKey(job) });
  } catch (err) {
    logger.warn({ err, ...job }, 'assets: capture not queued');
  }
}

/** Queues capture for several stored chunks in one statement (still one singleton job each); never throws. */
export async function requestAssetCaptures(jobs: JobQueue, logger: Logger, batch: readonly AssetCaptureJob[]): Promise<void> {
  if (batch.length === 1) return requestAssetCapture(jobs, logger, batch[0]!);
  try {
    await jobs.sendMany(
      ASSET_JOB,
      batch.map((job) => ({ data: { sessionId: job.sessionId, seq: job.seq } satisfies AssetCaptureJob, singletonKey: singletonKey(job) })),
    );
  } catch (err) {
    logger.warn({ err, chunks: batch.length }, 'assets: capture not queued');
  }
}

/**
 * One catch-up sweep (`server/jobs/catch-up-sweep.ts`): queues the unscanned
 * chunks received before `startedAt` (this server's start: the requests of
 * later ones are this server's own, held or queued).
 */
export async function sweepAssetCapture(db: Db, jobs: JobQueue, logger: Logger, startedAt: Date): Promise<SweepBatch> {
  const since = new Date(Date.now() - SWEEP_DAYS * 24 * 3_600_000);
  const rows = await db
    .select({ sessionId: eventChunks.sessionId, seq: eventChunks.seq })
    .from(eventChunks)
    .where(
      and(
        eventChunks.namesAssets,
        gt(eventChunks.receivedAt, since),
        lt(eventChunks.receivedAt, startedAt),
        notExists(
          db
            .select({ one: sql`1` })
            .from(assetScans)
            .where(and(eq(assetScans.sessionId, eventChunks.sessionId), eq(assetScans.seq, eventChunks.seq))),
        ),
      ),
    )
    .orderBy(asc(eventChunks.receivedAt), asc(eventChunks.sessionId), asc(eventChunks.seq))
    .limit(SWEEP_BATCH);
  if (rows.length > 0) {
    await requestAssetCaptures(jobs, logger, rows);
    logger.info({ chunks: rows.length }, 'assets: capture sweep');
  }
  return { queued: rows.map((r) => `${r.sessionId}/${r.seq}`), full: rows.length === SWEEP_BATCH };
}

export async function startAssetCapture(deps: {
  db: Db;
  jobs: JobQueue;
  logger: Logger;
  retry: RetryPolicy;
  limits: CaptureLimits;
}): Promise<void> {
  const { db, jobs, retry, limits } = deps;
  const logger = deps.logger.child({ module: 'assets' });
  await jobs.define<AssetCaptureJob>({
    name: ASSET_JOB,
    ...retry,
    // A chunk naming many slow files: each fetch has its own time limit.
    expireInSeconds: 900,
    concurrency: 2,
    async handler({ sessionId, seq }) {
      await captureChunkAssets(db, logger, limits, sessionId, seq);
    },
  });
  await startCatchUpSweep(
    { db, jobs, retry, logger },
    { name: ASSET_SWEEP_JOB, run: (startedAt) => sweepAssetCapture(db, jobs, logger, startedAt) },
  );
}
