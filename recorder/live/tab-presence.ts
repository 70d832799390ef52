/**
 * @module recorder/live/tab-presence
 * Whether the customer is looking at this tab: `document.visibilityState`,
 * window focus and blur, and the customer's own input (trusted pointer and
 * key presses: the advisor's commands are synthetic, untrusted events and
 * never count). Reported as `tab_state` so the server knows which of the
 * visit's tabs is in use and the advisor can follow it.
 *
 * Input is reported while the room does not count this tab as the one in
 * use (`tab_in_use`): the first click or key press in a tab the customer
 * came back to says so at once, and a tab in use stays quiet.
 */
import type { CustomerMessage } from '../../protocol/live.ts';

/** Until the room answers, input reports at most this often (a burst of key presses is one report). */
const INPUT_REPORT_MS = 250;

export type TabState = Omit<CustomerMessage<'tab_state'>, 'type'>;

export function currentPresence(): { visible: boolean; focused: boolean } {
  return { visible: document.visibilityState === 'visible', focused: document.hasFocus() };
}

export class TabPresence {
  #report: (state: TabState) => void;
  #lastInput = -Infinity;
  #started = false;
  /** The room counts this tab as the one in use (unknown until told: report). */
  #inUse = false;

  constructor(report: (state: TabState) => void) {
    this.#report = report;
  }

  start(): void {
    if (this.#started) return;
    this.#started = true;
    document.addEventListener('visibilitychange', this.#onChange);
    addEventListener('focus', this.#onChange);
    addEventListener('blur', this.#onChange);
    addEventListener('pointerdown', this.#onInput, { capture: true, passive: true });
    addEventListener('keydown', this.#onInput, { capture: true, passive: true });
  }

  /** The room's `tab_in_use`. */
  setInUse(inUse: boolean): void {
    this.#inUse = inUse;
    if (!inUse) this.#lastInput = -Infinity;
  }

  stop(): void {
    if (!this.#started) return;
    this.#started = false;
    document.removeEventListener('visibilitychange', this.#onChange);
    removeEventListener('focus', this.#onChange);
    removeEventListener('blur', this.#onChange);
    removeEventListener('pointerdown', this.#onInput, { capture: true });
    removeEventListener('keydown', this.#onInput, { capture: true });
  }

  #onChange = () => {
    this.#report({ ...currentPresence(), input: false });
  };

  #onInput = (e: Event) => {
    if (!e.isTrusted || this.#inUse) return;
    const now = performance.now();
    if (now - this.#lastInput < INPUT_REPORT_MS) return;
    this.#lastInput = now;
    this.#report({ ...currentPresence(), visible: true, input: true });
  };
}
