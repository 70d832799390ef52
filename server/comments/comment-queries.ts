/**
 * @module server/comments/comment-queries
 * Reading comments: a target's comments by moment, and one comment by id,
 * each in the caller's scope first (the comment's site is one of theirs,
 * else 404). The only code reading the `comments` table.
 */
import { and, asc, eq } from 'drizzle-orm';
import { advisors, comments } from '../../db/schema.ts';
import { notFound } from '../errors.ts';
import { isUuid } from '../lib/request.ts';
import { inScope, type Scope } from '../scope/index.ts';
import type { Comment } from '../../protocol/comments.ts';
import { COMMENTS_PER_TARGET_MAX, type CommentTargetKind } from '../../protocol/comments-constants.ts';

export type CommentRow = typeof comments.$inferSelect & { authorName: string | null };

/** What a comment is on, once found in scope. */
export interface CommentTarget {
  kind: CommentTargetKind;
  id: string;
  siteId: string;
}

const selectComments = (scope: Scope) =>
  scope.db.select({ comment: comments, authorName: advisors.name }).from(comments).leftJoin(advisors, eq(advisors.id, comments.authorId));

const toRow = (r: { comment: typeof comments.$inferSelect; authorName: string | null }): CommentRow => ({
  ...r.comment,
  authorName: r.authorName,
});

export function toComment(row: CommentRow): Comment {
  return {
    id: row.id,
    targetKind: row.targetKind,
    targetId: (row.targetKind === 'session' ? row.sessionId : row.tutorialId) ?? '',
    t: row.t,
    element: row.nodeId === null ? null : { nodeId: row.nodeId, selector: row.selector, label: row.label },
    body: row.body,
    authorId: row.authorId,
    authorName: row.authorName,
    createdAt: row.createdAt.toISOString(),
    editedAt: row.editedAt?.toISOString() ?? null,
  };
}

const targetColumn = (kind: CommentTargetKind) => (kind === 'session' ? comments.sessionId : comments.tutorialId);

/** The comments on a target already found in scope, earliest moment first. */
export async function commentsOn(scope: Scope, target: CommentTarget): Promise<Comment[]> {
  const rows = await selectComments(scope)
    .where(and(eq(targetColumn(target.kind), target.id), eq(comments.targetKind, target.kind), await inScope(scope, comments.siteId)))
    .orderBy(asc(comments.t), asc(comments.createdAt), asc(comments.id))
    .limit(COMMENTS_PER_TARGET_MAX);
  return rows.map((r) => toComment(toRow(r)));
}

/** The comment `id` (as given in a path: anything) if its site is one of the caller's; else 404. */
export async function commentInScope(scope: Scope, id: string): Promise<CommentRow> {
  if (!isUuid(id)) throw notFound('no such comment');
  const [row] = await selectComments(scope)
    .where(and(eq(comments.id, id.toLowerCase()), eq(comments.orgId, scope.org.id), await inScope(scope, comments.siteId)))
    .limit(1);
  if (!row) throw notFound('no such comment');
  return toRow(row);
}
