/**
 * @module server/sessions/sessions-api
 * Everything under `/api/sessions`, as one app: the sessions themselves
 * (`sessions.routes.ts`), their recorded media (`media-api/media.routes.ts`)
 * the advisor's video replies and reply links
 * (`media-replies/replies.routes.ts`) and the comments on a session
 * (`comments/comments.routes.ts`). Each route carries its own contract
 * and guard; none of the three adds a catch-all middleware, so no route
 * depends on the order they are joined in.
 */
import { Hono } from 'hono';
import { targetCommentsRoutes } from '../comments/comments.routes.ts';
import { mediaApiRoutes } from '../media-api/media.routes.ts';
import { repliesRoutes } from '../media-replies/replies.routes.ts';
import type { AppDeps } from '../types.ts';
import { sessionsRoutes } from './sessions.routes.ts';

export function sessionsApi(deps: AppDeps) {
  return new Hono()
    .route('/', sessionsRoutes(deps))
    .route('/', mediaApiRoutes(deps, deps.media.store, deps.media.urls))
    .route('/', repliesRoutes(deps, deps.media.store, deps.media.urls))
    .route('/', targetCommentsRoutes(deps, 'session'));
}
