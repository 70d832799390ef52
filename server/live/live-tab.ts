/**
 * @module server/live/live-tab
 * One customer tab of a live room (a visit's tabs share one room): its
 * socket, its page, its batches and snapshot, its presence. Seqs and
 * snapshots are a tab's own, and a page's own: a new page load (a new `page`
 * nonce in `hello`) starts counting afresh, so its first snapshot is never
 * taken for a resend of an older page's batch, whatever seq it carries.
 */
import type { LiveBatch, PageId, TabId, TabInfo } from '../../protocol/live.ts';
import type { LivePeer } from './live-peer.ts';
import { SnapshotBuffer, type PushResult } from './snapshot-buffer.ts';

const FULL_SNAPSHOT = 2;

/** What a customer socket tells about its tab when it attaches. */
export interface TabHello {
  tabId: TabId;
  url: string | null;
  /** Absent (older recorders): the socket is a page of its own. */
  page?: PageId | undefined;
  visible: boolean;
  focused: boolean;
}

export class LiveTab {
  readonly id: TabId;
  peer: LivePeer | undefined;
  graceTimer: NodeJS.Timeout | undefined;
  url: string | null = null;
  visible = true;
  focused = true;
  /**
   * When (server ms) the customer last turned to this tab: it became visible
   * and focused, or they used it. The connected tab with the latest one is
   * the tab in use. 0: never.
   */
  activeAt = 0;
  /** The page the tab's socket shows now. */
  page: PageId = '';
  /** The last batch seq received from {@link page} (-1: none yet). */
  lastSeq = -1;
  readonly buffer: SnapshotBuffer;
  /** The page the buffered snapshot (and the batches after it) belong to. */
  bufferPage: PageId = '';
  /** What the tab's socket ({@link toldPeer}) was last told by `tab_in_use`. */
  toldInUse: boolean | undefined;
  toldPeer: LivePeer | undefined;

  constructor(id: TabId, maxBufferBytes: number) {
    this.id = id;
    this.buffer = new SnapshotBuffer(maxBufferBytes);
  }

  get connected(): boolean {
    return this.peer !== undefined;
  }

  /** A socket said `hello` for this tab. `fallbackPage`: the page id of a socket that named none. */
  hello(h: TabHello, fallbackPage: PageId): void {
    const page = h.page ?? fallbackPage;
    if (page !== this.page) {
      this.page = page;
      this.lastSeq = -1;
    }
    if (h.url) this.url = h.url;
    this.presence(h.visible, h.focused, false);
  }

  /** Focus and visibility; returns true when the customer turned to this tab now. */
  presence(visible: boolean, focused: boolean, input: boolean): boolean {
    const turnedTo = visible && (input || (focused && (!this.visible || !this.focused)) || (focused && this.activeAt === 0));
    this.visible = visible;
    this.focused = focused;
    if (turnedTo) this.activeAt = nextTurn();
    return turnedTo;
  }

  /** Buffers a batch of the current page for late joiners. */
  push(batch: LiveBatch, bytes: number): PushResult | 'other_page' {
    if (this.bufferPage !== this.page) {
      // Another page's snapshot must never be completed with this page's batches.
      if (!batch.events.some((e) => e.type === FULL_SNAPSHOT)) {
        this.buffer.clear();
        this.bufferPage = this.page;
        return 'other_page';
      }
      this.bufferPage = this.page;
    }
    return this.buffer.push(batch, bytes);
  }

  info(active: boolean): TabInfo {
    return { tabId: this.id, url: this.url, connected: this.connected, visible: this.visible, focused: this.focused, active };
  }
}

let lastTurn = 0;
/**
 * When the customer turned to a tab: the time, but strictly after every
 * earlier turn of this process, so the later of two turns in one millisecond
 * still wins (a customer clicking one tab right after another, on a fast
 * machine, is not a tie).
 */
function nextTurn(): number {
  lastTurn = Math.max(Date.now(), lastTurn + 1);
  return lastTurn;
}

/**
 * The tab the customer uses: the one they turned to last. A tab loading its
 * next page (socket closed, within the grace period) keeps its place, so a
 * reload never flips viewers to another tab and back; a tab closed for good
 * leaves the room after the grace period, or sooner when the browser shows
 * the customer another tab (which reports it).
 */
export function tabInUse(tabs: Iterable<LiveTab>, current: TabId | null): TabId | null {
  let best: LiveTab | undefined;
  let kept: LiveTab | undefined;
  for (const t of tabs) {
    if (t.id === current) kept = t;
    if (!best || t.activeAt > best.activeAt) best = t;
  }
  if (kept && best && best.activeAt <= kept.activeAt) return kept.id;
  return best?.id ?? null;
}
