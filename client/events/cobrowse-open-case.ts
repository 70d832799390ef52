/** Fired by `cobrowse-case-inbox` when the advisor picks a case. */
export type CobrowseOpenCaseEvent = CustomEvent<{ caseId: string }>;

declare global {
  interface GlobalEventHandlersEventMap {
    'cobrowse-open-case': CobrowseOpenCaseEvent;
  }
}
