/**
 * @module client/player/chunk-loader
 * Lazy loading of a recording by time range, with no DOM.
 *
 * The player keeps one *segment*: the events of consecutive chunks starting
 * at a chunk that opens with a full snapshot. A Replayer is built from a
 * segment's events; later chunks are appended to it as playback goes on.
 *
 * - {@link ChunkLoader.loadAt} answers what to do to show a time: `append`
 *   (the server's snapshot chunk for that time is already in the segment, so
 *   the missing chunks are added to the current Replayer) or `rebuild` (a new
 *   segment starting at the server's snapshot chunk; the Replayer is rebuilt).
 * - {@link ChunkLoader.loadNext} fetches the window after what is loaded.
 *
 * Every answer carries the generation it was asked in; a {@link ChunkLoader.loadAt}
 * makes older pending answers stale (they resolve to `null`), so a slow
 * prefetch can never append to a segment that a seek has replaced.
 */
import type { eventWithTime } from '@rrweb/types';
import type { ChunkRange, ChunkRef } from '../../server/protocol/api.ts';

/** Where chunks come from: the API client in the app, a fake in tests. */
export interface ChunkSource {
  range(from: number, to: number, signal?: AbortSignal): Promise<ChunkRange>;
  events(seq: number, signal?: AbortSignal): Promise<eventWithTime[]>;
  /** Several chunks in one request, events per chunk in the order given (optional). */
  batch?(chunks: ChunkRef[], signal?: AbortSignal): Promise<eventWithTime[][]>;
}

/** Chunks per batched request: about a minute and a half of an active page. */
export const CHUNKS_PER_REQUEST = 100;

export interface ChunkLoaderOptions {
  /** Epoch ms of the session's first and last stored events (SessionDetail bounds). */
  firstEventTs: number;
  lastEventTs: number;
  /** Length of one window of loading, ms. Default 60 s. */
  windowMs?: number;
  /** How many chunks download at once. Default 4. */
  concurrency?: number;
}

export type LoadResult =
  | {
      kind: 'rebuild';
      /** Epoch ms of the first event of the new segment: the Replayer's base. */
      baseTs: number;
      events: eventWithTime[];
      chunks: ChunkRef[];
    }
  | {
      kind: 'append';
      events: eventWithTime[];
      chunks: ChunkRef[];
    };

interface Segment {
  baseTs: number;
  seqs: Set<number>;
  /** Every event with a timestamp ≤ this is loaded. */
  coveredUntil: number;
  /** Timestamp of the last loaded event. */
  lastLoadedTs: number;
}

export class ChunkLoader {
  readonly firstEventTs: number;
  readonly lastEventTs: number;
  readonly windowMs: number;
  readonly #source: ChunkSource;
  readonly #concurrency: number;
  #segment: Segment | null = null;
  #generation = 0;
  #next: Promise<LoadResult | null> | null = null;
  #abort = new AbortController();
  /** Seqs of every chunk downloaded so far, in order (for diagnostics and tests). */
  readonly downloaded: number[] = [];

  constructor(source: ChunkSource, options: ChunkLoaderOptions) {
    this.#source = source;
    this.firstEventTs = options.firstEventTs;
    this.lastEventTs = options.lastEventTs;
    this.windowMs = options.windowMs ?? 60_000;
    this.#concurrency = Math.max(1, options.concurrency ?? 4);
  }

  /** Epoch ms of the current segment's first event, or null before the first load. */
  get baseTs(): number | null {
    return this.#segment?.baseTs ?? null;
  }

  /** Every event at or before this epoch ms is loaded in the current segment. */
  get coveredUntil(): number {
    return this.#segment?.coveredUntil ?? -Infinity;
  }

  get lastLoadedTs(): number {
    return this.#segment?.lastLoadedTs ?? -Infinity;
  }

  /** True once the segment reaches the session's last event. */
  get complete(): boolean {
    return this.#segment !== null && this.#segment.coveredUntil >= this.lastEventTs;
  }

  get loading(): boolean {
    return this.#next !== null;
  }

  /** True when the current segment can show epoch ms `ts` without loading. */
  covers(ts: number): boolean {
    const s = this.#segment;
    return s !== null && ts >= s.baseTs && (ts <= s.coveredUntil || this.complete);
  }

  /**
   * Loads what is needed to show epoch ms `ts`: the range [ts, ts + window]
   * from the server's snapshot chunk at or before `ts`. Resolves to null when a
   * later `loadAt` superseded this one.
   */
  async loadAt(ts: number): Promise<LoadResult | null> {
    const generation = ++this.#generation;
    this.#next = null;
    const target = Math.min(Math.max(ts, this.firstEventTs), this.lastEventTs);
    const to = target + this.windowMs;
    const range = await this.#source.range(target, to, this.#abort.signal);
    if (generation !== this.#generation) return null;
    if (range.chunks.length === 0) throw new Error(`No chunks cover ${target}`);
    const seg = this.#segment;
    const first = range.chunks[0]!;
    const canAppend = seg !== null && seg.seqs.has(first.seq);
    const wanted = canAppend ? range.chunks.filter((c) => !seg.seqs.has(c.seq)) : range.chunks;
    const events = await this.#download(wanted);
    if (generation !== this.#generation) return null;
    if (canAppend) {
      this.#extend(seg, wanted, events, to);
      return { kind: 'append', events, chunks: wanted };
    }
    const baseTs = events[0]?.timestamp ?? first.firstTs;
    const segment: Segment = { baseTs, seqs: new Set(), coveredUntil: baseTs, lastLoadedTs: baseTs };
    this.#extend(segment, wanted, events, to);
    this.#segment = segment;
    return { kind: 'rebuild', baseTs, events, chunks: wanted };
  }

  /**
   * Loads the chunks after what the segment covers (one window, or more when
   * a window holds no new chunk, e.g. an idle stretch). Concurrent calls share
   * one request. Resolves to null when superseded or when nothing is left.
   */
  loadNext(): Promise<LoadResult | null> {
    if (this.#next) return this.#next;
    if (!this.#segment || this.complete) return Promise.resolve(null);
    const p = this.#loadNext(this.#generation).finally(() => {
      if (this.#next === p) this.#next = null;
    });
    this.#next = p;
    return p;
  }

  /** Cancels downloads in flight; the loader is unusable afterwards. */
  dispose(): void {
    this.#generation++;
    this.#abort.abort();
  }

  async #loadNext(generation: number): Promise<LoadResult | null> {
    let windowMs = this.windowMs;
    for (;;) {
      const seg = this.#segment;
      if (!seg || generation !== this.#generation) return null;
      if (seg.coveredUntil >= this.lastEventTs) return null;
      const from = seg.coveredUntil + 1;
      const to = Math.min(from + windowMs, this.lastEventTs);
      const range = await this.#source.range(from, to, this.#abort.signal);
      if (generation !== this.#generation) return null;
      const wanted = range.chunks.filter((c) => !seg.seqs.has(c.seq));
      const events = await this.#download(wanted);
      if (generation !== this.#generation) return null;
      this.#extend(seg, wanted, events, to);
      if (wanted.length > 0) return { kind: 'append', events, chunks: wanted };
      // An idle stretch: look further ahead, faster.
      windowMs *= 2;
    }
  }

  #extend(seg: Segment, chunks: ChunkRef[], events: eventWithTime[], to: number): void {
    for (const c of chunks) seg.seqs.add(c.seq);
    const lastChunkTs = chunks.reduce((m, c) => Math.max(m, c.lastTs), -Infinity);
    const lastEvent = events.length ? events[events.length - 1]!.timestamp : -Infinity;
    seg.lastLoadedTs = Math.max(seg.lastLoadedTs, lastEvent, lastChunkTs);
    seg.coveredUntil = Math.max(seg.coveredUntil, to, seg.lastLoadedTs);
  }

  /**
   * Downloads chunks (a few requests at a time; many chunks per request when
   * the source can batch) and returns their events in time order.
   */
  async #download(chunks: ChunkRef[]): Promise<eventWithTime[]> {
    const source = this.#source;
    const batch = source.batch?.bind(source);
    const groups: ChunkRef[][] = [];
    const perRequest = batch ? CHUNKS_PER_REQUEST : 1;
    for (let i = 0; i < chunks.length; i += perRequest) groups.push(chunks.slice(i, i + perRequest));
    const results: eventWithTime[][][] = new Array(groups.length);
    let index = 0;
    const worker = async () => {
      while (index < groups.length) {
        const i = index++;
        const group = groups[i]!;
        for (const chunk of group) this.downloaded.push(chunk.seq);
        results[i] = batch
          ? await batch(group, this.#abort.signal)
          : [await source.events(group[0]!.seq, this.#abort.signal)];
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.#concurrency, groups.length) }, worker));
    return mergeByTime(results.flat());
  }
}

/** Concatenates chunks' events (each already in order) and sorts them stably by timestamp. */
export function mergeByTime(lists: eventWithTime[][]): eventWithTime[] {
  const all = lists.flat();
  let sorted = true;
  for (let i = 1; i < all.length; i++) {
    if (all[i]!.timestamp < all[i - 1]!.timestamp) {
      sorted = false;
      break;
    }
  }
  if (!sorted) {
    const indexed = all.map((e, i) => [e, i] as const);
    indexed.sort((a, b) => a[0].timestamp - b[0].timestamp || a[1] - b[1]);
    return indexed.map(([e]) => e);
  }
  return all;
}

/** A {@link ChunkSource} over the advisor API for one session. */
export function apiChunkSource(
  api: {
    chunkRange(id: string, from: number, to: number, opts?: { signal?: AbortSignal }): Promise<ChunkRange>;
    chunkEvents(id: string, seq: number, opts?: { signal?: AbortSignal }): Promise<eventWithTime[]>;
    chunkEventsBatch?(id: string, chunks: ChunkRef[], opts?: { signal?: AbortSignal }): Promise<eventWithTime[][]>;
  },
  sessionId: string,
): ChunkSource {
  return {
    range: (from, to, signal) => api.chunkRange(sessionId, from, to, { signal }),
    events: (seq, signal) => api.chunkEvents(sessionId, seq, { signal }),
    ...(api.chunkEventsBatch
      ? { batch: (chunks: ChunkRef[], signal?: AbortSignal) => api.chunkEventsBatch!(sessionId, chunks, { signal }) }
      : {}),
  };
}
