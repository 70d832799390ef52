/**
 * @module recorder/live/live-link
 * The customer's live socket (no UI): `hello` → `welcome` (resend what the
 * server lacks) → numbered `events` batches of the running recording's
 * events, acked by the server; answers `snapshot_request` with a fresh
 * checkout; reconnects with exponential backoff and jitter. Every other
 * server message goes to `onMessage`.
 *
 * The socket URL carries the session's secret (`sessionToken`: a browser
 * WebSocket cannot set headers), so the link waits for the session start's
 * answer before its first connection.
 *
 * Each link is one page load: it draws a page nonce (`pageId`, sent in
 * `hello`) so the server and the advisor can tell this page's node ids from
 * another page's, and control aimed at another page is refused.
 *
 * NOTE: live taps the recording's emit; it never starts a second rrweb.
 * Ingest stays the durable copy: live batches are for viewers only.
 *
 * @see protocol/live.ts for the flow.
 */
import type { eventWithTime } from '@rrweb/types';
import { EventType } from '@rrweb/types';
import { SESSION_TOKEN_QUERY } from '../../protocol/ingest-constants.ts';
import { LIVE_CUSTOMER_PATH, LIVE_SESSION_ID_QUERY, LiveCloseCode } from '../../protocol/live-constants.ts';
import type { CustomerToServer, ServerToCustomer } from '../../protocol/live.ts';
import { backoffDelay } from '../backoff.ts';
import { log } from '../logger.ts';
import { LiveBatches } from './live-batches.ts';
import { readLiveState, updateLiveState } from './live-store.ts';
import { currentPresence } from './tab-presence.ts';

const RETRY_BASE_MS = 500;
const RETRY_MAX_MS = 15_000;

export type LiveLinkStatus =
  /** Opening the socket (first time, or again after a drop). */
  | 'connecting'
  /** `welcome` received: messages flow. */
  | 'open'
  /** The live session is over (ended here, the room closed, or another page took over). */
  | 'ended';

/** What the link needs from the recording. */
export interface LiveRecordingSource {
  readonly sessionId: string;
  /** The session's secret, once the session start was answered. */
  sessionToken(): Promise<string | undefined>;
  onEvent(listener: (event: eventWithTime) => void): () => void;
  takeFullSnapshot(): void;
}

export interface LiveLinkOptions {
  endpoint: string;
  siteKey: string;
  recording: LiveRecordingSource;
  onMessage(message: ServerToCustomer): void;
  onStatus(status: LiveLinkStatus, detail?: { code: number; reason: string }): void;
  /** This tab joins because its visit has live help (another tab asked): refused when it has none. */
  follow?: boolean;
}

/** Close codes after which reconnecting is pointless. */
const FINAL_CLOSE_CODES: ReadonlySet<number> = new Set([LiveCloseCode.RoomClosed, LiveCloseCode.Replaced, LiveCloseCode.Refused]);

export function liveSocketUrl(endpoint: string, siteKey: string, sessionId: string, sessionToken: string): string {
  const url = new URL(LIVE_CUSTOMER_PATH, endpoint);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.searchParams.set('siteKey', siteKey);
  url.searchParams.set(LIVE_SESSION_ID_QUERY, sessionId);
  url.searchParams.set(SESSION_TOKEN_QUERY, sessionToken);
  return url.href;
}

/** 16 random bytes, hex (`crypto.randomUUID` needs a secure context; sites may be plain http). */
function pageNonce(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

export class LiveLink {
  /** This page load's nonce: control commands aimed at another page are refused. */
  readonly pageId = pageNonce();
  #options: LiveLinkOptions;
  #sessionId: string;
  #batches: LiveBatches;
  #socket: WebSocket | undefined;
  #welcomed = false;
  #attempt = 0;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #untap: (() => void) | undefined;
  /**
   * Joining a visit that is live elsewhere: only until the first `welcome`.
   * After it this page is a member, and a reconnect (say, the room's process
   * restarted and the visit's rows went stale) may open the room anew.
   */
  #follow: boolean;
  /** The live link saw this page's Meta (else viewers need a checkout first). */
  #seenMeta = false;
  #closed = false;

  constructor(options: LiveLinkOptions) {
    this.#options = options;
    this.#sessionId = options.recording.sessionId;
    this.#follow = options.follow === true;
    this.#batches = new LiveBatches({
      takeSeq: () => {
        const { nextSeq } = readLiveState(this.#sessionId);
        updateLiveState(this.#sessionId, { nextSeq: nextSeq + 1 });
        return nextSeq;
      },
      onBatch: (_seq, json) => {
        if (this.#welcomed) this.#socket?.send(json);
      },
      onOverflow: () => {
        this.#seenMeta = false;
        if (this.#welcomed) this.#options.recording.takeFullSnapshot();
      },
    });
  }

  get open(): boolean {
    return this.#welcomed && !this.#closed;
  }

  /** Starts streaming and connecting; marks the tab's live session active. */
  start(): void {
    if (this.#closed || this.#untap) return;
    updateLiveState(this.#sessionId, { active: true });
    this.#untap = this.#options.recording.onEvent((event) => this.#onEvent(event));
    addEventListener('online', this.#onOnline);
    this.#connect();
  }

  /** Sends a message now; false when the socket is not ready (nothing is queued). */
  send(message: CustomerToServer): boolean {
    if (!this.open || this.#socket?.readyState !== WebSocket.OPEN) return false;
    this.#socket.send(JSON.stringify(message));
    return true;
  }

  /** Ends the live session for good: `bye`, close, and the next page does not rejoin. */
  end(): void {
    if (this.#closed) return;
    this.send({ type: 'bye' });
    updateLiveState(this.#sessionId, { active: false });
    this.#shutDown();
    this.#options.onStatus('ended', { code: LiveCloseCode.Normal, reason: 'ended by the customer' });
  }

  /** This page stops taking part (element removed, recording stopped); the tab's live session stays active. */
  dispose(): void {
    if (this.#closed) return;
    this.#shutDown();
  }

  #shutDown() {
    this.#closed = true;
    this.#welcomed = false;
    clearTimeout(this.#retryTimer);
    this.#untap?.();
    removeEventListener('online', this.#onOnline);
    this.#batches.clear();
    const socket = this.#socket;
    this.#socket = undefined;
    if (socket && socket.readyState <= WebSocket.OPEN) socket.close(LiveCloseCode.Normal);
  }

  #onEvent(event: eventWithTime) {
    if (event.type === EventType.Meta) this.#seenMeta = true;
    // Events before this page's snapshot cannot be replayed by a viewer.
    if (this.#seenMeta) this.#batches.add(event);
  }

  #connect() {
    if (this.#closed) return;
    this.#options.onStatus('connecting');
    void this.#options.recording.sessionToken().then((token) => {
      if (this.#closed || this.#socket) return;
      if (token) this.#open(token);
      else this.#retry();
    });
  }

  #open(token: string) {
    const { endpoint, siteKey } = this.#options;
    let socket: WebSocket;
    try {
      socket = new WebSocket(liveSocketUrl(endpoint, siteKey, this.#sessionId, token));
    } catch (error) {
      log.warn('live: could not open the socket', error);
      return this.#retry();
    }
    this.#socket = socket;
    socket.onopen = () => {
      const { lastAckedSeq } = readLiveState(this.#sessionId);
      const hello: CustomerToServer = {
        type: 'hello',
        lastAckedSeq,
        url: location.href.slice(0, 4096),
        page: this.pageId,
        ...currentPresence(),
        follow: this.#follow,
      };
      socket.send(JSON.stringify(hello));
    };
    socket.onmessage = (event) => {
      if (this.#socket !== socket || typeof event.data !== 'string') return;
      let message: ServerToCustomer;
      try {
        message = JSON.parse(event.data) as ServerToCustomer;
      } catch {
        return;
      }
      this.#onMessage(message);
    };
    socket.onclose = (event) => {
      if (this.#socket !== socket) return;
      this.#socket = undefined;
      this.#welcomed = false;
      if (this.#closed) return;
      if (FINAL_CLOSE_CODES.has(event.code)) {
        // The room is gone (or this tab's newer page owns it): nothing to rejoin.
        if (event.code !== LiveCloseCode.Replaced) updateLiveState(this.#sessionId, { active: false });
        this.#shutDown();
        this.#options.onStatus('ended', { code: event.code, reason: event.reason });
        return;
      }
      this.#retry();
    };
  }

  #onMessage(message: ServerToCustomer) {
    switch (message.type) {
      case 'welcome': {
        this.#welcomed = true;
        this.#follow = false;
        this.#attempt = 0;
        this.#batches.cut();
        for (const json of this.#batches.after(message.lastSeq)) this.#socket?.send(json);
        if (!this.#seenMeta) this.#options.recording.takeFullSnapshot();
        this.#options.onStatus('open');
        break;
      }
      case 'ack':
        this.#batches.ack(message.seq);
        updateLiveState(this.#sessionId, { lastAckedSeq: message.seq });
        return;
      case 'snapshot_request':
        this.#seenMeta = false;
        this.#batches.cut();
        this.#options.recording.takeFullSnapshot();
        return;
      case 'error':
        log.warn(`live: ${message.code}: ${message.message}`);
        break;
    }
    this.#options.onMessage(message);
  }

  #retry() {
    if (this.#closed) return;
    this.#options.onStatus('connecting');
    const delay = backoffDelay(this.#attempt++, RETRY_BASE_MS, RETRY_MAX_MS);
    clearTimeout(this.#retryTimer);
    this.#retryTimer = setTimeout(() => this.#connect(), delay);
  }

  #onOnline = () => {
    if (this.#closed || this.#socket) return;
    clearTimeout(this.#retryTimer);
    this.#connect();
  };
}
