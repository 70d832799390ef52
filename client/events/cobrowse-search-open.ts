/** Fired by `cobrowse-search` when the advisor picks a result: a session (at `t` ms into it) or a case. */
export type CobrowseSearchOpenEvent = CustomEvent<{ kind: 'session' | 'case'; id: string; t: number | null }>;

declare global {
  interface GlobalEventHandlersEventMap {
    'cobrowse-search-open': CobrowseSearchOpenEvent;
  }
}
