/** Fired by `cobrowse-org-switcher` when the advisor chose another organisation to act in. */
export type CobrowseOrgChangedEvent = CustomEvent<{ orgId: string }>;

declare global {
  interface GlobalEventHandlersEventMap {
    'cobrowse-org-changed': CobrowseOrgChangedEvent;
  }
}
