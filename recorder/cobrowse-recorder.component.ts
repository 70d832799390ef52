/**
 * @module recorder/cobrowse-recorder.component
 * `<cobrowse-recorder>`: records the page it is on and sends it to the
 * cobrowse server. Renders nothing.
 *
 * @example
 * ```html
 * <script type="module" src="https://SERVER/recorder.js"></script>
 * <cobrowse-recorder site-key="pk_…" autostart></cobrowse-recorder>
 * ```
 *
 * @attr site-key - the site's public key (required).
 * @attr endpoint - the cobrowse server; default: the origin recorder.js came from.
 * @attr autostart - start recording as soon as the element is in the page.
 * @attr checkout-interval - ms between full snapshots (default 300000).
 * @attr flush-interval - ms between uploads (default 1000).
 * @attr no-mask-inputs - record input values (passwords and `data-cb-mask` fields stay masked).
 * @prop metadata - key/values stored with a new session.
 * @prop sessionId - the session id once recording (read-only).
 * @prop recording - whether it records (read-only).
 * @event cobrowse-session - `{ sessionId }` once the session is known; bubbles, composed.
 */
import { LitElement, css } from 'lit';
import { cobrowseSessionEvent } from './events/cobrowse-session.ts';
import type { RecorderOptions, SessionMetadata } from './options.ts';
import { RecordingController } from './recording-controller.ts';

export class CobrowseRecorder extends LitElement {
  static override styles = css`
    :host {
      display: none;
    }
  `;

  static override properties = {
    siteKey: { type: String, attribute: 'site-key' },
    endpoint: { type: String },
    autostart: { type: Boolean },
    checkoutInterval: { type: Number, attribute: 'checkout-interval' },
    flushInterval: { type: Number, attribute: 'flush-interval' },
    noMaskInputs: { type: Boolean, attribute: 'no-mask-inputs' },
    metadata: { attribute: false },
  };

  declare siteKey: string;
  declare endpoint: string | undefined;
  declare autostart: boolean;
  declare checkoutInterval: number | undefined;
  declare flushInterval: number | undefined;
  declare noMaskInputs: boolean;
  declare metadata: SessionMetadata | undefined;

  #controller = new RecordingController(this, {
    options: () => this.#options(),
    autostart: () => this.autostart,
    started: (handle) => this.dispatchEvent(cobrowseSessionEvent({ sessionId: handle.sessionId })),
  });

  constructor() {
    super();
    this.siteKey = '';
    this.autostart = false;
    this.noMaskInputs = false;
  }

  /** The recording's session id, or undefined before it starts. */
  get sessionId(): string | undefined {
    return this.#controller.handle?.sessionId;
  }

  get recording(): boolean {
    return this.#controller.handle?.recording ?? false;
  }

  /** Starts recording (no-op when it already records); returns the session id. */
  start(): string {
    return this.#controller.start().sessionId;
  }

  /** Stops recording; what was recorded is still sent. */
  stop(): Promise<void> {
    return this.#controller.stop();
  }

  /** Sends the pending events now; resolves once they are safely queued. */
  async flush(): Promise<void> {
    await this.#controller.handle?.flush();
  }

  #options(): RecorderOptions {
    return {
      siteKey: this.siteKey,
      ...(this.endpoint ? { endpoint: this.endpoint } : {}),
      ...(this.checkoutInterval ? { checkoutIntervalMs: this.checkoutInterval } : {}),
      ...(this.flushInterval ? { flushIntervalMs: this.flushInterval } : {}),
      maskAllInputs: !this.noMaskInputs,
      ...(this.metadata ? { metadata: this.metadata } : {}),
    };
  }
}
