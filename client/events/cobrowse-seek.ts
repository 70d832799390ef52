/**
 * Fired by `cobrowse-player-timeline` when the user clicks, releases a drag or
 * rests a drag at a time (session ms; `final` is false for a resting drag).
 */
export type CobrowseSeekEvent = CustomEvent<{ time: number; final: boolean }>;

declare global {
  interface GlobalEventHandlersEventMap {
    'cobrowse-seek': CobrowseSeekEvent;
  }
}
