/**
 * @module server/tutorials/tutorials.routes
 * The advisor's tutorials (`/api/tutorials`, bearer token): make one from a
 * session's range (with proposed steps), list, read, change, delete; the
 * findings scan, the editor's preview events, publishing and unpublishing,
 * analytics. Reads need `tutorials.read`, changes `tutorials.write`; always
 * in the caller's sites (404 otherwise). Creating, publishing, unpublishing
 * and deleting are audited; each of these (and a change of visibility)
 * queues the tutorial's search index (`server/search`: the published
 * version only); publishing also queues the written guide's step pictures
 * (`guide/`).
 */
import { Hono } from 'hono';
import { route } from '../contracts/route.ts';
import { badRequest } from '../errors.ts';
import { readJson, readQuery } from '../lib/request.ts';
import {
  tutorialAnalyticsSchema,
  tutorialCreateSchema,
  tutorialEventsSchema,
  tutorialFindingListSchema,
  tutorialListQuerySchema,
  tutorialListSchema,
  tutorialPublishedSchema,
  tutorialPublishSchema,
  tutorialUpdateSchema,
  type TutorialAnalytics,
  type TutorialFindingList,
  type TutorialList,
  type TutorialPublished,
} from '../../protocol/tutorials.ts';
import { requestSearchIndex } from '../search/search-jobs.ts';
import { tutorialRewriter } from '../assets/asset-rewrite.ts';
import type { AppDeps } from '../types.ts';
import { requestGuidePictures } from './guide/guide-pictures-job.ts';
import { tutorialAnalytics } from './tutorial-analytics.ts';
import { tutorialUrl } from './tutorial-dto.ts';
import { cutEvents, redacted } from './tutorial-events.ts';
import { findingsOf, knownCustomerData } from './tutorial-findings.ts';
import { publishTutorial, rangesOf, unpublishTutorial } from './tutorial-publish.ts';
import { listTutorials, tutorialParts, tutorialInScope } from './tutorial-queries.ts';
import { tutorialAnswer, tutorialRouteKit } from './tutorial-route-kit.ts';
import { createTutorial, deleteTutorial, updateTutorial } from './tutorial-service.ts';

export function tutorialsRoutes(deps: AppDeps) {
  const { db } = deps.database;
  const kit = tutorialRouteKit(deps);
  const { onTutorial, existing, answer, audited, base } = kit;
  /** Re-reads the published version into search (or removes it); never fails the request. */
  const reindex = (id: string) => requestSearchIndex(deps.jobs, deps.logger, { kind: 'tutorial', id });

  /** The tutorial's events as the editor previews them (and the scan reads them): cut, joined, redacted. */
  const previewEvents = async (id: string) => {
    const parts = await tutorialParts(db, id);
    return { parts, events: redacted(await cutEvents(db, rangesOf(parts)), parts.redactions) };
  };

  return new Hono()
    .post(
      '/',
      ...route({
        summary: "Make a tutorial from a session's range (with proposed steps)",
        description: '`startMs`/`endMs` are epoch ms of the recording; `sources`: further ranges of the same site, joined after it.',
        tags: ['tutorials'],
        access: 'tutorials.write',
        body: tutorialCreateSchema,
        responses: { 201: tutorialAnswer },
        errors: { 404: "A session not in the caller's sites.", 413: 'The range is too large to cut.' },
      }),
      async (c) => {
        const input = await readJson(c, tutorialCreateSchema);
        const id = await createTutorial(c.get('scope'), input);
        await audited(c, 'tutorial.created', id, { sources: 1 + (input.sources?.length ?? 0) });
        return answer(c, id, 201);
      },
    )
    .get(
      '/',
      ...route({
        summary: "The organisation's tutorials, newest change first",
        tags: ['tutorials'],
        access: 'tutorials.read',
        query: tutorialListQuerySchema,
        responses: { 200: tutorialListSchema },
      }),
      async (c) => {
        const q = readQuery(c, tutorialListQuerySchema);
        const authorId = q.author === 'me' ? c.get('advisor').id : q.author;
        return c.json<TutorialList>(
          await listTutorials(
            c.get('scope'),
            { siteId: q.siteId, authorId, status: q.status, updatedSince: q.updatedSince, limit: q.limit },
            base(),
          ),
        );
      },
    )
    .get('/:id', ...onTutorial('One tutorial with its sources, steps, chapters, annotations and redactions', 'tutorials.read'), async (c) =>
      answer(c, (await existing(c)).id),
    )
    .patch(
      '/:id',
      ...onTutorial("Change a tutorial's title, cover step, visibility or expiry", 'tutorials.write', { body: tutorialUpdateSchema }),
      async (c) => {
        const row = await existing(c);
        await updateTutorial(c.get('scope'), row, await readJson(c, tutorialUpdateSchema));
        if (row.status === 'published') await reindex(row.id);
        return answer(c, row.id);
      },
    )
    .delete(
      '/:id',
      ...onTutorial('Delete a tutorial (its public page answers 404 from then on)', 'tutorials.write', {
        responses: { 204: { description: 'Deleted.' } },
      }),
      async (c) => {
        const row = await existing(c);
        await deleteTutorial(c.get('scope'), row);
        await reindex(row.id);
        await audited(c, 'tutorial.deleted', row.id, { wasPublished: row.status === 'published' });
        return c.body(null, 204);
      },
    )
    .get(
      '/:id/findings',
      ...onTutorial("What the scan finds in the tutorial (e-mails, card numbers, the customer's own data…)", 'tutorials.read', {
        responses: { 200: tutorialFindingListSchema },
      }),
      async (c) => {
        const row = await existing(c);
        const { parts, events } = await previewEvents(row.id);
        const known = await knownCustomerData(
          db,
          parts.sources.map((s) => s.sessionId),
        );
        return c.json<TutorialFindingList>({ findings: findingsOf(events, known, parts.redactions) });
      },
    )
    .get(
      '/:id/events',
      ...onTutorial("The editor's preview: the tutorial's events cut, joined and redacted", 'tutorials.read', {
        responses: { 200: tutorialEventsSchema },
      }),
      async (c) => {
        const row = await existing(c);
        c.header('Cache-Control', 'no-store');
        // The recorded site's files as the server's copies (server/assets), as the published version will show them.
        const rewrite = await tutorialRewriter(db, deps.config, row.id);
        const json = Buffer.from(JSON.stringify((await previewEvents(row.id)).events));
        c.header('Content-Type', 'application/json; charset=utf-8');
        return c.body(new Uint8Array(await rewrite(json)), 200);
      },
    )
    .post(
      '/:id/publish',
      ...onTutorial('Publish a new version at PUBLIC_URL/t/:slug (refused while the scan finds something open)', 'tutorials.write', {
        body: tutorialPublishSchema,
        responses: { 200: tutorialPublishedSchema },
        errors: { 409: '`sensitive_data_unredacted`: a detected value is neither redacted nor ignored (details list them).' },
      }),
      async (c) => {
        const row = await existing(c);
        const input = await readJson(c, tutorialPublishSchema);
        if (input.expiresAt && Date.parse(input.expiresAt) <= Date.now()) throw badRequest('expiresAt must be in the future');
        const { number: version, versionId } = await publishTutorial(c.get('scope'), row, await tutorialParts(db, row.id), input);
        await audited(c, 'tutorial.published', row.id, { version, visibility: input.visibility });
        await reindex(row.id);
        await requestGuidePictures({ jobs: deps.jobs, logger: deps.logger, chromiumPath: deps.config.chromiumPath }, versionId);
        return c.json<TutorialPublished>({ url: tutorialUrl(base(), row.slug), version });
      },
    )
    .post('/:id/unpublish', ...onTutorial('Take a tutorial off its public address (it stays as a draft)', 'tutorials.write'), async (c) => {
      const row = await existing(c);
      await unpublishTutorial(c.get('scope'), row);
      await reindex(row.id);
      if (row.status === 'published') await audited(c, 'tutorial.unpublished', row.id);
      return answer(c, row.id);
    })
    .get(
      '/:id/analytics',
      ...onTutorial('Views, completions, steps reached, embedding sites, cases it was sent in', 'tutorials.read', {
        responses: { 200: tutorialAnalyticsSchema },
      }),
      async (c) => {
        const row = await tutorialInScope(c.get('scope'), c.req.param('id'));
        return c.json<TutorialAnalytics>(await tutorialAnalytics(c.get('scope'), row, new URL(base()).origin));
      },
    );
}
