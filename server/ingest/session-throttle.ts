/**
 * @module server/ingest/session-throttle
 * At most one send per session per window, in this process: the first
 * request of a session is sent at once (awaited by its caller, as before),
 * later ones within the window are collected and sent together when the
 * window ends (a trailing send, which opens the next window). So a burst of
 * chunks costs two sends, not one per chunk, and the LAST request of a burst
 * is always sent, after its chunk was stored.
 *
 * Why this is enough for the jobs behind it: a pg-boss singleton job that
 * is still waiting covers everything stored before it starts, and the
 * trailing send happens after every collected chunk was committed.
 *
 * Held requests live in memory only: `flush()` sends them at once (the job
 * queue calls it before it closes), `held` lets `JobQueue.idle()` wait for
 * them. A crash loses them; the catch-up sweeps queued at the next start
 * (`server/jobs/catch-up-sweep.ts`: search, compaction, asset capture) find
 * what still waits and queue it again.
 */
import type { DeferredSends } from '../jobs/job-queue.ts';

export class SessionThrottle<T> implements DeferredSends {
  readonly #windowMs: number;
  readonly #send: (sessionId: string, items: T[]) => Promise<void>;
  /** Sessions inside a window: their held items and the window's end. */
  readonly #windows = new Map<string, { items: T[]; timer: NodeJS.Timeout }>();
  /** Trailing sends under way (flush() and idle() wait for them). */
  readonly #sending = new Set<Promise<void>>();

  /** `send` must not throw (the senders log and swallow their failures). */
  constructor(windowMs: number, send: (sessionId: string, items: T[]) => Promise<void>) {
    this.#windowMs = windowMs;
    this.#send = send;
  }

  /** Sends at once when the session has no open window (awaited), else holds `item` for the window's end. */
  async request(sessionId: string, item: T): Promise<void> {
    if (this.#windowMs <= 0) return this.#send(sessionId, [item]);
    const open = this.#windows.get(sessionId);
    if (open) {
      open.items.push(item);
      return;
    }
    this.#open(sessionId);
    await this.#send(sessionId, [item]);
  }

  /** Items held back, plus trailing sends not finished. */
  get held(): number {
    let n = this.#sending.size;
    for (const window of this.#windows.values()) n += window.items.length;
    return n;
  }

  /** Sends everything held now and closes every window. */
  async flush(): Promise<void> {
    for (const [sessionId, window] of [...this.#windows]) {
      clearTimeout(window.timer);
      this.#windows.delete(sessionId);
      if (window.items.length) this.#track(this.#send(sessionId, window.items));
    }
    await Promise.all([...this.#sending]);
  }

  #open(sessionId: string): void {
    const timer = setTimeout(() => this.#end(sessionId), this.#windowMs);
    // A window must not keep the process alive: close() flushes it.
    timer.unref();
    this.#windows.set(sessionId, { items: [], timer });
  }

  #end(sessionId: string): void {
    const window = this.#windows.get(sessionId);
    this.#windows.delete(sessionId);
    if (!window?.items.length) return;
    // The trailing send opens the next window: a steady stream still sends once a window.
    this.#open(sessionId);
    this.#track(this.#send(sessionId, window.items));
  }

  #track(sending: Promise<void>): void {
    const done = sending.finally(() => this.#sending.delete(done));
    this.#sending.add(done);
  }
}
