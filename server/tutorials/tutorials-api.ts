/**
 * @module server/tutorials/tutorials-api
 * Everything under `/api/tutorials`, as one app: the tutorials themselves
 * (`tutorials.routes.ts`) and the editing of their parts
 * (`tutorial-parts.routes.ts`), the written guide (`guide/guide.routes.ts`), and the comments on a tutorial
 * (`comments/comments.routes.ts`: the editors' own, never published). None adds a catch-all middleware.
 */
import { Hono } from 'hono';
import { targetCommentsRoutes } from '../comments/comments.routes.ts';
import type { AppDeps } from '../types.ts';
import { guideRoutes } from './guide/guide.routes.ts';
import { tutorialPartsRoutes } from './tutorial-parts.routes.ts';
import { tutorialsRoutes } from './tutorials.routes.ts';

export function tutorialsApi(deps: AppDeps) {
  return new Hono()
    .route('/', tutorialsRoutes(deps))
    .route('/', tutorialPartsRoutes(deps))
    .route('/', guideRoutes(deps))
    .route('/', targetCommentsRoutes(deps, 'tutorial'));
}
