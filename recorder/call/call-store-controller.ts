/**
 * @module recorder/call/call-store-controller
 * Re-renders its host whenever the call store it follows changes.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { CallStore } from './call-store.ts';

export class CallStoreController implements ReactiveController {
  #host: ReactiveControllerHost;
  #store: CallStore | undefined;
  #unsubscribe: (() => void) | undefined;

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
    host.addController(this);
  }

  /** Follows `store` (or nothing); call from `willUpdate` when the property changes. */
  follow(store: CallStore | undefined): void {
    if (store === this.#store) return;
    this.#unsubscribe?.();
    this.#store = store;
    this.#unsubscribe = store?.subscribe(() => this.#host.requestUpdate());
  }

  hostConnected(): void {
    const store = this.#store;
    this.#store = undefined;
    this.follow(store);
  }

  hostDisconnected(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
  }
}
