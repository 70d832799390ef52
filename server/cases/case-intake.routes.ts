/**
 * @module server/cases/case-intake.routes
 * `POST /ingest/v1/cases`: the customer asks for help from the site's page,
 * guarded like ingest (site key + allowed Origin, CORS). The case is ready
 * when this answers; enrichment and notifications follow in the background.
 * A retry (same recording, same question, within minutes) answers 200 with
 * the case already opened and a fresh link, and opens nothing new.
 *
 * NOTE: mounted before the ingest routes, whose catch-all middleware would
 * otherwise check the request a second time (see app.ts).
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { payloadTooLarge } from '../errors.ts';
import { createSiteLookup } from '../ingest/site-lookup.ts';
import { readJson } from '../lib/request.ts';
import { ingestOrigin } from '../middleware/ingest-origin/index.ts';
import { caseCreateSchema, type CaseCreated } from '../protocol/cases.ts';
import type { AppDeps } from '../types.ts';
import { caseContext } from './case-work.ts';
import { createCase } from './case-service.ts';

const MAX_CASE_BYTES = 64 * 1024;

export function caseIntakeRoutes(deps: AppDeps) {
  const ctx = caseContext(deps);
  const app = new Hono();
  app.use('/cases', ingestOrigin(createSiteLookup(deps.database.db)));
  app.post(
    '/cases',
    bodyLimit({ maxSize: MAX_CASE_BYTES, onError: () => { throw payloadTooLarge(`a case is at most ${MAX_CASE_BYTES} bytes`); } }),
    async (c) => {
      const input = await readJson(c, caseCreateSchema);
      const { caseRow, link, created } = await createCase(ctx, c.get('site'), input, new URL(c.req.url).origin);
      return c.json<CaseCreated>(
        {
          caseId: caseRow.id,
          link: link.url,
          linkToken: link.token,
          linkExpiresAt: link.row.expiresAt.toISOString(),
          status: caseRow.status,
          dueAt: caseRow.dueAt.toISOString(),
        },
        created ? 201 : 200,
      );
    },
  );
  return app;
}
