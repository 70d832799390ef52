/**
 * @module recorder/live/live-batches
 * Numbered live batches: rrweb events are grouped, cut right before every
 * Meta (a batch with a full snapshot starts with its Meta, as the protocol
 * asks), numbered from the tab's persistent counter, and kept as serialized
 * `events` messages until the server acknowledges them (resent after a
 * reconnect).
 *
 * Grouping is leading-edge: after a quiet spell a change goes out on the next
 * task (with whatever the same task emitted), so a lone DOM change reaches
 * the advisor without waiting out a window; while the page is busy, at most
 * one batch leaves per {@link LIVE_BATCH_MS}.
 *
 * When too much waits unacknowledged (a long outage), everything is dropped
 * and the owner is told to take a fresh full snapshot instead.
 */
import { EventType, type eventWithTime } from '@rrweb/types';
import { MAX_LIVE_EVENTS_PER_BATCH } from '../../protocol/live-constants.ts';
import type { CustomerMessage } from '../../protocol/live.ts';

/** Shortest gap between two batches: about one frame, so a busy page is not a message per event. */
export const LIVE_BATCH_MS = 20;
/** Unacknowledged bytes kept before giving up on them (a snapshot replaces them). */
const MAX_UNACKED_BYTES = 8 * 1024 * 1024;

export interface LiveBatchesOptions {
  /** Hands out the next seq (persisted by the owner). */
  takeSeq(): number;
  /** A batch is ready to send (its serialized `events` message). */
  onBatch(seq: number, message: string): void;
  /** Unacked batches were dropped: the viewers need a fresh full snapshot. */
  onOverflow(): void;
}

export class LiveBatches {
  #options: LiveBatchesOptions;
  #pending: eventWithTime[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** When the last batch was cut (`performance.now()`). */
  #lastCut = -Infinity;
  #unacked = new Map<number, string>();
  #unackedBytes = 0;

  constructor(options: LiveBatchesOptions) {
    this.#options = options;
  }

  add(event: eventWithTime): void {
    if (event.type === EventType.Meta) this.cut();
    this.#pending.push(event);
    if (this.#pending.length >= MAX_LIVE_EVENTS_PER_BATCH) this.cut();
    else if (this.#timer === undefined) {
      // A timer even at 0 ms: what rrweb emits in this same task (one mutation record, a snapshot) goes as one message.
      const wait = Math.max(0, this.#lastCut + LIVE_BATCH_MS - performance.now());
      this.#timer = setTimeout(() => this.cut(), wait);
    }
  }

  /** Turns the pending events into a numbered batch now. */
  cut(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#pending.length === 0) return;
    this.#lastCut = performance.now();
    const seq = this.#options.takeSeq();
    const message: CustomerMessage<'events'> = { type: 'events', seq, events: this.#pending };
    this.#pending = [];
    const json = JSON.stringify(message);
    this.#unacked.set(seq, json);
    this.#unackedBytes += json.length;
    if (this.#unackedBytes > MAX_UNACKED_BYTES) {
      this.clear();
      this.#options.onOverflow();
      return;
    }
    this.#options.onBatch(seq, json);
  }

  /** The server has every batch up to `seq`. */
  ack(seq: number): void {
    for (const [s, json] of this.#unacked) {
      if (s > seq) break;
      this.#unacked.delete(s);
      this.#unackedBytes -= json.length;
    }
  }

  /** Unacked batches after `lastSeq`, oldest first (to resend after a reconnect). */
  after(lastSeq: number): string[] {
    this.ack(lastSeq);
    return [...this.#unacked.values()];
  }

  /** Drops pending and unacked events (a new page, or a session that ended). */
  clear(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#pending = [];
    this.#unacked.clear();
    this.#unackedBytes = 0;
  }
}
