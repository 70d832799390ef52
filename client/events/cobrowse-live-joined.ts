/**
 * Fired by `cobrowse-live-view` once the customer let the advisor in (first `welcome`).
 * @remarks Fires once per opened live view; the app uses it to put the session id in the URL.
 */
export type CobrowseLiveJoinedEvent = CustomEvent<{ sessionId: string; viewerId: string }>;

declare global {
  interface GlobalEventHandlersEventMap {
    'cobrowse-live-joined': CobrowseLiveJoinedEvent;
  }
}
