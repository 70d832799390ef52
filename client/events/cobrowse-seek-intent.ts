/**
 * Fired by `cobrowse-player-timeline` when the pointer rests over a time
 * without pressing (session ms): the advisor is reading that time's label and
 * may click there next, so the player may fetch what showing it needs.
 */
export type CobrowseSeekIntentEvent = CustomEvent<{ time: number }>;

declare global {
  interface GlobalEventHandlersEventMap {
    'cobrowse-seek-intent': CobrowseSeekIntentEvent;
  }
}
