import type { AdvisorMessageCreate } from '../../protocol/cases.ts';

/** Fired by `cobrowse-case-composer` when the advisor sends an answer or adds an internal note. */
export type CobrowseCaseMessageEvent = CustomEvent<{ message: AdvisorMessageCreate }>;

declare global {
  interface GlobalEventHandlersEventMap {
    'cobrowse-case-message': CobrowseCaseMessageEvent;
  }
}
