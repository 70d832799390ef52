import type { CaseFilters } from '../lib/case-filters.ts';

/** Fired by `cobrowse-case-inbox` when the advisor changes a filter (the app keeps them in the URL). */
export type CobrowseCaseFiltersEvent = CustomEvent<{ filters: CaseFilters }>;

declare global {
  interface GlobalEventHandlersEventMap {
    'cobrowse-case-filters': CobrowseCaseFiltersEvent;
  }
}
