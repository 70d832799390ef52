/**
 * Fired when a comment is opened (in the list, on a timeline marker, or from a
 * `?comment=` link once loaded): the host shows its moment and outlines its
 * element. `comment` null: the open one was closed.
 */
import type { Comment } from '../../protocol/comments.ts';

export type CobrowseCommentSelectedEvent = CustomEvent<{ comment: Comment | null }>;

declare global {
  interface GlobalEventHandlersEventMap {
    'cobrowse-comment-selected': CobrowseCommentSelectedEvent;
  }
}
