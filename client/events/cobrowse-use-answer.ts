/** Fired by `cobrowse-case-suggestions`: reuse a similar case's answer as a draft in this case's composer. */
export type CobrowseUseAnswerEvent = CustomEvent<{ text: string }>;

declare global {
  interface GlobalEventHandlersEventMap {
    'cobrowse-use-answer': CobrowseUseAnswerEvent;
  }
}
