/**
 * @module recorder/events/cobrowse-help-code
 * Fired by `<cobrowse-recorder>` when the server issued the code the
 * customer reads to an advisor (after `requestHelp()` or the Get help
 * button). Bubbles and is composed, so a page can show it in its own UI.
 */
export interface CobrowseHelpCodeDetail {
  code: string;
  /** Epoch ms. */
  expiresAt: number;
}

export type CobrowseHelpCodeEvent = CustomEvent<CobrowseHelpCodeDetail>;

export const COBROWSE_HELP_CODE = 'cobrowse-help-code';

export function cobrowseHelpCodeEvent(detail: CobrowseHelpCodeDetail): CobrowseHelpCodeEvent {
  return new CustomEvent(COBROWSE_HELP_CODE, { detail, bubbles: true, composed: true });
}

declare global {
  interface GlobalEventHandlersEventMap {
    'cobrowse-help-code': CobrowseHelpCodeEvent;
  }
}
