/** Fired by `cobrowse-live-list` when the advisor asks to watch a live session, by its code or by its id. */
export type CobrowseJoinLiveEvent = CustomEvent<{ code: string } | { sessionId: string }>;

declare global {
  interface GlobalEventHandlersEventMap {
    'cobrowse-join-live': CobrowseJoinLiveEvent;
  }
}
