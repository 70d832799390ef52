import type { TimelineRange } from '../components/player-timeline/player-timeline.component.ts';

/** Fired by `cobrowse-tutorial-maker` when its in or out point changes (session ms); the player shows them on the timeline. */
export type CobrowseTutorialRangeEvent = CustomEvent<{ range: TimelineRange | null }>;

declare global {
  interface GlobalEventHandlersEventMap {
    'cobrowse-tutorial-range': CobrowseTutorialRangeEvent;
  }
}
