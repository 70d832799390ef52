/**
 * @module server/assets/asset-jobs
 * Asset capture as a pg-boss job, `asset-capture`, one per stored chunk that
 * names an address (a singleton per chunk, so a retried upload queues it
 * once). Queued after ingest stores a chunk; the request never waits for it,
 * and a failure to queue is logged, never the upload's failure.
 */
import type { Db } from '../../db/client.ts';
import type { JobQueue, RetryPolicy } from '../jobs/job-queue.ts';
import type { Logger } from '../logger.ts';
import { captureChunkAssets, type CaptureLimits } from './asset-capture.ts';
import type { eventWithTime } from '@rrweb/types';
import { eventUrls } from './event-urls.ts';

export const ASSET_JOB = 'asset-capture';

export interface AssetCaptureJob {
  sessionId: string;
  seq: number;
}

/** Whether a chunk's events (as ingest parsed them) name an asset: most chunks (pointer moves, typing) name none. */
export const namesAssetUrls = (events: readonly unknown[]) => eventUrls(events as eventWithTime[]).length > 0;

/** Queues capture for a stored chunk; never throws. */
export async function requestAssetCapture(jobs: JobQueue, logger: Logger, job: AssetCaptureJob): Promise<void> {
  try {
    await jobs.send(ASSET_JOB, job, { singletonKey: `${job.sessionId}:${job.seq}` });
  } catch (err) {
    logger.warn({ err, ...job }, 'assets: capture not queued');
  }
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
}
