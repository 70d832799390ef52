/**
 * @module server/app
 * Composes the HTTP application: request logging, JSON errors, then one
 * sub-app per resource. Pure: no listening, no start-up work, so tests and
 * tools can build it around any database.
 */
import { Hono } from 'hono';
import { authRoutes } from './auth/auth.routes.ts';
import { healthRoutes } from './health/health.routes.ts';
import { ingestRoutes } from './ingest/ingest.routes.ts';
import { errorHandler, notFoundHandler } from './middleware/error-handler/index.ts';
import { requestLogger } from './middleware/request-logger/index.ts';
import { API_BASE } from './protocol/api.ts';
import { INGEST_BASE } from './protocol/ingest.ts';
import { sessionsRoutes } from './sessions/sessions.routes.ts';
import { sitesRoutes } from './sites/sites.routes.ts';
import { staticRoutes } from './static/static.routes.ts';
import type { AppDeps } from './types.ts';

export function createApp(deps: AppDeps) {
  const app = new Hono();
  app.use(requestLogger(deps.logger));
  app.onError(errorHandler(deps.logger));
  app.notFound(notFoundHandler);

  app.route('/', healthRoutes(deps));
  app.route(INGEST_BASE, ingestRoutes(deps));
  app.route(API_BASE, authRoutes(deps));
  app.route(`${API_BASE}/sites`, sitesRoutes(deps));
  app.route(`${API_BASE}/sessions`, sessionsRoutes(deps));
  app.route('/', staticRoutes(deps));
  return app;
}

export type App = ReturnType<typeof createApp>;
