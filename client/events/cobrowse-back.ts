/** Fired by `cobrowse-session-player` when the advisor asks to go back to the list. */
export type CobrowseBackEvent = CustomEvent<Record<string, never>>;

declare global {
  interface GlobalEventHandlersEventMap {
    'cobrowse-back': CobrowseBackEvent;
  }
}
