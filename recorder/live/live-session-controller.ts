/**
 * @module recorder/live/live-session-controller
 * Re-renders its host whenever the live session it follows changes.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { LiveSession } from './live-session.ts';

export class LiveSessionController implements ReactiveController {
  #host: ReactiveControllerHost;
  #session: LiveSession | undefined;
  #unsubscribe: (() => void) | undefined;

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
    host.addController(this);
  }

  /** Follows `session` (or nothing); call from `willUpdate` when the property changes. */
  follow(session: LiveSession | undefined): void {
    if (session === this.#session) return;
    this.#unsubscribe?.();
    this.#session = session;
    this.#unsubscribe = session?.subscribe(() => this.#host.requestUpdate());
  }

  hostConnected(): void {
    const session = this.#session;
    this.#session = undefined;
    this.follow(session);
  }

  hostDisconnected(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
  }
}
