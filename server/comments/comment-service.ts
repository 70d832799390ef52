/**
 * @module server/comments/comment-service
 * Writing comments, the caller's scope first: finding the target (a session
 * or a tutorial in scope, else 404), adding a comment at a moment (and an
 * element), editing one's own, deleting one's own or, with
 * `comments.moderate`, anyone's. A comment goes with its target: the
 * foreign keys cascade when a session (retention, erasure) or a tutorial is
 * deleted.
 */
import { eq } from 'drizzle-orm';
import { comments } from '../../db/schema.ts';
import { forbidden } from '../errors.ts';
import { scopeCan, type Scope } from '../scope/index.ts';
import { sessionInScope } from '../sessions/session-queries.ts';
import { tutorialInScope } from '../tutorials/tutorial-queries.ts';
import type { Comment } from '../../protocol/comments.ts';
import type { CommentCreate, CommentUpdate } from '../../protocol/comments.ts';
import type { CommentTargetKind } from '../../protocol/comments-constants.ts';
import { commentInScope, toComment, type CommentRow, type CommentTarget } from './comment-queries.ts';

/** The session or tutorial `id` (from a path) in the caller's scope, else 404. */
export async function findTarget(scope: Scope, kind: CommentTargetKind, id: string): Promise<CommentTarget> {
  const row = kind === 'session' ? await sessionInScope(scope, id) : await tutorialInScope(scope, id);
  return { kind, id: row.id, siteId: row.siteId };
}

export async function addComment(scope: Scope, target: CommentTarget, input: CommentCreate): Promise<Comment> {
  const [row] = await scope.db
    .insert(comments)
    .values({
      orgId: scope.org.id,
      siteId: target.siteId,
      targetKind: target.kind,
      sessionId: target.kind === 'session' ? target.id : null,
      tutorialId: target.kind === 'tutorial' ? target.id : null,
      t: Math.round(input.t),
      nodeId: input.element?.nodeId ?? null,
      selector: input.element?.selector || null,
      label: input.element?.label || null,
      body: input.body,
      authorId: scope.advisor.id,
    })
    .returning();
  return toComment({ ...row!, authorName: scope.advisor.name });
}

const isAuthor = (scope: Scope, row: CommentRow) => row.authorId !== null && row.authorId === scope.advisor.id;

/** Changes the body of the caller's own comment (nobody edits another's words: 403). */
export async function editComment(scope: Scope, id: string, change: CommentUpdate): Promise<Comment> {
  const row = await commentInScope(scope, id);
  if (!isAuthor(scope, row)) throw forbidden('only its author may edit a comment');
  const [updated] = await scope.db
    .update(comments)
    .set({ body: change.body, editedAt: new Date() })
    .where(eq(comments.id, row.id))
    .returning();
  return toComment({ ...updated!, authorName: row.authorName });
}

/** Deletes the caller's own comment, or anyone's with `comments.moderate`; answers what it was on. */
export async function deleteComment(scope: Scope, id: string): Promise<CommentRow> {
  const row = await commentInScope(scope, id);
  if (!isAuthor(scope, row) && !scopeCan(scope, 'comments.moderate')) throw forbidden('only its author or an admin may delete a comment');
  await scope.db.delete(comments).where(eq(comments.id, row.id));
  return row;
}
