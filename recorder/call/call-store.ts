/**
 * @module recorder/call/call-store
 * One side's view of the live room's call, as a small store a UI renders:
 * the call (`call_state`), an invite waiting for the customer's answer, why
 * the last call ended, and this participant's {@link CallMedia} while in
 * the call. Pairs `call_request`s with their `call_response` by request id.
 *
 * Shared by the customer (recorder, role 'customer') and the advisor app
 * (role 'advisor'): each feeds it the call messages of its live socket
 * ({@link CallStore.handle}) and tells it when the socket drops.
 */
import type { CallEndReason, CallRequest, CallState, ServerToAdvisor, ServerToCustomer } from '../../protocol/live.ts';
import type { CallMedia, CallRequester } from './call-media.ts';
import { loadCallMedia } from './load-call.ts';

const REQUEST_TIMEOUT_MS = 20_000;
/** Waits between tries to set media up again after the SFU worker died (its replacement takes a moment to start). */
const MEDIA_RESTART_DELAYS_MS = [0, 250, 500, 1_000, 2_000, 4_000];

export type CallRole = 'customer' | 'advisor';

export interface CallStoreOptions {
  role: CallRole;
  /** Sends on the live socket; false when it is not open. */
  send(message: { type: 'call_request'; requestId: number; request: CallRequest }): boolean;
  getLocalStream?: () => Promise<MediaStream>;
}

export interface CallStoreState {
  call: CallState | null;
  /** Customer: an advisor asks for a call. */
  invite: { callId: string; from: { id: string; name: string } } | null;
  /** In the call with media (or setting it up). */
  inCall: boolean;
  /** Setting media up, or an answer is on its way. */
  busy: boolean;
  ended: { callId: string; reason: CallEndReason } | null;
  error: string | null;
}

type CallMessage = Extract<ServerToCustomer | ServerToAdvisor, { type: `call_${string}` }>;

export class CallError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

export class CallStore {
  readonly role: CallRole;
  #options: CallStoreOptions;
  #state: CallStoreState = { call: null, invite: null, inCall: false, busy: false, ended: null, error: null };
  #media: CallMedia | undefined;
  #pending = new Map<number, { resolve(data: unknown): void; reject(error: Error): void; timer: ReturnType<typeof setTimeout> }>();
  #nextId = 1;
  #listeners = new Set<() => void>();

  constructor(options: CallStoreOptions) {
    this.role = options.role;
    this.#options = options;
  }

  get state(): Readonly<CallStoreState> {
    return this.#state;
  }

  /** This participant's media while in the call. */
  get media(): CallMedia | undefined {
    return this.#media;
  }

  /** Other members' display names by participant id (from the call state). */
  nameOf(participantId: string): string {
    return this.#state.call?.members.find((m) => m.id === participantId)?.name ?? (participantId === 'customer' ? 'Customer' : 'Advisor');
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  }

  /** Sends one request and resolves with its answer (rejects with a {@link CallError}). */
  request: CallRequester = (request) => {
    const requestId = this.#nextId++;
    return new Promise((resolve, reject) => {
      if (!this.#options.send({ type: 'call_request', requestId, request: request as CallRequest })) {
        return reject(new CallError('not_connected', 'not connected'));
      }
      const timer = setTimeout(() => {
        this.#pending.delete(requestId);
        reject(new CallError('timeout', `${request.method}: no answer`));
      }, REQUEST_TIMEOUT_MS);
      this.#pending.set(requestId, { resolve, reject, timer });
    });
  };

  // ───────── actions ─────────

  /** Advisor: invite the customer; media starts right away (ready when they accept). */
  async start(): Promise<void> {
    await this.#enter(() => this.request<'start'>({ method: 'start' }));
  }

  /** Advisor: join the running call. */
  async join(): Promise<void> {
    await this.#enter(() => this.request<'join'>({ method: 'join' }));
  }

  /** Customer: accept the invite. */
  async accept(): Promise<void> {
    await this.#enter(() => this.request<'accept'>({ method: 'accept' }));
  }

  /** Customer: decline the invite. */
  async decline(): Promise<void> {
    this.#set({ invite: null });
    await this.request<'decline'>({ method: 'decline' }).catch((e: unknown) => this.#fail(e));
  }

  async setMuted(muted: boolean): Promise<void> {
    await this.#media?.setPaused('audio', muted).catch((e: unknown) => this.#fail(e));
  }

  async setCameraOff(off: boolean): Promise<void> {
    await this.#media?.setPaused('video', off).catch((e: unknown) => this.#fail(e));
  }

  /** Hangs up: the server closes our media (the customer hanging up ends the call for everyone). */
  async hangUp(): Promise<void> {
    const callId = this.#state.call?.callId ?? '';
    this.#closeMedia();
    this.#set({ inCall: false, ended: { callId, reason: this.role === 'customer' ? 'hung_up' : 'left' } });
    await this.request<'leave'>({ method: 'leave' }).catch(() => {});
  }

  /** Closes the "call ended" or error notice (its Close button, or its time ran out). */
  dismissNotice(): void {
    if (this.#state.ended || this.#state.error) this.#set({ ended: null, error: null });
  }

  /** The live socket dropped or the live session ended: the server has already let go of our media. */
  socketLost(): void {
    for (const [id, p] of this.#pending) {
      clearTimeout(p.timer);
      p.reject(new CallError('not_connected', 'the connection dropped'));
      this.#pending.delete(id);
    }
    const wasIn = this.#state.inCall;
    this.#closeMedia();
    this.#set({
      call: null,
      invite: null,
      inCall: false,
      busy: false,
      ...(wasIn ? { ended: { callId: this.#state.call?.callId ?? '', reason: 'left' as const } } : {}),
    });
  }

  /** Stops everything (the page or view goes away). */
  dispose(): void {
    this.socketLost();
    this.#listeners.clear();
  }

  // ───────── from the socket ─────────

  /** A message from the live socket; true when it was a call message. */
  handle(m: ServerToCustomer | ServerToAdvisor): boolean {
    if (!m.type.startsWith('call_')) return false;
    const c = m as CallMessage;
    switch (c.type) {
      case 'call_response': {
        const p = this.#pending.get(c.requestId);
        if (!p) return true;
        this.#pending.delete(c.requestId);
        clearTimeout(p.timer);
        if (c.ok) p.resolve(c.data);
        else p.reject(new CallError(c.error?.code ?? 'error', c.error?.message ?? 'failed'));
        return true;
      }
      case 'call_invite':
        this.#set({ invite: { callId: c.callId, from: c.from }, ended: null, error: null });
        return true;
      case 'call_state': {
        const invite = c.call && c.call.status === 'ringing' ? this.#state.invite : null;
        this.#set({ call: c.call, invite });
        return true;
      }
      case 'call_new_producer':
        this.#media?.addProducer({ participantId: c.participantId, producerId: c.producerId, kind: c.kind, paused: c.paused });
        return true;
      case 'call_producer_closed':
        this.#media?.removeProducer(c.participantId, c.producerId);
        return true;
      case 'call_producer_paused':
        this.#media?.setRemotePaused(c.participantId, c.producerId, c.paused);
        return true;
      case 'call_media_restart':
        if (this.#state.inCall) void this.#restartMedia();
        return true;
      case 'call_ended':
        this.#closeMedia();
        this.#set({ inCall: false, busy: false, invite: null, ended: { callId: c.callId, reason: c.reason } });
        return true;
    }
    return true;
  }

  // ───────── private ─────────

  async #enter(answer: () => Promise<unknown>): Promise<void> {
    if (this.#state.inCall) return;
    this.#set({ busy: true, inCall: true, invite: null, ended: null, error: null });
    try {
      await answer();
      await this.#startMedia();
    } catch (error) {
      await this.#leaveAfter(error);
    }
  }

  /** This member's media, from the router's capabilities to consuming the others. */
  async #startMedia(): Promise<void> {
    // mediasoup-client is most of the recorder's weight: fetched when a call first starts, not with the page.
    const { CallMedia } = await loadCallMedia();
    if (!this.#state.inCall) return;
    const media = new CallMedia({
      request: this.request,
      onChange: () => this.#changed(),
      ...(this.#options.getLocalStream ? { getLocalStream: this.#options.getLocalStream } : {}),
    });
    this.#media = media;
    this.#changed();
    await media.start();
    if (this.#media === media) this.#set({ busy: false });
  }

  /**
   * The SFU worker died under the call: our media objects died with it on
   * the server. Set them up again (the server makes a new room on a live
   * worker), retrying while the replacement worker starts.
   */
  async #restartMedia(): Promise<void> {
    this.#closeMedia();
    this.#set({ busy: true, error: null });
    let lastError: unknown;
    for (const delay of MEDIA_RESTART_DELAYS_MS) {
      if (delay) await new Promise((resolve) => setTimeout(resolve, delay));
      if (!this.#state.inCall) return;
      try {
        return await this.#startMedia();
      } catch (error) {
        lastError = error;
        this.#closeMedia();
      }
    }
    if (this.#state.inCall) await this.#leaveAfter(lastError);
  }

  /** Our side failed: leave, so the server lets go of whatever it holds for us. */
  async #leaveAfter(error: unknown): Promise<void> {
    if (!this.#state.inCall) return;
    this.#closeMedia();
    this.#set({ inCall: false, busy: false });
    this.#fail(error);
    await this.request<'leave'>({ method: 'leave' }).catch(() => {});
  }

  #closeMedia() {
    const media = this.#media;
    this.#media = undefined;
    media?.close();
  }

  #fail(error: unknown) {
    const message = error instanceof Error ? error.message : String(error);
    console.warn('cobrowse call:', message);
    this.#set({ error: message });
  }

  #set(patch: Partial<CallStoreState>) {
    this.#state = { ...this.#state, ...patch };
    this.#changed();
  }

  #changed() {
    for (const listener of this.#listeners) listener();
  }
}
