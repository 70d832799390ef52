/** Fired by `cobrowse-recurring-report`: make a tutorial from this recording (the player opens with the tutorial maker). */
export type CobrowseMakeTutorialEvent = CustomEvent<{ sessionId: string }>;

declare global {
  interface GlobalEventHandlersEventMap {
    'cobrowse-make-tutorial': CobrowseMakeTutorialEvent;
  }
}
