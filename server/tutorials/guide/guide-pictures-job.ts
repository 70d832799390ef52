/**
 * @module server/tutorials/guide/guide-pictures-job
 * The `tutorial-guide-pictures` job: draws the missing step pictures of one
 * published version (queued on publish, and by a guide asked for while some
 * are missing; a singleton per version). It reads ONLY the version's own
 * redacted events (`tutorial_version_chunks`), never the recording, made
 * offline by the pure rewrite the embed uses too (`shared/offline-events.ts`,
 * shared rather than copied) before the renderer sees them. Without
 * a browser (no `CHROMIUM_PATH`, no /usr/bin/chromium) nothing is queued and
 * guides say they have no pictures.
 *
 * Bounded: a job is tried {@link GUIDE_PICTURES_ATTEMPTS} times (pg-boss
 * retries); once one failed for good (a browser crashing on this version),
 * asking for the guide no longer queues it and the guide says the pictures
 * failed. Publishing again (a new version) tries again; so does asking once
 * pg-boss's retention dropped the failed job (14 days).
 */
import { eq } from 'drizzle-orm';
import type { eventWithTime } from '@rrweb/types';
import { offlineEvents } from '../../../shared/offline-events.ts';
import type { Db } from '../../../db/client.ts';
import { tutorialVersions } from '../../../db/schema.ts';
import type { JobQueue } from '../../jobs/job-queue.ts';
import type { Logger } from '../../logger.ts';
import { versionEventsJson } from '../public/published-tutorial.ts';
import { chromiumAvailable, renderStepPictures } from './step-picture-renderer.ts';
import { picturedSteps, savePictures } from './step-pictures.ts';

export const GUIDE_PICTURES_JOB = 'tutorial-guide-pictures';

/** No address is the renderer's own: every one is rewritten (an origin no URL has). */
const NO_ORIGIN = 'https://guide-renderer.invalid';

export interface GuidePicturesJob {
  versionId: string;
}

/** Attempts of one version's job: the first and its retries. */
export const GUIDE_PICTURES_ATTEMPTS = 3;

export interface GuidePictureDeps {
  db: Db;
  jobs: JobQueue;
  logger: Logger;
  chromiumPath: string | undefined;
  /** The first retry's delay (doubling after): the server's `JOB_RETRY_DELAY_SECONDS`. */
  retryDelaySeconds: number;
}

/**
 * Queues drawing a version's missing pictures, unless there is no browser to draw with (`unavailable`) or
 * its job already failed for good (`failed`). Never throws.
 */
export async function requestGuidePictures(
  deps: Pick<GuidePictureDeps, 'jobs' | 'logger' | 'chromiumPath'>,
  versionId: string,
): Promise<'pending' | 'unavailable' | 'failed'> {
  if (!chromiumAvailable(deps.chromiumPath)) return 'unavailable';
  try {
    if ((await deps.jobs.failedCount(GUIDE_PICTURES_JOB, versionId)) > 0) return 'failed';
    await deps.jobs.send(GUIDE_PICTURES_JOB, { versionId } satisfies GuidePicturesJob, { singletonKey: versionId });
  } catch (err) {
    deps.logger.warn({ err, versionId }, 'guide: pictures not queued (asking for the guide queues them again)');
  }
  return 'pending';
}

/** Draws and stores the pictures a version lacks; answers how many were stored. */
export async function drawMissingPictures(db: Db, chromiumPath: string, versionId: string, logger: Logger): Promise<number> {
  const [version] = await db.select().from(tutorialVersions).where(eq(tutorialVersions.id, versionId));
  if (!version) return 0;
  const events = JSON.parse((await versionEventsJson(db, versionId)).toString('utf8')) as eventWithTime[];
  // No events: the version was re-published or unpublished meanwhile; its pictures are not wanted.
  if (events.length === 0) return 0;
  const have = await picturedSteps(db, versionId);
  const steps = version.snapshot.steps.filter((s) => !have.has(s.id));
  if (steps.length === 0) return 0;
  // The embed's own rewrite first (images the recording only linked to become its grey stand-in rather than a broken
  // image); the renderer refuses whatever would still reach out.
  const { pictures, blockedRequests } = await renderStepPictures(chromiumPath, offlineEvents(events, NO_ORIGIN), steps);
  const stored = await savePictures(db, versionId, pictures);
  logger.info({ versionId, pictures: stored, blockedRequests: blockedRequests.length }, 'guide: step pictures drawn');
  return stored;
}

export async function startGuidePictures(deps: GuidePictureDeps): Promise<void> {
  const { db, jobs, chromiumPath } = deps;
  const logger = deps.logger.child({ module: 'tutorial-guide' });
  await jobs.define<GuidePicturesJob>({
    name: GUIDE_PICTURES_JOB,
    retryLimit: GUIDE_PICTURES_ATTEMPTS - 1,
    retryDelaySeconds: deps.retryDelaySeconds,
    // A long tutorial: a browser start and a picture a step.
    expireInSeconds: 600,
    // One browser at a time per process.
    concurrency: 1,
    async handler({ versionId }, attempt) {
      if (!chromiumAvailable(chromiumPath)) return;
      try {
        await drawMissingPictures(db, chromiumPath, versionId, logger);
      } catch (err) {
        if (attempt.lastAttempt) logger.error({ err, versionId }, 'guide: step pictures failed for good (the guide says so)');
        throw err;
      }
    },
  });
}
