/**
 * @module client/player/chunk-index
 * What the player knows of a session's chunk list: every range answer it got
 * (`GET …/chunks?from=&to=`), kept, so a seek anywhere an answer reaches needs
 * no request for the list again, and plans built from them.
 *
 * An answer for [from, to] lists every chunk from the last snapshot chunk at
 * or before `from` through the last chunk beginning at or before `to`. So it
 * tells, for any time `ts` from its first chunk through `to`, the last
 * snapshot chunk at or before `ts` (its own or a later one it lists) and every
 * chunk from there to `ts`.
 *
 * NOTE: this relies on a session's chunk numbers following its time (one tab
 * records, numbers and uploads its chunks in order), as the server's range
 * query does.
 */
import type { ChunkRange, ChunkRef } from '../../protocol/api.ts';

/** What showing one moment needs. */
export interface ChunkPlan {
  /** The chunk the Replayer starts from: the last snapshot chunk at or before the time (else the first chunk). */
  start: ChunkRef;
  /** From `start` through the last chunk beginning at or before the time, in seq order. */
  chunks: ChunkRef[];
  /** Every event at or before this epoch ms is in `chunks`. */
  coveredUntil: number;
}

/** Answers kept at most (each a few hundred refs); the oldest go first. */
const MAX_ANSWERS = 64;

export class ChunkIndex {
  readonly #answers: ChunkRange[] = [];

  add(range: ChunkRange): void {
    if (range.chunks.length === 0) return;
    const chunks = [...range.chunks].sort((a, b) => a.seq - b.seq);
    this.#answers.push({ ...range, chunks });
    if (this.#answers.length > MAX_ANSWERS) this.#answers.shift();
  }

  /** The plan for epoch ms `ts`, or null when no answer reaches it. */
  plan(ts: number): ChunkPlan | null {
    for (let i = this.#answers.length - 1; i >= 0; i--) {
      const answer = this.#answers[i]!;
      const first = answer.chunks[0]!;
      if (ts < first.firstTs || ts > answer.to) continue;
      let start = 0;
      let end = 0;
      for (let k = 0; k < answer.chunks.length && answer.chunks[k]!.firstTs <= ts; k++) {
        if (answer.chunks[k]!.startsWithSnapshot) start = k;
        end = k + 1;
      }
      const next = answer.chunks[end];
      return {
        start: answer.chunks[start]!,
        chunks: answer.chunks.slice(start, end),
        coveredUntil: next ? next.firstTs - 1 : answer.to,
      };
    }
    return null;
  }

  /**
   * The known chunks after a loaded stretch: every chunk beginning after
   * epoch ms `after`, up to `to` (or as far as known), from an answer that
   * starts at or before `after` (so it misses none in between); `until` is how
   * far they cover. Null when no answer reaches past `after`.
   */
  following(after: number, to: number): { chunks: ChunkRef[]; until: number } | null {
    let best: ChunkRange | null = null;
    for (const answer of this.#answers) {
      if (answer.to <= after || answer.chunks[0]!.firstTs > after) continue;
      if (!best || answer.to > best.to) best = answer;
    }
    if (!best) return null;
    const until = Math.min(to, best.to);
    return { chunks: best.chunks.filter((c) => c.firstTs > after && c.firstTs <= until), until };
  }
}
