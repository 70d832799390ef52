import type { Tutorial } from '../../protocol/tutorials.ts';

/** Fired by a part of the tutorial editor after a change the server answered with the whole tutorial. */
export type CobrowseTutorialChangedEvent = CustomEvent<{ tutorial: Tutorial }>;

declare global {
  interface GlobalEventHandlersEventMap {
    'cobrowse-tutorial-changed': CobrowseTutorialChangedEvent;
  }
}
