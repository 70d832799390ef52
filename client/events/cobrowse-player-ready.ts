/**
 * Fired by `cobrowse-session-player` once the first frame of the replay is built.
 * @remarks Fires once per opened session, after `state` left 'loading'.
 */
export type CobrowsePlayerReadyEvent = CustomEvent<{ sessionId: string; currentTime: number }>;

declare global {
  interface GlobalEventHandlersEventMap {
    'cobrowse-player-ready': CobrowsePlayerReadyEvent;
  }
}
