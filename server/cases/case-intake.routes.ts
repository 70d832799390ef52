/**
 * @module server/cases/case-intake.routes
 * `POST /ingest/v1/cases`: the customer asks for help from the site's page,
 * guarded like ingest (site key + allowed Origin, CORS). The case is ready
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
 *
 * NOTE: mounted before the ingest routes, whose catch-all middleware would
 * otherwise check the request a second time (see app.ts).
 */
import { asc, eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { caseTopics } from '../../db/schema.ts';
import { bodyLimit } from 'hono/body-limit';
import { payloadTooLarge } from '../errors.ts';
import { createSiteLookup } from '../ingest/site-lookup.ts';
import { readJson } from '../lib/request.ts';
import { ingestOrigin } from '../middleware/ingest-origin/index.ts';
import { presentedSessionToken, verifySessionToken } from '../middleware/session-token/index.ts';
import { CASE_TOPICS_PATH, caseCreateSchema, type CaseCreated, type PublicTopicList } from '../../protocol/cases.ts';
import type { AppDeps } from '../types.ts';
import { caseContext } from './case-work.ts';
import { createCase } from './case-service.ts';
import { intakeLimits } from './intake-limits.ts';

const MAX_CASE_BYTES = 64 * 1024;

export function caseIntakeRoutes(deps: AppDeps) {
  const ctx = caseContext(deps);
  const app = new Hono();
  const lookup = createSiteLookup(deps.database.db);
  app.use('/cases', ingestOrigin(lookup));
  // Public names only, so a same-origin page (no Origin header) may read them too.
  app.use(CASE_TOPICS_PATH, ingestOrigin(lookup, { readableWithoutOrigin: true }));
  app.get(CASE_TOPICS_PATH, async (c) => {
    const rows = await deps.database.db
      .select({ name: caseTopics.name })
      .from(caseTopics)
      .where(eq(caseTopics.siteId, c.get('site').id))
      .orderBy(asc(caseTopics.name));
    // A topic list changes rarely; a minute of caching spares a request per page view.
    c.header('Cache-Control', 'private, max-age=60');
    return c.json<PublicTopicList>({ topics: rows });
  });
  app.post(
    '/cases',
    bodyLimit({ maxSize: MAX_CASE_BYTES, onError: () => { throw payloadTooLarge(`a case is at most ${MAX_CASE_BYTES} bytes`); } }),
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
