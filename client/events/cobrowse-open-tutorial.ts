/** Fired by the tutorial list (and the player, once a tutorial is made) to open a tutorial in the editor. */
export type CobrowseOpenTutorialEvent = CustomEvent<{ tutorialId: string }>;

declare global {
  interface GlobalEventHandlersEventMap {
    'cobrowse-open-tutorial': CobrowseOpenTutorialEvent;
  }
}
