/**
 * @module client/player/chunk-loader
 * Lazy loading of a recording by time, with no DOM.
 *
 * The player keeps one *segment*: the events of consecutive chunks starting
 * at a chunk that opens with a full snapshot. A Replayer is built from a
 * segment's events; later chunks are appended to it as playback goes on.
 *
 * - {@link ChunkLoader.loadAt} answers what to do to show a time: `append`
 *   (the snapshot chunk for that time is already in the segment, so the
 *   missing chunks up to the time are added to the current Replayer) or
 *   `rebuild` (a new segment from that snapshot chunk through the time: the
 *   Replayer is rebuilt). It loads nothing after the time: showing a moment
 *   waits only for what that moment needs.
 * - {@link ChunkLoader.loadNext} loads the window after what is loaded (the
 *   prefetch ahead of the cursor), {@link ChunkLoader.warm} puts the chunks a
 *   moment needs in the cache without showing it (the prefetch behind it).
 *
 * Nothing is downloaded twice while the session is open: range answers are
 * kept ({@link ChunkIndex}), and so are chunks' events ({@link ChunkCache}),
 * also those of a load that a later seek made stale.
 *
 * Every answer carries the generation it was asked in; a {@link ChunkLoader.loadAt}
 * makes older pending answers stale (they resolve to `null`), so a slow
 * prefetch can never append to a segment that a seek has replaced.
 */
import type { eventWithTime } from '@rrweb/types';
import type { ChunkRange, ChunkRef } from '../../protocol/api.ts';
import { ChunkCache } from './chunk-cache.ts';
import { ChunkIndex, type ChunkPlan } from './chunk-index.ts';

/** Where chunks come from: the API client in the app, a fake in tests. */
export interface ChunkSource {
  range(from: number, to: number, signal?: AbortSignal): Promise<ChunkRange>;
  events(seq: number, signal?: AbortSignal): Promise<eventWithTime[]>;
  /** Several chunks in one request, events per chunk in the order given (optional). */
  batch?(chunks: ChunkRef[], signal?: AbortSignal): Promise<eventWithTime[][]>;
}

/** Chunks per batched request: one request for what a seek five minutes past a snapshot needs. */
export const CHUNKS_PER_REQUEST = 250;

export interface ChunkLoaderOptions {
  /** Epoch ms of the session's first and last stored events (SessionDetail bounds). */
  firstEventTs: number;
  lastEventTs: number;
  /** Length of one window of loading, ms. Default 60 s. */
  windowMs?: number;
  /** How many requests for chunks run at once. Default 4. */
  concurrency?: number;
  /** Events the chunk cache keeps at most. */
  cacheEvents?: number;
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
  readonly #index = new ChunkIndex();
  readonly #cache: ChunkCache;
  #segment: Segment | null = null;
  #generation = 0;
  #next: Promise<LoadResult | null> | null = null;
  #wholeIndex: Promise<void> | null = null;
  #abort = new AbortController();
  #running = 0;
  readonly #queue: (() => void)[] = [];
  /** Seqs of every chunk downloaded so far, in order (for diagnostics and tests). */
  readonly downloaded: number[] = [];
  /** Range requests made so far (for diagnostics and tests). */
  rangeRequests = 0;

  constructor(source: ChunkSource, options: ChunkLoaderOptions) {
    this.#source = source;
    this.firstEventTs = options.firstEventTs;
    this.lastEventTs = options.lastEventTs;
    this.windowMs = options.windowMs ?? 60_000;
    this.#concurrency = Math.max(1, options.concurrency ?? 4);
    this.#cache = new ChunkCache(options.cacheEvents);
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

  /** True when showing epoch ms `ts` needs no request (its chunk list and chunks are at hand). */
  isCached(ts: number): boolean {
    if (this.covers(ts)) return true;
    const plan = this.#index.plan(this.#clamp(ts));
    return plan !== null && plan.chunks.every((c) => this.#cache.has(c.seq));
  }

  /**
   * Loads what is needed to show epoch ms `ts`: the chunks from the last
   * snapshot chunk at or before `ts` through `ts`. Resolves to null when a
   * later `loadAt` superseded this one.
   */
  async loadAt(ts: number): Promise<LoadResult | null> {
    const generation = ++this.#generation;
    this.#next = null;
    const target = this.#clamp(ts);
    const plan = await this.#planFor(target);
    if (generation !== this.#generation) return null;
    const seg = this.#segment;
    const canAppend = seg !== null && seg.seqs.has(plan.start.seq);
    const wanted = canAppend ? plan.chunks.filter((c) => !seg.seqs.has(c.seq)) : plan.chunks;
    const events = await this.#events(wanted);
    if (generation !== this.#generation) return null;
    if (canAppend) {
      this.#extend(seg, wanted, events, plan.coveredUntil);
      return { kind: 'append', events, chunks: wanted };
    }
    const baseTs = events[0]?.timestamp ?? plan.start.firstTs;
    const segment: Segment = { baseTs, seqs: new Set(), coveredUntil: baseTs, lastLoadedTs: baseTs };
    this.#extend(segment, wanted, events, plan.coveredUntil);
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

  /**
   * Downloads into the cache what showing epoch ms `ts` needs, without
   * touching the segment: a later seek there costs no request.
   */
  async warm(ts: number): Promise<void> {
    const plan = await this.#planFor(this.#clamp(ts));
    await this.#events(plan.chunks);
  }

  /** Fetches the whole chunk list once (one request; again only after a failure), so seeks anywhere need none. */
  async prefetchIndex(): Promise<void> {
    if (this.#wholeIndex) return this.#wholeIndex;
    const whole = this.#range(this.firstEventTs, this.lastEventTs).then(
      (range) => this.#index.add(range),
      (err: unknown) => {
        if (this.#wholeIndex === whole) this.#wholeIndex = null; // a later call tries again
        throw err;
      },
    );
    this.#wholeIndex = whole;
    return whole;
  }

  /** Cancels downloads in flight; the loader is unusable afterwards. */
  dispose(): void {
    this.#generation++;
    this.#abort.abort();
  }

  #clamp(ts: number): number {
    return Math.min(Math.max(ts, this.firstEventTs), this.lastEventTs);
  }

  /** The plan for `target` from the known answers, else from one range request (target and the window after). */
  async #planFor(target: number): Promise<ChunkPlan> {
    const known = this.#index.plan(target);
    if (known) return known;
    this.#index.add(await this.#range(target, target + this.windowMs));
    const plan = this.#index.plan(target);
    if (!plan) throw new Error(`No chunks cover ${target}`);
    return plan;
  }

  #range(from: number, to: number): Promise<ChunkRange> {
    this.rangeRequests++;
    return this.#source.range(from, to, this.#abort.signal);
  }

  async #loadNext(generation: number): Promise<LoadResult | null> {
    let windowMs = this.windowMs;
    for (;;) {
      const seg = this.#segment;
      if (!seg || generation !== this.#generation) return null;
      if (seg.coveredUntil >= this.lastEventTs) return null;
      const from = seg.coveredUntil;
      const to = Math.min(from + windowMs, this.lastEventTs);
      let known = this.#index.following(from, to);
      if (!known) {
        this.#index.add(await this.#range(from, to));
        if (generation !== this.#generation) return null;
        known = this.#index.following(from, to);
        // Nothing after `from` up to the session's end: the segment is complete.
        if (!known) {
          seg.coveredUntil = Math.max(seg.coveredUntil, this.lastEventTs);
          return null;
        }
      }
      const wanted = known.chunks.filter((c) => !seg.seqs.has(c.seq));
      const events = await this.#events(wanted);
      if (generation !== this.#generation) return null;
      this.#extend(seg, wanted, events, known.until);
      if (wanted.length > 0) return { kind: 'append', events, chunks: wanted };
      // An idle stretch: look further ahead, faster.
      windowMs *= 2;
    }
  }

  #extend(seg: Segment, chunks: ChunkRef[], events: eventWithTime[], until: number): void {
    for (const c of chunks) seg.seqs.add(c.seq);
    const lastChunkTs = chunks.reduce((m, c) => Math.max(m, c.lastTs), -Infinity);
    const lastEvent = events.length ? events[events.length - 1]!.timestamp : -Infinity;
    seg.lastLoadedTs = Math.max(seg.lastLoadedTs, lastEvent, lastChunkTs);
    seg.coveredUntil = Math.max(seg.coveredUntil, until);
  }

  /** The chunks' events in time order: from the cache, else downloaded (and cached). */
  async #events(chunks: ChunkRef[]): Promise<eventWithTime[]> {
    // All promises (a cached list as a resolved one), so that Promise.all waits on nothing but promises.
    const lists: Promise<eventWithTime[]>[] = [];
    const missing: ChunkRef[] = [];
    const slots: number[] = [];
    for (const chunk of chunks) {
      const hit = this.#cache.get(chunk.seq);
      if (hit) lists.push(Promise.resolve(hit));
      else {
        slots.push(lists.length);
        lists.push(Promise.resolve([]));
        missing.push(chunk);
      }
    }
    const downloads = this.#download(missing);
    slots.forEach((slot, i) => {
      lists[slot] = downloads[i]!;
    });
    return mergeByTime(await Promise.all(lists));
  }

  /**
   * Starts downloading chunks (many per request when the source can batch, a
   * few requests at a time); one promise per chunk, each tracked by the cache.
   */
  #download(chunks: ChunkRef[]): Promise<eventWithTime[]>[] {
    const source = this.#source;
    const signal = this.#abort.signal;
    const perRequest = source.batch ? CHUNKS_PER_REQUEST : 1;
    const out: Promise<eventWithTime[]>[] = [];
    for (let i = 0; i < chunks.length; i += perRequest) {
      const group = chunks.slice(i, i + perRequest);
      const request = this.#limit(() => {
        for (const chunk of group) this.downloaded.push(chunk.seq);
        return source.batch ? source.batch(group, signal) : source.events(group[0]!.seq, signal).then((e) => [e]);
      });
      group.forEach((chunk, k) => {
        const one = request.then((lists) => lists[k]!);
        this.#cache.track(chunk.seq, one);
        out.push(one);
      });
    }
    return out;
  }

  /** Runs `fn` when fewer than `concurrency` requests are running. */
  async #limit<T>(fn: () => Promise<T>): Promise<T> {
    if (this.#running >= this.#concurrency) await new Promise<void>((resolve) => this.#queue.push(resolve));
    this.#running++;
    try {
      return await fn();
    } finally {
      this.#running--;
      this.#queue.shift()?.();
    }
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
