/**
 * Fired by `cobrowse-live-view` when joining by code failed before the
 * customer was ever reached (a wrong or expired code, too many tries): the
 * app goes back to the code form, which shows `message` with the code kept.
 */
export type CobrowseJoinFailedEvent = CustomEvent<{ code: string; message: string }>;

declare global {
  interface GlobalEventHandlersEventMap {
    'cobrowse-join-failed': CobrowseJoinFailedEvent;
  }
}
