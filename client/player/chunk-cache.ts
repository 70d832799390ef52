/**
 * @module client/player/chunk-cache
 * The events of the chunks downloaded for one open session, by seq, so a seek
 * back to a moment seen before (or prefetched) downloads nothing. Least
 * recently used chunks go first once the cache holds more than its budget of
 * events; a download in flight is shared by everyone who needs the chunk.
 */
import type { eventWithTime } from '@rrweb/types';

/** About a busy page's half hour, a quiet page's day: some tens of MB at most. */
export const CHUNK_CACHE_EVENTS = 100_000;

export class ChunkCache {
  readonly #maxEvents: number;
  readonly #done = new Map<number, eventWithTime[]>();
  readonly #pending = new Map<number, Promise<eventWithTime[]>>();
  #events = 0;

  constructor(maxEvents = CHUNK_CACHE_EVENTS) {
    this.#maxEvents = maxEvents;
  }

  get size(): number {
    return this.#done.size;
  }

  has(seq: number): boolean {
    return this.#done.has(seq);
  }

  /** The chunk's events (marked as just used), its download in flight, or undefined. */
  get(seq: number): eventWithTime[] | Promise<eventWithTime[]> | undefined {
    const events = this.#done.get(seq);
    if (events) {
      this.#done.delete(seq);
      this.#done.set(seq, events);
      return events;
    }
    return this.#pending.get(seq);
  }

  /** Records a download in flight; its events are kept when it succeeds, forgotten when it fails. */
  track(seq: number, download: Promise<eventWithTime[]>): void {
    this.#pending.set(seq, download);
    download.then(
      (events) => {
        if (this.#pending.get(seq) === download) this.#pending.delete(seq);
        this.#put(seq, events);
      },
      () => {
        if (this.#pending.get(seq) === download) this.#pending.delete(seq);
      },
    );
  }

  #put(seq: number, events: eventWithTime[]): void {
    const old = this.#done.get(seq);
    if (old) this.#events -= old.length;
    this.#done.delete(seq);
    this.#done.set(seq, events);
    this.#events += events.length;
    for (const [oldest, list] of this.#done) {
      if (this.#events <= this.#maxEvents || oldest === seq) break;
      this.#done.delete(oldest);
      this.#events -= list.length;
    }
  }
}
