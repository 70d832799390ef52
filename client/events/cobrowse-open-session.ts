/** Fired by `cobrowse-session-list` when the advisor picks a session. */
export type CobrowseOpenSessionEvent = CustomEvent<{ sessionId: string }>;

declare global {
  interface GlobalEventHandlersEventMap {
    'cobrowse-open-session': CobrowseOpenSessionEvent;
  }
}
