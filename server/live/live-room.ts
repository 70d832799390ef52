/**
 * @module server/live/live-room
 * One live co-browsing room per customer visit, held by one process: the
 * customer's tabs (each a recorded session with its own socket, page and
 * snapshot buffer, see {@link LiveTab}), the viewers (pending consent or
 * watching), control, chat and the help code. A visit is the unit of
 * consent: the customer lets an advisor in once, and every tab of the visit
 * shows who watches. A recorder without a visit key is a visit of one tab.
 *
 * NOTE (decision): one room per visit rather than rooms per tab linked
 * together: consent, control and the code are then one piece of state in
 * one process, and "which tab does the advisor see" is a pointer inside the
 * room instead of a cross-process protocol between rooms.
 *
 * Viewers watch one tab at a time: by default the one the customer uses
 * (they follow it, with a `tabs` note when it changes), or one they picked.
 * Control commands name the tab and page they were aimed at and are refused
 * unless that is the tab in use and the page it shows now.
 *
 * Lifecycle: created by the hub on the first tab's `hello`. When a tab's
 * socket drops the room waits `graceMs` for it (a reload or navigation
 * within the site) with viewers kept; past it, or on `bye`, the tab leaves;
 * when the last tab has left the room closes itself, closing every peer,
 * and emits `closed`.
 *
 * Calls: at most one {@link CallSession} at a time, started by an advisor,
 * owned by the room: `call_request`s go to it, and a member's socket going
 * away (or the room closing) ends their part (or the call).
 */
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Logger } from '../logger.ts';
import type { MediaService } from '../media/media-service.ts';
import {
  ControlRefusal,
  LiveCloseCode,
  LiveErrorCode,
  type AdvisorToServer,
  type ChatMessage,
  type CustomerToServer,
  type CustomerToServerMap,
  type ServerToAdvisorMap,
  type TabId,
  type Viewer,
  type ViewerId,
} from '../../protocol/live.ts';
import { CALL_CUSTOMER_ID, CallErrorCode } from '../../protocol/live-call.ts';
import type { AttachInfo } from './bus/bus-messages.ts';
import { CallRequestError, CallSession, callErrorOf, type CallPeerRef } from './call-session.ts';
import type { LivePeer } from './live-peer.ts';
import { LiveTab, tabInUse, type TabHello } from './live-tab.ts';
import type { SiteAssetCopies } from '../assets/site-asset-copies.ts';

/** What the room needs from storage (the hub's registry implements it); keyed by the tab's session id. */
export interface RoomStore {
  assignCode(sessionId: string): Promise<{ code: string; expiresAt: number }>;
  clearCode(sessionId: string): Promise<void>;
  saveChat(sessionId: string, message: ChatMessage, advisorId: string | null): Promise<void>;
  /** `url`: the tab's current page, for the live list (it follows the customer's navigation). */
  update(sessionId: string, state: { customerConnected: boolean; viewerCount: number; url: string | null }): void;
  /** The tab left for good (its row goes; the room may hold others). */
  tabGone(sessionId: string): void;
  /** The customer granted an advisor control (the audit log hears of it). */
  controlGranted?(sessionId: string, advisorId: string): void;
}

export interface RoomOptions {
  /** The visit id, or the first tab's session id for a recorder without a visit key. */
  key: string;
  siteId: string;
  consentRequired: boolean;
  graceMs: number;
  maxBufferBytes: number;
  store: RoomStore;
  logger: Logger;
  /** The SFU for calls; without it `start` answers `unavailable`. */
  media?: MediaService;
  /** Points relayed events at the server's copies of the site's files (server/assets). */
  assets?: SiteAssetCopies;
}

export type RoomEvents = {
  /** Emitted once, after every peer was closed. */
  closed: [];
};

type EndReason = ServerToAdvisorMap['ended']['reason'];
type Switch = ServerToAdvisorMap['tabs']['switched'];

interface ViewerEntry {
  info: Viewer;
  peer: LivePeer | undefined;
  state: 'pending' | 'watching';
  /** The tab this viewer sees. */
  tab: TabId | null;
  /** Watches whatever tab the customer uses (false once the advisor picked one). */
  following: boolean;
  /** Admitted but no snapshot yet: gets a `sync` as soon as one arrives. */
  needsSync: boolean;
  awayTimer: NodeJS.Timeout | undefined;
}

const CHAT_HISTORY = 100;

export class LiveRoom extends EventEmitter<RoomEvents> {
  readonly key: string;
  readonly siteId: string;
  readonly consentRequired: boolean;
  #graceMs: number;
  #maxBufferBytes: number;
  #store: RoomStore;
  #logger: Logger;
  #tabs = new Map<TabId, LiveTab>();
  /** The tab the customer uses. */
  #inUse: TabId | null = null;
  /** The tab whose socket is the call's customer member (it answered the call). */
  #callTab: TabId | null = null;
  #viewers = new Map<ViewerId, ViewerEntry>();
  #controllerId: ViewerId | null = null;
  /** Whether the customer's grant lets the controller type into ordinary fields. */
  #controlTyping = false;
  #controlPending: ViewerId | null = null;
  /** The help code and the tab it was issued to (its registry row holds it). */
  #code: { code: string; expiresAt: number } | null = null;
  #codeTab: TabId | null = null;
  #chat: ChatMessage[] = [];
  #media: MediaService | undefined;
  readonly #assets: SiteAssetCopies | undefined;
  #call: CallSession | undefined;
  #closed = false;

  constructor(options: RoomOptions) {
    super();
    this.key = options.key;
    this.siteId = options.siteId;
    this.#assets = options.assets;
    // Loaded while the customer's first snapshot is on its way.
    void this.#assets?.load(this.siteId);
    this.consentRequired = options.consentRequired;
    this.#graceMs = options.graceMs;
    this.#maxBufferBytes = options.maxBufferBytes;
    this.#store = options.store;
    this.#logger = options.logger.child({ room: options.key });
    this.#media = options.media;
  }

  /** The running call, if any (tests and diagnostics). */
  get call(): CallSession | undefined {
    return this.#call;
  }

  get closed() {
    return this.#closed;
  }

  /** The session ids of the room's tabs. */
  get tabIds(): TabId[] {
    return [...this.#tabs.keys()];
  }

  /** The tab the customer uses (tests and diagnostics). */
  get tabInUse(): TabId | null {
    return this.#inUse;
  }

  get customerConnected() {
    return [...this.#tabs.values()].some((t) => t.connected);
  }

  get viewerCount() {
    return [...this.#viewers.values()].filter((v) => v.state === 'watching').length;
  }

  // ───────────────────────── customer tabs ─────────────────────────

  attachCustomer(peer: LivePeer, hello: TabHello): void {
    if (this.#closed) return peer.close(LiveCloseCode.RoomClosed, 'room closed');
    let tab = this.#tabs.get(hello.tabId);
    if (!tab) {
      tab = new LiveTab(hello.tabId, this.#maxBufferBytes);
      this.#tabs.set(tab.id, tab);
    }
    const previous = tab.peer;
    tab.peer = peer;
    previous?.close(LiveCloseCode.Replaced, 'customer connected again');
    // NOTE: the replaced page's media went with it.
    if (previous && this.#callTab === tab.id) this.#call?.memberGone(CALL_CUSTOMER_ID);
    clearTimeout(tab.graceTimer);
    tab.graceTimer = undefined;
    tab.hello(hello, peer.id);

    const t = tab;
    peer.on('message', (m, bytes) => this.#safely(peer, m, () => this.#onCustomerMessage(t, peer, m as CustomerToServer, bytes)));
    peer.on('disconnected', () => this.#onCustomerGone(t, peer));

    peer.send({
      type: 'welcome',
      sessionId: tab.id,
      lastSeq: tab.lastSeq,
      consentRequired: this.consentRequired,
      viewers: this.#watching(),
      controllerId: this.#controllerId,
      code: this.#code && this.#code.expiresAt > Date.now() ? this.#code : null,
      graceMs: this.#graceMs,
      chat: this.#chat,
    });
    for (const v of this.#viewers.values()) {
      if (v.state === 'pending') peer.send({ type: 'consent_request', viewer: v.info });
    }
    const pending = this.#controlPending && this.#viewers.get(this.#controlPending);
    if (pending) peer.send({ type: 'control_request', viewer: pending.info });
    this.#toViewersOf(tab.id, { type: 'customer_status', connected: true });
    if (this.#viewersOf(tab.id).some((v) => v.needsSync)) {
      peer.send({ type: 'snapshot_request', reason: 'no_snapshot' });
    }
    this.#sendCall(peer, true);
    this.#tabsChanged('customer');
    this.#changed(tab);
  }

  #onCustomerGone(tab: LiveTab, peer: LivePeer) {
    if (tab.peer !== peer || this.#closed) return;
    tab.peer = undefined;
    if (this.#callTab === tab.id) this.#call?.memberGone(CALL_CUSTOMER_ID);
    this.#toViewersOf(tab.id, { type: 'customer_status', connected: false });
    this.#tabsChanged('customer');
    this.#changed(tab);
    // NOTE: a reload or a navigation within the site comes back within the grace period.
    tab.graceTimer = setTimeout(() => this.#removeTab(tab, 'customer_left'), this.#graceMs);
  }

  /** The tab is gone for good (grace over, or `bye`); the room closes with its last tab. */
  #removeTab(tab: LiveTab, reason: EndReason) {
    if (this.#tabs.get(tab.id) !== tab || this.#closed) return;
    // The last tab takes the room with it (the hub then removes every tab's row).
    if (this.#tabs.size === 1) return this.close(reason);
    clearTimeout(tab.graceTimer);
    this.#tabs.delete(tab.id);
    tab.peer?.close(LiveCloseCode.RoomClosed, reason);
    if (this.#callTab === tab.id) this.#call?.memberGone(CALL_CUSTOMER_ID);
    this.#store.tabGone(tab.id);
    if (this.#codeTab === tab.id) {
      // The code's row went with the tab: it no longer finds this room.
      this.#code = null;
      this.#codeTab = null;
    }
    this.#tabsChanged('tab_closed');
  }

  #onCustomerMessage(tab: LiveTab, peer: LivePeer, m: CustomerToServer, bytes: number) {
    switch (m.type) {
      case 'hello':
        return this.#error(peer, LiveErrorCode.BadState, 'hello was already received', m.type);
      case 'tab_state':
        tab.presence(m.visible, m.focused, m.input);
        return this.#tabsChanged('customer');
      case 'events':
        return this.#onEvents(tab, peer, m, bytes);
      case 'help_request':
        // One code per visit: a second tab asking shows the one already given.
        if (this.#code && this.#code.expiresAt > Date.now()) return peer.send({ type: 'help_code', ...this.#code });
        return void this.#store.assignCode(tab.id).then(
          (code) => {
            this.#code = code;
            this.#codeTab = tab.id;
            this.#toTabs({ type: 'help_code', ...code });
          },
          (err: unknown) => {
            this.#logger.error({ err }, 'could not assign a help code');
            this.#error(peer, LiveErrorCode.Internal, 'could not assign a help code, try again', m.type);
          },
        );
      case 'consent':
        return this.#onConsent(peer, m);
      case 'stop_viewing':
        return this.#stopViewing(tab);
      case 'chat':
        return this.#chatFrom(null, tab.id, m.clientId, m.text);
      case 'control_grant':
      case 'control_deny':
        return this.#onControlAnswer(peer, m);
      case 'control_revoke':
        if (this.#controlPending) this.#toTabs({ type: 'control_request_closed' });
        this.#controlPending = null;
        return this.#setController(null);
      case 'control_refused':
        // Only the advisor whose command it was (a viewer that left meanwhile: nobody).
        return this.#viewers.get(m.viewerId)?.peer?.send({ type: 'control_refused', action: m.action, reason: m.reason });
      case 'bye':
        return this.#removeTab(tab, 'room_closed');
      case 'call_request':
        this.#callTab = tab.id;
        return this.#onCallRequest(peer, { id: CALL_CUSTOMER_ID, role: 'customer', name: 'Customer' }, m);
    }
  }

  #onEvents(tab: LiveTab, peer: LivePeer, m: CustomerToServerMap['events'], bytes: number) {
    // Viewers (and late joiners, from the buffer) get the site's files from the server, never from the site.
    const batch = { seq: m.seq, events: this.#assets ? this.#assets.rewrite(this.siteId, m.events) : m.events };
    if (m.seq <= tab.lastSeq) {
      // A resend after a reconnect of this page: already have it.
      return peer.send({ type: 'ack', seq: m.seq });
    }
    const gap = tab.lastSeq >= 0 && m.seq > tab.lastSeq + 1;
    tab.lastSeq = m.seq;
    const result = tab.push(batch, bytes || JSON.stringify(m.events).length);
    peer.send({ type: 'ack', seq: m.seq });

    const watchers = this.#viewersOf(tab.id);
    if (gap && result !== 'snapshot') {
      // Viewers missed batches: their pages may be wrong until a fresh checkout.
      tab.buffer.clear();
      peer.send({ type: 'snapshot_request', reason: 'gap' });
    } else if (result === 'overflow') {
      peer.send({ type: 'snapshot_request', reason: 'buffer_full' });
    } else if (result === 'other_page') {
      // A new page whose snapshot did not come first: its batches would be
      // applied to the old page. Viewers wait for a checkout of the new one.
      for (const v of watchers) v.needsSync = true;
      peer.send({ type: 'snapshot_request', reason: 'no_snapshot' });
    } else if (result === 'no_snapshot' && watchers.length > 0) {
      peer.send({ type: 'snapshot_request', reason: 'no_snapshot' });
    }
    for (const v of watchers) {
      if (!v.peer) continue;
      if (v.needsSync) {
        if (this.#sendSync(v)) v.needsSync = false;
      } else {
        v.peer.send({ type: 'events', ...batch, tab: tab.id, page: tab.page });
      }
    }
  }

  #onConsent(peer: LivePeer, m: CustomerToServerMap['consent']) {
    const v = this.#viewers.get(m.viewerId);
    if (!v || v.state !== 'pending') {
      return this.#error(peer, LiveErrorCode.UnknownViewer, 'no viewer waits for consent with this id', m.type);
    }
    // One answer for the visit: the other tabs close their prompt.
    for (const t of this.#tabs.values()) if (t.peer !== peer) t.peer?.send({ type: 'consent_cancelled', viewerId: v.info.id });
    if (m.accept) this.#admit(v);
    else this.#removeViewer(v, 'declined', LiveCloseCode.Declined);
  }

  /** The banner's Stop (in any tab): every viewer goes, and live help ends in the visit's other tabs too. */
  #stopViewing(from: LiveTab) {
    for (const v of [...this.#viewers.values()]) this.#removeViewer(v, 'stopped_by_customer', LiveCloseCode.StoppedByCustomer);
    if (this.#controlPending) this.#toTabs({ type: 'control_request_closed' });
    this.#controlPending = null;
    this.#setController(null);
    const codeTab = this.#codeTab;
    this.#code = null;
    this.#codeTab = null;
    if (codeTab) this.#store.clearCode(codeTab).catch((err: unknown) => this.#logger.warn({ err }, 'could not clear code'));
    for (const t of [...this.#tabs.values()]) if (t !== from) this.#removeTab(t, 'stopped_by_customer');
  }

  #onControlAnswer(peer: LivePeer, m: CustomerToServerMap['control_grant'] | CustomerToServerMap['control_deny']) {
    const v = this.#viewers.get(m.viewerId);
    if (this.#controlPending !== m.viewerId || !v || v.state !== 'watching') {
      return this.#error(peer, LiveErrorCode.UnknownViewer, 'this viewer has no pending control request', m.type);
    }
    this.#controlPending = null;
    for (const t of this.#tabs.values()) if (t.peer !== peer) t.peer?.send({ type: 'control_request_closed' });
    if (m.type === 'control_grant') {
      this.#setController(v.info.id, m.typing);
      const grantingTab = [...this.#tabs.values()].find((t) => t.peer === peer)?.id ?? this.#inUse ?? this.key;
      this.#store.controlGranted?.(grantingTab, v.info.advisorId);
    } else v.peer?.send({ type: 'control_denied' });
  }

  // ───────────────────────── viewers ─────────────────────────

  /**
   * Whether `code` is this room's help code right now. The registry in the
   * database is cleared asynchronously after a stop, so a join racing that
   * write is checked here too.
   */
  acceptsCode(code: string): boolean {
    return this.#code !== null && this.#code.code === code && this.#code.expiresAt > Date.now();
  }

  /** A viewer's socket arrived (`join`, or a reconnect with `resume`). */
  attachViewer(peer: LivePeer, info: AttachInfo): void {
    if (this.#closed) return peer.close(LiveCloseCode.RoomClosed, 'room closed');
    const advisor = peer.advisor!;
    const resumed = info.resume && this.#viewers.get(info.resume.viewerId);
    if (resumed && resumed.info.advisorId === advisor.id && resumed.state === 'watching') {
      const old = resumed.peer;
      resumed.peer = peer;
      old?.close(LiveCloseCode.Replaced, 'viewer connected again');
      clearTimeout(resumed.awayTimer);
      if (old) this.#call?.memberGone(resumed.info.id);
      resumed.info.connected = true;
      this.#listen(resumed, peer);
      this.#sendWelcome(resumed);
      this.#sendTabs(resumed, null);
      const { lastSeq, tab, page } = info.resume!;
      const watched = resumed.tab ? this.#tabs.get(resumed.tab) : undefined;
      // Missed batches only help a viewer that still shows the same tab's same page.
      const samePage = watched && tab === watched.id && page === watched.bufferPage;
      const missed = lastSeq === null || !samePage ? undefined : watched.buffer.after(lastSeq);
      if (missed) for (const b of missed) peer.send({ type: 'events', ...b, tab: watched!.id, page: watched!.bufferPage });
      else this.#syncOrRequest(resumed);
      this.#sendCall(peer, false);
      this.#viewersChanged();
      return;
    }

    const entry: ViewerEntry = {
      info: { id: peer.id, advisorId: advisor.id, name: advisor.name, since: 0, connected: true },
      peer,
      state: 'pending',
      tab: null,
      following: true,
      needsSync: false,
      awayTimer: undefined,
    };
    this.#viewers.set(entry.info.id, entry);
    this.#listen(entry, peer);
    if (!this.consentRequired) return this.#admit(entry);
    peer.send({ type: 'waiting', reason: 'consent' });
    this.#toTabs({ type: 'consent_request', viewer: entry.info });
  }

  #listen(v: ViewerEntry, peer: LivePeer) {
    peer.on('message', (m) => this.#safely(peer, m, () => this.#onViewerMessage(v, peer, m as AdvisorToServer)));
    peer.on('resync', () => {
      if (v.peer === peer && v.state === 'watching') this.#syncOrRequest(v);
    });
    peer.on('disconnected', () => this.#onViewerGone(v, peer));
  }

  #admit(v: ViewerEntry) {
    v.state = 'watching';
    v.info.since = Date.now();
    v.tab = this.#inUse;
    this.#sendWelcome(v);
    this.#sendTabs(v, null);
    this.#syncOrRequest(v);
    if (v.peer) this.#sendCall(v.peer, false);
    this.#viewersChanged();
  }

  #sendWelcome(v: ViewerEntry) {
    v.peer?.send({
      type: 'welcome',
      viewerId: v.info.id,
      // A tab of the room, to rejoin by after a reconnect.
      sessionId: v.tab ?? this.#inUse ?? this.key,
      viewers: this.#watching(),
      controllerId: this.#controllerId,
      controlTyping: this.#controlTyping,
      customerConnected: v.tab ? (this.#tabs.get(v.tab)?.connected ?? false) : this.customerConnected,
      chat: this.#chat,
    });
  }

  #sendTabs(v: ViewerEntry, switched: Switch) {
    v.peer?.send({
      type: 'tabs',
      tabs: [...this.#tabs.values()].map((t) => t.info(t.id === this.#inUse)),
      watching: v.tab,
      following: v.following,
      switched,
    });
  }

  /** Points a viewer at a tab: the tab's page (or a checkout request) follows. */
  #watch(v: ViewerEntry, tab: TabId | null, switched: Switch) {
    const changed = v.tab !== tab;
    v.tab = tab;
    this.#sendTabs(v, changed ? switched : null);
    if (!changed || v.state !== 'watching') return;
    v.peer?.send({ type: 'customer_status', connected: tab ? (this.#tabs.get(tab)?.connected ?? false) : false });
    this.#syncOrRequest(v);
  }

  /** Tabs came, went or changed presence: find the tab in use, move followers, tell viewers and tabs. */
  #tabsChanged(why: 'customer' | 'tab_closed' | null) {
    this.#inUse = tabInUse(this.#tabs.values(), this.#inUse);
    for (const t of this.#tabs.values()) {
      const inUse = t.id === this.#inUse;
      // Each tab knows whether it is the one in use (it then stops reporting the customer's input).
      if (t.peer && (t.toldInUse !== inUse || t.peer !== t.toldPeer)) {
        t.toldInUse = inUse;
        t.toldPeer = t.peer;
        t.peer.send({ type: 'tab_in_use', inUse });
      }
    }
    for (const v of this.#viewers.values()) {
      if (v.state !== 'watching') continue;
      const lost = v.tab === null || !this.#tabs.has(v.tab);
      if (lost) v.following = true;
      if (v.following) this.#watch(v, this.#inUse, lost && v.tab !== null ? 'tab_closed' : (why ?? 'customer'));
      else this.#sendTabs(v, null);
    }
  }

  /** Sends the viewer the page as it is now, or asks the recorder for a checkout first. */
  #syncOrRequest(v: ViewerEntry) {
    if (this.#sendSync(v)) {
      v.needsSync = false;
      return;
    }
    v.needsSync = true;
    const tab = v.tab ? this.#tabs.get(v.tab) : undefined;
    tab?.peer?.send({ type: 'snapshot_request', reason: 'no_snapshot' });
  }

  #sendSync(v: ViewerEntry): boolean {
    const tab = v.tab ? this.#tabs.get(v.tab) : undefined;
    const batches = tab?.buffer.sync();
    if (!tab || !batches) return false;
    // Again at sync: copies the site got since a batch was buffered (the first snapshot often precedes the map's load).
    const synced = this.#assets ? batches.map((b) => ({ ...b, events: this.#assets!.rewrite(this.siteId, b.events) })) : batches;
    v.peer?.send({ type: 'sync', batches: synced, tab: tab.id, page: tab.bufferPage });
    return true;
  }

  #onViewerMessage(v: ViewerEntry, peer: LivePeer, m: AdvisorToServer) {
    if (v.peer !== peer) return;
    if (m.type === 'leave') return this.#removeViewer(v, 'left', LiveCloseCode.Normal);
    if (v.state !== 'watching') {
      return this.#error(peer, LiveErrorCode.BadState, 'waiting for the customer to accept', m.type);
    }
    const viewerId = v.info.id;
    // Pointer and drawings are positions on the page this viewer sees.
    const watched = v.tab ? this.#tabs.get(v.tab)?.peer : undefined;
    switch (m.type) {
      case 'join':
        return this.#error(peer, LiveErrorCode.BadState, 'already joined', m.type);
      case 'resync_request':
        return this.#syncOrRequest(v);
      case 'watch_tab':
        if (m.tab !== null && !this.#tabs.has(m.tab)) {
          return this.#error(peer, LiveErrorCode.UnknownSession, 'this visit has no such tab', m.type);
        }
        v.following = m.tab === null;
        return this.#watch(v, m.tab ?? this.#inUse, 'advisor');
      case 'pointer':
        return watched?.send({ type: 'pointer', viewerId, x: m.x, y: m.y, visible: m.visible });
      case 'draw': {
        const { type: _type, ...stroke } = m;
        return watched?.send({ type: 'draw', viewerId, ...stroke });
      }
      case 'draw_clear':
        for (const t of this.#tabs.values()) t.peer?.send({ type: 'draw_clear', viewerId });
        return;
      case 'chat':
        return this.#chatFrom(v, v.tab ?? this.#inUse, m.clientId, m.text);
      case 'control_request':
        if (this.#controllerId === viewerId) return;
        if (this.#controlPending && this.#controlPending !== viewerId) {
          return this.#error(peer, LiveErrorCode.ControlBusy, 'another advisor is asking for control', m.type);
        }
        this.#controlPending = viewerId;
        return this.#toTabs({ type: 'control_request', viewer: v.info });
      case 'control_release':
        if (this.#controlPending === viewerId) {
          this.#controlPending = null;
          this.#toTabs({ type: 'control_request_closed' });
        }
        if (this.#controllerId === viewerId) this.#setController(null);
        return;
      case 'control':
        return this.#onControl(v, peer, m);
      case 'call_request':
        return this.#onCallRequest(peer, { id: viewerId, role: 'advisor', name: v.info.name }, m);
    }
  }

  /**
   * A command goes only to the tab it was aimed at, only while the customer
   * uses that tab and it still shows the page the advisor saw; otherwise the
   * advisor is told, and nothing happens on the customer's side.
   */
  #onControl(v: ViewerEntry, peer: LivePeer, m: AdvisorToServer & { type: 'control' }) {
    if (this.#controllerId !== v.info.id) {
      return this.#error(peer, LiveErrorCode.NotInControl, 'the customer has not granted you control', m.type);
    }
    const tab = this.#tabs.get(m.tab);
    const refuse = (reason: ControlRefusal) => peer.send({ type: 'control_refused', action: m.command.action, reason });
    if (!tab?.peer || tab.page !== m.page) return refuse(ControlRefusal.PageChanged);
    if (m.tab !== this.#inUse) return refuse(ControlRefusal.OtherTab);
    tab.peer.send({ type: 'control', viewerId: v.info.id, command: m.command, page: m.page });
  }

  #onViewerGone(v: ViewerEntry, peer: LivePeer) {
    if (v.peer !== peer || this.#closed) return;
    v.peer = undefined;
    if (v.state === 'pending') {
      this.#viewers.delete(v.info.id);
      this.#toTabs({ type: 'consent_cancelled', viewerId: v.info.id });
      return;
    }
    // NOTE: the advisor app reconnects with `resume`; until then the customer still sees them.
    // A call cannot wait: its media went with the socket's page (or will not survive the gap).
    this.#call?.memberGone(v.info.id);
    v.info.connected = false;
    v.awayTimer = setTimeout(() => this.#removeViewer(v, 'left', LiveCloseCode.Normal), this.#graceMs);
    this.#viewersChanged();
  }

  #removeViewer(v: ViewerEntry, reason: EndReason, code: number) {
    if (this.#viewers.get(v.info.id) !== v) return;
    this.#viewers.delete(v.info.id);
    clearTimeout(v.awayTimer);
    v.peer?.send({ type: 'ended', reason });
    v.peer?.close(code, reason);
    if (v.state === 'pending') {
      this.#toTabs({ type: 'consent_cancelled', viewerId: v.info.id });
      return;
    }
    if (this.#controlPending === v.info.id) {
      this.#controlPending = null;
      this.#toTabs({ type: 'control_request_closed' });
    }
    if (this.#controllerId === v.info.id) this.#setController(null);
    this.#call?.memberGone(v.info.id);
    this.#viewersChanged();
  }

  // ───────────────────────── calls ─────────────────────────

  #onCallRequest(peer: LivePeer, from: CallPeerRef, m: CustomerToServerMap['call_request']) {
    const { requestId, request } = m;
    const reply = (data: unknown) => peer.send({ type: 'call_response', requestId, ok: true, data });
    const fail = (err: unknown) => {
      if (!(err instanceof CallRequestError)) this.#logger.warn({ err, method: request.method }, 'call request failed');
      peer.send({ type: 'call_response', requestId, ok: false, error: callErrorOf(err) });
    };
    if (request.method === 'start' && !this.#call) {
      try {
        return reply({ callId: this.#startCall(from).id });
      } catch (err) {
        return fail(err);
      }
    }
    if (!this.#call) return fail(new CallRequestError(CallErrorCode.BadState, 'no call is running'));
    this.#call.handle(from, request, reply).catch(fail);
  }

  /** The customer's socket in the call: the tab that answered it, else the tab in use. */
  #callCustomer(): LivePeer | undefined {
    return this.#tabs.get(this.#callTab ?? this.#inUse ?? '')?.peer;
  }

  #startCall(from: CallPeerRef): CallSession {
    if (from.role !== 'advisor') throw new CallRequestError(CallErrorCode.BadState, 'only an advisor starts a call');
    if (!this.#media) throw new CallRequestError(CallErrorCode.Unavailable, 'this server has no media server');
    this.#callTab = null;
    const call = new CallSession({
      sessionId: this.#inUse ?? this.key,
      media: this.#media,
      logger: this.#logger,
      startedBy: from,
      send: (id, message) => (id === CALL_CUSTOMER_ID ? this.#callCustomer() : this.#viewers.get(id)?.peer)?.send(message),
      broadcast: (message) => {
        this.#toTabs(message);
        for (const v of this.#viewers.values()) if (v.state === 'watching') v.peer?.send(message);
      },
    });
    this.#call = call;
    call.once('closed', () => {
      if (this.#call !== call) return;
      this.#call = undefined;
      this.#callTab = null;
      if (this.#closed) return;
      this.#toTabs({ type: 'call_state', call: null });
      for (const v of this.#viewers.values()) if (v.state === 'watching') v.peer?.send({ type: 'call_state', call: null });
    });
    for (const t of this.#tabs.values()) this.#sendCall(t.peer, true);
    for (const v of this.#viewers.values()) if (v.state === 'watching') v.peer?.send({ type: 'call_state', call: call.state() });
    return call;
  }

  /** Tells a (re)connected peer about the running call; the customer also gets the invite while it rings. */
  #sendCall(peer: LivePeer | undefined, customer: boolean) {
    const call = this.#call;
    if (!peer || !call) return;
    peer.send({ type: 'call_state', call: call.state() });
    if (customer && call.status === 'ringing') {
      peer.send({ type: 'call_invite', callId: call.id, from: { id: call.startedBy.id, name: call.startedBy.name } });
    }
  }

  // ───────────────────────── shared ─────────────────────────

  /** Chat is the visit's: every tab and viewer sees it; it is stored with the tab it concerns. */
  #chatFrom(v: ViewerEntry | null, tabId: TabId | null, clientId: string, text: string) {
    const message: ChatMessage = {
      id: randomUUID(),
      clientId,
      ts: Date.now(),
      from: v ? 'advisor' : 'customer',
      viewerId: v ? v.info.id : null,
      name: v ? v.info.name : 'Customer',
      text,
    };
    this.#chat.push(message);
    if (this.#chat.length > CHAT_HISTORY) this.#chat.shift();
    const storeIn = tabId && this.#tabs.has(tabId) ? tabId : this.#tabs.keys().next().value;
    if (storeIn) {
      this.#store
        .saveChat(storeIn, message, v ? v.info.advisorId : null)
        .catch((err: unknown) => this.#logger.error({ err }, 'could not store a chat message'));
    }
    this.#toTabs({ type: 'chat', message });
    this.#toViewers({ type: 'chat', message });
  }

  #setController(controllerId: ViewerId | null, typing = false) {
    typing = controllerId !== null && typing;
    if (this.#controllerId === controllerId && this.#controlTyping === typing) return;
    this.#controllerId = controllerId;
    this.#controlTyping = typing;
    this.#toTabs({ type: 'control_state', controllerId, typing });
    this.#toViewers({ type: 'control_state', controllerId, typing });
  }

  #watching(): Viewer[] {
    return [...this.#viewers.values()].filter((v) => v.state === 'watching').map((v) => ({ ...v.info }));
  }

  #viewersOf(tabId: TabId): ViewerEntry[] {
    return [...this.#viewers.values()].filter((v) => v.state === 'watching' && v.tab === tabId);
  }

  #viewersChanged() {
    const viewers = this.#watching();
    // Every tab shows who watches (the banner), whichever tab they look at.
    this.#toTabs({ type: 'viewers', viewers });
    this.#toViewers({ type: 'viewers', viewers });
    for (const t of this.#tabs.values()) this.#changed(t);
  }

  #changed(tab: LiveTab) {
    this.#store.update(tab.id, { customerConnected: tab.connected, viewerCount: this.viewerCount, url: tab.url });
  }

  #toTabs(message: Parameters<LivePeer['send']>[0]) {
    for (const t of this.#tabs.values()) t.peer?.send(message);
  }

  #toViewers(message: ServerToAdvisorMap['viewers' | 'chat' | 'control_state']) {
    for (const v of this.#viewers.values()) if (v.state === 'watching') v.peer?.send(message);
  }

  #toViewersOf(tabId: TabId, message: ServerToAdvisorMap['customer_status']) {
    for (const v of this.#viewersOf(tabId)) v.peer?.send(message);
  }

  #error(peer: LivePeer, code: LiveErrorCode, message: string, ref?: string) {
    peer.send({ type: 'error', code, message, ...(ref ? { ref } : {}) });
  }

  /** NOTE: a bug in one handler must never take the room (or the process) down. */
  #safely(peer: LivePeer, m: { type: string }, fn: () => void) {
    try {
      fn();
    } catch (err) {
      this.#logger.error({ err, type: m.type }, 'live message handler failed');
      this.#error(peer, LiveErrorCode.Internal, 'internal error', m.type);
    }
  }

  /**
   * Idempotent: ends viewing for everyone, closes every peer, emits `closed`.
   * `shutdown`: this process is stopping; peers are closed with 1001 and no
   * `ended`, so clients reconnect (to another process) instead of giving up.
   */
  close(reason: EndReason = 'room_closed', shutdown = false): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#call?.close('room_closed');
    const code = shutdown ? LiveCloseCode.GoingAway : LiveCloseCode.RoomClosed;
    for (const v of this.#viewers.values()) {
      clearTimeout(v.awayTimer);
      if (!shutdown) v.peer?.send({ type: 'ended', reason });
      v.peer?.close(code, reason);
    }
    this.#viewers.clear();
    for (const t of this.#tabs.values()) {
      clearTimeout(t.graceTimer);
      t.peer?.close(code, reason);
      t.peer = undefined;
    }
    this.emit('closed');
  }
}
