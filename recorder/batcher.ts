/**
 * @module recorder/batcher
 * Groups rrweb events into chunks. A chunk is cut
 * - about every `intervalMs` after its first event,
 * - as soon as its JSON passes `maxBytes` (or `maxEvents` events),
 * - right before every Meta/FullSnapshot, so each snapshot opens a chunk
 *   (a Meta event and the FullSnapshot that follows it stay together).
 *
 * Events are serialized once, when they arrive; a chunk is their JSON array.
 */
import { EventType, type eventWithTime } from '@rrweb/types';

export interface BatcherOptions {
  intervalMs: number;
  maxBytes: number;
  maxEvents: number;
  /** Receives each cut chunk as the JSON text of an event array. */
  onCut: (json: string, eventCount: number) => void;
}

export class Batcher {
  #options: BatcherOptions;
  #parts: string[] = [];
  #bytes = 0;
  #onlyMeta = true;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: BatcherOptions) {
    this.#options = options;
  }

  get pendingEvents(): number {
    return this.#parts.length;
  }

  add(event: eventWithTime): void {
    if (event.type === EventType.Meta || (event.type === EventType.FullSnapshot && !this.#onlyMeta)) {
      this.flush();
    }
    const json = JSON.stringify(event);
    this.#parts.push(json);
    this.#bytes += json.length + 1;
    if (event.type !== EventType.Meta) this.#onlyMeta = false;
    if (this.#bytes >= this.#options.maxBytes || this.#parts.length >= this.#options.maxEvents) {
      this.flush();
    } else if (this.#timer === undefined) {
      this.#timer = setTimeout(() => {
        this.#timer = undefined;
        this.flush();
      }, this.#options.intervalMs);
    }
  }

  /** Cuts the pending events (if any) into a chunk now. */
  flush(): void {
    const batch = this.take();
    if (batch) this.#options.onCut(batch.json, batch.count);
  }

  /** Empties the buffer and returns it without handing it to `onCut` (for `pagehide`). */
  take(): { json: string; count: number } | null {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#parts.length === 0) return null;
    const batch = { json: `[${this.#parts.join(',')}]`, count: this.#parts.length };
    this.#parts = [];
    this.#bytes = 0;
    this.#onlyMeta = true;
    return batch;
  }

  dispose(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
