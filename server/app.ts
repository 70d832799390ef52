/**
 * @module server/app
 * Composes the HTTP application: request logging, JSON errors, then one
 * sub-app per resource. Pure: no listening, no start-up work, so tests and
 * tools can build it around any database.
 */
import { Hono } from 'hono';
import { authRoutes } from './auth/auth.routes.ts';
import { caseIntakeRoutes } from './cases/case-intake.routes.ts';
import { casesAdminRoutes } from './cases/cases-admin.routes.ts';
import { casesRoutes } from './cases/cases.routes.ts';
import { customerLinkRoutes } from './cases/customer-link.routes.ts';
import { healthRoutes } from './health/health.routes.ts';
import { ingestRoutes } from './ingest/ingest.routes.ts';
import type { LiveHub } from './live/live-hub.ts';
import { liveApiRoutes, liveSocketRoutes } from './live/live.routes.ts';
import { mediaApiRoutes } from './media-api/media.routes.ts';
import { mediaIngestRoutes } from './media-ingest/media-ingest.routes.ts';
import { customerRepliesRoutes } from './media-replies/customer-replies.routes.ts';
import { repliesRoutes } from './media-replies/replies.routes.ts';
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
import { sessionsRoutes } from './sessions/sessions.routes.ts';
import { sitesRoutes } from './sites/sites.routes.ts';
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

  app.route('/', healthRoutes(deps));
  // NOTE: media and case routes before ingest's and sessions' catch-all middlewares (see media.routes.ts).
  app.route(INGEST_BASE, mediaIngestRoutes(deps, deps.media.store));
  app.route(INGEST_BASE, caseIntakeRoutes(deps));
  app.route(INGEST_BASE, ingestRoutes(deps));
  app.route(API_BASE, authRoutes(deps));
  app.route(`${API_BASE}/sites`, sitesRoutes(deps));
  app.route(`${API_BASE}/sessions`, mediaApiRoutes(deps, deps.media.store, deps.media.urls));
  app.route(`${API_BASE}/sessions`, repliesRoutes(deps, deps.media.store, deps.media.urls));
  app.route(REPLY_LINK_BASE, customerRepliesRoutes(deps, deps.media.store));
  app.route(`${API_BASE}/sessions`, sessionsRoutes(deps));
  app.route(`${API_BASE}/cases`, casesRoutes(deps));
  app.route(`${API_BASE}/admin`, casesAdminRoutes(deps));
  // The hub cuts a deactivated (or narrowed) member's live views: `LiveHub.disconnectAdvisor`, on every process.
  app.route(`${API_BASE}/orgs`, orgsRoutes(deps, live));
  app.route(INVITATIONS_BASE, invitationsRoutes(deps));
  app.route(CUSTOMER_LINK_BASE, customerLinkRoutes(deps));
  if (live) {
    app.route(LIVE_BASE, liveSocketRoutes(deps, live));
    app.route(`${API_BASE}/live`, liveApiRoutes(deps, live));
  }
  app.route('/', staticRoutes(deps));
  return app;
}

export type App = ReturnType<typeof createApp>;
