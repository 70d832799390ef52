/**
 * @module server/ingest/ingest-api
 * Everything under `/ingest/v1`, as one app: the recorder's DOM chunks
 * (`ingest.routes.ts`), its camera and screen tracks
 * (`media-ingest/media-ingest.routes.ts`), the customer's help requests and
 * topic names (`cases/case-intake.routes.ts`) and the tutorials suggested
 * while they type (`search/customer-suggestions.routes.ts`).
 *
 * One guard for all of them, declared here and nowhere else: the site key,
 * the request's Origin against the site's allowed origins, CORS and
 * preflights (`middleware/ingest-origin`). The topic names alone are
 * readable without `Origin` (a same-origin page: see that module's NOTE).
 * The route modules add no catch-all middleware, so their order here changes
 * nothing.
 */
import { Hono } from 'hono';
import { CASE_TOPICS_PATH } from '../../protocol/cases-constants.ts';
import { INGEST_BASE } from '../../protocol/ingest-constants.ts';
import { caseIntakeRoutes } from '../cases/case-intake.routes.ts';
import { mediaIngestRoutes } from '../media-ingest/media-ingest.routes.ts';
import { ingestOrigin } from '../middleware/ingest-origin/index.ts';
import { customerSuggestionsRoutes } from '../search/customer-suggestions.routes.ts';
import type { AppDeps } from '../types.ts';
import { ingestRoutes } from './ingest.routes.ts';
import { createSiteLookup } from './site-lookup.ts';

const PUBLIC_TOPICS_PATH = `${INGEST_BASE}${CASE_TOPICS_PATH}`;

export function ingestApi(deps: AppDeps) {
  const lookup = createSiteLookup(deps.database.db);
  const guard = ingestOrigin(lookup);
  const topicsGuard = ingestOrigin(lookup, { readableWithoutOrigin: true });
  return new Hono()
    .use(async function ingestGuard(c, next) {
      return (c.req.path === PUBLIC_TOPICS_PATH ? topicsGuard : guard)(c, next);
    })
    .route('/', ingestRoutes(deps))
    .route('/', mediaIngestRoutes(deps, deps.media.store))
    .route('/', caseIntakeRoutes(deps))
    .route('/', customerSuggestionsRoutes(deps));
}
