/**
 * @module recorder/events/cobrowse-control-refused
 * Fired by `<cobrowse-recorder>` when it refused an advisor's remote-control
 * command (a `[data-cb-no-control]` target, a masked field, its own UI, no
 * control granted…). Bubbles and is composed.
 */
import type { ControlRefusedDetail } from '../live/live-session.ts';

export type CobrowseControlRefusedDetail = ControlRefusedDetail;
export type CobrowseControlRefusedEvent = CustomEvent<CobrowseControlRefusedDetail>;

export const COBROWSE_CONTROL_REFUSED = 'cobrowse-control-refused';

export function cobrowseControlRefusedEvent(detail: CobrowseControlRefusedDetail): CobrowseControlRefusedEvent {
  return new CustomEvent(COBROWSE_CONTROL_REFUSED, { detail, bubbles: true, composed: true });
}

declare global {
  interface GlobalEventHandlersEventMap {
    'cobrowse-control-refused': CobrowseControlRefusedEvent;
  }
}
