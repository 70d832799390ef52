/**
 * @module server/tutorials/guide/guide-pictures-job
 * The `tutorial-guide-pictures` job: draws the missing step pictures of one
 * published version (queued on publish, and by a guide asked for while some
 * are missing; a singleton per version). It reads ONLY the version's own
 * redacted events (`tutorial_version_chunks`), never the recording, made
 * offline by the embed's pure rewrite (`client/tutorial-embed/offline-events.ts`,
 * shared rather than copied) before the renderer sees them. Without
 * a browser (no `CHROMIUM_PATH`, no /usr/bin/chromium) nothing is queued and
 * guides say they have no pictures.
 */
import { eq } from 'drizzle-orm';
import type { eventWithTime } from '@rrweb/types';
import { offlineEvents } from '../../../client/tutorial-embed/offline-events.ts';
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

export interface GuidePictureDeps {
  db: Db;
  jobs: JobQueue;
  logger: Logger;
  chromiumPath: string | undefined;
}

/** Queues drawing a version's missing pictures; false when there is no browser to draw with. Never throws. */
export async function requestGuidePictures(deps: Omit<GuidePictureDeps, 'db'>, versionId: string): Promise<boolean> {
  if (!chromiumAvailable(deps.chromiumPath)) return false;
  try {
    await deps.jobs.send(GUIDE_PICTURES_JOB, { versionId } satisfies GuidePicturesJob, { singletonKey: versionId });
  } catch (err) {
    deps.logger.warn({ err, versionId }, 'guide: pictures not queued (asking for the guide queues them again)');
  }
  return true;
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
    retryLimit: 2,
    retryDelaySeconds: 30,
    // A long tutorial: a browser start and a picture a step.
    expireInSeconds: 600,
    // One browser at a time per process.
    concurrency: 1,
    async handler({ versionId }) {
      if (!chromiumAvailable(chromiumPath)) return;
      await drawMissingPictures(db, chromiumPath, versionId, logger);
    },
  });
}
