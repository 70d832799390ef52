/**
 * @module recorder/batcher
 * Groups rrweb events into chunks. A chunk is cut
 * - about every `intervalMs` after its first event,
 * - as soon as its JSON passes `maxBytes` (or `maxEvents` events),
 * - right before every Meta/FullSnapshot, so each snapshot opens a chunk
 *   (a Meta event and the FullSnapshot that follows it stay together).
 *
 * Events are serialized once, but not when they arrive: rrweb emits inside
 * the page's own task (its MutationObserver callback), so `add` only queues
 * the event and the queue is serialized when the page is idle
 * (`requestIdleCallback`, at most {@link IDLE_TIMEOUT_MS} later; a zero
 * timer where there is none), in slices of at most {@link SLICE_MS} or the
 * idle period's rest, yielding between them — a mutation burst costs the
 * page's task what rrweb costs, the page's own next tasks go first, and the
 * recorder adds no long task of its own. `flush` and `take` serialize what
 * is queued at once (a chunk is due, or the page is being left). A chunk is
 * the JSON array of its events.
 */
import { EventType, type eventWithTime } from '@rrweb/types';

export interface BatcherOptions {
  intervalMs: number;
  maxBytes: number;
  maxEvents: number;
  /** Receives each cut chunk as the JSON text of an event array. */
  onCut: (json: string, eventCount: number) => void;
}

/** The longest a serialization slice runs before yielding to the page. */
export const SLICE_MS = 8;
/** The longest queued events wait for an idle period (well within a chunk's interval). */
export const IDLE_TIMEOUT_MS = 100;

export class Batcher {
  #options: BatcherOptions;
  /** Emitted, not serialized yet (oldest first). */
  #queue: eventWithTime[] = [];
  #queueHead = 0;
  /** Cancels the scheduled serialization slice, if one is. */
  #draining: (() => void) | undefined;
  #parts: string[] = [];
  #bytes = 0;
  #onlyMeta = true;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: BatcherOptions) {
    this.#options = options;
  }

  get pendingEvents(): number {
    return this.#parts.length + this.#queue.length - this.#queueHead;
  }

  add(event: eventWithTime): void {
    this.#queue.push(event);
    this.#draining ??= this.#scheduleSlice();
    this.#armTimer();
  }

  /** Cuts the pending events (if any) into a chunk now. */
  flush(): void {
    this.#drain(Infinity);
    this.#cut();
  }

  /** Empties the buffer and returns it without handing it to `onCut` (for `pagehide`). */
  take(): { json: string; count: number } | null {
    this.#drain(Infinity);
    return this.#takeParts();
  }

  dispose(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#draining?.();
    this.#timer = undefined;
    this.#draining = undefined;
  }

  #scheduleSlice(): () => void {
    if (typeof requestIdleCallback === 'function') {
      const id = requestIdleCallback((idle) => this.#drainSlice(idle), { timeout: IDLE_TIMEOUT_MS });
      return () => cancelIdleCallback(id);
    }
    const id = setTimeout(() => this.#drainSlice(), 0);
    return () => clearTimeout(id);
  }

  #drainSlice(idle?: IdleDeadline): void {
    this.#draining = undefined;
    // In an idle period, its rest (at least 1 ms, so the queue always moves); else (timed out, no idle callbacks) a slice.
    const budget = idle && !idle.didTimeout ? Math.max(1, Math.min(SLICE_MS, idle.timeRemaining())) : SLICE_MS;
    this.#drain(performance.now() + budget);
    if (this.#queueHead < this.#queue.length) this.#draining = this.#scheduleSlice();
  }

  /** Serializes queued events, oldest first, until the queue is empty or `deadline` (performance.now()) passed. */
  #drain(deadline: number): void {
    const queue = this.#queue;
    while (this.#queueHead < queue.length) {
      const event = queue[this.#queueHead]!;
      queue[this.#queueHead++] = undefined as unknown as eventWithTime;
      this.#append(event);
      if (performance.now() >= deadline) break;
    }
    if (this.#queueHead >= queue.length) {
      this.#queue = [];
      this.#queueHead = 0;
    }
    if (this.pendingEvents > 0) this.#armTimer();
  }

  /** The interval runs from a chunk's first event (or the first left after a cut). */
  #armTimer(): void {
    this.#timer ??= setTimeout(() => {
      this.#timer = undefined;
      this.flush();
    }, this.#options.intervalMs);
  }

  #append(event: eventWithTime): void {
    if (event.type === EventType.Meta || (event.type === EventType.FullSnapshot && !this.#onlyMeta)) this.#cut();
    const json = JSON.stringify(event);
    this.#parts.push(json);
    this.#bytes += json.length + 1;
    if (event.type !== EventType.Meta) this.#onlyMeta = false;
    if (this.#bytes >= this.#options.maxBytes || this.#parts.length >= this.#options.maxEvents) this.#cut();
  }

  /** Hands the serialized events (if any) to `onCut` as one chunk. */
  #cut(): void {
    const batch = this.#takeParts();
    if (batch) this.#options.onCut(batch.json, batch.count);
  }

  #takeParts(): { json: string; count: number } | null {
    if (this.#parts.length === 0) return null;
    const batch = { json: `[${this.#parts.join(',')}]`, count: this.#parts.length };
    this.#parts = [];
    this.#bytes = 0;
    this.#onlyMeta = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    return batch;
  }
}
