/**
 * @module server/tutorials/guide/guide-service
 * The written guide of a published version, as the routes answer it: the
 * pictures there are (linked at their public address in Markdown, inlined
 * in HTML), whether all are there, and — when some are missing and a
 * browser can draw them — the job that draws them queued again (unless it
 * already failed for good: then the guide says so).
 */
import type { Context } from 'hono';
import type { Db } from '../../../db/client.ts';
import {
  GUIDE_PICTURES_HEADER,
  TUTORIAL_PAGE_BASE,
  type GuidePictures,
  type TutorialSnapshot,
} from '../../../protocol/tutorials-constants.ts';
import type { JobQueue } from '../../jobs/job-queue.ts';
import type { Logger } from '../../logger.ts';
import { tutorialUrl } from '../tutorial-dto.ts';
import { guideHtml, guideMarkdown, type GuideInput } from './guide-document.ts';
import { requestGuidePictures } from './guide-pictures-job.ts';
import { picturedSteps, picturesOf } from './step-pictures.ts';

export type GuideFormat = 'md' | 'html';

export interface GuideVersion {
  slug: string;
  versionId: string;
  number: number;
  publishedAt: Date;
  snapshot: TutorialSnapshot;
}

export interface GuideDeps {
  db: Db;
  jobs: JobQueue;
  logger: Logger;
  chromiumPath: string | undefined;
}

const PICTURE_NAME = /^v([1-9][0-9]{0,8})-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.png$/;

/** A step picture's file name: the version and the step, so its address changes with the version. */
export const pictureName = (version: number, stepId: string) => `v${version}-${stepId}.png`;

/** The version and step a picture's file name names, or undefined. */
export function parsePictureName(name: string): { version: number; stepId: string } | undefined {
  const m = PICTURE_NAME.exec(name.toLowerCase());
  return m ? { version: Number(m[1]), stepId: m[2]! } : undefined;
}

/** A step picture's absolute address (`PUBLIC_URL/t/:slug/pictures/v1-<step>.png`). */
export const pictureUrl = (publicUrl: string, slug: string, version: number, stepId: string) =>
  `${publicUrl}${TUTORIAL_PAGE_BASE}/${encodeURIComponent(slug)}/pictures/${pictureName(version, stepId)}`;

export async function writtenGuide(
  deps: GuideDeps,
  v: GuideVersion,
  format: GuideFormat,
  publicUrl: string,
): Promise<{ text: string; pictures: GuidePictures }> {
  const { db } = deps;
  const stepIds = v.snapshot.steps.map((s) => s.id);
  const have = await picturedSteps(db, v.versionId);
  let pictures: GuidePictures = 'complete';
  if (stepIds.some((id) => !have.has(id))) pictures = await requestGuidePictures(deps, v.versionId);
  const input: Omit<GuideInput, 'pictureOf'> = {
    snapshot: v.snapshot,
    version: v.number,
    publishedAt: v.publishedAt,
    tutorialUrl: tutorialUrl(publicUrl, v.slug),
    pictures,
  };
  if (format === 'md') {
    const pictureOf = (id: string) => (have.has(id) ? pictureUrl(publicUrl, v.slug, v.number, id) : null);
    return { text: guideMarkdown({ ...input, pictureOf }), pictures };
  }
  // Inlined: the page stays whole when saved, and an org tutorial's pictures need no sign-in of the reader's browser.
  const stored = await picturesOf(db, v.versionId, [...have]);
  const pictureOf = (id: string) => {
    const p = stored.get(id);
    return p ? `data:image/png;base64,${Buffer.from(p.png).toString('base64')}` : null;
  };
  return { text: guideHtml({ ...input, pictureOf }), pictures };
}

/** Answers a guide: its media type, the pictures' state header, a file name for saving it. */
export function sendGuide(c: Context, format: GuideFormat, guide: { text: string; pictures: GuidePictures }, slug: string) {
  c.header(GUIDE_PICTURES_HEADER, guide.pictures);
  c.header('Access-Control-Expose-Headers', GUIDE_PICTURES_HEADER);
  c.header('Content-Disposition', `inline; filename="${slug.replace(/[^A-Za-z0-9_-]/g, '')}-guide.${format}"`);
  c.header('Content-Type', format === 'md' ? 'text/markdown; charset=utf-8' : 'text/html; charset=utf-8');
  return c.body(guide.text, 200);
}
