/**
 * @module client/live/live-connection
 * The advisor's end of a live co-browsing socket (see protocol/live.ts),
 * with no DOM: it connects, sends `join` (by code or session id), keeps the
 * room's state (viewer id, viewers, controller, chat, customer presence, the
 * last batch seq) and hands every server message out as a typed event.
 *
 * When the socket drops without `ended` it reconnects with exponential
 * backoff and jitter and sends `join` with `resume: { viewerId, lastSeq }`;
 * the server then sends only the batches after `lastSeq`, or a fresh `sync`.
 *
 * Tabs: the customer's visit may have several tabs; `tabs` says which there
 * are, which one the customer uses and which one this viewer watches
 * (following the customer, or picked with `watchTab`). `sync` and `events`
 * name the tab and page they belong to; a batch of another page starts a
 * new seq series.
 *
 * State: 'idle' → 'connecting' → ('waiting' →) 'live' ⇄ 'reconnecting';
 * terminal: 'ended' (with a reason) and 'error' (with a message).
 *
 * @example
 * const live = new LiveConnection({ url: location.origin, token, target: { code: '123456' }, name: 'Alice' });
 * live.on('sync', (batches) => rebuild(batches));
 * live.on('events', (batch) => append(batch.events));
 * live.connect();
 */
import type {
  AdvisorMessage,
  AdvisorToServer,
  ChatMessage,
  ControlCommand,
  LiveBatch,
  LiveErrorMessage,
  PageId,
  ServerToAdvisor,
  TabId,
  TabInfo,
  ToAdvisor,
  Viewer,
  ViewerId,
} from '../../protocol/live.ts';
import {
  LIVE_ADVISOR_PATH,
  LIVE_ORG_QUERY,
  LIVE_BEARER_PROTOCOL_PREFIX,
  LIVE_SUBPROTOCOL,
  LiveCloseCode,
  LiveErrorCode,
} from '../../protocol/live-constants.ts';
import { TypedEmitter } from '../lib/typed-emitter.ts';

export type LiveTarget = { code: string } | { sessionId: string };
export type LiveConnectionState = 'idle' | 'connecting' | 'waiting' | 'live' | 'reconnecting' | 'ended' | 'error';
export type LiveEndReason = ToAdvisor<'ended'>['reason'];

export interface BackoffOptions {
  /** First retry delay, ms. */
  baseMs: number;
  /** Largest delay, ms. */
  maxMs: number;
  /** Give up (state 'error') after this many failed attempts in a row. */
  maxAttempts: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 500, maxMs: 15_000, maxAttempts: 12 };

/**
 * Delay before reconnect attempt `attempt` (0-based): exponential, capped,
 * with "equal jitter" (half fixed, half random) so a server restart is not
 * met by every advisor at the same instant.
 */
export function backoffDelay(attempt: number, options: Pick<BackoffOptions, 'baseMs' | 'maxMs'>, random = Math.random): number {
  const exp = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, attempt));
  return Math.round(exp / 2 + (random() * exp) / 2);
}

/** The minimum a socket must offer (the browser's WebSocket, or Node's global one). */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number; reason: string }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}
export type SocketFactory = (url: string, protocols: string[]) => SocketLike;

export interface LiveConnectionOptions {
  /** Server origin (http(s):// or ws(s)://); the advisor path is appended. */
  url: string;
  /** The advisor's bearer token (read at every (re)connect). */
  token: string | (() => string | null);
  /** The organisation the advisor acts in (the app's switcher); none: their first membership. */
  orgId?: string | null;
  target: LiveTarget;
  /** Display name for the customer (default: the account's name). */
  name?: string;
  backoff?: Partial<BackoffOptions>;
  /**
   * A viewer id this advisor had in this session before (e.g. before a page
   * reload): the first join resumes it without a new consent when the server
   * still holds it (with `sessionId` targets only), else it is a plain join.
   */
  resumeViewerId?: string;
  /** For tests: how sockets are made, and randomness for jitter. */
  socket?: SocketFactory;
  random?: () => number;
}

/** Every event a {@link LiveConnection} emits. */
export type LiveConnectionEvents = {
  /** Any state change. */
  state: [state: LiveConnectionState, previous: LiveConnectionState];
  /** Joined; the customer is being asked. */
  waiting: [];
  /**
   * Admitted (or resumed). `resumed` is true when this is a reconnect of the same viewer.
   * @remarks Always followed by `sync` or by the missed `events` (or, with no snapshot yet, a later `sync`).
   */
  welcome: [welcome: ToAdvisor<'welcome'>, resumed: boolean];
  /** Replace the page: a full snapshot and every batch after it, of this tab and page. */
  sync: [batches: LiveBatch[], aim: { tab: TabId; page: PageId }];
  /** The next batch, in seq order (duplicates are dropped), and the tab and page it belongs to. */
  events: [batch: LiveBatch, aim: { tab: TabId; page: PageId }];
  /** The visit's tabs changed, or the one watched did (`switched` says why). */
  tabs: [tabs: ToAdvisor<'tabs'>];
  /** The customer's socket went away (reload, navigation) or came back. */
  customer_status: [connected: boolean];
  viewers: [viewers: Viewer[]];
  /** A new chat message (own messages included, as echoed by the server). */
  chat: [message: ChatMessage];
  control_state: [controllerId: ViewerId | null];
  control_denied: [];
  /** The customer's page refused one of our commands (nothing happened there). */
  control_refused: [refusal: Omit<ToAdvisor<'control_refused'>, 'type'>];
  /** Viewing is over (the socket closes right after); no reconnect. */
  ended: [reason: LiveEndReason];
  /** An `error` message from the server (the socket usually stays open). */
  error: [error: LiveErrorMessage];
  /** The socket dropped; the next attempt is in `delayMs`. */
  reconnecting: [info: { attempt: number; delayMs: number; code: number }];
  /** A call message (`call_*`, see protocol/live-call.ts); the call store handles them. */
  call: [message: Extract<ServerToAdvisor, { type: `call_${string}` }>];
};

/** Close codes after which reconnecting cannot help. */
const TERMINAL_CLOSE = new Set<number>([
  LiveCloseCode.StoppedByCustomer,
  LiveCloseCode.Declined,
  LiveCloseCode.RoomClosed,
  LiveCloseCode.Replaced,
  LiveCloseCode.Refused,
  LiveCloseCode.SignedOut,
  LiveCloseCode.PolicyViolation,
  LiveCloseCode.TooBig,
  // An admin deactivated the advisor or took live help or the site away: retrying meets the same refusal.
  LiveCloseCode.AccessRevoked,
]);

/**
 * Join errors that are final (a wrong code will not get right by retrying;
 * too many wrong codes: retrying before `retryAfterMs` only meets the same refusal).
 */
const FATAL_JOIN_ERRORS = new Set<string>([
  LiveErrorCode.UnknownCode,
  LiveErrorCode.UnknownSession,
  LiveErrorCode.BadMessage,
  LiveErrorCode.RateLimited,
]);

const OPEN = 1;

let clientIds = 0;
const newClientId = () => `a${Date.now().toString(36)}${(clientIds++).toString(36)}${Math.random().toString(36).slice(2, 6)}`;

export class LiveConnection extends TypedEmitter<LiveConnectionEvents> {
  #options: LiveConnectionOptions;
  #backoff: BackoffOptions;
  #socket: SocketLike | null = null;
  #state: LiveConnectionState = 'idle';
  #attempt = 0;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #joined = false;
  #opened = false;

  /** Set by `welcome`; kept across reconnects for `resume`. */
  viewerId: ViewerId | null = null;
  sessionId: string | null = null;
  /** The last batch seq applied (from `sync` or `events`), of {@link page}. */
  lastSeq: number | null = null;
  /** The tab and page load the last batch came from. */
  tab: TabId | null = null;
  page: PageId | null = null;
  /** The customer's tabs (one unless they opened more). */
  tabs: TabInfo[] = [];
  /** The tab this viewer watches, and whether it follows the customer's tab. */
  watching: TabId | null = null;
  following = true;
  viewers: Viewer[] = [];
  controllerId: ViewerId | null = null;
  /** Whether the controller may type into the page's ordinary fields (the site allows it). */
  controlTyping = false;
  customerConnected = false;
  chat: ChatMessage[] = [];
  endReason: LiveEndReason | null = null;
  errorMessage = '';
  /** With a `rate_limited` refusal: when (epoch ms) joining by code works again. */
  retryAt: number | null = null;

  constructor(options: LiveConnectionOptions) {
    super();
    this.#options = options;
    this.#backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
    if ('sessionId' in options.target) {
      this.sessionId = options.target.sessionId;
      if (options.resumeViewerId) this.viewerId = options.resumeViewerId;
    }
  }

  get state(): LiveConnectionState {
    return this.#state;
  }

  /** This advisor holds control of the customer's page. */
  get inControl(): boolean {
    return this.viewerId !== null && this.controllerId === this.viewerId;
  }

  /** Opens the socket (once; reconnects happen by themselves). */
  connect(): void {
    if (this.#state !== 'idle') return;
    this.#open();
  }

  /** Leaves for good: sends `leave`, closes, stops reconnecting. */
  close(): void {
    clearTimeout(this.#retryTimer);
    const s = this.#socket;
    if (s && s.readyState === OPEN && this.#joined) this.#send({ type: 'leave' });
    this.#detach();
    s?.close(LiveCloseCode.Normal, 'left');
    if (this.#state !== 'ended' && this.#state !== 'error') {
      this.endReason = 'left';
      this.#setState('ended');
    }
  }

  // ───────── advisor → server ─────────

  /** Sends the pointer (customer viewport CSS px). */
  pointer(x: number, y: number, visible = true): boolean {
    return this.#sendLive({ type: 'pointer', x, y, visible });
  }

  draw(stroke: Omit<AdvisorMessage<'draw'>, 'type'>): boolean {
    return this.#sendLive({ type: 'draw', ...stroke });
  }

  drawClear(): boolean {
    return this.#sendLive({ type: 'draw_clear' });
  }

  /** Sends a chat message; returns its client id (matched by the server's echo). */
  sendChat(text: string): string | null {
    const clientId = newClientId();
    return this.#sendLive({ type: 'chat', clientId, text }) ? clientId : null;
  }

  requestControl(): boolean {
    return this.#sendLive({ type: 'control_request' });
  }

  releaseControl(): boolean {
    return this.#sendLive({ type: 'control_release' });
  }

  /** A control command, aimed at the tab and page the advisor saw (refused by the customer's side if that page is gone). */
  control(command: ControlCommand, aim: { tab: TabId; page: PageId }): boolean {
    if (!this.inControl) return false;
    return this.#sendLive({ type: 'control', command, tab: aim.tab, page: aim.page });
  }

  /** Watches this tab of the customer's; null: follow the tab the customer uses. */
  watchTab(tab: TabId | null): boolean {
    return this.#sendLive({ type: 'watch_tab', tab });
  }

  /** Sends a call request (while live). */
  sendCall(message: AdvisorMessage<'call_request'>): boolean {
    return this.#sendLive(message);
  }

  /** Asks for a fresh `sync` (the local page broke). */
  resync(): boolean {
    return this.#sendLive({ type: 'resync_request' });
  }

  // ───────── private ─────────

  #sendLive(m: AdvisorToServer): boolean {
    if (this.#state !== 'live') return false;
    return this.#send(m);
  }

  #send(m: AdvisorToServer): boolean {
    const s = this.#socket;
    if (!s || s.readyState !== OPEN) return false;
    s.send(JSON.stringify(m));
    return true;
  }

  #setState(next: LiveConnectionState): void {
    const previous = this.#state;
    if (previous === next) return;
    this.#state = next;
    this.emit('state', next, previous);
  }

  #url(): string {
    const base = this.#options.url.replace(/\/+$/, '').replace(/^http/, 'ws') + LIVE_ADVISOR_PATH;
    const org = this.#options.orgId;
    return org ? `${base}?${LIVE_ORG_QUERY}=${encodeURIComponent(org)}` : base;
  }

  #open(): void {
    const t = this.#options.token;
    const token = typeof t === 'function' ? t() : t;
    if (!token) return this.#fail('You are signed out.');
    this.#setState(this.#opened ? 'reconnecting' : 'connecting');
    this.#opened = true;
    const make: SocketFactory = this.#options.socket ?? ((url, protocols) => new WebSocket(url, protocols) as unknown as SocketLike);
    let socket: SocketLike;
    try {
      socket = make(this.#url(), [LIVE_SUBPROTOCOL, LIVE_BEARER_PROTOCOL_PREFIX + token]);
    } catch (err) {
      return this.#fail(err instanceof Error ? err.message : String(err));
    }
    this.#socket = socket;
    this.#joined = false;
    socket.onopen = () => this.#join();
    socket.onmessage = (ev) => {
      if (typeof ev.data !== 'string') return;
      let m: ServerToAdvisor;
      try {
        m = JSON.parse(ev.data) as ServerToAdvisor;
      } catch {
        return;
      }
      this.#onMessage(m);
    };
    socket.onclose = (ev) => this.#onClose(socket, ev.code, ev.reason);
    socket.onerror = () => {
      // A close event always follows; reconnecting happens there.
    };
  }

  #join(): void {
    const { target, name } = this.#options;
    const join: AdvisorMessage<'join'> = { type: 'join' };
    if (this.viewerId && this.sessionId) {
      join.sessionId = this.sessionId;
      join.resume = {
        viewerId: this.viewerId,
        lastSeq: this.lastSeq,
        ...(this.tab && this.page ? { tab: this.tab, page: this.page } : {}),
      };
    } else if (this.sessionId) {
      join.sessionId = this.sessionId;
    } else if ('code' in target) {
      join.code = target.code;
    } else {
      join.sessionId = target.sessionId;
    }
    if (name) join.name = name;
    this.#joined = this.#send(join);
  }

  #onMessage(m: ServerToAdvisor): void {
    if (m.type.startsWith('call_')) return this.emit('call', m as Extract<ServerToAdvisor, { type: `call_${string}` }>);
    switch (m.type) {
      case 'waiting':
        this.#attempt = 0;
        // A resume the server no longer knows starts over: a new viewer, asked again.
        this.viewerId = null;
        this.lastSeq = null;
        this.#setState('waiting');
        return this.emit('waiting');
      case 'welcome': {
        this.#attempt = 0;
        const resumed = this.viewerId === m.viewerId;
        if (!resumed) this.lastSeq = null;
        this.viewerId = m.viewerId;
        this.sessionId = m.sessionId;
        this.viewers = m.viewers;
        this.controllerId = m.controllerId;
        this.controlTyping = m.controlTyping;
        this.customerConnected = m.customerConnected;
        this.chat = mergeChat(resumed ? this.chat : [], m.chat);
        this.#setState('live');
        return this.emit('welcome', m, resumed);
      }
      case 'sync': {
        const last = m.batches.at(-1);
        if (last) this.lastSeq = last.seq;
        this.tab = m.tab;
        this.page = m.page;
        return this.emit('sync', m.batches, { tab: m.tab, page: m.page });
      }
      case 'events': {
        // Another page (or tab) starts its own seq series.
        const samePage = m.tab === this.tab && m.page === this.page;
        if (samePage && this.lastSeq !== null && m.seq <= this.lastSeq) return;
        const gap = samePage && this.lastSeq !== null && m.seq > this.lastSeq + 1;
        this.lastSeq = m.seq;
        this.tab = m.tab;
        this.page = m.page;
        this.emit('events', { seq: m.seq, events: m.events }, { tab: m.tab, page: m.page });
        // NOTE: a hole means the page may be wrong: ask for the page as it is now.
        if (gap) this.resync();
        return;
      }
      case 'customer_status':
        this.customerConnected = m.connected;
        return this.emit('customer_status', m.connected);
      case 'tabs':
        this.tabs = m.tabs;
        this.watching = m.watching;
        this.following = m.following;
        // Rejoin (after a drop) by a tab that is still there.
        if (m.watching) this.sessionId = m.watching;
        return this.emit('tabs', m);
      case 'viewers':
        this.viewers = m.viewers;
        return this.emit('viewers', m.viewers);
      case 'chat':
        if (this.chat.some((c) => c.id === m.message.id)) return;
        this.chat = [...this.chat, m.message];
        return this.emit('chat', m.message);
      case 'control_state':
        this.controllerId = m.controllerId;
        this.controlTyping = m.typing;
        return this.emit('control_state', m.controllerId);
      case 'control_denied':
        return this.emit('control_denied');
      case 'control_refused':
        return this.emit('control_refused', { action: m.action, reason: m.reason });
      case 'ended':
        this.endReason = m.reason;
        this.#detach();
        this.#setState('ended');
        return this.emit('ended', m.reason);
      case 'error':
        this.emit('error', m);
        if (m.ref === 'join' && !this.#joinedOnce() && FATAL_JOIN_ERRORS.has(m.code)) {
          if (m.code === LiveErrorCode.RateLimited && m.retryAfterMs !== undefined) this.retryAt = Date.now() + m.retryAfterMs;
          this.#fail(joinErrorText(m));
        }
        return;
    }
  }

  #joinedOnce(): boolean {
    return this.viewerId !== null;
  }

  #onClose(socket: SocketLike, code: number, reason: string): void {
    if (socket !== this.#socket) return;
    this.#socket = null;
    if (this.#state === 'ended' || this.#state === 'error') return;
    if (TERMINAL_CLOSE.has(code)) {
      if (code === LiveCloseCode.Declined) this.endReason = 'declined';
      else if (code === LiveCloseCode.StoppedByCustomer) this.endReason = 'stopped_by_customer';
      else if (code === LiveCloseCode.RoomClosed) this.endReason = 'room_closed';
      else if (code === LiveCloseCode.Replaced) this.endReason = 'replaced';
      else return this.#fail(reason || `The connection was refused (${code}).`);
      this.#setState('ended');
      this.emit('ended', this.endReason);
      return;
    }
    if (this.#attempt >= this.#backoff.maxAttempts) {
      return this.#fail('The live session could not be reached.');
    }
    const delayMs = backoffDelay(this.#attempt, this.#backoff, this.#options.random);
    this.#attempt++;
    this.#setState('reconnecting');
    this.emit('reconnecting', { attempt: this.#attempt, delayMs, code });
    this.#retryTimer = setTimeout(() => this.#open(), delayMs);
  }

  #fail(message: string): void {
    clearTimeout(this.#retryTimer);
    this.errorMessage = message;
    const s = this.#socket;
    this.#detach();
    s?.close(LiveCloseCode.Normal, 'error');
    this.#setState('error');
  }

  /** Forgets the current socket (its late events are ignored). */
  #detach(): void {
    const s = this.#socket;
    this.#socket = null;
    if (s) {
      s.onmessage = null;
      s.onopen = null;
    }
  }
}

function mergeChat(mine: ChatMessage[], theirs: ChatMessage[]): ChatMessage[] {
  const byId = new Map<string, ChatMessage>();
  for (const m of [...mine, ...theirs]) byId.set(m.id, m);
  return [...byId.values()].sort((a, b) => a.ts - b.ts);
}

function joinErrorText(m: LiveErrorMessage): string {
  switch (m.code) {
    case LiveErrorCode.UnknownCode:
      return 'No live session has this code (or it expired). Ask the customer for a new one.';
    case LiveErrorCode.UnknownSession:
      return 'This live session is not running any more.';
    case LiveErrorCode.RateLimited:
      return `Too many wrong codes. Try again ${waitText(m.retryAfterMs)}.`;
    default:
      return m.message;
  }
}

/** `in 40 seconds`, `in 4 minutes (at 14:05)`; `later` when the server did not say. */
export function waitText(ms: number | undefined, now = Date.now()): string {
  if (ms === undefined) return 'later';
  if (ms < 60_000) return `in ${Math.max(1, Math.ceil(ms / 1000))} seconds`;
  const minutes = Math.ceil(ms / 60_000);
  const at = new Date(now + ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  return `in ${minutes} minute${minutes === 1 ? '' : 's'} (at ${at})`;
}
