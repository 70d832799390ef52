/**
 * @module client/live/control-refusal
 * What the advisor reads when the customer's page refused one of their
 * control commands (`control_refused`): which action did nothing, and why,
 * in words an advisor can act on (ask the customer, pick another element).
 */
import type { ControlCommand, ControlRefusal } from '../../protocol/live.ts';

/** How long the notice stays up, ms: long enough to read, gone before it misleads. */
export const REFUSAL_SHOW_MS = 4_000;

const ACTION: Record<ControlCommand['action'], string> = {
  click: 'Click',
  scroll: 'Scroll',
  input: 'Typing',
  key: 'Key press',
};

const REASON: Record<ControlRefusal, string> = {
  no_control: 'the site does not allow control of that part of the page.',
  masked: 'that field is private; only the customer can fill it in.',
  own_ui: 'that is the customer’s co-browsing panel.',
  not_found: 'that element is no longer on the customer’s page.',
  not_editable: 'that element cannot be typed into.',
  not_granted: 'control had already ended.',
  page_changed: 'the customer’s page changed since you saw it (another page or tab); nothing was done there.',
  other_tab: 'the customer is using another tab now; nothing was done there.',
};

export function refusalText(action: ControlCommand['action'], reason: ControlRefusal): string {
  return `${ACTION[action]} refused on the customer’s page: ${REASON[reason]}`;
}
