/**
 * @module client/lib/request-controller
 * A reactive controller for an element's API calls: `busy` while one runs,
 * `error` (one line) from the last failure, the failure itself (`failure`,
 * for an answer's details such as a 409's list), and the calls of an
 * element that left the page aborted. The host re-renders on each change.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { isAbortError } from '../api/api-error.ts';

export class RequestController implements ReactiveController {
  /** A call is under way. */
  busy = false;
  /** The last failure's message ('' after a success). */
  error = '';
  /** The last failure as thrown (null after a success). */
  failure: unknown = null;
  readonly #host: ReactiveControllerHost;
  #abort = new AbortController();
  #running = 0;
  #last: Promise<unknown> = Promise.resolve();

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
    host.addController(this);
  }

  hostConnected(): void {
    if (this.#abort.signal.aborted) this.#abort = new AbortController();
  }

  hostDisconnected(): void {
    this.#abort.abort();
  }

  /** Runs `work`; answers its result, or undefined when it failed (then `error` says why) or was aborted. */
  async run<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T | undefined> {
    const signal = this.#abort.signal;
    this.#running++;
    this.busy = true;
    this.error = '';
    this.failure = null;
    this.#host.requestUpdate();
    const done = work(signal);
    this.#last = done.catch(() => undefined);
    try {
      return await done;
    } catch (err) {
      if (isAbortError(err) || signal.aborted) return undefined;
      this.failure = err;
      this.error = err instanceof Error ? err.message : String(err);
      return undefined;
    } finally {
      this.busy = --this.#running > 0;
      this.#host.requestUpdate();
    }
  }

  /** Resolves once the last call started has ended and the host has re-rendered. */
  async settled(): Promise<void> {
    await this.#last;
    await this.#host.updateComplete;
  }

  /** Forgets the last failure (e.g. when a dialog is closed). */
  clear(): void {
    this.error = '';
    this.failure = null;
    this.#host.requestUpdate();
  }
}
