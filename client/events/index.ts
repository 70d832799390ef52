/**
 * @module client/events
 * Every custom event of the advisor app, and `emit()` (bubbles and composed by default).
 */
export type { CobrowseSignedInEvent } from './cobrowse-signed-in.ts';
export type { CobrowseAdvisorUpdatedEvent } from './cobrowse-advisor-updated.ts';
export type { CobrowseOpenSessionEvent } from './cobrowse-open-session.ts';
export type { CobrowsePlayerReadyEvent } from './cobrowse-player-ready.ts';
export type { CobrowseSeekEvent } from './cobrowse-seek.ts';
export type { CobrowseSeekIntentEvent } from './cobrowse-seek-intent.ts';
export type { CobrowseBackEvent } from './cobrowse-back.ts';
export type { CobrowseJoinLiveEvent } from './cobrowse-join-live.ts';
export type { CobrowseJoinFailedEvent } from './cobrowse-join-failed.ts';
export type { CobrowseChatSendEvent } from './cobrowse-chat-send.ts';
export type { CobrowseLiveJoinedEvent } from './cobrowse-live-joined.ts';
export type { CobrowseOpenCaseEvent } from './cobrowse-open-case.ts';
export type { CobrowseCaseFiltersEvent } from './cobrowse-case-filters.ts';
export type { CobrowseCaseMessageEvent } from './cobrowse-case-message.ts';
export type { CobrowseReplySentEvent } from './cobrowse-reply-sent.ts';
export type { CobrowseOrgChangedEvent } from './cobrowse-org-changed.ts';
export type { CobrowseSearchOpenEvent } from './cobrowse-search-open.ts';
export type { CobrowseOpenTutorialEvent } from './cobrowse-open-tutorial.ts';
export type { CobrowseTutorialChangedEvent } from './cobrowse-tutorial-changed.ts';
export type { CobrowseStepSelectedEvent } from './cobrowse-step-selected.ts';
export type { CobrowseTutorialRangeEvent } from './cobrowse-tutorial-range.ts';
export type { CobrowseCloseEvent } from './cobrowse-close.ts';
export type { CobrowseTutorialPickedEvent } from './cobrowse-tutorial-picked.ts';
export type { CobrowseCommentsChangedEvent } from './cobrowse-comments-changed.ts';
export type { CobrowseCommentSelectedEvent } from './cobrowse-comment-selected.ts';
export type { CobrowseMarkerSelectedEvent } from './cobrowse-marker-selected.ts';
export type { CobrowseMakeTutorialEvent } from './cobrowse-make-tutorial.ts';
export type { CobrowseUseAnswerEvent } from './cobrowse-use-answer.ts';

type DetailOf<K extends keyof GlobalEventHandlersEventMap> = GlobalEventHandlersEventMap[K] extends CustomEvent<infer D> ? D : never;

export function emit<K extends keyof GlobalEventHandlersEventMap>(
  target: EventTarget,
  name: K,
  detail: DetailOf<K>,
  init: Omit<CustomEventInit, 'detail'> = {},
): boolean {
  return target.dispatchEvent(new CustomEvent(name, { bubbles: true, composed: true, cancelable: false, ...init, detail }));
}
