/**
 * @module server/comments/comments.routes
 * The comment endpoints (`protocol/comments.ts`), as three small apps, each
 * joined under the prefix it belongs to: a session's comments
 * (`/api/sessions/:id/comments`, in `sessions-api.ts`), a tutorial's
 * (`/api/tutorials/:id/comments`, in `tutorials-api.ts`) and one comment
 * (`/api/comments/:id`, in `app.ts`). The target is found in the caller's
 * scope before the body is read, so another organisation's id is a 404
 * whatever the body. Writes are audited (the target kind, never the body);
 * a session's comments are part of its search text, so a change re-indexes
 * the session (`search/session-indexer.ts`).
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { audit, requestScope } from '../audit/index.ts';
import { uuidParam } from '../contracts/params.ts';
import { route } from '../contracts/route.ts';
import { readJson } from '../lib/request.ts';
import { requestSearchIndex } from '../search/search-jobs.ts';
import {
  commentCreateSchema,
  commentListSchema,
  commentSchema,
  commentUpdateSchema,
  type Comment,
  type CommentList,
} from '../../protocol/comments.ts';
import type { CommentTargetKind } from '../../protocol/comments-constants.ts';
import type { AppDeps } from '../types.ts';
import { commentsOn } from './comment-queries.ts';
import { addComment, deleteComment, editComment, findTarget } from './comment-service.ts';

const idParams = z.object({ id: uuidParam });
const NOUN: Record<CommentTargetKind, string> = { session: 'a session', tutorial: 'a tutorial' };

/** A session's search text holds its comments: index it again (a tutorial's index is its published version only). */
const reindex = (deps: AppDeps, kind: CommentTargetKind, id: string | null) =>
  kind === 'session' && id ? requestSearchIndex(deps.jobs, deps.logger, { kind: 'session', id }) : Promise.resolve();

function audited(deps: AppDeps, c: Context, action: 'comment.created' | 'comment.edited' | 'comment.deleted', id: string, on: string) {
  return audit({ ...requestScope(c, deps.database.db), orgId: c.get('scope').org.id }, action, { type: 'comment', id }, { on });
}

/** `GET` and `POST /:id/comments` on sessions or tutorials. */
export function targetCommentsRoutes(deps: AppDeps, kind: CommentTargetKind) {
  const tags = [kind === 'session' ? 'sessions' : 'tutorials'] as const;
  return new Hono()
    .get(
      '/:id/comments',
      ...route({
        summary: `The comments on ${NOUN[kind]}, by moment`,
        tags,
        access: 'comments.read',
        params: idParams,
        responses: { 200: commentListSchema },
      }),
      async (c) => {
        const scope = c.get('scope');
        const target = await findTarget(scope, kind, c.req.param('id'));
        return c.json<CommentList>({ comments: await commentsOn(scope, target) });
      },
    )
    .post(
      '/:id/comments',
      ...route({
        summary: `Comment on a moment (and an element) of ${NOUN[kind]}`,
        tags,
        access: 'comments.write',
        params: idParams,
        body: commentCreateSchema,
        responses: { 201: commentSchema },
      }),
      async (c) => {
        const scope = c.get('scope');
        const target = await findTarget(scope, kind, c.req.param('id'));
        const made = await addComment(scope, target, await readJson(c, commentCreateSchema));
        await audited(deps, c, 'comment.created', made.id, kind);
        await reindex(deps, kind, target.id);
        return c.json<Comment>(made, 201);
      },
    );
}

/** `PATCH` and `DELETE /api/comments/:id`. */
export function commentsRoutes(deps: AppDeps) {
  return new Hono()
    .patch(
      '/:id',
      ...route({
        summary: "Edit one's own comment",
        tags: ['comments'],
        access: 'comments.write',
        params: idParams,
        body: commentUpdateSchema,
        responses: { 200: commentSchema },
        errors: { 403: 'The comment is not the caller’s own.' },
      }),
      async (c) => {
        const scope = c.get('scope');
        const edited = await editComment(scope, c.req.param('id'), await readJson(c, commentUpdateSchema));
        await audited(deps, c, 'comment.edited', edited.id, edited.targetKind);
        await reindex(deps, edited.targetKind, edited.targetId);
        return c.json<Comment>(edited);
      },
    )
    .delete(
      '/:id',
      ...route({
        summary: "Delete one's own comment (admins: anyone's)",
        tags: ['comments'],
        access: 'comments.write',
        params: idParams,
        responses: { 204: { description: 'Deleted.' } },
        errors: { 403: 'The comment is not the caller’s own, and the caller may not moderate.' },
      }),
      async (c) => {
        const row = await deleteComment(c.get('scope'), c.req.param('id'));
        await audited(deps, c, 'comment.deleted', row.id, row.targetKind);
        await reindex(deps, row.targetKind, row.sessionId);
        return c.body(null, 204);
      },
    );
}
