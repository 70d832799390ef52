/**
 * @module server/tutorials/guide/guide.routes
 * The written guide in the advisor API: `GET /api/tutorials/:id/guide.md`
 * and `guide.html`, the tutorial's published version as text with a picture
 * of each step (`tutorials.read`, in the caller's sites: 404 otherwise; 409
 * while nothing is published). The header `X-Guide-Pictures` says whether
 * every picture is there (`complete`), some are still being drawn
 * (`pending`), the server cannot draw them (`unavailable`) or drawing them
 * failed every attempt (`failed`); the guide says so in words too.
 */
import { eq } from 'drizzle-orm';
import { Hono, type Context } from 'hono';
import { tutorialVersions } from '../../../db/schema.ts';
import { ApiError } from '../../errors.ts';
import { tutorialPageHeaders } from '../../middleware/secure-headers/index.ts';
import { ErrorCode } from '../../../protocol/errors.ts';
import type { AppDeps } from '../../types.ts';
import { tutorialRouteKit } from '../tutorial-route-kit.ts';
import { sendGuide, writtenGuide, type GuideFormat } from './guide-service.ts';

const NOT_PUBLISHED = '`conflict`: the tutorial is not published (the guide shows its published version).';

export function guideRoutes(deps: AppDeps) {
  const { db } = deps.database;
  const { onTutorial, existing, base } = tutorialRouteKit(deps);
  const guideDeps = { db, jobs: deps.jobs, logger: deps.logger, chromiumPath: deps.config.chromiumPath };

  const answer = async (c: Context, format: GuideFormat) => {
    const row = await existing(c);
    const [version] = row.currentVersionId
      ? await db.select().from(tutorialVersions).where(eq(tutorialVersions.id, row.currentVersionId))
      : [];
    if (row.status !== 'published' || !version)
      throw new ApiError(409, ErrorCode.Conflict, 'publish the tutorial first: the written guide shows its published version');
    const guide = await writtenGuide(guideDeps, { slug: row.slug, versionId: version.id, ...version }, format, base());
    c.header('Cache-Control', 'private, no-store');
    return sendGuide(c, format, guide, row.slug);
  };

  return new Hono()
    .get(
      '/:id/guide.md',
      ...onTutorial('The published version as a written guide in Markdown (step titles, bodies, pictures)', 'tutorials.read', {
        responses: {
          200: { description: 'Markdown; `X-Guide-Pictures`: complete, pending, unavailable or failed.', media: 'text/markdown' },
        },
        errors: { 409: NOT_PUBLISHED },
      }),
      (c) => answer(c, 'md'),
    )
    .get(
      '/:id/guide.html',
      ...onTutorial('The published version as a self-contained HTML guide (pictures inlined)', 'tutorials.read', {
        responses: { 200: { description: 'A page; `X-Guide-Pictures`: complete, pending, unavailable or failed.', media: 'text/html' } },
        errors: { 409: NOT_PUBLISHED },
      }),
      tutorialPageHeaders(),
      (c) => answer(c, 'html'),
    );
}
