/**
 * @module recorder/media-query-controller
 * A Lit reactive controller that tracks one CSS media query (`matches`) and
 * re-renders its host when the answer changes — for layouts CSS alone cannot
 * express, such as moving an element into another container on small screens.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export class MediaQueryController implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #query: string;
  #list: MediaQueryList | undefined;
  matches = false;

  constructor(host: ReactiveControllerHost, query: string) {
    this.#host = host;
    this.#query = query;
    host.addController(this);
  }

  hostConnected(): void {
    this.#list = globalThis.matchMedia?.(this.#query);
    this.matches = this.#list?.matches ?? false;
    this.#list?.addEventListener('change', this.#onChange);
  }

  hostDisconnected(): void {
    this.#list?.removeEventListener('change', this.#onChange);
    this.#list = undefined;
  }

  #onChange = (e: MediaQueryListEvent): void => {
    this.matches = e.matches;
    this.#host.requestUpdate();
  };
}
