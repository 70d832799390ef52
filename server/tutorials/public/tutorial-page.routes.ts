/**
 * @module server/tutorials/public/tutorial-page.routes
 * A published tutorial at `/t/:slug`: the page, its `tutorial.json` (title,
 * steps, chapters, annotations of the current version) and its `events` (the
 * version's own redacted copy), plus `POST views` counting views,
 * completions and steps reached; the written guide and its pictures
 * (`guide/public-guide.routes.ts`). `public` and `unlisted` tutorials open
 * without sign-in; `org` ones need a member's bearer token (see
 * `published-tutorial.ts`). Everything is rate limited per client address;
 * the JSON routes answer CORS to any origin (the `<cobrowse-tutorial>`
 * embed runs on customers' sites; no cookie is ever used, so `*` opens
 * nothing more than the URL already does).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { constants, gzip as gzipCb } from 'node:zlib';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { route, type RouteContract } from '../../contracts/route.ts';
import { badRequest } from '../../errors.ts';
import { readJson } from '../../lib/request.ts';
import { cspNonce, tutorialPageHeaders } from '../../middleware/secure-headers/index.ts';
import { addressKey } from '../../rate-limit/address-key.ts';
import {
  publicTutorialSchema,
  TUTORIAL_PAGE_BASE,
  tutorialEventsSchema,
  viewCreateSchema,
  type PublicTutorial,
} from '../../../protocol/tutorials.ts';
import { TUTORIAL_SCRIPT_PATH } from '../../../protocol/tutorial-embed-constants.ts';
import type { AppDeps } from '../../types.ts';
import { publicGuideRoutes } from '../guide/public-guide.routes.ts';
import { recordView } from '../tutorial-analytics.ts';
import { tutorialRewriter } from '../../assets/asset-rewrite.ts';
import { publishedVersion, TutorialUnavailable, versionEventsJson, type PublishedVersion } from './published-tutorial.ts';
import { tutorialErrorPage, tutorialPage } from './tutorial-page.ts';

const gzip = promisify(gzipCb);

/** Where the `<cobrowse-tutorial>` player's script is served, once that bundle is built (`dist/tutorial/`). */
const PLAYER_SCRIPT = TUTORIAL_SCRIPT_PATH;

const slugParams = z.object({ slug: z.string().min(1).max(120) });
const onSlug = (summary: string, more: Partial<RouteContract> & Pick<RouteContract, 'responses'>) =>
  route({
    summary,
    tags: ['tutorials'],
    access: 'public',
    params: slugParams,
    description:
      "`public` and `unlisted` tutorials: no credential. `org` tutorials: a member's `Authorization: Bearer` token (401 without, 404 for a non-member).",
    errors: {
      401: "An `org` tutorial without a member's token.",
      404: '`tutorial_not_found`.',
      410: '`tutorial_unpublished` or `tutorial_expired`.',
      429: '`rate_limited`.',
    },
    ...more,
  });

/** The origin of the page that embeds (or links) the tutorial: `Origin`, else the `Referer`'s; http(s) only. */
function referrerOrigin(c: Context): string | null {
  for (const value of [c.req.header('origin'), c.req.header('referer')]) {
    if (!value) continue;
    try {
      const url = new URL(value);
      if (url.protocol === 'http:' || url.protocol === 'https:') return url.origin;
    } catch {
      // Not a URL ("null" from sandboxed frames): no origin.
    }
  }
  return null;
}

export function tutorialPageRoutes(deps: AppDeps) {
  const { db } = deps.database;
  const playerBuilt = () => existsSync(join(deps.paths.distDir, 'tutorial', 'tutorial.js'));
  const read = async (c: Context): Promise<PublishedVersion> => {
    await deps.rateLimits.hit('tutorialReads', addressKey(c.get('clientAddress')));
    return publishedVersion(db, deps.config, c.req.param('slug') ?? '', c.req.header('authorization'));
  };
  /** Org tutorials are private answers; public and unlisted ones may be kept briefly, but re-checked (unpublishing is immediate). */
  const cacheFor = (v: PublishedVersion) => (v.tutorial.visibility === 'org' ? 'private, no-store' : 'no-cache');

  return new Hono()
    .use('/:slug/*', async function openToEmbeds(c, next) {
      if (c.req.method === 'OPTIONS') {
        c.header('Access-Control-Allow-Origin', '*');
        c.header('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
        c.header('Access-Control-Allow-Headers', 'authorization, content-type');
        c.header('Access-Control-Max-Age', '600');
        return c.body(null, 204);
      }
      await next();
      // NOTE: after next(), so the error handler's 404/410/429 answers are readable by embeds too.
      c.res.headers.set('Access-Control-Allow-Origin', '*');
      c.res.headers.set('X-Content-Type-Options', 'nosniff');
    })
    .get(
      '/:slug',
      ...onSlug("The tutorial's page", { responses: { 200: { description: 'The page (title, steps, player).', media: 'text/html' } } }),
      tutorialPageHeaders(),
      async (c) => {
        const nonce = cspNonce(c);
        try {
          const v = await read(c);
          c.header('Cache-Control', cacheFor(v));
          return c.html(
            tutorialPage({
              slug: v.tutorial.slug,
              snapshot: v.snapshot,
              indexable: v.tutorial.visibility === 'public',
              playerScript: playerBuilt() ? PLAYER_SCRIPT : null,
              nonce,
            }),
          );
        } catch (err) {
          if (!(err instanceof TutorialUnavailable)) throw err;
          c.header('Cache-Control', 'no-store');
          return c.html(tutorialErrorPage(err.failure, nonce), err.status as 401 | 404 | 410);
        }
      },
    )
    .get(
      '/:slug/tutorial.json',
      ...onSlug('The published version: title, steps, chapters, annotations', {
        responses: { 200: publicTutorialSchema },
      }),
      async (c) => {
        const v = await read(c);
        c.header('Cache-Control', cacheFor(v));
        const base = `${TUTORIAL_PAGE_BASE}/${encodeURIComponent(v.tutorial.slug)}`;
        return c.json<PublicTutorial>({
          slug: v.tutorial.slug,
          title: v.snapshot.title,
          version: v.number,
          publishedAt: v.publishedAt.toISOString(),
          steps: v.snapshot.steps,
          chapters: v.snapshot.chapters,
          annotations: v.snapshot.annotations,
          eventsUrl: `${base}/events`,
        });
      },
    )
    .get(
      '/:slug/events',
      ...onSlug("The published version's own redacted events", {
        responses: {
          200: {
            description: "The version's own redacted rrweb events (gzip if accepted).",
            media: 'application/json',
            schema: tutorialEventsSchema,
          },
        },
      }),
      async (c) => {
        const v = await read(c);
        // The recorded site's files as the server's copies (server/assets), where its sources have them.
        const rewrite = await tutorialRewriter(db, deps.config, v.tutorial.id);
        const stored = await versionEventsJson(db, v.versionId);
        const body = await rewrite(stored);
        const gzipped = /\bgzip\b/i.test(c.req.header('accept-encoding') ?? '');
        c.header('Content-Type', 'application/json; charset=utf-8');
        c.header('Cache-Control', cacheFor(v));
        c.header('Vary', 'Accept-Encoding, Authorization');
        if (!gzipped) return c.body(new Uint8Array(body), 200);
        c.header('Content-Encoding', 'gzip');
        return c.body(new Uint8Array(await gzip(body, { level: constants.Z_BEST_SPEED })), 200);
      },
    )
    .post(
      '/:slug/views',
      ...onSlug('Count a view, a completion or a step reached (for embeds too)', {
        body: viewCreateSchema,
        responses: { 204: { description: 'Counted.' } },
      }),
      async (c) => {
        await deps.rateLimits.hit('tutorialViews', addressKey(c.get('clientAddress')));
        const v = await publishedVersion(db, deps.config, c.req.param('slug'), c.req.header('authorization'));
        const view = await readJson(c, viewCreateSchema);
        if (view.stepId && !v.snapshot.steps.some((s) => s.id === view.stepId)) throw badRequest('no such step in this tutorial');
        await recordView(db, v.tutorial, { ...view, referrerOrigin: referrerOrigin(c) });
        return c.body(null, 204);
      },
    )
    .route('/', publicGuideRoutes(deps));
}
