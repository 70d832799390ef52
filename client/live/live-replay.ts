/**
 * @module client/live/live-replay
 * rrweb's Replayer in live mode for one live session: `rebuild()` on every
 * `sync` (a full snapshot and the batches after it), `append()` for each
 * incoming batch, a small latency buffer, and lookups from viewport points
 * to replayed nodes (for remote control).
 *
 * Timing: in live mode rrweb shows an event stamped `ts` at
 * `startLive wall time + (ts − baseline)`. The baseline is therefore
 * "the customer's clock now − latencyMs", where the customer's clock is ours
 * minus an estimated offset (clock skew + transit). The offset starts at 0
 * (synchronised clocks) and is corrected from arriving events: an event from
 * the "future" (customer clock ahead) or a run of batches that are all late
 * (customer clock behind) rebuilds the Replayer on the new offset, from the
 * events kept since the last full snapshot.
 *
 * Pages: every batch names the customer's tab and page load it came from
 * (`aim`). The Replayer shows one page at a time; a batch of another page
 * replaces it (it must bring that page's snapshot), so `aim` always names
 * the page on screen, which control commands carry to be checked against
 * the customer's page.
 */
import { Replayer } from 'rrweb';
import { EventType, type eventWithTime } from '@rrweb/types';
import { fontReplayPlugin } from '../player/font-replay-plugin.ts';
import type { PageId, TabId } from '../../protocol/live.ts';

/** The customer's tab and page load a page on screen came from. */
export interface PageAim {
  tab: TabId;
  page: PageId;
}

/** Re-baseline when the estimate is off by more than this, ms. */
const SKEW_TOLERANCE_MS = 750;
/** Batches in a row that must all look late before the offset is raised. */
const LATE_RUN = 4;

export interface LiveReplayOptions {
  /** The element the Replayer's wrapper (and its iframe) goes into. */
  mount: () => HTMLElement | null;
  latencyMs: number;
  /** The customer's viewport (from Meta / resize events). */
  onViewport?: (viewport: { width: number; height: number }) => void;
  /** Called after each rebuild (a new iframe exists). */
  onRebuild?: (replayer: Replayer) => void;
  /** Local clock (tests). */
  now?: () => number;
}

export class LiveReplay {
  #options: LiveReplayOptions;
  #replayer: Replayer | null = null;
  /** Events since (and including) the last Meta + full snapshot: enough to rebuild. */
  #events: eventWithTime[] = [];
  /** Local clock − customer clock (ms), including transit. */
  #offset = 0;
  #lateRun: number[] = [];
  #latencyMs: number;
  viewport: { width: number; height: number } | null = null;
  /** The tab and page on screen (null before the first page). */
  aim: PageAim | null = null;
  /** Number of Replayer builds (diagnostics and tests). */
  builds = 0;

  constructor(options: LiveReplayOptions) {
    this.#options = options;
    this.#latencyMs = options.latencyMs;
  }

  get replayer(): Replayer | null {
    return this.#replayer;
  }

  get iframe(): HTMLIFrameElement | null {
    return this.#replayer?.iframe ?? null;
  }

  /** Estimated local − customer clock offset, ms. */
  get clockOffset(): number {
    return this.#offset;
  }

  get latencyMs(): number {
    return this.#latencyMs;
  }

  /** Changes the buffer; rebuilds so the new baseline applies. */
  set latencyMs(ms: number) {
    const next = Math.max(0, ms);
    if (next === this.#latencyMs) return;
    this.#latencyMs = next;
    if (this.#replayer) this.#build();
  }

  /** Replaces the page with these events (a `sync`): a full snapshot and what followed. */
  rebuild(events: eventWithTime[], aim: PageAim | null = null): void {
    this.#events = fromLastSnapshot(events);
    this.#lateRun = [];
    this.aim = aim;
    this.#build();
  }

  /**
   * Adds a live batch. False when it belongs to another page and brings no
   * snapshot of it: nothing was applied, ask for a `sync`.
   */
  append(events: eventWithTime[], aim: PageAim | null = null): boolean {
    if (events.length === 0) return true;
    if (aim && (aim.page !== this.aim?.page || aim.tab !== this.aim?.tab)) {
      if (!events.some((e) => e.type === EventType.FullSnapshot)) return false;
      this.rebuild(events, aim);
      return true;
    }
    const hasSnapshot = events.some((e) => e.type === EventType.FullSnapshot);
    this.#events = hasSnapshot ? fromLastSnapshot([...this.#events, ...events]) : [...this.#events, ...events];
    if (!this.#replayer) {
      if (this.#events.some((e) => e.type === EventType.FullSnapshot)) this.#build();
      return true;
    }
    if (this.#correctSkew(events)) {
      this.#build();
      return true;
    }
    for (const e of events) this.#replayer.addEvent(e);
    return true;
  }

  /** The replayed element at a viewport point and its mirror id (-1: none). */
  nodeAt(x: number, y: number): { node: Element | null; id: number } {
    const r = this.#replayer;
    const doc = r?.iframe.contentDocument;
    if (!r || !doc) return { node: null, id: -1 };
    const node = doc.elementFromPoint(x, y);
    return { node, id: node ? r.getMirror().getId(node) : -1 };
  }

  /** Mirror id of a replayed node (-1: unknown). */
  idOf(node: Node | null): number {
    return node && this.#replayer ? this.#replayer.getMirror().getId(node) : -1;
  }

  destroy(): void {
    this.#destroyReplayer();
    this.#events = [];
    this.aim = null;
  }

  // ───────── private ─────────

  #now(): number {
    return (this.#options.now ?? Date.now)();
  }

  /** True when the offset estimate moved enough to need a new baseline. */
  #correctSkew(events: eventWithTime[]): boolean {
    const latest = events.reduce((m, e) => Math.max(m, e.timestamp), -Infinity);
    const seen = this.#now() - latest; // ≈ offset + transit (+ how long the recorder held it)
    if (seen < this.#offset - SKEW_TOLERANCE_MS) {
      // Customer clock ahead of what we assumed: events would wait. Fix now.
      this.#offset = seen;
      this.#lateRun = [];
      return true;
    }
    this.#lateRun.push(seen);
    if (this.#lateRun.length > LATE_RUN) this.#lateRun.shift();
    const least = Math.min(...this.#lateRun);
    if (this.#lateRun.length === LATE_RUN && least > this.#offset + SKEW_TOLERANCE_MS * 2) {
      // Every recent batch is late: customer clock behind; mouse moves would be skipped.
      this.#offset = least;
      this.#lateRun = [];
      return true;
    }
    return false;
  }

  #build(): void {
    this.#destroyReplayer();
    const root = this.#options.mount();
    if (!root || this.#events.length === 0) return;
    const replayer = new Replayer([], {
      root,
      liveMode: true,
      showWarning: false,
      triggerFocus: false,
      // NOTE: in live mode, events older than the baseline are applied "sync";
      // with the virtual DOM on, rrweb keeps those mutations in the virtual
      // DOM until a Flush that only `play()` emits: they would never show.
      useVirtualDom: false,
      mouseTail: { strokeStyle: 'rgba(229, 72, 77, 0.55)', lineWidth: 2, duration: 600 },
      // Fonts a script added by URL, drawn as in the player (font-replay-plugin.ts).
      plugins: [fontReplayPlugin()],
    });
    replayer.on('resize', (dims) => {
      const d = dims as { width: number; height: number };
      if (d && d.width > 0 && d.height > 0) {
        this.viewport = { width: d.width, height: d.height };
        this.#options.onViewport?.(this.viewport);
      }
    });
    this.#replayer = replayer;
    this.builds++;
    const meta = [...this.#events].reverse().find((e) => e.type === EventType.Meta) as
      { data: { width: number; height: number } } | undefined;
    if (meta) {
      this.viewport = { width: meta.data.width, height: meta.data.height };
      this.#options.onViewport?.(this.viewport);
    }
    replayer.startLive(this.#now() - this.#offset - this.#latencyMs);
    for (const e of this.#events) replayer.addEvent(e);
    this.#options.onRebuild?.(replayer);
  }

  #destroyReplayer(): void {
    const r = this.#replayer;
    this.#replayer = null;
    if (!r) return;
    try {
      r.destroy();
    } catch {
      // A Replayer whose root left the DOM throws on destroy; it is gone anyway.
    }
  }
}

/** The events from the last Meta preceding the last full snapshot (or all of them when there is none). */
function fromLastSnapshot(events: eventWithTime[]): eventWithTime[] {
  let snap = -1;
  for (let i = events.length - 1; i >= 0; i--) {
    if (events[i]!.type === EventType.FullSnapshot) {
      snap = i;
      break;
    }
  }
  if (snap < 0) return events;
  let start = snap;
  for (let i = snap - 1; i >= 0 && i >= snap - 2; i--) {
    if (events[i]!.type === EventType.Meta) {
      start = i;
      break;
    }
  }
  return events.slice(start);
}
