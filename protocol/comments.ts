/**
 * @module protocol/comments
 * Comments for the organisation's advisors and editors, anchored to a moment
 * of a session or a tutorial and optionally to an element of the replay
 * ("this is where the discount field rejects the code"). Never public: no
 * `/t/:slug` page, JSON or embed carries them.
 *
 * Advisor (bearer token; `comments.read` to read, `comments.write` to write):
 *   GET    /api/sessions/:id/comments           -> CommentList (by moment)
 *   POST   /api/sessions/:id/comments           CommentCreate -> Comment (201)
 *   GET    /api/tutorials/:id/comments          -> CommentList
 *   POST   /api/tutorials/:id/comments          CommentCreate -> Comment (201)
 *   PATCH  /api/comments/:id                    CommentUpdate -> Comment (its author only)
 *   DELETE /api/comments/:id                    -> 204 (its author, or `comments.moderate`)
 *
 * `t` is ms into the target: for a session, since its first event (the
 * player's `?t=`); for a tutorial, from the start of its (cut, joined) events.
 */
import { z } from 'zod';
import { text } from './text.ts';
import { COMMENT_BODY_MAX, COMMENT_LABEL_MAX, COMMENT_SELECTOR_MAX, COMMENT_TARGET_KINDS } from './comments-constants.ts';

const ms = z.int().min(0).max(Number.MAX_SAFE_INTEGER);

/** The element a comment points at: rrweb's node id in the replay, plus a selector and a label that survive a re-recording. */
export const commentElementSchema = z.object({
  nodeId: z.int().min(1).max(2_147_483_647),
  selector: text().trim().max(COMMENT_SELECTOR_MAX).optional(),
  label: text().trim().max(COMMENT_LABEL_MAX).optional(),
});

export const commentCreateSchema = z.object({
  t: ms,
  body: text().trim().min(1).max(COMMENT_BODY_MAX),
  element: commentElementSchema.optional(),
});
export type CommentCreate = z.input<typeof commentCreateSchema>;

export const commentUpdateSchema = z.object({ body: text().trim().min(1).max(COMMENT_BODY_MAX) });
export type CommentUpdate = z.input<typeof commentUpdateSchema>;

// Answers.

export const commentSchema = z
  .object({
    id: z.string(),
    targetKind: z.enum(COMMENT_TARGET_KINDS),
    targetId: z.string(),
    t: z.number(),
    element: z.object({ nodeId: z.number(), selector: z.string().nullable(), label: z.string().nullable() }).nullable(),
    body: z.string(),
    authorId: z.string().nullable(),
    authorName: z.string().nullable(),
    createdAt: z.string(),
    editedAt: z.string().nullable(),
  })
  .describe('A comment at a moment (and optionally an element) of a session or a tutorial.');
export type Comment = z.output<typeof commentSchema>;

export const commentListSchema = z.object({ comments: z.array(commentSchema) }).describe("A session's or tutorial's comments, by moment.");
export type CommentList = z.output<typeof commentListSchema>;
