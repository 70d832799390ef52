/**
 * @module recorder/events/cobrowse-session
 * Fired by `<cobrowse-recorder>` once the recording's session id is known
 * (a tab that found another tab's session in its copied storage knows it once
 * its claim is decided), and again whenever the tab goes on as a new session.
 * Bubbles and is composed, so a page can listen on `document`.
 */
export interface CobrowseSessionDetail {
  sessionId: string;
}

export type CobrowseSessionEvent = CustomEvent<CobrowseSessionDetail>;

export const COBROWSE_SESSION = 'cobrowse-session';

export function cobrowseSessionEvent(detail: CobrowseSessionDetail): CobrowseSessionEvent {
  return new CustomEvent(COBROWSE_SESSION, { detail, bubbles: true, composed: true });
}

declare global {
  interface GlobalEventHandlersEventMap {
    'cobrowse-session': CobrowseSessionEvent;
  }
}
