/** Fired by `<cobrowse-player-timeline>` when a marker that carries an `id` (a comment's) is clicked, after it seeks there. */
export type CobrowseMarkerSelectedEvent = CustomEvent<{ id: string }>;

declare global {
  interface GlobalEventHandlersEventMap {
    'cobrowse-marker-selected': CobrowseMarkerSelectedEvent;
  }
}
