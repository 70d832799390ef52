/**
 * @module recorder/events/cobrowse-case-created
 * Fired by `<cobrowse-recorder>` when the customer's question was sent
 * ("Ask for help" form or `askForHelp()`) and the server opened a case.
 * Bubbles and is composed, so a page can show the link in its own UI.
 */
export interface CobrowseCaseCreatedDetail {
  caseId: string;
  /** The customer's private link to the case (absolute URL). */
  link: string;
  /** When the link stops working (epoch ms). */
  expiresAt: number;
  /** The recording sent with the question. */
  sessionId: string;
}

export type CobrowseCaseCreatedEvent = CustomEvent<CobrowseCaseCreatedDetail>;

export const COBROWSE_CASE_CREATED = 'cobrowse-case-created';

export function cobrowseCaseCreatedEvent(detail: CobrowseCaseCreatedDetail): CobrowseCaseCreatedEvent {
  return new CustomEvent(COBROWSE_CASE_CREATED, { detail, bubbles: true, composed: true });
}

declare global {
  interface GlobalEventHandlersEventMap {
    'cobrowse-case-created': CobrowseCaseCreatedEvent;
  }
}
