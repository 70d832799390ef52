/** Fired by `cobrowse-player-timeline` when the user clicks or drags to a time (session ms). */
export type CobrowseSeekEvent = CustomEvent<{ time: number; final: boolean }>;

declare global {
  interface GlobalEventHandlersEventMap {
    'cobrowse-seek': CobrowseSeekEvent;
  }
}
