import type { Advisor } from '../../protocol/api.ts';

/** Fired by `cobrowse-display-name` when the signed-in advisor's profile was saved. */
export type CobrowseAdvisorUpdatedEvent = CustomEvent<{ advisor: Advisor }>;

declare global {
  interface GlobalEventHandlersEventMap {
    'cobrowse-advisor-updated': CobrowseAdvisorUpdatedEvent;
  }
}
