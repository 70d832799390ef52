/** Fired by a panel (such as `cobrowse-tutorial-maker`) the member closed. */
export type CobrowseCloseEvent = CustomEvent<Record<string, never>>;

declare global {
  interface GlobalEventHandlersEventMap {
    'cobrowse-close': CobrowseCloseEvent;
  }
}
