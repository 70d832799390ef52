/**
 * @module client/components/live-view
 * `<cobrowse-live-view>`: watches a customer's page live. It owns a
 * {@link LiveConnection} (join by code or session id, reconnect + resume),
 * a {@link LiveReplay} (rrweb's Replayer in live mode, rebuilt on every
 * `sync`) and a {@link LiveInput} (pointer, drawing, remote control).
 *
 * Public API (for the app and tests):
 * - properties in: `serverUrl` (`server-url`, '' = this origin), `token`,
 *   `code` / `sessionId` (`session-id`): which session, `advisorName` (`advisor-name`),
 *   `latencyMs` (`latency-ms`, the replay's buffer, default {@link LIVE_BUFFER_MS})
 * - read-only: `state` ('connecting' | 'waiting' | 'live' | 'away' | 'reconnecting'
 *   | 'declined' | 'ended' | 'error'), mirrored in `data-state`; `control`
 *   ('none' | 'pending' | 'granted' | 'other'), mirrored in `data-control`;
 *   `replayIframe`, `connection`, `replay`, `input`, `call` (the call store: audio/video with the customer)
 * - methods: `leave()`, `requestControl()`, `releaseControl()`
 * - tools: Point (pointer shown to the customer) and Draw (press-drag strokes);
 *   with control granted, clicks, wheel and typing on the replay act on the customer's page;
 *   a command the page refuses (`data-cb-no-control`, a masked field…) shows why for a few seconds.
 * - tabs: when the customer has several tabs of the visit open, a tab strip shows them
 *   (the one in use marked); the view follows the customer's tab (a note says when they
 *   switch) until the advisor picks one, and "Follow the customer" goes back to following.
 *
 * @event cobrowse-live-joined - The customer let the advisor in; detail `{ sessionId, viewerId }`.
 * @event cobrowse-back - The advisor asked to go back to the live list.
 * @event cobrowse-join-failed - Joining by code failed before reaching the customer; detail `{ code, message }`.
 */
import { html, LitElement, nothing, svg, type PropertyValues } from 'lit';
import type { eventWithTime } from '@rrweb/types';
import type { ChatMessage, TabInfo, ToAdvisor, Viewer } from '../../../protocol/live.ts';
import { emit, type CobrowseChatSendEvent } from '../../events/index.ts';
import { LiveConnection, type LiveConnectionState, type LiveEndReason } from '../../live/live-connection.ts';
import { LiveInput } from '../../live/live-input.ts';
import { REFUSAL_SHOW_MS, refusalText } from '../../live/control-refusal.ts';
import { LiveReplay } from '../../live/live-replay.ts';
import { CallStore } from '../../../recorder/call/call-store.ts';
import '../../call/call-panel.ts';
import { controls, tokens } from '../../styles/shared.styles.ts';
import type { PendingChat } from '../live-chat/live-chat.component.ts';
import '../live-chat/live-chat.ts';
import styles, { rrwebStyles } from './live-view.styles.ts';

export type LiveViewState = 'connecting' | 'waiting' | 'live' | 'away' | 'reconnecting' | 'declined' | 'ended' | 'error';
export type LiveControlState = 'none' | 'pending' | 'granted' | 'other';
export type LiveTool = 'point' | 'draw';

/**
 * The replay's default buffer, ms. A batch's events (pointer positions above
 * all) keep their pacing when they arrive within it; at 10 ms a change on the
 * customer's page shows here in about 15 ms on loopback (goal: 30 ms, see
 * bench/live-latency.ts), where rrweb's suggested second would be felt.
 */
export const LIVE_BUFFER_MS = 10;

/** How long "The customer switched to tab 2" stays, ms. */
export const SWITCH_NOTE_MS = 6_000;

/** A URL's path (and query), for naming a tab; '' when there is none. */
function pathOf(url: string | null): string {
  if (!url) return '';
  try {
    const u = new URL(url);
    return u.pathname + u.search;
  } catch {
    return '';
  }
}

/** sessionStorage key prefix: this tab's viewer id per live session. */
const VIEWER_KEY = 'cobrowse.live.viewer.';

const END_TEXT: Record<LiveEndReason, string> = {
  declined: 'The customer declined.',
  stopped_by_customer: 'The customer stopped sharing their screen.',
  customer_left: 'The customer left (closed the page).',
  room_closed: 'The live session ended.',
  replaced: 'You opened this live session somewhere else.',
  too_slow: 'The connection was too slow to keep up.',
  left: 'You left the live session.',
};

export default class CobrowseLiveView extends LitElement {
  static override styles = [tokens, controls, rrwebStyles, styles];
  static override properties = {
    serverUrl: { type: String, attribute: 'server-url' },
    token: { attribute: false },
    orgId: { attribute: false },
    code: { type: String },
    sessionId: { type: String, attribute: 'session-id' },
    advisorName: { type: String, attribute: 'advisor-name' },
    latencyMs: { type: Number, attribute: 'latency-ms' },
    connState: { state: true },
    customerConnected: { state: true },
    synced: { state: true },
    viewers: { state: true },
    chat: { state: true },
    pendingChat: { state: true },
    control: { state: true },
    controlNotice: { state: true },
    refusal: { state: true },
    tool: { state: true },
    scale: { state: true },
    notice: { state: true },
    tabs: { state: true },
    watching: { state: true },
    following: { state: true },
    switchNote: { state: true },
  };

  declare serverUrl: string;
  declare token: string | null;
  /** The organisation the advisor acts in (sent with the socket); empty: their first. */
  declare orgId: string;
  declare code: string;
  declare sessionId: string;
  declare advisorName: string;
  /** The replay's buffer behind the customer's clock, ms. */
  declare latencyMs: number;
  declare connState: LiveConnectionState;
  declare customerConnected: boolean;
  /** A page was built from a `sync` (or a snapshot). */
  declare synced: boolean;
  declare viewers: Viewer[];
  declare chat: ChatMessage[];
  declare pendingChat: PendingChat[];
  declare control: LiveControlState;
  declare controlNotice: string;
  /** The customer's page refused our last command: shown for {@link REFUSAL_SHOW_MS}. */
  declare refusal: string;
  declare tool: LiveTool;
  declare scale: number;
  declare notice: string;
  /** The customer's tabs, the one watched, and whether the view follows the customer. */
  declare tabs: TabInfo[];
  declare watching: string | null;
  declare following: boolean;
  /** "The customer switched to tab 2 …", shown for {@link SWITCH_NOTE_MS}. */
  declare switchNote: string;

  #connection: LiveConnection | null = null;
  #call: CallStore | null = null;
  #offs: (() => void)[] = [];
  #joinedOnce = false;
  readonly #replay = new LiveReplay({
    mount: () => this.renderRoot.querySelector<HTMLElement>('.live__mount'),
    latencyMs: LIVE_BUFFER_MS,
    onViewport: () => this.#fit(),
  });
  readonly #input = new LiveInput(() => this.#connection, this.#replay);
  #resize: ResizeObserver | null = null;
  #stageSize = { width: 0, height: 0 };
  #drawing = false;
  #refusalTimer: ReturnType<typeof setTimeout> | undefined;
  #switchTimer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    super();
    this.serverUrl = '';
    this.token = null;
    this.orgId = '';
    this.code = '';
    this.sessionId = '';
    this.advisorName = '';
    this.latencyMs = LIVE_BUFFER_MS;
    this.connState = 'idle';
    this.customerConnected = false;
    this.synced = false;
    this.viewers = [];
    this.chat = [];
    this.pendingChat = [];
    this.control = 'none';
    this.controlNotice = '';
    this.refusal = '';
    this.tool = 'point';
    this.scale = 1;
    this.notice = '';
    this.tabs = [];
    this.watching = null;
    this.following = true;
    this.switchNote = '';
    this.#input.onStrokes = () => this.requestUpdate();
  }

  get state(): LiveViewState {
    const s = this.connState;
    if (s === 'idle' || s === 'connecting') return 'connecting';
    if (s === 'waiting') return 'waiting';
    if (s === 'reconnecting') return 'reconnecting';
    if (s === 'error') return 'error';
    if (s === 'ended') return this.#connection?.endReason === 'declined' ? 'declined' : 'ended';
    return this.customerConnected ? 'live' : 'away';
  }

  /** rrweb's replay iframe, once a page was built. */
  get replayIframe(): HTMLIFrameElement | null {
    return this.#replay.iframe;
  }

  get connection(): LiveConnection | null {
    return this.#connection;
  }

  /** The call in this live session (start, join, media), while connected. */
  get call(): CallStore | null {
    return this.#call;
  }

  get replay(): LiveReplay {
    return this.#replay;
  }

  get input(): LiveInput {
    return this.#input;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.dataset.state = this.state;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#resize?.disconnect();
    this.#resize = null;
    this.#teardown();
  }

  override firstUpdated(): void {
    const stage = this.renderRoot.querySelector<HTMLElement>('.live__stage')!;
    this.#resize = new ResizeObserver(([entry]) => {
      if (!entry) return;
      this.#stageSize = { width: entry.contentRect.width, height: entry.contentRect.height };
      this.#fit();
    });
    this.#resize.observe(stage);
  }

  override updated(changed: PropertyValues<this>): void {
    if ((changed.has('code') || changed.has('sessionId') || changed.has('token')) && this.token && (this.code || this.sessionId)) {
      const target = this.code ? { code: this.code } : { sessionId: this.sessionId };
      const live = this.#connection;
      // Any tab of the visit being watched is the same live session (the connection follows the customer's tab).
      const same = live && !this.code && (live.sessionId === this.sessionId || live.tabs.some((t) => t.tabId === this.sessionId));
      if (!same) this.#open(target);
    }
    if (changed.has('latencyMs')) this.#replay.latencyMs = this.latencyMs;
    if (this.dataset.state !== this.state) this.dataset.state = this.state;
    if (this.dataset.control !== this.control) this.dataset.control = this.control;
  }

  /** Leaves the live session (the customer sees the viewer go). */
  leave(): void {
    this.#connection?.close();
  }

  requestControl(): void {
    if (this.#connection?.requestControl()) {
      this.control = 'pending';
      this.controlNotice = '';
    }
  }

  /** Watches one of the customer's tabs; null: follow the tab the customer uses. */
  watchTab(tabId: string | null): void {
    this.#connection?.watchTab(tabId);
  }

  releaseControl(): void {
    this.#connection?.releaseControl();
    this.control = 'none';
    this.controlNotice = 'You released control.';
  }

  // ───────── connection ─────────

  #open(target: { code: string } | { sessionId: string }): void {
    this.#teardown();
    this.#joinedOnce = false;
    this.synced = false;
    this.chat = [];
    this.pendingChat = [];
    this.viewers = [];
    this.control = 'none';
    this.controlNotice = '';
    this.notice = '';
    this.tabs = [];
    this.watching = null;
    this.following = true;
    this.switchNote = '';
    const remembered = 'sessionId' in target ? sessionStorage.getItem(VIEWER_KEY + target.sessionId) : null;
    const live = new LiveConnection({
      url: this.serverUrl || location.origin,
      token: () => this.token,
      orgId: this.orgId || null,
      target,
      ...(this.advisorName ? { name: this.advisorName } : {}),
      ...(remembered ? { resumeViewerId: remembered } : {}),
    });
    this.#connection = live;
    const call = new CallStore({ role: 'advisor', send: (m) => live.sendCall(m) });
    this.#call = call;
    this.#offs = [
      live.on('call', (m) => call.handle(m)),
      // NOTE: the server ends our part of a call when the socket goes; so do we.
      live.on('state', (s) => s !== 'live' && call.socketLost()),
      live.on('state', (s) => {
        if (s === 'ended' && live.sessionId) sessionStorage.removeItem(VIEWER_KEY + live.sessionId);
        this.connState = s;
        if (s === 'reconnecting') this.notice = 'Connection lost. Reconnecting…';
        else if (s === 'live') this.notice = '';
        if (s === 'error' && 'code' in target && !this.#joinedOnce) {
          // A wrong or expired code: back to the code form, which says so (not a whole live screen).
          emit(this, 'cobrowse-join-failed', { code: target.code, message: live.errorMessage || 'Could not join with this code.' });
        }
        if (s === 'ended' || s === 'error') {
          // Nothing of the session stays on screen as if it went on: nobody is watching, nobody is in control.
          this.control = 'none';
          this.controlNotice = '';
          this.viewers = [];
          this.customerConnected = false;
          this.#input.drawEnd();
        }
      }),
      live.on('welcome', (w) => {
        this.customerConnected = w.customerConnected;
        this.viewers = w.viewers;
        this.chat = live.chat;
        this.#applyController(w.controllerId);
        // NOTE: a reload of this tab resumes this viewer (no second consent) while the server keeps it.
        sessionStorage.setItem(VIEWER_KEY + w.sessionId, w.viewerId);
        if ('sessionId' in target) sessionStorage.setItem(VIEWER_KEY + target.sessionId, w.viewerId);
        if (!this.#joinedOnce) {
          this.#joinedOnce = true;
          emit(this, 'cobrowse-live-joined', { sessionId: w.sessionId, viewerId: w.viewerId });
        }
      }),
      live.on('tabs', (m) => this.#onTabs(m)),
      live.on('sync', (batches, aim) => {
        this.#replay.rebuild(
          batches.flatMap((b) => b.events as eventWithTime[]),
          aim,
        );
        this.synced = this.#replay.replayer !== null;
        this.#afterBuild();
      }),
      live.on('events', (batch, aim) => {
        try {
          const had = this.#replay.replayer;
          // Another page's batch without its snapshot cannot be shown: ask for the page as it is.
          if (!this.#replay.append(batch.events, aim)) return void live.resync();
          if (this.#replay.replayer !== had) this.#afterBuild();
          if (!this.synced && this.#replay.replayer) this.synced = true;
        } catch (err) {
          console.warn('cobrowse: live replay failed, asking for a resync', err);
          live.resync();
        }
      }),
      live.on('customer_status', (connected) => {
        this.customerConnected = connected;
      }),
      live.on('viewers', (viewers) => (this.viewers = viewers)),
      live.on('chat', (m) => {
        this.chat = live.chat;
        this.pendingChat = this.pendingChat.filter((p) => p.clientId !== m.clientId);
      }),
      live.on('control_state', (id) => this.#applyController(id)),
      live.on('control_denied', () => {
        this.control = 'none';
        this.controlNotice = 'The customer declined your control request.';
      }),
      live.on('control_refused', ({ action, reason }) => {
        this.#showRefusal(refusalText(action, reason));
      }),
      live.on('error', (e) => {
        if (e.ref === 'control_request') {
          this.control = this.control === 'pending' ? 'none' : this.control;
          this.controlNotice = e.message;
        }
      }),
    ];
    live.connect();
  }

  #onTabs(m: ToAdvisor<'tabs'>): void {
    const before = this.watching;
    this.tabs = m.tabs;
    this.watching = m.watching;
    this.following = m.following;
    if (!m.switched || m.watching === before || before === null) return;
    const to = this.#tabLabel(m.watching);
    this.#note(
      m.switched === 'customer'
        ? `The customer switched to ${to}.`
        : m.switched === 'tab_closed'
          ? `The customer closed the tab you watched; now showing ${to}.`
          : `Now showing ${to}.`,
    );
  }

  /** "tab 2 (/cart)": the tab's place in the list and its page's path. */
  #tabLabel(tabId: string | null): string {
    const i = this.tabs.findIndex((t) => t.tabId === tabId);
    if (i < 0) return 'another tab';
    const path = pathOf(this.tabs[i]!.url);
    return `tab ${i + 1}${path ? ` (${path})` : ''}`;
  }

  #note(text: string): void {
    this.switchNote = text;
    clearTimeout(this.#switchTimer);
    this.#switchTimer = setTimeout(() => (this.switchNote = ''), SWITCH_NOTE_MS);
  }

  #applyController(id: string | null): void {
    const mine = this.#connection?.viewerId ?? null;
    const before = this.control;
    if (id !== null && id === mine) {
      this.control = 'granted';
      this.controlNotice = '';
    } else if (id !== null) {
      this.control = 'other';
      this.controlNotice = '';
    } else {
      if (before === 'granted') this.controlNotice = 'The customer took back control.';
      if (before !== 'pending') this.control = 'none';
    }
  }

  #teardown(): void {
    clearTimeout(this.#refusalTimer);
    clearTimeout(this.#switchTimer);
    this.refusal = '';
    for (const off of this.#offs) off();
    this.#offs = [];
    this.#connection?.close();
    this.#connection = null;
    this.#call?.dispose();
    this.#call = null;
    this.#input.dispose();
    this.#replay.destroy();
  }

  #afterBuild(): void {
    this.#fit();
    this.requestUpdate();
  }

  /** Scales the customer's viewport to fit the stage, centered (as the player does). */
  #fit(): void {
    const vp = this.#replay.viewport;
    const frame = this.renderRoot.querySelector<HTMLElement>('.live__frame');
    if (!vp || !frame || !this.#stageSize.width) return;
    const { width, height } = this.#stageSize;
    const pad = 12;
    const scale = Math.min((width - pad * 2) / vp.width, (height - pad * 2) / vp.height, 1);
    const left = Math.round((width - vp.width * scale) / 2);
    const top = Math.round((height - vp.height * scale) / 2);
    frame.style.width = `${vp.width}px`;
    frame.style.height = `${vp.height}px`;
    frame.style.transform = `translate(${left}px, ${top}px) scale(${scale})`;
    if (Math.abs(scale - this.scale) > 0.001) this.scale = scale;
  }

  // ───────── input over the replay ─────────

  /** Screen point → the customer's viewport CSS px (undoes the fit's translate and scale). */
  #toViewport(e: { clientX: number; clientY: number }): { x: number; y: number } | null {
    const overlay = this.renderRoot.querySelector<HTMLElement>('.live__overlay');
    const vp = this.#replay.viewport;
    if (!overlay || !vp) return null;
    const r = overlay.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) return null;
    return { x: ((e.clientX - r.left) / r.width) * vp.width, y: ((e.clientY - r.top) / r.height) * vp.height };
  }

  /** Where the last press started (screen px): a press that did not move is a click, not a stroke. */
  #pressedAt: { x: number; y: number } | null = null;

  #onPointerDown = (e: PointerEvent): void => {
    const p = this.#toViewport(e);
    if (!p || this.state !== 'live') return;
    (e.currentTarget as HTMLElement).focus({ preventScroll: true });
    this.#pressedAt = { x: e.clientX, y: e.clientY };
    if (this.tool === 'draw' && e.button === 0) {
      e.preventDefault();
      (e.currentTarget as HTMLElement).setPointerCapture?.(e.pointerId);
      this.#drawing = true;
      this.#input.drawStart(p.x, p.y);
    }
  };

  #onPointerMove = (e: PointerEvent): void => {
    const p = this.#toViewport(e);
    if (!p || this.state !== 'live') return;
    if (this.#drawing) this.#input.drawMove(p.x, p.y);
    else this.#input.pointerMove(p.x, p.y);
  };

  #onPointerUp = (): void => {
    if (!this.#drawing) return;
    this.#drawing = false;
    this.#input.drawEnd();
  };

  #onPointerLeave = (): void => {
    if (this.#drawing) return;
    if (this.state === 'live') this.#input.pointerLeave();
  };

  /** Says for a few seconds why something the advisor did had no effect on the customer's page. */
  #showRefusal(text: string): void {
    this.refusal = text;
    clearTimeout(this.#refusalTimer);
    this.#refusalTimer = setTimeout(() => (this.refusal = ''), REFUSAL_SHOW_MS);
  }

  #onClick = (e: MouseEvent): void => {
    if (this.control !== 'granted') return;
    if (this.tool === 'draw') {
      // A click while drawing never reaches the page: say so instead of doing nothing silently.
      const from = this.#pressedAt;
      if (from && Math.hypot(e.clientX - from.x, e.clientY - from.y) < 4) {
        this.#showRefusal('You are drawing: clicks do not act on the customer’s page. Choose Point to click.');
      }
      return;
    }
    const p = this.#toViewport(e);
    if (p) this.#input.click(p.x, p.y);
  };

  #onWheel = (e: WheelEvent): void => {
    if (this.control !== 'granted') return;
    const p = this.#toViewport(e);
    if (!p) return;
    e.preventDefault();
    const k = e.deltaMode === 1 ? 16 : e.deltaMode === 2 ? (this.#replay.viewport?.height ?? 600) : 1;
    this.#input.wheel(p.x, p.y, e.deltaX * k, e.deltaY * k);
  };

  #onKey = (e: KeyboardEvent): void => {
    if (this.control !== 'granted') return;
    if (['Shift', 'Control', 'Alt', 'Meta', 'CapsLock'].includes(e.key)) return;
    e.preventDefault();
    this.#input.key(e);
  };

  #onChatSend = (e: CobrowseChatSendEvent): void => {
    e.stopPropagation();
    const clientId = this.#connection?.sendChat(e.detail.text);
    if (clientId) this.pendingChat = [...this.pendingChat, { clientId, text: e.detail.text, ts: Date.now() }];
  };

  // ───────── render ─────────

  #renderStatus() {
    const s = this.state;
    const box = (role: 'status' | 'alert', body: unknown) =>
      html`<div class="live__overlay-msg" role=${role}><div class="live__overlay-box">${body}</div></div>`;
    switch (s) {
      case 'connecting':
        return box(
          'status',
          html`<div class="live__spinner" aria-hidden="true"></div>
            <span>Connecting…</span>`,
        );
      case 'waiting':
        return box(
          'status',
          html`<div class="live__spinner" aria-hidden="true"></div>
            <strong>Waiting for the customer to accept…</strong>
            <span>They see your name and can accept or decline.</span>`,
        );
      case 'declined':
        return box('alert', html`<strong>The customer declined.</strong><span>You can ask them for a new code.</span>`);
      case 'ended': {
        const reason = this.#connection?.endReason;
        return box('status', html`<strong>Live session ended</strong><span>${reason ? END_TEXT[reason] : ''}</span>`);
      }
      case 'error':
        return box('alert', html`<strong>Could not join</strong><span>${this.#connection?.errorMessage ?? ''}</span>`);
      case 'live':
        return this.synced
          ? nothing
          : box(
              'status',
              html`<div class="live__spinner" aria-hidden="true"></div>
                <span>Loading the customer's page…</span>`,
            );
      default:
        return nothing;
    }
  }

  #renderBanner() {
    const s = this.state;
    if (s === 'away') {
      return html`<div class="live__banner live__banner--away" role="status">
        The customer is loading another page… the view resumes when they are back.
      </div>`;
    }
    if (s === 'reconnecting') return html`<div class="live__banner" role="status">${this.notice || 'Reconnecting…'}</div>`;
    if (this.control === 'granted') {
      // Says exactly what the customer's page lets through (and the customer's prompt promised).
      return html`<div class="live__banner live__banner--control" role="status">
        ${
          this.#connection?.controlTyping
            ? "You are in control: clicks, scrolling and typing into ordinary fields act on the customer's page (never passwords or payment fields)."
            : "You are in control: clicks and scrolling act on the customer's page. This site does not let you type for the customer."
        }
      </div>`;
    }
    return nothing;
  }

  #renderTabs() {
    if (this.tabs.length < 2) return nothing;
    return html`<div class="live__tabs" role="group" aria-label="Customer's tabs">
      <span class="live__tabs-label">Customer's tabs</span>
      ${this.tabs.map(
        (t, i) =>
          html`<button
            type="button"
            class="live__tab ${t.tabId === this.watching ? 'live__tab--watching' : ''}"
            data-tab-id=${t.tabId}
            aria-pressed=${t.tabId === this.watching ? 'true' : 'false'}
            title=${t.url ?? ''}
            @click=${() => this.watchTab(t.tabId)}
          >
            <span class="live__dot ${t.connected ? 'live__dot--on' : ''}" aria-hidden="true"></span>
            Tab ${i + 1}
            <span class="live__tab-path">${pathOf(t.url) || '—'}</span>
            ${t.active ? html`<span class="live__tag" data-in-use>customer is here</span>` : nothing}
          </button>`,
      )}
      <button
        type="button"
        class="live__tool live__follow"
        aria-pressed=${this.following ? 'true' : 'false'}
        @click=${() => this.watchTab(null)}
      >
        Follow the customer
      </button>
    </div>`;
  }

  #renderSwitch() {
    const inUse = this.tabs.find((t) => t.active);
    const elsewhere = !this.following && inUse && inUse.tabId !== this.watching;
    return html`${this.switchNote ? html`<div class="live__banner live__banner--switch" role="status">${this.switchNote}</div>` : nothing}
    ${
      elsewhere
        ? html`<div class="live__banner live__banner--elsewhere" role="status">
            The customer is on ${this.#tabLabel(inUse.tabId)}, not the tab you are watching.
          </div>`
        : nothing
    }`;
  }

  #renderRefusal() {
    return this.refusal ? html`<div class="live__refusal" role="status">${this.refusal}</div>` : nothing;
  }

  #renderControl() {
    const c = this.control;
    const live = this.state === 'live';
    return html`<div class="live__control" data-control=${c}>
      ${
        c === 'granted'
          ? html`<button class="btn btn--danger" type="button" @click=${() => this.releaseControl()}>Release control</button>`
          : c === 'pending'
            ? html`<button class="btn" type="button" disabled>Waiting for the customer…</button>`
            : html`<button class="btn" type="button" ?disabled=${!live || c === 'other'} @click=${() => this.requestControl()}>
                Request control
              </button>`
      }
      ${c === 'other' ? html`<span class="live__control-note">Another advisor is in control.</span>` : nothing}
      ${this.controlNotice ? html`<span class="live__control-note" role="status">${this.controlNotice}</span>` : nothing}
    </div>`;
  }

  #renderStrokes() {
    const vp = this.#replay.viewport;
    if (!vp) return nothing;
    return html`<svg class="live__strokes" viewBox="0 0 ${vp.width} ${vp.height}" aria-hidden="true">
      ${this.#input.strokes.map(
        (
          s,
        ) => svg`<polyline class="live__stroke ${s.fading ? 'live__stroke--fading' : ''}" data-stroke=${s.id} points=${s.points.map((p) => p.join(',')).join(' ')} fill="none"
          stroke=${s.color} stroke-width=${s.width} stroke-linecap="round" stroke-linejoin="round" />`,
      )}
    </svg>`;
  }

  override render() {
    const s = this.state;
    const live = s === 'live';
    const me = this.#connection?.viewerId ?? '';
    return html`
      <div class="live">
        <header class="live__header">
          <button class="btn btn--ghost" type="button" @click=${() => emit(this, 'cobrowse-back', {})}>← Live</button>
          <h1 class="live__title">Live session</h1>
          <span class="live__badge live__badge--${s}" data-badge=${s}>${s === 'away' ? 'customer away' : s}</span>
          <span class="live__spacer"></span>
          ${
            s === 'live' || s === 'away' || s === 'waiting' || s === 'reconnecting'
              ? html`<button class="btn" type="button" @click=${() => this.leave()}>Leave</button>`
              : nothing
          }
        </header>

        <section class="live__main" aria-label="Customer's page">
          <div class="live__toolbar" role="toolbar" aria-label="Tools">
            <div class="live__tools" role="group" aria-label="Tool">
              <button
                type="button"
                class="live__tool"
                aria-pressed=${this.tool === 'point' ? 'true' : 'false'}
                @click=${() => (this.tool = 'point')}
              >
                Point
              </button>
              <button
                type="button"
                class="live__tool"
                aria-pressed=${this.tool === 'draw' ? 'true' : 'false'}
                @click=${() => (this.tool = 'draw')}
              >
                Draw
              </button>
              <button
                type="button"
                class="btn btn--ghost"
                ?disabled=${!live || !this.#input.strokes.length}
                @click=${() => this.#input.clearDrawing()}
              >
                Clear drawing
              </button>
            </div>
            <span class="live__spacer"></span>
            ${this.#renderControl()}
          </div>
          ${this.#renderTabs()}
          <div class="live__stage">
            <div class="live__frame">
              <div class="live__mount"></div>
              <div
                class="live__overlay live__overlay--${this.tool} ${this.control === 'granted' ? 'live__overlay--control' : ''}"
                tabindex="0"
                aria-label="Customer's page: point, draw${this.control === 'granted' ? ', click, scroll and type' : ''}"
                @pointerdown=${this.#onPointerDown}
                @pointermove=${this.#onPointerMove}
                @pointerup=${this.#onPointerUp}
                @pointercancel=${this.#onPointerUp}
                @pointerleave=${this.#onPointerLeave}
                @click=${this.#onClick}
                @wheel=${this.#onWheel}
                @keydown=${this.#onKey}
              >
                ${this.#renderStrokes()}
              </div>
            </div>
            <div class="live__notices">${this.#renderSwitch()} ${this.#renderBanner()} ${this.#renderRefusal()}</div>
            ${this.#renderStatus()}
          </div>
        </section>

        <aside class="live__aside">
          <cobrowse-advisor-call .store=${this.#call ?? undefined} ?disabled=${!live}></cobrowse-advisor-call>
          <section class="live__viewers" aria-label="Watching">
            <h2 class="live__aside-title">Watching</h2>
            <ul class="live__viewer-list">
              ${this.viewers.map(
                (v) =>
                  html`<li class="live__viewer" data-viewer-id=${v.id}>
                    <span class="live__dot ${v.connected ? 'live__dot--on' : ''}" aria-hidden="true"></span>
                    ${v.name}${v.id === me ? html` <span class="live__muted">(you)</span>` : nothing}
                    ${v.id === this.#connection?.controllerId ? html` <span class="live__tag">in control</span>` : nothing}
                  </li>`,
              )}
              ${
                this.viewers.length === 0
                  ? html`<li class="live__muted">
                      ${s === 'ended' || s === 'declined' || s === 'error' ? 'Nobody is watching now.' : 'Nobody yet.'}
                    </li>`
                  : nothing
              }
            </ul>
          </section>
          <cobrowse-live-chat
            .messages=${this.chat}
            .pending=${this.pendingChat}
            .viewerId=${me}
            ?disabled=${!(live || s === 'away')}
            @cobrowse-chat-send=${this.#onChatSend}
          ></cobrowse-live-chat>
        </aside>
      </div>
    `;
  }
}
