/** Fired by `<cobrowse-comment-list>` when its comments were loaded or changed: the host marks them on its timeline. */
import type { Comment } from '../../protocol/comments.ts';

export type CobrowseCommentsChangedEvent = CustomEvent<{ comments: readonly Comment[] }>;

declare global {
  interface GlobalEventHandlersEventMap {
    'cobrowse-comments-changed': CobrowseCommentsChangedEvent;
  }
}
