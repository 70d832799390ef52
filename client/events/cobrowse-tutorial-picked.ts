import type { TutorialSummary } from '../../protocol/tutorials.ts';

/** Fired by `cobrowse-tutorial-picker` when a published tutorial is chosen (its `url` is set). */
export type CobrowseTutorialPickedEvent = CustomEvent<{ tutorial: TutorialSummary & { url: string } }>;

declare global {
  interface GlobalEventHandlersEventMap {
    'cobrowse-tutorial-picked': CobrowseTutorialPickedEvent;
  }
}
