import type { SearchKind } from '../../protocol/search-constants.ts';

/** Fired by `cobrowse-search` when the advisor picks a result: a session (at `t` ms into it), a case or a tutorial. */
export type CobrowseSearchOpenEvent = CustomEvent<{ kind: SearchKind; id: string; t: number | null }>;

declare global {
  interface GlobalEventHandlersEventMap {
    'cobrowse-search-open': CobrowseSearchOpenEvent;
  }
}
