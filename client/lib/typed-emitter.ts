/**
 * @module client/lib/typed-emitter
 * A tiny typed event emitter for browser code (no Node `events`): an event
 * map of `name → argument tuple`, `on()` returns its own unsubscribe.
 *
 * @example
 * type Events = { state: [state: string]; closed: [] };
 * class Thing extends TypedEmitter<Events> {}
 * const off = new Thing().on('state', (s) => console.log(s));
 */
export type EventMap = Record<string, unknown[]>;

type Listener = (...args: unknown[]) => void;

export class TypedEmitter<E extends EventMap> {
  #listeners = new Map<keyof E, Set<Listener>>();

  /** Adds a listener; returns a function that removes it. */
  on<K extends keyof E>(name: K, listener: (...args: E[K]) => void): () => void {
    let set = this.#listeners.get(name);
    if (!set) this.#listeners.set(name, (set = new Set()));
    set.add(listener as unknown as Listener);
    return () => this.off(name, listener);
  }

  /** Like `on`, for the next emission only. */
  once<K extends keyof E>(name: K, listener: (...args: E[K]) => void): () => void {
    const off = this.on(name, (...args) => {
      off();
      listener(...args);
    });
    return off;
  }

  off<K extends keyof E>(name: K, listener: (...args: E[K]) => void): void {
    this.#listeners.get(name)?.delete(listener as unknown as Listener);
  }

  removeAllListeners(): void {
    this.#listeners.clear();
  }

  protected emit<K extends keyof E>(name: K, ...args: E[K]): void {
    const set = this.#listeners.get(name);
    if (!set) return;
    for (const listener of [...set]) {
      try {
        listener(...(args as unknown[]));
      } catch (err) {
        // NOTE: one broken listener must not stop the others (nor the socket handler).
        console.error('cobrowse: listener failed', name, err);
      }
    }
  }
}
