/** Fired by the tutorial editor's step list when a step is picked: the preview shows its moment (`t`, ms of the tutorial). */
export type CobrowseStepSelectedEvent = CustomEvent<{ stepId: string; t: number }>;

declare global {
  interface GlobalEventHandlersEventMap {
    'cobrowse-step-selected': CobrowseStepSelectedEvent;
  }
}
