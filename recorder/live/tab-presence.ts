/**
 * @module recorder/live/tab-presence
 * Whether the customer is looking at this tab: `document.visibilityState`,
 * window focus and blur, and the customer's own input (trusted pointer and
 * key presses: the advisor's commands are synthetic, untrusted events and
 * never count). Reported as `tab_state` so the server knows which of the
 * visit's tabs is in use and the advisor can follow it.
 */
import type { CustomerMessage } from '../../server/protocol/live.ts';

/** Input reports at most this often: the first press says enough. */
const INPUT_REPORT_MS = 1_000;

export type TabState = Omit<CustomerMessage<'tab_state'>, 'type'>;

export function currentPresence(): { visible: boolean; focused: boolean } {
  return { visible: document.visibilityState === 'visible', focused: document.hasFocus() };
}

export class TabPresence {
  #report: (state: TabState) => void;
  #lastInput = -Infinity;
  #started = false;

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
    if (!e.isTrusted) return;
    const now = performance.now();
    if (now - this.#lastInput < INPUT_REPORT_MS) return;
    this.#lastInput = now;
    this.#report({ ...currentPresence(), visible: true, input: true });
  };
}
