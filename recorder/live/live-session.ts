/**
 * @module recorder/live/live-session
 * The customer's side of one live co-browsing session, as a small store the
 * UI renders: the help code, who asks to watch, who watches, who controls,
 * the chat. Owns the {@link LiveLink} and the {@link ControlExecutor}, and
 * adds chat messages, control hand-overs and viewer changes to the
 * recording as rrweb custom events (so they are stored and replayed).
 *
 * Pointer and drawing messages are not state: they go straight to
 * `onOverlay` listeners (the overlay draws them).
 */
import { LIVE_CUSTOM_EVENT_TAG, type ControlRefusal } from '../../protocol/live-constants.ts';
import type { ChatMessage, ControlCommand, CustomerToServer, ServerToCustomer, ServerToCustomerMap, Viewer } from '../../protocol/live.ts';
import { log } from '../logger.ts';
import type { RecordingHandle } from '../start-recording.ts';
import { CallStore } from '../call/call-store.ts';
import { ControlExecutor, type ControlResult } from './control-executor.ts';
import { LiveLink, type LiveLinkStatus } from './live-link.ts';
import { TabPresence } from './tab-presence.ts';

export type OverlayMessage = ServerToCustomerMap['pointer' | 'draw' | 'draw_clear'];

export interface ControlRefusedDetail {
  viewerId: string;
  action: ControlCommand['action'];
  reason: ControlRefusal;
}

export interface LiveSessionState {
  status: LiveLinkStatus;
  /** Once ended: the socket's close code (`LiveCloseCode`), or null when ended here. */
  endCode: number | null;
  /** The code to read to the advisor, while valid. */
  code: { code: string; expiresAt: number } | null;
  /** Asked for help and waiting for the code. */
  helpPending: boolean;
  /** Advisors waiting for the customer's consent, oldest first. */
  consentRequests: Viewer[];
  viewers: Viewer[];
  controlRequest: Viewer | null;
  controllerId: string | null;
  chat: ChatMessage[];
}

export interface LiveSessionOptions {
  endpoint: string;
  siteKey: string;
  recording: RecordingHandle;
  /** The recorder element (its UI is out of the advisor's reach). */
  host: Element;
  onRefused?(detail: ControlRefusedDetail): void;
  /** This tab joins live help another tab of the visit started (see `visit-live.ts`). */
  follow?: boolean;
  /**
   * The site lets an advisor in control type into ordinary fields (never
   * passwords, one-time codes, payment or `data-cb-mask` fields). Off by default.
   */
  remoteTyping?: boolean;
}

const MAX_CHAT = 200;

export class LiveSession {
  #options: LiveSessionOptions;
  #link: LiveLink;
  #executor: ControlExecutor;
  #state: LiveSessionState = {
    status: 'connecting',
    endCode: null,
    code: null,
    helpPending: false,
    consentRequests: [],
    viewers: [],
    controlRequest: null,
    controllerId: null,
    chat: [],
  };
  #listeners = new Set<() => void>();
  #overlayListeners = new Set<(m: OverlayMessage) => void>();
  #chatSeq = 0;
  #presence: TabPresence;
  /** The room's audio/video call as the customer sees it (invite, media, buttons). */
  readonly call: CallStore;

  constructor(options: LiveSessionOptions) {
    this.#options = options;
    this.#executor = new ControlExecutor(options.recording.privacy, options.host, { remoteTyping: options.remoteTyping === true });
    this.#link = new LiveLink({
      endpoint: options.endpoint,
      siteKey: options.siteKey,
      recording: options.recording,
      onMessage: (m) => this.#onMessage(m),
      onStatus: (status, detail) => this.#onStatus(status, detail?.code),
      follow: options.follow === true,
    });
    this.#presence = new TabPresence((state) => this.#link.send({ type: 'tab_state', ...state }));
    this.call = new CallStore({ role: 'customer', send: (m) => this.#link.send(m) });
  }

  get state(): Readonly<LiveSessionState> {
    return this.#state;
  }

  get sessionId(): string {
    return this.#options.recording.sessionId;
  }

  /** Whether control includes typing into ordinary fields (the prompt says so). */
  get remoteTyping(): boolean {
    return this.#options.remoteTyping === true;
  }

  /** The advisor's display name for a viewer id. */
  nameOf(viewerId: string | null): string | null {
    if (!viewerId) return null;
    return this.#state.viewers.find((v) => v.id === viewerId)?.name ?? null;
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  }

  onOverlay(listener: (m: OverlayMessage) => void): () => void {
    this.#overlayListeners.add(listener);
    return () => void this.#overlayListeners.delete(listener);
  }

  /** Connects (and rejoins the tab's room); `help` also asks for a code. */
  start({ help = false } = {}): void {
    if (help) this.requestHelp();
    this.#link.start();
  }

  requestHelp(): void {
    if (this.#state.code && this.#state.code.expiresAt > Date.now()) return;
    this.#set({ helpPending: true });
    if (this.#link.open) this.#link.send({ type: 'help_request' });
  }

  answerConsent(viewerId: string, accept: boolean): void {
    this.#send({ type: 'consent', viewerId, accept });
    this.#set({ consentRequests: this.#state.consentRequests.filter((v) => v.id !== viewerId) });
  }

  answerControl(viewerId: string, allow: boolean): void {
    this.#send(allow ? { type: 'control_grant', viewerId, typing: this.remoteTyping } : { type: 'control_deny', viewerId });
    this.#set({ controlRequest: null });
  }

  revokeControl(): void {
    this.#send({ type: 'control_revoke' });
    // Refuse commands at once, before the server confirms.
    this.#setController(null);
  }

  sendChat(text: string): boolean {
    const trimmed = text.trim();
    if (!trimmed) return false;
    return this.#send({ type: 'chat', clientId: `c${Date.now().toString(36)}${this.#chatSeq++}`, text: trimmed });
  }

  /** The Stop button: every viewer is closed at once, then the live session ends. */
  stop(): void {
    this.#send({ type: 'stop_viewing' });
    this.#setController(null);
    this.end();
  }

  /** Ends the live session for good (the next page does not rejoin). */
  end(): void {
    this.#link.end();
  }

  /** This page leaves (the tab's session stays active for the next page). */
  dispose(): void {
    this.#presence.stop();
    this.#link.dispose();
    this.call.dispose();
    this.#listeners.clear();
    this.#overlayListeners.clear();
  }

  #send(message: CustomerToServer): boolean {
    const sent = this.#link.send(message);
    if (!sent) log.warn(`live: not connected, ${message.type} not sent`);
    return sent;
  }

  #onStatus(status: LiveLinkStatus, code: number | undefined) {
    // NOTE: the server ends our part of a call when the socket goes; so do we.
    if (status !== 'open') this.call.socketLost();
    if (status === 'open') this.#presence.start();
    if (status === 'ended') {
      this.#presence.stop();
      this.#setController(null);
      if (this.#state.viewers.length > 0) this.#recordViewers([]);
      this.#set({ status, endCode: code ?? null, code: null, helpPending: false, consentRequests: [], viewers: [], controlRequest: null });
      return;
    }
    this.#set({ status });
  }

  #onMessage(m: ServerToCustomer) {
    if (this.call.handle(m)) return;
    switch (m.type) {
      case 'welcome': {
        const code = m.code && m.code.expiresAt > Date.now() ? m.code : null;
        this.#set({ code, viewers: m.viewers, consentRequests: [], controlRequest: null, chat: m.chat.slice(-MAX_CHAT) });
        this.#setController(m.controllerId, false);
        if (this.#state.helpPending && !code) this.#link.send({ type: 'help_request' });
        if (code) this.#set({ helpPending: false });
        return;
      }
      case 'help_code':
        return this.#set({ code: { code: m.code, expiresAt: m.expiresAt }, helpPending: false });
      case 'consent_request':
        if (this.#state.consentRequests.some((v) => v.id === m.viewer.id)) return;
        return this.#set({ consentRequests: [...this.#state.consentRequests, m.viewer] });
      case 'consent_cancelled':
        return this.#set({ consentRequests: this.#state.consentRequests.filter((v) => v.id !== m.viewerId) });
      case 'viewers':
        this.#recordViewers(m.viewers);
        // Someone watches: the code has served its purpose.
        return this.#set({ viewers: m.viewers, ...(m.viewers.length > 0 ? { code: null } : {}) });
      case 'chat':
        this.#options.recording.addCustomEvent(LIVE_CUSTOM_EVENT_TAG.Chat, m.message);
        return this.#set({ chat: [...this.#state.chat, m.message].slice(-MAX_CHAT) });
      case 'control_request':
        return this.#set({ controlRequest: m.viewer });
      case 'tab_in_use':
        return this.#presence.setInUse(m.inUse);
      case 'control_request_closed':
        // Answered in another tab of the visit, or withdrawn.
        return this.#set({ controlRequest: null });
      case 'control_state':
        return this.#setController(m.controllerId);
      case 'control':
        return this.#onControl(m);
      case 'pointer':
      case 'draw':
      case 'draw_clear':
        for (const listener of this.#overlayListeners) listener(m);
        return;
      case 'error':
      case 'ack':
      case 'snapshot_request':
        return;
    }
  }

  #onControl(m: ServerToCustomerMap['control']) {
    if (!this.#state.controllerId || m.viewerId !== this.#state.controllerId) {
      return this.#refused(m, 'not_granted');
    }
    // Node ids (and points) of the page the advisor saw mean nothing on another page.
    if (m.page !== this.#link.pageId) return this.#refused(m, 'page_changed');
    let result: ControlResult;
    try {
      result = this.#executor.execute(m.command);
    } catch (error) {
      log.warn('live: control command failed', error);
      result = { ok: false, reason: 'not_found' };
    }
    if (!result.ok) this.#refused(m, result.reason);
  }

  #refused(m: ServerToCustomerMap['control'], reason: ControlRefusedDetail['reason']) {
    log.warn(`live: refused ${m.command.action} from ${m.viewerId}: ${reason}`);
    // The advisor sees that nothing happened, and why.
    this.#send({ type: 'control_refused', viewerId: m.viewerId, action: m.command.action, reason });
    this.#options.onRefused?.({ viewerId: m.viewerId, action: m.command.action, reason });
  }

  #setController(controllerId: string | null, record = true) {
    if (this.#state.controllerId === controllerId) return;
    this.#set({ controllerId });
    if (record) {
      this.#options.recording.addCustomEvent(LIVE_CUSTOM_EVENT_TAG.Control, { controllerId, name: this.nameOf(controllerId) });
    }
  }

  #recordViewers(viewers: Viewer[]) {
    this.#options.recording.addCustomEvent(LIVE_CUSTOM_EVENT_TAG.Viewers, { viewers });
  }

  #set(patch: Partial<LiveSessionState>) {
    this.#state = { ...this.#state, ...patch };
    for (const listener of this.#listeners) listener();
  }
}
