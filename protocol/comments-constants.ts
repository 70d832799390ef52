/**
 * @module protocol/comments-constants
 * Comments anchored to a moment (and optionally an element) of a session or
 * a tutorial: the plain constants, zod-free so the advisor app and
 * `db/schema.ts` import them as is. Schemas and types are in `comments.ts`.
 */

/** What a comment is on: a recorded session, or a tutorial (its editor's preview). */
export const COMMENT_TARGET_KINDS = ['session', 'tutorial'] as const;
export type CommentTargetKind = (typeof COMMENT_TARGET_KINDS)[number];

export const COMMENT_BODY_MAX = 4000;
/** A picked element's selector and label: enough to find it again and to name it, never a page's worth. */
export const COMMENT_SELECTOR_MAX = 500;
export const COMMENT_LABEL_MAX = 200;
/** Comments one target answers at most (oldest moments first). */
export const COMMENTS_PER_TARGET_MAX = 500;

/** The query parameter of a link that opens the player with one comment open (with `t`, its moment). */
export const COMMENT_QUERY_PARAM = 'comment';
