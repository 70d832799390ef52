/**
 * @module server/live/snapshot-buffer
 * What a late joiner needs to see the page as it is now: the latest full
 * snapshot (from its Meta event) and every batch after it, bounded in
 * bytes. Past the bound the buffer is dropped and the room asks the
 * recorder for a fresh checkout: cheaper than keeping history forever.
 */
import { EventType } from '@rrweb/types';
import type { LiveBatch } from '../../protocol/live.ts';

export type PushResult = 'snapshot' | 'appended' | 'no_snapshot' | 'overflow';

export class SnapshotBuffer {
  #batches: LiveBatch[] = [];
  #bytes = 0;
  #maxBytes: number;

  constructor(maxBytes: number) {
    this.#maxBytes = maxBytes;
  }

  get hasSnapshot() {
    return this.#batches.length > 0;
  }

  get bytes() {
    return this.#bytes;
  }

  push(batch: LiveBatch, bytes: number): PushResult {
    const full = batch.events.findLastIndex((e) => e.type === EventType.FullSnapshot);
    if (full >= 0) {
      const start = full > 0 && batch.events[full - 1]!.type === EventType.Meta ? full - 1 : full;
      this.#batches = [start === 0 ? batch : { seq: batch.seq, events: batch.events.slice(start) }];
      this.#bytes = bytes;
      return 'snapshot';
    }
    if (!this.hasSnapshot) return 'no_snapshot';
    this.#batches.push(batch);
    this.#bytes += bytes;
    if (this.#bytes > this.#maxBytes) {
      this.clear();
      return 'overflow';
    }
    return 'appended';
  }

  clear() {
    this.#batches = [];
    this.#bytes = 0;
  }

  /** The snapshot and everything after it; undefined without a snapshot. */
  sync(): LiveBatch[] | undefined {
    return this.hasSnapshot ? [...this.#batches] : undefined;
  }

  /**
   * The batches after `seq` for a viewer that already has everything up to
   * it; undefined when it cannot catch up from here (it needs a `sync`).
   */
  after(seq: number): LiveBatch[] | undefined {
    const first = this.#batches[0];
    if (!first || seq < first.seq) return undefined;
    return this.#batches.filter((b) => b.seq > seq);
  }
}
