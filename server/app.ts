/**
 * @module server/app
 * Composes the HTTP application: request logging, JSON errors, then one
 * sub-app per resource (exactly one per URL prefix), then the API's own
 * description (`contracts/`). Pure: no listening, no start-up work, so tests and
 * tools can build it around any database.
 */
import { Hono } from 'hono';
import { assetsRoutes } from './assets/assets.routes.ts';
import { ASSETS_BASE } from './assets/asset-rewrite.ts';
import { authRoutes } from './auth/auth.routes.ts';
import { casesAdminRoutes } from './cases/cases-admin.routes.ts';
import { casesRoutes } from './cases/cases.routes.ts';
import { customerLinkRoutes } from './cases/customer-link.routes.ts';
import { commentsRoutes } from './comments/comments.routes.ts';
import { mountApiDocs } from './contracts/api-docs.routes.ts';
import { healthRoutes } from './health/health.routes.ts';
import { ingestApi } from './ingest/ingest-api.ts';
import type { LiveHub } from './live/live-hub.ts';
import { liveApiRoutes, liveSocketRoutes } from './live/live.routes.ts';
import { customerRepliesRoutes } from './media-replies/customer-replies.routes.ts';
import { clientAddress } from './middleware/client-address/index.ts';
import { errorHandler, notFoundHandler } from './middleware/error-handler/index.ts';
import { requestLogger } from './middleware/request-logger/index.ts';
import { authenticate } from './scope/index.ts';
import { invitationsRoutes } from './orgs/invitations.routes.ts';
import { orgsRoutes } from './orgs/orgs.routes.ts';
import { API_BASE } from '../protocol/api.ts';
import { CUSTOMER_LINK_BASE } from '../protocol/cases-constants.ts';
import { INGEST_BASE } from '../protocol/ingest.ts';
import { LIVE_BASE } from '../protocol/live-constants.ts';
import { INVITATIONS_BASE } from '../protocol/orgs-constants.ts';
import { REPLY_LINK_BASE } from '../protocol/media-constants.ts';
import { TUTORIAL_PAGE_BASE, TUTORIALS_BASE } from '../protocol/tutorials-constants.ts';
import { searchRoutes } from './search/search.routes.ts';
import { sessionsApi } from './sessions/sessions-api.ts';
import { sitesRoutes } from './sites/sites.routes.ts';
import { tutorialPageRoutes } from './tutorials/public/tutorial-page.routes.ts';
import { tutorialsApi } from './tutorials/tutorials-api.ts';
import { staticRoutes } from './static/static.routes.ts';
import type { AppDeps } from './types.ts';

/** `live`: the live hub; without it the live routes are not mounted. */
export function createApp(deps: AppDeps, live?: LiveHub) {
  const app = new Hono();
  app.use(clientAddress({ trustProxy: deps.config.trustProxy }));
  app.use(requestLogger(deps.logger));
  app.onError(errorHandler(deps.logger));
  app.notFound(notFoundHandler);

  // The one authentication of the API: who asks and in which organisation; each route's permission decides.
  app.use(`${API_BASE}/*`, authenticate(deps.database.db, deps.config));

  // One sub-app per URL prefix, none with middleware reaching past its own prefix: their order does not matter.
  app.route('/', healthRoutes(deps));
  app.route(INGEST_BASE, ingestApi(deps));
  app.route(API_BASE, authRoutes(deps));
  app.route(`${API_BASE}/sites`, sitesRoutes(deps));
  app.route(`${API_BASE}/sessions`, sessionsApi(deps));
  app.route(REPLY_LINK_BASE, customerRepliesRoutes(deps, deps.media.store));
  app.route(`${API_BASE}/cases`, casesRoutes(deps));
  app.route(`${API_BASE}/admin`, casesAdminRoutes(deps));
  app.route(`${API_BASE}/search`, searchRoutes(deps));
  // The hub cuts a deactivated (or narrowed) member's live views: `LiveHub.disconnectAdvisor`, on every process.
  app.route(`${API_BASE}/orgs`, orgsRoutes(deps, live));
  app.route(INVITATIONS_BASE, invitationsRoutes(deps));
  app.route(CUSTOMER_LINK_BASE, customerLinkRoutes(deps));
  app.route(TUTORIALS_BASE, tutorialsApi(deps));
  app.route(TUTORIAL_PAGE_BASE, tutorialPageRoutes(deps));
  app.route(ASSETS_BASE, assetsRoutes(deps));
  app.route(`${API_BASE}/comments`, commentsRoutes(deps));
  if (live) {
    app.route(LIVE_BASE, liveSocketRoutes(deps, live));
    app.route(`${API_BASE}/live`, liveApiRoutes(deps, live));
  }
  app.route('/', staticRoutes(deps));
  // The API describes itself: /api/openapi.json from the routes above (and these two), /api/docs to read it.
  mountApiDocs(app, deps.config);
  return app;
}

export type App = ReturnType<typeof createApp>;
