/**
 * @module server/cases/case-intake.routes
 * `POST /ingest/v1/cases`: the customer asks for help from the site's page,
 * guarded like ingest (site key + allowed Origin, CORS: `ingest/ingest-api.ts`). The case is ready
 * when this answers; enrichment and notifications follow in the background.
 * `GET /ingest/v1/topics`, guarded the same way, lists the site's topic names
 * for the recorder's form (names only: SLAs and skills are the site's own);
 * as they are public, a GET without `Origin` (a same-origin page such as the
 * demo shop: browsers send none) is answered too, without CORS headers.
 * A retry (same recording, same question, within minutes) answers 200 with
 * the case already opened and a fresh link, and opens nothing new.
 * The recording is the customer's own: the request presents its session's
 * secret (`Authorization: Bearer <sessionToken>`), or gets 401. Rate-limited
 * per site and client address (`intake-limits.ts`): 429 `rate_limited` with
 * `Retry-After`, nothing stored.
 */
import { asc, eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { caseTopics } from '../../db/schema.ts';
import { bodyLimit } from 'hono/body-limit';
import { payloadTooLarge } from '../errors.ts';
import { readJson } from '../lib/request.ts';
import { presentedSessionToken, verifySessionToken } from '../middleware/session-token/index.ts';
import {
  CASE_TOPICS_PATH,
  caseCreateSchema,
  caseCreatedSchema,
  publicTopicListSchema,
  type CaseCreated,
  type PublicTopicList,
} from '../../protocol/cases.ts';
import { route } from '../contracts/route.ts';
import type { AppDeps } from '../types.ts';
import { caseContext } from './case-work.ts';
import { createCase } from './case-service.ts';
import { intakeLimits } from './intake-limits.ts';

const MAX_CASE_BYTES = 64 * 1024;

export function caseIntakeRoutes(deps: AppDeps) {
  const ctx = caseContext(deps);
  const app = new Hono();
  app.get(
    CASE_TOPICS_PATH,
    ...route({
      summary: "The site's topic names, for the help form",
      description: 'Public names only, so a same-origin page (no `Origin`) may read them too.',
      tags: ['ingest', 'cases'],
      access: 'ingest',
      responses: { 200: publicTopicListSchema },
    }),
    async (c) => {
      const rows = await deps.database.db
        .select({ name: caseTopics.name })
        .from(caseTopics)
        .where(eq(caseTopics.siteId, c.get('site').id))
        .orderBy(asc(caseTopics.name));
      // A topic list changes rarely; a minute of caching spares a request per page view.
      c.header('Cache-Control', 'private, max-age=60');
      return c.json<PublicTopicList>({ topics: rows });
    },
  );
  app.post(
    '/cases',
    ...route({
      summary: 'Ask for help: open a case with this recording',
      description:
        "Presents the recording's session token as bearer. A retry (same recording and question, within minutes) answers 200 with the same case and a fresh link.",
      tags: ['ingest', 'cases'],
      access: 'ingest',
      body: caseCreateSchema,
      responses: { 200: caseCreatedSchema, 201: caseCreatedSchema },
      errors: {
        404: 'No such session on this site.',
        413: 'The body is over 64 KB.',
        429: 'Too many cases from this site or address (`Retry-After`).',
      },
    }),
    bodyLimit({
      maxSize: MAX_CASE_BYTES,
      onError: () => {
        throw payloadTooLarge(`a case is at most ${MAX_CASE_BYTES} bytes`);
      },
    }),
    async (c) => {
      const input = await readJson(c, caseCreateSchema);
      const site = c.get('site');
      // The secret first: a caller who cannot write this recording costs no one's limits.
      await verifySessionToken(deps.database.db, { sessionId: input.sessionId, siteId: site.id, token: presentedSessionToken(c) });
      const limits = intakeLimits(deps.rateLimits, deps.logger, { siteId: site.id, clientAddress: c.get('clientAddress') });
      const { caseRow, link, created, emailQueued } = await createCase(ctx, site, input, limits);
      return c.json<CaseCreated>(
        {
          caseId: caseRow.id,
          link: link.url,
          linkToken: link.token,
          linkExpiresAt: link.row.expiresAt.toISOString(),
          status: caseRow.status,
          dueAt: caseRow.dueAt.toISOString(),
          emailQueued,
        },
        created ? 201 : 200,
      );
    },
  );
  return app;
}
