/**
 * @module server/tutorials/guide/public-guide.routes
 * The written guide at the tutorial's public address, for whoever may see
 * the tutorial there (`public`/`unlisted`: anyone; `org`: a member's bearer
 * token, see `public/published-tutorial.ts`): `/t/:slug/guide.md`,
 * `/t/:slug/guide.html`, and the step pictures both reference,
 * `/t/:slug/pictures/v<version>-<stepId>.png` (the current version's only).
 * Rate limited like the tutorial's other public reads; mounted by
 * `public/tutorial-page.routes.ts` (its CORS for embeds applies).
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { route, type RouteContract } from '../../contracts/route.ts';
import { notFound } from '../../errors.ts';
import { tutorialPageHeaders } from '../../middleware/secure-headers/index.ts';
import { publicUrl } from '../../public-url.ts';
import { addressKey } from '../../rate-limit/address-key.ts';
import type { AppDeps } from '../../types.ts';
import { publishedVersion, type PublishedVersion } from '../public/published-tutorial.ts';
import { parsePictureName, sendGuide, writtenGuide, type GuideFormat } from './guide-service.ts';
import { pictureOf } from './step-pictures.ts';

const PUBLIC_ERRORS = {
  401: "An `org` tutorial without a member's token.",
  404: '`tutorial_not_found` (or no such picture).',
  410: '`tutorial_unpublished` or `tutorial_expired`.',
  429: '`rate_limited`.',
};
const ACCESS =
  "`public` and `unlisted` tutorials: no credential. `org` tutorials: a member's `Authorization: Bearer` token (401 without, 404 for a non-member).";

const onSlug = (summary: string, params: z.ZodObject, responses: RouteContract['responses']) =>
  route({ summary, tags: ['tutorials'], access: 'public', params, description: ACCESS, errors: PUBLIC_ERRORS, responses });

export function publicGuideRoutes(deps: AppDeps) {
  const { db } = deps.database;
  const guideDeps = { db, jobs: deps.jobs, logger: deps.logger, chromiumPath: deps.config.chromiumPath };
  const read = async (c: Context): Promise<PublishedVersion> => {
    await deps.rateLimits.hit('tutorialReads', addressKey(c.get('clientAddress')));
    return publishedVersion(db, deps.config, c.req.param('slug') ?? '', c.req.header('authorization'));
  };
  const cacheFor = (v: PublishedVersion) => (v.tutorial.visibility === 'org' ? 'private, no-store' : 'no-cache');
  const answer = async (c: Context, format: GuideFormat) => {
    const v = await read(c);
    const guide = await writtenGuide(guideDeps, { slug: v.tutorial.slug, ...v }, format, publicUrl(deps.config));
    // A guide whose pictures are still coming must not be kept.
    c.header('Cache-Control', guide.pictures === 'pending' ? 'no-store' : cacheFor(v));
    return sendGuide(c, format, guide, v.tutorial.slug);
  };
  const slugParams = z.object({ slug: z.string().min(1).max(120) });

  return new Hono()
    .get(
      '/:slug/guide.md',
      ...onSlug('The published tutorial as a written guide in Markdown', slugParams, {
        200: { description: 'Markdown; `X-Guide-Pictures`: complete, pending, unavailable or failed.', media: 'text/markdown' },
      }),
      (c) => answer(c, 'md'),
    )
    .get(
      '/:slug/guide.html',
      ...onSlug('The published tutorial as a self-contained HTML guide', slugParams, {
        200: { description: 'A page; `X-Guide-Pictures`: complete, pending, unavailable or failed.', media: 'text/html' },
      }),
      tutorialPageHeaders(),
      (c) => answer(c, 'html'),
    )
    .get(
      '/:slug/pictures/:picture',
      ...onSlug(
        "A step's picture in the written guide (PNG, 1280×800)",
        slugParams.extend({ picture: z.string().regex(/^v[0-9]+-[0-9a-fA-F-]{36}\.png$/) }),
        { 200: { description: 'The PNG.', media: 'image/png', binary: true } },
      ),
      async (c) => {
        const v = await read(c);
        const name = parsePictureName(c.req.param('picture'));
        const picture = name && name.version === v.number ? await pictureOf(db, v.versionId, name.stepId) : undefined;
        if (!picture) throw notFound('no such picture in this version of the tutorial');
        c.header('Content-Type', 'image/png');
        c.header('Cache-Control', cacheFor(v));
        return c.body(new Uint8Array(picture.png), 200);
      },
    );
}
