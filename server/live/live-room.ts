/**
 * @module server/live/live-room
 * One live co-browsing room per recorded session, held by one process: the
 * customer, the viewers (pending consent or watching), control, chat and
 * the snapshot buffer late joiners start from.
 *
 * Lifecycle: created by the hub on the customer's first `hello`. When the
 * customer's socket drops the room waits `graceMs` (a reload or navigation
 * within the site) with viewers kept; past it, or on `bye`, it closes
 * itself, closing every peer, and emits `closed`.
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
  LiveCloseCode,
  LiveErrorCode,
  type AdvisorToServer,
  type ChatMessage,
  type CustomerToServer,
  type CustomerToServerMap,
  type ServerToAdvisorMap,
  type Viewer,
  type ViewerId,
} from '../protocol/live.ts';
import { CALL_CUSTOMER_ID, CallErrorCode } from '../protocol/live-call.ts';
import type { AttachInfo } from './bus/bus-messages.ts';
import { CallRequestError, CallSession, callErrorOf, type CallPeerRef } from './call-session.ts';
import type { LivePeer } from './live-peer.ts';
import { SnapshotBuffer } from './snapshot-buffer.ts';

/** What the room needs from storage (the hub's registry implements it). */
export interface RoomStore {
  assignCode(sessionId: string): Promise<{ code: string; expiresAt: number }>;
  clearCode(sessionId: string): Promise<void>;
  saveChat(sessionId: string, message: ChatMessage, advisorId: string | null): Promise<void>;
  update(sessionId: string, state: { customerConnected: boolean; viewerCount: number }): void;
  /** The customer granted an advisor control (the audit log hears of it). */
  controlGranted?(sessionId: string, advisorId: string): void;
}

export interface RoomOptions {
  sessionId: string;
  siteId: string;
  consentRequired: boolean;
  graceMs: number;
  maxBufferBytes: number;
  store: RoomStore;
  logger: Logger;
  /** The SFU for calls; without it `start` answers `unavailable`. */
  media?: MediaService;
}

export type RoomEvents = {
  /** Emitted once, after every peer was closed. */
  closed: [];
};

type EndReason = ServerToAdvisorMap['ended']['reason'];

interface ViewerEntry {
  info: Viewer;
  peer: LivePeer | undefined;
  state: 'pending' | 'watching';
  /** Admitted but no snapshot yet: gets a `sync` as soon as one arrives. */
  needsSync: boolean;
  awayTimer: NodeJS.Timeout | undefined;
}

const CHAT_HISTORY = 100;

export class LiveRoom extends EventEmitter<RoomEvents> {
  readonly sessionId: string;
  readonly siteId: string;
  readonly consentRequired: boolean;
  #graceMs: number;
  #store: RoomStore;
  #logger: Logger;
  #buffer: SnapshotBuffer;
  #customer: LivePeer | undefined;
  #graceTimer: NodeJS.Timeout | undefined;
  #viewers = new Map<ViewerId, ViewerEntry>();
  #controllerId: ViewerId | null = null;
  #controlPending: ViewerId | null = null;
  #lastSeq = -1;
  #code: { code: string; expiresAt: number } | null = null;
  #chat: ChatMessage[] = [];
  #media: MediaService | undefined;
  #call: CallSession | undefined;
  #closed = false;

  constructor(options: RoomOptions) {
    super();
    this.sessionId = options.sessionId;
    this.siteId = options.siteId;
    this.consentRequired = options.consentRequired;
    this.#graceMs = options.graceMs;
    this.#store = options.store;
    this.#logger = options.logger.child({ room: options.sessionId });
    this.#buffer = new SnapshotBuffer(options.maxBufferBytes);
    this.#media = options.media;
  }

  /** The running call, if any (tests and diagnostics). */
  get call(): CallSession | undefined {
    return this.#call;
  }

  get closed() {
    return this.#closed;
  }

  get customerConnected() {
    return this.#customer !== undefined;
  }

  get viewerCount() {
    return [...this.#viewers.values()].filter((v) => v.state === 'watching').length;
  }

  // ───────────────────────── customer ─────────────────────────

  attachCustomer(peer: LivePeer): void {
    if (this.#closed) return peer.close(LiveCloseCode.RoomClosed, 'room closed');
    const previous = this.#customer;
    this.#customer = peer;
    previous?.close(LiveCloseCode.Replaced, 'customer connected again');
    // NOTE: the replaced page's media went with it.
    if (previous) this.#call?.memberGone(CALL_CUSTOMER_ID);
    clearTimeout(this.#graceTimer);
    this.#graceTimer = undefined;

    peer.on('message', (m, bytes) =>
      this.#safely(peer, m, () => this.#onCustomerMessage(peer, m as CustomerToServer, bytes)),
    );
    peer.on('disconnected', () => this.#onCustomerGone(peer));

    peer.send({
      type: 'welcome',
      sessionId: this.sessionId,
      lastSeq: this.#lastSeq,
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
    this.#toViewers({ type: 'customer_status', connected: true });
    if ([...this.#viewers.values()].some((v) => v.needsSync)) {
      peer.send({ type: 'snapshot_request', reason: 'no_snapshot' });
    }
    this.#sendCall(peer, true);
    this.#changed();
  }

  #onCustomerGone(peer: LivePeer) {
    if (this.#customer !== peer || this.#closed) return;
    this.#customer = undefined;
    this.#call?.memberGone(CALL_CUSTOMER_ID);
    this.#toViewers({ type: 'customer_status', connected: false });
    this.#changed();
    // NOTE: a reload or a navigation within the site comes back within the grace period.
    this.#graceTimer = setTimeout(() => this.close('customer_left'), this.#graceMs);
  }

  #onCustomerMessage(peer: LivePeer, m: CustomerToServer, bytes: number) {
    switch (m.type) {
      case 'hello':
        return this.#error(peer, LiveErrorCode.BadState, 'hello was already received', m.type);
      case 'events':
        return this.#onEvents(peer, m, bytes);
      case 'help_request':
        return void this.#store.assignCode(this.sessionId).then(
          (code) => {
            this.#code = code;
            this.#customer?.send({ type: 'help_code', ...code });
          },
          (err: unknown) => {
            this.#logger.error({ err }, 'could not assign a help code');
            this.#error(peer, LiveErrorCode.Internal, 'could not assign a help code, try again', m.type);
          },
        );
      case 'consent':
        return this.#onConsent(peer, m);
      case 'stop_viewing':
        return this.#stopViewing();
      case 'chat':
        return this.#chatFrom(null, m.clientId, m.text);
      case 'control_grant':
      case 'control_deny':
        return this.#onControlAnswer(peer, m);
      case 'control_revoke':
        this.#controlPending = null;
        return this.#setController(null);
      case 'control_refused':
        // Only the advisor whose command it was (a viewer that left meanwhile: nobody).
        return this.#viewers.get(m.viewerId)?.peer?.send({ type: 'control_refused', action: m.action, reason: m.reason });
      case 'bye':
        return this.close('room_closed');
      case 'call_request':
        return this.#onCallRequest(peer, { id: CALL_CUSTOMER_ID, role: 'customer', name: 'Customer' }, m);
    }
  }

  #onEvents(peer: LivePeer, m: CustomerToServerMap['events'], bytes: number) {
    const batch = { seq: m.seq, events: m.events };
    if (m.seq <= this.#lastSeq) {
      // A resend after a reconnect: already have it.
      return peer.send({ type: 'ack', seq: m.seq });
    }
    const gap = this.#lastSeq >= 0 && m.seq > this.#lastSeq + 1;
    this.#lastSeq = m.seq;
    const result = this.#buffer.push(batch, bytes || JSON.stringify(m.events).length);
    peer.send({ type: 'ack', seq: m.seq });

    if (gap && result !== 'snapshot') {
      // Viewers missed batches: their pages may be wrong until a fresh checkout.
      this.#buffer.clear();
      peer.send({ type: 'snapshot_request', reason: 'gap' });
    } else if (result === 'overflow') {
      peer.send({ type: 'snapshot_request', reason: 'buffer_full' });
    } else if (result === 'no_snapshot' && this.viewerCount > 0) {
      peer.send({ type: 'snapshot_request', reason: 'no_snapshot' });
    }
    for (const v of this.#viewers.values()) {
      if (v.state !== 'watching' || !v.peer) continue;
      if (v.needsSync) {
        if (this.#sendSync(v)) v.needsSync = false;
      } else {
        v.peer.send({ type: 'events', ...batch });
      }
    }
  }

  #onConsent(peer: LivePeer, m: CustomerToServerMap['consent']) {
    const v = this.#viewers.get(m.viewerId);
    if (!v || v.state !== 'pending') {
      return this.#error(peer, LiveErrorCode.UnknownViewer, 'no viewer waits for consent with this id', m.type);
    }
    if (m.accept) this.#admit(v);
    else this.#removeViewer(v, 'declined', LiveCloseCode.Declined);
  }

  #stopViewing() {
    for (const v of [...this.#viewers.values()]) this.#removeViewer(v, 'stopped_by_customer', LiveCloseCode.StoppedByCustomer);
    this.#controlPending = null;
    this.#setController(null);
    this.#code = null;
    this.#store.clearCode(this.sessionId).catch((err: unknown) => this.#logger.warn({ err }, 'could not clear code'));
  }

  #onControlAnswer(peer: LivePeer, m: CustomerToServerMap['control_grant'] | CustomerToServerMap['control_deny']) {
    const v = this.#viewers.get(m.viewerId);
    if (this.#controlPending !== m.viewerId || !v || v.state !== 'watching') {
      return this.#error(peer, LiveErrorCode.UnknownViewer, 'this viewer has no pending control request', m.type);
    }
    this.#controlPending = null;
    if (m.type === 'control_grant') {
      this.#setController(v.info.id);
      this.#store.controlGranted?.(this.sessionId, v.info.advisorId);
    } else v.peer?.send({ type: 'control_denied' });
  }

  // ───────────────────────── viewers ─────────────────────────

  /** A viewer's socket arrived (`join`, or a reconnect with `resume`). */
  /**
   * Whether `code` is this room's help code right now. The registry in the
   * database is cleared asynchronously after a stop, so a join racing that
   * write is checked here too.
   */
  acceptsCode(code: string): boolean {
    return this.#code !== null && this.#code.code === code && this.#code.expiresAt > Date.now();
  }

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
      const missed = info.resume!.lastSeq === null ? undefined : this.#buffer.after(info.resume!.lastSeq);
      if (missed) for (const b of missed) peer.send({ type: 'events', ...b });
      else this.#syncOrRequest(resumed);
      this.#sendCall(peer, false);
      this.#viewersChanged();
      return;
    }

    const entry: ViewerEntry = {
      info: { id: peer.id, advisorId: advisor.id, name: advisor.name, since: 0, connected: true },
      peer,
      state: 'pending',
      needsSync: false,
      awayTimer: undefined,
    };
    this.#viewers.set(entry.info.id, entry);
    this.#listen(entry, peer);
    if (!this.consentRequired) return this.#admit(entry);
    peer.send({ type: 'waiting', reason: 'consent' });
    this.#customer?.send({ type: 'consent_request', viewer: entry.info });
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
    this.#sendWelcome(v);
    this.#syncOrRequest(v);
    if (v.peer) this.#sendCall(v.peer, false);
    this.#viewersChanged();
  }

  #sendWelcome(v: ViewerEntry) {
    v.peer?.send({
      type: 'welcome',
      viewerId: v.info.id,
      sessionId: this.sessionId,
      viewers: this.#watching(),
      controllerId: this.#controllerId,
      customerConnected: this.customerConnected,
      chat: this.#chat,
    });
  }

  /** Sends the viewer the page as it is now, or asks the recorder for a checkout first. */
  #syncOrRequest(v: ViewerEntry) {
    if (this.#sendSync(v)) {
      v.needsSync = false;
      return;
    }
    v.needsSync = true;
    this.#customer?.send({ type: 'snapshot_request', reason: 'no_snapshot' });
  }

  #sendSync(v: ViewerEntry): boolean {
    const batches = this.#buffer.sync();
    if (!batches) return false;
    v.peer?.send({ type: 'sync', batches });
    return true;
  }

  #onViewerMessage(v: ViewerEntry, peer: LivePeer, m: AdvisorToServer) {
    if (v.peer !== peer) return;
    if (m.type === 'leave') return this.#removeViewer(v, 'left', LiveCloseCode.Normal);
    if (v.state !== 'watching') {
      return this.#error(peer, LiveErrorCode.BadState, 'waiting for the customer to accept', m.type);
    }
    const viewerId = v.info.id;
    switch (m.type) {
      case 'join':
        return this.#error(peer, LiveErrorCode.BadState, 'already joined', m.type);
      case 'resync_request':
        return this.#syncOrRequest(v);
      case 'pointer':
        return this.#customer?.send({ type: 'pointer', viewerId, x: m.x, y: m.y, visible: m.visible });
      case 'draw': {
        const { type: _type, ...stroke } = m;
        return this.#customer?.send({ type: 'draw', viewerId, ...stroke });
      }
      case 'draw_clear':
        return this.#customer?.send({ type: 'draw_clear', viewerId });
      case 'chat':
        return this.#chatFrom(v, m.clientId, m.text);
      case 'control_request':
        if (this.#controllerId === viewerId) return;
        if (this.#controlPending && this.#controlPending !== viewerId) {
          return this.#error(peer, LiveErrorCode.ControlBusy, 'another advisor is asking for control', m.type);
        }
        this.#controlPending = viewerId;
        return this.#customer?.send({ type: 'control_request', viewer: v.info });
      case 'control_release':
        if (this.#controlPending === viewerId) this.#controlPending = null;
        if (this.#controllerId === viewerId) this.#setController(null);
        return;
      case 'control':
        if (this.#controllerId !== viewerId) {
          return this.#error(peer, LiveErrorCode.NotInControl, 'the customer has not granted you control', m.type);
        }
        return this.#customer?.send({ type: 'control', viewerId, command: m.command });
      case 'call_request':
        return this.#onCallRequest(peer, { id: viewerId, role: 'advisor', name: v.info.name }, m);
    }
  }

  #onViewerGone(v: ViewerEntry, peer: LivePeer) {
    if (v.peer !== peer || this.#closed) return;
    v.peer = undefined;
    if (v.state === 'pending') {
      this.#viewers.delete(v.info.id);
      this.#customer?.send({ type: 'consent_cancelled', viewerId: v.info.id });
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
      this.#customer?.send({ type: 'consent_cancelled', viewerId: v.info.id });
      return;
    }
    if (this.#controlPending === v.info.id) this.#controlPending = null;
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

  #startCall(from: CallPeerRef): CallSession {
    if (from.role !== 'advisor') throw new CallRequestError(CallErrorCode.BadState, 'only an advisor starts a call');
    if (!this.#media) throw new CallRequestError(CallErrorCode.Unavailable, 'this server has no media server');
    const call = new CallSession({
      sessionId: this.sessionId,
      media: this.#media,
      logger: this.#logger,
      startedBy: from,
      send: (id, message) => (id === CALL_CUSTOMER_ID ? this.#customer : this.#viewers.get(id)?.peer)?.send(message),
      broadcast: (message) => {
        this.#customer?.send(message);
        for (const v of this.#viewers.values()) if (v.state === 'watching') v.peer?.send(message);
      },
    });
    this.#call = call;
    call.once('closed', () => {
      if (this.#call !== call) return;
      this.#call = undefined;
      if (this.#closed) return;
      this.#customer?.send({ type: 'call_state', call: null });
      for (const v of this.#viewers.values()) if (v.state === 'watching') v.peer?.send({ type: 'call_state', call: null });
    });
    this.#sendCall(this.#customer, true);
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

  #chatFrom(v: ViewerEntry | null, clientId: string, text: string) {
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
    this.#store
      .saveChat(this.sessionId, message, v ? v.info.advisorId : null)
      .catch((err: unknown) => this.#logger.error({ err }, 'could not store a chat message'));
    this.#customer?.send({ type: 'chat', message });
    this.#toViewers({ type: 'chat', message });
  }

  #setController(controllerId: ViewerId | null) {
    if (this.#controllerId === controllerId) return;
    this.#controllerId = controllerId;
    this.#customer?.send({ type: 'control_state', controllerId });
    this.#toViewers({ type: 'control_state', controllerId });
  }

  #watching(): Viewer[] {
    return [...this.#viewers.values()].filter((v) => v.state === 'watching').map((v) => ({ ...v.info }));
  }

  #viewersChanged() {
    const viewers = this.#watching();
    this.#customer?.send({ type: 'viewers', viewers });
    this.#toViewers({ type: 'viewers', viewers });
    this.#changed();
  }

  #changed() {
    this.#store.update(this.sessionId, { customerConnected: this.customerConnected, viewerCount: this.viewerCount });
  }

  #toViewers(message: ServerToAdvisorMap['customer_status' | 'viewers' | 'chat' | 'control_state']) {
    for (const v of this.#viewers.values()) if (v.state === 'watching') v.peer?.send(message);
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
    clearTimeout(this.#graceTimer);
    this.#call?.close('room_closed');
    const code = shutdown ? LiveCloseCode.GoingAway : LiveCloseCode.RoomClosed;
    for (const v of this.#viewers.values()) {
      clearTimeout(v.awayTimer);
      if (!shutdown) v.peer?.send({ type: 'ended', reason });
      v.peer?.close(code, reason);
    }
    this.#viewers.clear();
    this.#customer?.close(code, reason);
    this.#customer = undefined;
    this.emit('closed');
  }
}
