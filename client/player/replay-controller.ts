/**
 * @module client/player/replay-controller
 * A Lit reactive controller that owns rrweb's Replayer for one session: it
 * loads chunks by time window (through {@link ChunkLoader}), builds and
 * rebuilds the Replayer, maps session time to replayer time ({@link TimeMap}),
 * prefetches around the cursor (the window ahead after every seek and during
 * playback; the stretch behind when the cursor is just past a snapshot) and
 * where the advisor points ({@link ReplayController.prefetch}), and drives
 * the player state machine.
 *
 * A seek the loaded segment covers only moves the Replayer (rrweb rebuilds
 * from the nearest full snapshot among the events it holds); any other seek
 * builds a new Replayer from the last snapshot chunk before the time, with
 * the chunks the loader already has (it keeps every one it downloaded).
 *
 * The host renders; the controller keeps `snapshot`, `currentTime`,
 * `duration`, `viewport` and calls `host.requestUpdate()` when they change.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { Replayer } from 'rrweb';
import { EventType, type eventWithTime } from '@rrweb/types';
import type { SessionDetail } from '../../protocol/api.ts';
import type { ApiClient } from '../api/api-client.ts';
import { isAbortError } from '../api/api-error.ts';
import { CANVAS_BOX_RULES, canvasReplayPlugin } from './canvas-replay-plugin.ts';
import { fontReplayPlugin } from './font-replay-plugin.ts';
import { apiChunkSource, ChunkLoader, type ChunkSource } from './chunk-loader.ts';
import { initialPlayerSnapshot, playerTransition, type PlayerInput, type PlayerSnapshot, type PlayerState } from './player-machine.ts';
import { clamp, TimeMap } from './time-map.ts';

export const PLAYER_SPEEDS = [1, 2, 4, 8] as const;
/**
 * What the controller needs of a recording: its bounds and chunk count (a
 * session's {@link SessionDetail}, or a published tutorial's events seen as one).
 */
export type ReplayTimeline = Pick<SessionDetail, 'id' | 'firstEventTs' | 'lastEventTs' | 'chunkCount'>;
export type PlayerSpeed = (typeof PLAYER_SPEEDS)[number];

export interface ReplayControllerOptions {
  /** The element the Replayer's wrapper (and its iframe) goes into. */
  mount: () => HTMLElement | null;
  /** Called once per opened session, when its first frame is built. */
  onReady?: () => void;
  /** Called on every state change (after the snapshot is updated). */
  onStateChange?: (state: PlayerState) => void;
  /** Length of a loading window, ms. */
  windowMs?: number;
  /** Start loading the next window when playback is this close (in recorded ms, × speed) to the loaded end. */
  prefetchMs?: number;
}

/** After a seek this close after the segment's snapshot, the stretch before that snapshot is prefetched too (a step back). */
const PREFETCH_BEHIND_MS = 30_000;
/** How long a Replayer a rebuild replaced stays (hidden) before it is torn down, in the page's next idle moment. */
const RETIRED_TEARDOWN_DELAY_MS = 500;
/** A longer chunk list than this (many hours) is fetched a window at a time, as seeks need it. */
const MAX_PREFETCHED_INDEX_CHUNKS = 20_000;

export class ReplayController implements ReactiveController {
  snapshot: PlayerSnapshot = initialPlayerSnapshot;
  /** Session ms (since the session's first event). */
  currentTime = 0;
  /** Session ms from the first to the last event. */
  duration = 0;
  speed: PlayerSpeed = 1;
  skipInactive = true;
  /** The recorded page's viewport, from the Replayer's resize events. */
  viewport: { width: number; height: number } | null = null;
  detail: ReplayTimeline | null = null;

  readonly #host: ReactiveControllerHost;
  readonly #options: ReplayControllerOptions;
  #replayer: Replayer | null = null;
  #timeMap: TimeMap | null = null;
  #loader: ChunkLoader | null = null;
  #more: Promise<void> | null = null;
  /** The op `#more` was started in: a seek makes it stale. */
  #moreOp = -1;
  #raf = 0;
  #ready = false;
  #prefetchRetryAt = 0;
  /** Bumped by every open/seek-load; async work of an older op drops its result. */
  #op = 0;
  /** Replayers a rebuild replaced: hidden until they are torn down (`#retireReplayer`). */
  readonly #retired = new Set<Replayer>();

  constructor(host: ReactiveControllerHost, options: ReplayControllerOptions) {
    this.#host = host;
    this.#options = options;
    host.addController(this);
  }

  get state(): PlayerState {
    return this.snapshot.state;
  }

  /** The loader of the open session (tests and support look at `downloaded`). */
  get loader(): ChunkLoader | null {
    return this.#loader;
  }

  get replayer(): Replayer | null {
    return this.#replayer;
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.close();
  }

  /** Opens a session at session time `atMs`, loading only the window around it. */
  async open(api: ApiClient | ChunkSource, detail: ReplayTimeline, atMs = 0): Promise<void> {
    this.close();
    this.detail = detail;
    this.#ready = false;
    this.snapshot = initialPlayerSnapshot;
    if (detail.firstEventTs === null || detail.lastEventTs === null) {
      this.#send({ type: 'fail', message: 'This session has no recorded events yet.' });
      return;
    }
    this.duration = Math.max(0, detail.lastEventTs - detail.firstEventTs);
    this.currentTime = clamp(atMs, 0, this.duration);
    const source = 'range' in api ? api : apiChunkSource(api, detail.id);
    this.#loader = new ChunkLoader(source, {
      firstEventTs: detail.firstEventTs,
      lastEventTs: detail.lastEventTs,
      windowMs: this.#options.windowMs,
    });
    await this.#loadAt(this.currentTime);
  }

  /** Puts the player in the error state (e.g. the session could not be fetched). */
  fail(message: string): void {
    this.close();
    this.#send({ type: 'fail', message });
  }

  /** Resets to 'loading' before a session is opened. */
  reset(): void {
    this.close();
    this.detail = null;
    this.viewport = null;
    this.currentTime = 0;
    this.duration = 0;
    this.snapshot = initialPlayerSnapshot;
    this.#host.requestUpdate();
  }

  /** Stops playback, destroys the Replayer and cancels downloads. */
  close(): void {
    this.#op++;
    cancelAnimationFrame(this.#raf);
    this.#raf = 0;
    this.#loader?.dispose();
    this.#loader = null;
    this.#more = null;
    this.#destroyReplayer();
    for (const r of this.#retired) destroyReplayer(r);
    this.#retired.clear();
    this.#timeMap = null;
  }

  play(): void {
    const s = this.snapshot.state;
    if (s === 'error' || s === 'playing') return;
    if (s === 'ended' || this.currentTime >= this.duration) {
      this.#send({ type: 'play' });
      this.seek(0);
      return;
    }
    this.#send({ type: 'play' });
    if (this.snapshot.state === 'playing') this.#goTo(this.currentTime);
  }

  pause(): void {
    const s = this.snapshot.state;
    if (s === 'playing') this.currentTime = this.#readTime();
    this.#send({ type: 'pause' });
    if (s === 'playing') this.#replayer?.pause();
  }

  toggle(): void {
    if (this.snapshot.state === 'playing' || (this.snapshot.state === 'loading' && this.snapshot.wantsPlay)) this.pause();
    else this.play();
  }

  /** Seeks to session ms; loads a new window (and rebuilds the Replayer) when needed. */
  seek(ms: number): void {
    if (!this.#loader || !this.detail || this.snapshot.state === 'error') return;
    const target = clamp(ms, 0, this.duration);
    this.currentTime = target;
    const abs = this.#loader.firstEventTs + target;
    if (this.#replayer && this.#timeMap && this.#loader.covers(abs) && this.snapshot.state !== 'loading') {
      this.#send({ type: 'seeked' });
      this.#goTo(target);
      this.#host.requestUpdate();
      return;
    }
    void this.#loadAt(target);
  }

  /**
   * Fetches, in the background, what showing session ms `ms` needs (the
   * advisor points at that time and may pick it next); shows nothing. A seek
   * there then takes the chunks from the cache, or waits for this download
   * rather than starting another.
   */
  prefetch(ms: number): void {
    const loader = this.#loader;
    if (!loader || !this.detail || this.snapshot.state === 'error') return;
    const abs = loader.firstEventTs + clamp(ms, 0, this.duration);
    if (loader.isCached(abs)) return;
    loader.warm(abs).catch((err: unknown) => {
      if (!isAbortError(err)) console.warn('cobrowse: prefetch failed', err);
    });
  }

  setSpeed(speed: PlayerSpeed): void {
    this.speed = speed;
    this.#replayer?.setConfig({ speed });
    this.#host.requestUpdate();
  }

  setSkipInactive(skip: boolean): void {
    this.skipInactive = skip;
    this.#replayer?.setConfig({ skipInactive: skip });
    this.#host.requestUpdate();
  }

  // --- private -------------------------------------------------------------

  #send(input: PlayerInput): void {
    const before = this.snapshot;
    this.snapshot = playerTransition(before, input);
    if (this.snapshot.state === 'playing') this.#startTicking();
    if (before.state !== this.snapshot.state) this.#options.onStateChange?.(this.snapshot.state);
    this.#host.requestUpdate();
  }

  async #loadAt(sessionMs: number): Promise<void> {
    const loader = this.#loader;
    if (!loader) return;
    const op = ++this.#op;
    if (this.snapshot.state === 'playing') this.#replayer?.pause();
    this.#send({ type: 'load' });
    try {
      const result = await loader.loadAt(loader.firstEventTs + sessionMs);
      if (!result || op !== this.#op) return;
      if (result.kind === 'rebuild') this.#build(result.baseTs, result.events);
      else await this.#append(result.events);
      if (op !== this.#op) return;
      this.#send({ type: 'loaded' });
      this.#goTo(this.currentTime);
      this.#markReady();
      // After the frame is painted: the prefetch's parsing must not delay the moment asked for.
      requestAnimationFrame(() => setTimeout(() => op === this.#op && this.#prefetchAround(), 0));
    } catch (err) {
      if (op !== this.#op || isAbortError(err)) return;
      this.#send({ type: 'fail', message: err instanceof Error ? err.message : String(err) });
    }
  }

  /** Shows session ms `ms` in the Replayer, playing or paused per the state. */
  #goTo(ms: number): void {
    const r = this.#replayer;
    const map = this.#timeMap;
    if (!r || !map) return;
    const offset = map.toReplayer(ms);
    if (this.snapshot.state === 'playing') r.play(offset);
    // NOTE: rrweb applies, when paused at an offset, only the events strictly
    // before it; the moment shown at `ms` must include the events stamped `ms`
    // (at the very end: the last event of the session).
    else r.pause(offset + 1);
  }

  #build(baseTs: number, events: eventWithTime[]): void {
    this.#retireReplayer();
    const root = this.#options.mount();
    if (!root) throw new Error('The player has no place to mount the replay.');
    const detail = this.detail!;
    this.#timeMap = new TimeMap(detail.firstEventTs!, baseTs);
    const replayer = new Replayer(events, {
      root,
      speed: this.speed,
      skipInactive: this.skipInactive,
      showWarning: false,
      mouseTail: { strokeStyle: 'rgba(79, 70, 229, 0.6)', lineWidth: 2 },
      triggerFocus: false,
      // NOTE: rrweb's virtual DOM made a seek's catch-up (hundreds of events
      // applied at once onto a large snapshot) 5–10× slower here, not faster.
      useVirtualDom: false,
      // Canvas pictures, shown without letting the replayed page run scripts;
      // fonts a script added by URL, drawn (font-replay-plugin.ts).
      plugins: [canvasReplayPlugin(), fontReplayPlugin()],
      insertStyleRules: CANVAS_BOX_RULES,
    });
    replayer.on('resize', (dims) => {
      const d = dims as { width: number; height: number };
      if (d && d.width > 0 && d.height > 0) {
        this.viewport = { width: d.width, height: d.height };
        this.#host.requestUpdate();
      }
    });
    replayer.on('finish', () => void this.#onFinish(replayer));
    this.#replayer = replayer;
    const meta = events.find((e) => e.type === EventType.Meta) as { data: { width: number; height: number } } | undefined;
    if (meta) this.viewport = { width: meta.data.width, height: meta.data.height };
  }

  async #append(events: eventWithTime[]): Promise<void> {
    const r = this.#replayer;
    if (!r) return;
    for (const e of events) r.addEvent(e);
    // NOTE: Replayer.addEvent hands the event to its state machine in a
    // microtask; wait for those before seeking into the new events.
    await new Promise((resolve) => setTimeout(resolve, 0));
  }

  /** Loads and appends the next window once, however many callers ask. */
  #fetchMore(): Promise<void> {
    if (this.#more && this.#moreOp === this.#op) return this.#more;
    const loader = this.#loader;
    if (!loader || loader.complete) return Promise.resolve();
    const op = this.#op;
    this.#moreOp = op;
    const p = (async () => {
      const result = await loader.loadNext();
      if (!result || op !== this.#op) return;
      await this.#append(result.events);
    })().finally(() => {
      if (this.#more === p) this.#more = null;
    });
    this.#more = p;
    return p;
  }

  async #onFinish(replayer: Replayer): Promise<void> {
    if (replayer !== this.#replayer || this.snapshot.state !== 'playing') return;
    const loader = this.#loader;
    if (!loader) return;
    this.currentTime = clamp(this.#readTime(), 0, this.duration);
    if (loader.complete) {
      this.currentTime = this.duration;
      this.#send({ type: 'end' });
      return;
    }
    // Reached the loaded edge before the prefetch landed: buffer, then go on.
    const op = this.#op;
    this.#send({ type: 'load' });
    try {
      while (!loader.complete && loader.lastLoadedTs <= loader.firstEventTs + this.currentTime) {
        await this.#fetchMore();
        if (op !== this.#op) return;
      }
      this.#send({ type: 'loaded' });
      this.#goTo(this.currentTime);
    } catch (err) {
      if (op !== this.#op || isAbortError(err)) return;
      this.#send({ type: 'fail', message: err instanceof Error ? err.message : String(err) });
    }
  }

  #readTime(): number {
    const r = this.#replayer;
    const map = this.#timeMap;
    if (!r || !map) return this.currentTime;
    return map.toSession(r.getCurrentTime());
  }

  #startTicking(): void {
    if (this.#raf) return;
    const tick = () => {
      this.#raf = 0;
      if (this.snapshot.state !== 'playing') return;
      this.currentTime = clamp(this.#readTime(), 0, this.duration);
      this.#maybePrefetch();
      this.#host.requestUpdate();
      this.#raf = requestAnimationFrame(tick);
    };
    this.#raf = requestAnimationFrame(tick);
  }

  /**
   * After a seek: the window ahead (appended, so play starts at once) and,
   * just past a snapshot, the stretch before it (cached only: a step back).
   */
  #prefetchAround(): void {
    const loader = this.#loader;
    if (!loader) return;
    const failed = (err: unknown) => {
      if (!isAbortError(err)) console.warn('cobrowse: prefetch failed', err);
    };
    if (!loader.complete) this.#fetchMore().catch(failed);
    const base = loader.baseTs;
    const now = loader.firstEventTs + this.currentTime;
    if (base !== null && base > loader.firstEventTs && now - base < PREFETCH_BEHIND_MS) loader.warm(base - 1).catch(failed);
  }

  /**
   * Once the first frame is up: the session's whole chunk list, in the
   * background, so no later seek waits for a list (a few hundred KB of JSON,
   * gzipped on the wire, for an hour of one-second chunks).
   */
  #prefetchIndex(): void {
    const loader = this.#loader;
    const chunks = this.detail?.chunkCount ?? Infinity;
    if (!loader || chunks > MAX_PREFETCHED_INDEX_CHUNKS) return;
    loader.prefetchIndex().catch((err: unknown) => {
      if (!isAbortError(err)) console.warn('cobrowse: could not prefetch the chunk list', err);
    });
  }

  #maybePrefetch(): void {
    const loader = this.#loader;
    if (!loader || loader.complete || (this.#more && this.#moreOp === this.#op) || performance.now() < this.#prefetchRetryAt) return;
    const lead = (this.#options.prefetchMs ?? 20_000) * this.speed * (this.skipInactive ? 2 : 1);
    const now = loader.firstEventTs + this.currentTime;
    if (loader.lastLoadedTs - now < lead) {
      this.#fetchMore().catch((err: unknown) => {
        if (isAbortError(err)) return;
        this.#prefetchRetryAt = performance.now() + 3_000;
        console.warn('cobrowse: prefetch failed', err);
      });
    }
  }

  #markReady(): void {
    if (this.#ready) return;
    this.#ready = true;
    const op = this.#op;
    const loader = this.#loader;
    // The snapshot is rebuilt synchronously by pause/play(offset); let the
    // iframe settle for a frame before announcing it.
    requestAnimationFrame(() => {
      if (op === this.#op || this.#replayer) this.#options.onReady?.();
      // After that frame is painted: the first frame of a long page is one
      // long style and layout pass, which the list's answer (the server's
      // work, then parsing here) must not compete with.
      setTimeout(() => loader === this.#loader && this.#prefetchIndex(), 0);
    });
  }

  #destroyReplayer(): void {
    const r = this.#replayer;
    this.#replayer = null;
    if (r) destroyReplayer(r);
  }

  /**
   * Takes the current Replayer out of sight, and destroys it later, when the
   * page is idle.
   *
   * NOTE: removing a replay's iframe tears its whole document down there and
   * then (`Frame::Detach`): 15–20 ms for a page of 7,000 elements on a
   * 2-core machine, which a rebuild paid before its new first frame. Hidden,
   * the old frame is neither styled nor laid out; torn down
   * {@link RETIRED_TEARDOWN_DELAY_MS} later, it does not hold up the next
   * frame either.
   */
  #retireReplayer(): void {
    const r = this.#replayer;
    this.#replayer = null;
    if (!r) return;
    r.pause();
    r.wrapper.style.display = 'none';
    this.#retired.add(r);
    setTimeout(
      () =>
        whenIdle(() => {
          if (this.#retired.delete(r)) destroyReplayer(r);
        }),
      RETIRED_TEARDOWN_DELAY_MS,
    );
  }
}

function destroyReplayer(r: Replayer): void {
  try {
    r.destroy();
  } catch {
    // A Replayer whose root left the DOM throws on destroy; it is gone anyway.
  }
}

/** Runs `fn` when the page is idle (within 2 s), or soon where there is no `requestIdleCallback`. */
function whenIdle(fn: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(fn, { timeout: 2000 });
  else setTimeout(fn, 0);
}
