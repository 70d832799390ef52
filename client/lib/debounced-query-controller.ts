/**
 * @module client/lib/debounced-query-controller
 * A reactive controller for search-as-you-type: `set(query)` waits `delayMs`
 * for more typing, then runs `load(query, signal)`, aborting the run before
 * it (an older answer never overwrites a newer one), and re-renders the host
 * with `value`, `loading` and `error`. Disconnecting the host cancels all.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export class DebouncedQueryController<Q, T> implements ReactiveController {
  value: T | undefined;
  loading = false;
  error: string | undefined;
  readonly #host: ReactiveControllerHost;
  readonly #load: (query: Q, signal: AbortSignal) => Promise<T>;
  readonly #delayMs: number;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #running: AbortController | undefined;

  constructor(host: ReactiveControllerHost, load: (query: Q, signal: AbortSignal) => Promise<T>, delayMs = 250) {
    this.#host = host;
    this.#load = load;
    this.#delayMs = delayMs;
    host.addController(this);
  }

  /** Schedules a run for `query`; null clears the value and cancels what is pending. */
  set(query: Q | null): void {
    this.#cancel();
    if (query === null) {
      this.value = undefined;
      this.loading = false;
      this.error = undefined;
      this.#host.requestUpdate();
      return;
    }
    this.#timer = setTimeout(() => void this.#run(query), this.#delayMs);
  }

  hostDisconnected(): void {
    this.#cancel();
  }

  async #run(query: Q): Promise<void> {
    const run = new AbortController();
    this.#running = run;
    this.loading = true;
    this.#host.requestUpdate();
    try {
      const value = await this.#load(query, run.signal);
      if (run.signal.aborted) return;
      this.value = value;
      this.error = undefined;
    } catch (err) {
      if (run.signal.aborted) return;
      this.error = err instanceof Error ? err.message : String(err);
    } finally {
      if (this.#running === run) {
        this.loading = false;
        this.#running = undefined;
        this.#host.requestUpdate();
      }
    }
  }

  #cancel(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#running?.abort();
    this.#running = undefined;
  }
}
