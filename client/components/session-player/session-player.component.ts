/**
 * @module client/components/session-player
 * `<cobrowse-session-player>`: replays one session with rrweb's Replayer,
 * loading chunks by time window (see client/player/replay-controller.ts).
 *
 * Public API (for the app, tests and support staff):
 * - properties in: `api`, `sessionId` (`session-id`), `startAt` (`start-at`, session ms),
 *   `embedded` (inside another view, such as a case: no header, no aside; the
 *   host shows its own context and seeks with `seek()`)
 * - read-only: `currentTime` (session ms), `duration` (ms), `state`
 *   ('loading' | 'paused' | 'playing' | 'ended' | 'error'), mirrored in `data-state`
 * - methods: `play()`, `pause()`, `seek(ms)`
 * - keyboard: Space play/pause, ←/→ seek 5 s (Shift: 30 s)
 *
 * Recorded video (camera/screen) of the session plays in a movable
 * picture-in-picture over the stage (`<cobrowse-video-pip>`), following the
 * replay's play, pause, speed and seeks. `videoTracks` lists them.
 * "Make a tutorial" (for members who may write tutorials: `canMakeTutorials`,
 * `can-make-tutorials`; `startMaking`, `start-making`: open it at once) opens `<cobrowse-tutorial-maker>` under the controls:
 * in and out points at the current time, shown on the timeline, a title, Create.
 * Advisor video replies are recorded and listed in the aside (`<cobrowse-video-replies>`).
 *
 * Comments (`<cobrowse-comment-list>` in the aside, pins on the timeline):
 * "Comment here" at the current moment, with an element picked in the
 * replay (`ElementPickerController`: hover outline, click, Esc cancels);
 * opening one (in the list, on its pin, or from a `?t=&comment=` link:
 * `openCommentId`, `open-comment-id`) shows its moment with its element
 * outlined. `selfId` (`self-id`) and `canModerate` (`can-moderate`) say
 * which comments the advisor may edit and delete.
 *
 * A customer's other tabs of the same visit (one recording per tab) are
 * listed in the aside; "Next tab" (in the header, and at the end of the
 * replay) opens the tab opened after this one and plays it.
 *
 * @event cobrowse-player-ready - The first frame is built; detail `{ sessionId, currentTime }`.
 * @event cobrowse-open-tutorial - A tutorial was made from this recording; detail `{ tutorialId }`.
 * @event cobrowse-back - The advisor asked to go back to the list.
 * @event cobrowse-open-session - The advisor picked another tab of the visit; detail `{ sessionId }`.
 */
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import type { SessionDetail, SessionSummary } from '../../../protocol/api.ts';
import type { MediaTrackInfo } from '../../../protocol/media.ts';
import type { ApiClient } from '../../api/api-client.ts';
import { ApiError, isAbortError } from '../../api/api-error.ts';
import type { Comment } from '../../../protocol/comments.ts';
import {
  emit,
  type CobrowseCommentSelectedEvent,
  type CobrowseCommentsChangedEvent,
  type CobrowseMarkerSelectedEvent,
  type CobrowseSeekEvent,
  type CobrowseSeekIntentEvent,
  type CobrowseTutorialRangeEvent,
} from '../../events/index.ts';
import { ElementPickerController, elementPickerStyles } from '../../lib/element-picker-controller.ts';
import { formatDateTime, formatDuration, shortUrl } from '../../lib/format.ts';
import { dedupeNavigations } from '../../lib/pages.ts';
import { routeUrl } from '../../lib/route.ts';
import type { PlayerState } from '../../player/player-machine.ts';
import { PLAYER_SPEEDS, ReplayController, type PlayerSpeed } from '../../player/replay-controller.ts';
import { fitToStage } from '../../player/stage-fit.ts';
import { VisitTabsController } from '../../player/visit-tabs-controller.ts';
import { controls, tokens } from '../../styles/shared.styles.ts';
import type { TimelineMarker, TimelineRange } from '../player-timeline/player-timeline.component.ts';
import '../comment-list/comment-list.ts';
import '../player-timeline/player-timeline.ts';
import '../session-details/session-details.ts';
import '../tutorial-maker/tutorial-maker.ts';
import '../video-pip/video-pip.ts';
import '../video-replies/video-replies.ts';
import styles, { rrwebStyles } from './session-player.styles.ts';

const playIcon = html`<svg viewBox="0 0 24 24" aria-hidden="true">
  <path d="M7 4.5v15a1 1 0 0 0 1.5.86l12.5-7.5a1 1 0 0 0 0-1.72L8.5 3.64A1 1 0 0 0 7 4.5z" />
</svg>`;
const pauseIcon = html`<svg viewBox="0 0 24 24" aria-hidden="true">
  <rect x="5" y="4" width="5" height="16" rx="1.2" />
  <rect x="14" y="4" width="5" height="16" rx="1.2" />
</svg>`;
const replayIcon = html`<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M12 5V2L7 6l5 4V7a5 5 0 1 1-5 5H5a7 7 0 1 0 7-7z" /></svg>`;

export default class CobrowseSessionPlayer extends LitElement {
  static override styles = [tokens, controls, rrwebStyles, elementPickerStyles, styles];
  static override properties = {
    api: { attribute: false },
    sessionId: { type: String, attribute: 'session-id' },
    startAt: { type: Number, attribute: 'start-at' },
    embedded: { type: Boolean, reflect: true },
    canMakeTutorials: { type: Boolean, attribute: 'can-make-tutorials' },
    openCommentId: { type: String, attribute: 'open-comment-id' },
    selfId: { type: String, attribute: 'self-id' },
    canModerate: { type: Boolean, attribute: 'can-moderate' },
    comments: { state: true },
    startMaking: { type: Boolean, attribute: 'start-making' },
    making: { state: true },
    tutorialRange: { state: true },
    detail: { state: true },
    scale: { state: true },
    copied: { state: true },
    videoTracks: { state: true },
  };

  declare api: ApiClient | null;
  declare sessionId: string;
  /** Session ms to open at (from `?t=`). Read when `sessionId` changes. */
  declare startAt: number;
  declare embedded: boolean;
  /** The member may make tutorials (`tutorials.write`): "Make a tutorial" shows. */
  declare canMakeTutorials: boolean;
  /** The comment open (its moment shown, its element outlined): from a link, the list or a pin. */
  declare openCommentId: string;
  /** The signed-in advisor (their comments are theirs to edit). */
  declare selfId: string;
  /** May delete anyone's comment (`comments.moderate`). */
  declare canModerate: boolean;
  /** The session's comments, as the list has them (pins on the timeline). */
  declare comments: readonly Comment[];
  /** Open with the tutorial maker showing (the recurring report's "Make a tutorial from the best-solved case"). */
  declare startMaking: boolean;
  /** The tutorial maker is open. */
  declare making: boolean;
  /** Its in and out points, drawn on the timeline. */
  declare tutorialRange: TimelineRange | null;
  declare detail: SessionDetail | null;
  declare scale: number;
  declare copied: boolean;
  /** The session's recorded camera/screen tracks (replies excluded). */
  declare videoTracks: readonly MediaTrackInfo[];

  readonly #replay = new ReplayController(this, {
    mount: () => this.renderRoot.querySelector<HTMLElement>('.player__mount'),
    onReady: () => emit(this, 'cobrowse-player-ready', { sessionId: this.sessionId, currentTime: this.currentTime }),
    onStateChange: (state) => this.setAttribute('data-state', state),
  });
  readonly #tabs = new VisitTabsController(this);
  readonly #picker = new ElementPickerController(this, {
    replayer: () => this.#replay.replayer,
    stage: () => this.renderRoot.querySelector<HTMLElement>('.player__stage'),
  });
  /** Play as soon as the next session is open ("Play the next tab"). */
  #playOnOpen = false;
  #resize: ResizeObserver | null = null;
  #abort: AbortController | null = null;
  #stageSize = { width: 0, height: 0 };

  constructor() {
    super();
    this.api = null;
    this.sessionId = '';
    this.startAt = 0;
    this.embedded = false;
    this.canMakeTutorials = false;
    this.openCommentId = '';
    this.selfId = '';
    this.canModerate = false;
    this.comments = [];
    this.startMaking = false;
    this.making = false;
    this.tutorialRange = null;
    this.detail = null;
    this.scale = 1;
    this.copied = false;
    this.videoTracks = [];
  }

  /** Current position, session ms (since the session's first event). */
  get currentTime(): number {
    return this.#replay.currentTime;
  }

  /** Session length, ms. */
  get duration(): number {
    return this.#replay.duration;
  }

  get state(): PlayerState {
    return this.#replay.state;
  }

  /** The chunk seqs downloaded for the open session, in order (diagnostics). */
  get downloadedChunks(): readonly number[] {
    return this.#replay.loader?.downloaded ?? [];
  }

  /** The replay iframe (rrweb's sandboxed `allow-same-origin` iframe), once built. */
  get iframe(): HTMLIFrameElement | null {
    return this.#replay.replayer?.iframe ?? null;
  }

  play(): void {
    this.#replay.play();
  }

  pause(): void {
    this.#replay.pause();
  }

  seek(ms: number): void {
    this.#replay.seek(ms);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.setAttribute('data-state', this.state);
    document.addEventListener('keydown', this.#onKey);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('keydown', this.#onKey);
    this.#resize?.disconnect();
    this.#resize = null;
    this.#abort?.abort();
  }

  override firstUpdated(): void {
    const stage = this.renderRoot.querySelector<HTMLElement>('.player__stage')!;
    this.#resize = new ResizeObserver(([entry]) => {
      if (!entry) return;
      this.#stageSize = { width: entry.contentRect.width, height: entry.contentRect.height };
      this.#fit();
    });
    this.#resize.observe(stage);
  }

  override updated(changed: PropertyValues<this>): void {
    if ((changed.has('sessionId') || changed.has('api')) && this.sessionId && this.api) void this.#open();
    else if (changed.has('startAt') && changed.get('startAt') !== undefined && this.detail) this.seek(this.startAt || 0);
    if (this.dataset.state !== this.state) this.dataset.state = this.state;
    this.#fit();
  }

  async #open(): Promise<void> {
    const api = this.api!;
    const id = this.sessionId;
    this.#abort?.abort();
    const abort = (this.#abort = new AbortController());
    this.detail = null;
    // A new recording closes the maker, unless the player was opened to make a tutorial of it.
    this.making = this.startMaking;
    this.tutorialRange = null;
    this.comments = [];
    this.#picker.cancel();
    this.#picker.outline(null);
    this.#replay.reset();
    try {
      const detail = await api.session(id, { signal: abort.signal });
      if (abort.signal.aborted) return;
      this.detail = detail;
      this.videoTracks = [];
      void this.#loadVideo(api, id, abort.signal);
      void this.#tabs.load(api, detail);
      await this.updateComplete;
      await this.#replay.open(api, detail, this.startAt || 0);
      if (this.#playOnOpen && !abort.signal.aborted) this.play();
      this.#playOnOpen = false;
    } catch (err) {
      if (isAbortError(err) || abort.signal.aborted) return;
      const msg =
        err instanceof ApiError && err.status === 404
          ? 'This session does not exist (or was deleted).'
          : err instanceof Error
            ? err.message
            : String(err);
      this.#replay.fail(msg);
    }
  }

  /** The session's video tracks; a failure only means no picture-in-picture. */
  async #loadVideo(api: ApiClient, id: string, signal: AbortSignal): Promise<void> {
    try {
      const list = await api.media(id, { signal });
      if (!signal.aborted) this.videoTracks = list.tracks.filter((t) => t.kind !== 'reply');
    } catch (err) {
      if (!isAbortError(err)) console.warn('cobrowse: could not list the session video', err);
    }
  }

  /** Scales the recorded viewport to fit the stage, centered. */
  #fit(): void {
    const vp = this.#replay.viewport;
    const mount = this.renderRoot.querySelector<HTMLElement>('.player__mount');
    if (!vp || !mount || !this.#stageSize.width) return;
    const scale = fitToStage(mount, this.#stageSize, vp);
    if (Math.abs(scale - this.scale) > 0.001) this.scale = scale;
  }

  #resolveUrl = (url: string): string => this.api?.resolveUrl(url) ?? url;

  #onKey = (e: KeyboardEvent): void => {
    if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return;
    const origin = e.composedPath()[0] as HTMLElement | undefined;
    const tag = origin?.tagName;
    if (tag === 'INPUT' || tag === 'SELECT' || tag === 'TEXTAREA' || origin?.isContentEditable) return;
    if (origin?.getAttribute?.('role') === 'slider') return;
    if (e.key === ' ' || e.key === 'Spacebar') {
      if (tag === 'BUTTON' || tag === 'A') return; // Space activates the focused control
      e.preventDefault();
      this.#replay.toggle();
    } else if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
      e.preventDefault();
      const step = (e.shiftKey ? 30_000 : 5_000) * (e.key === 'ArrowLeft' ? -1 : 1);
      this.#replay.seek(this.currentTime + step);
    }
  };

  #onSeek = (e: CobrowseSeekEvent): void => {
    e.stopPropagation();
    this.#replay.seek(e.detail.time);
  };

  #onSeekIntent = (e: CobrowseSeekIntentEvent): void => {
    e.stopPropagation();
    this.#replay.prefetch(e.detail.time);
  };

  async #copyLink(): Promise<void> {
    const url = new URL(routeUrl({ name: 'player', sessionId: this.sessionId, t: Math.round(this.currentTime) }), location.origin).href;
    try {
      await navigator.clipboard.writeText(url);
    } catch {
      // No clipboard (insecure context): at least put it in the address bar.
      history.replaceState(history.state, '', url);
    }
    this.copied = true;
    setTimeout(() => (this.copied = false), 1500);
  }

  #markers(): TimelineMarker[] {
    const d = this.detail;
    if (!d || d.firstEventTs === null) return [];
    const start = d.firstEventTs;
    const recorded = dedupeNavigations(d.markers).map((m): TimelineMarker => ({ time: m.ts - start, kind: m.kind, label: m.label }));
    const comments = this.comments.map((c): TimelineMarker => ({ time: c.t, kind: 'comment', label: c.body, id: c.id }));
    return [...recorded, ...comments];
  }

  /** "Pick an element" of a comment: the replay holds still while the advisor points. */
  #pickElement = () => {
    this.pause();
    return this.#picker.pick();
  };

  #onCommentSelected = (e: CobrowseCommentSelectedEvent): void => {
    e.stopPropagation();
    const c = e.detail.comment;
    this.openCommentId = c?.id ?? '';
    this.#picker.outline(c?.element ? { nodeId: c.element.nodeId, selector: c.element.selector } : null);
    if (!c) return;
    this.pause();
    if (Math.round(this.currentTime) !== c.t) this.seek(c.t);
  };

  #onMarkerSelected = (e: CobrowseMarkerSelectedEvent): void => {
    e.stopPropagation();
    if (this.comments.some((c) => c.id === e.detail.id)) this.openCommentId = e.detail.id;
  };

  #nextTab(): SessionSummary | undefined {
    return this.#tabs.nextAfter(this.sessionId);
  }

  /** Opens another tab of the visit (the app routes to it); `play`: start it at once. */
  #openTab(tab: SessionSummary, play: boolean, e?: MouseEvent): void {
    if (e && (e.metaKey || e.ctrlKey || e.shiftKey || e.button === 1)) return; // a browser tab of its own
    e?.preventDefault();
    this.#playOnOpen = play;
    emit(this, 'cobrowse-open-session', { sessionId: tab.id });
  }

  #renderNextTab(next: SessionSummary, label: string, primary = false) {
    return html`<a
      class="btn player__next-tab ${primary ? 'btn--primary' : ''}"
      href=${routeUrl({ name: 'player', sessionId: next.id, t: null })}
      title=${`Tab ${this.#tabs.numberOf(next.id)}: ${next.firstUrl}`}
      @click=${(e: MouseEvent) => this.#openTab(next, true, e)}
      >${label}</a
    >`;
  }

  #renderOverlay() {
    const snap = this.#replay.snapshot;
    const next = this.#tabs.nextAfter(this.sessionId);
    if (snap.state === 'ended' && next && !this.embedded) {
      return html`<div class="player__overlay player__overlay--soft" role="status">
        <div class="player__overlay-box">
          <strong>End of tab ${this.#tabs.numberOf(this.sessionId)} of ${this.#tabs.tabs.length}</strong>
          <span>The customer opened another tab at ${formatDateTime(next.startedAt)}: ${shortUrl(next.firstUrl)}</span>
          ${this.#renderNextTab(next, 'Play the next tab →', true)}
        </div>
      </div>`;
    }
    if (snap.state === 'error') {
      return html`<div class="player__overlay" role="alert">
        <div class="player__overlay-box">
          <strong>The replay could not be loaded.</strong>
          <span>${snap.error}</span>
          <button class="btn" type="button" @click=${() => this.#open()}>Try again</button>
        </div>
      </div>`;
    }
    if (snap.state === 'loading') {
      return html`<div class="player__overlay player__overlay--loading" role="status">
        <div class="player__overlay-box">
          <div class="player__spinner" aria-hidden="true"></div>
          <span>Loading recording…</span>
        </div>
      </div>`;
    }
    return nothing;
  }

  #renderMaker() {
    const d = this.detail;
    if (!this.making || !this.canMakeTutorials || this.embedded || !d || d.firstEventTs === null) return nothing;
    return html`<cobrowse-tutorial-maker
      .api=${this.api}
      session-id=${d.id}
      first-event-ts=${d.firstEventTs}
      .currentTime=${this.#replay.currentTime}
      @cobrowse-tutorial-range=${(e: CobrowseTutorialRangeEvent) => (this.tutorialRange = e.detail.range)}
      @cobrowse-close=${() => (this.making = false)}
    ></cobrowse-tutorial-maker>`;
  }

  #renderHeader() {
    const d = this.detail;
    return html`<header class="player__header">
      <button class="btn btn--ghost" type="button" @click=${() => emit(this, 'cobrowse-back', {})}>← Sessions</button>
      <div style="min-width:0">
        <h1 class="player__title">${d ? shortUrl(d.firstUrl) : 'Session'}</h1>
        <div class="player__subtitle">
          ${d ? html`${d.siteName} · ${formatDateTime(d.startedAt)} · ${formatDuration(d.durationMs)}` : 'Loading…'}
        </div>
      </div>
      ${
        this.#tabs.tabs.length > 1
          ? html`<span class="player__tab-count" title="Recordings of the customer's tabs in this visit"
              >Tab ${this.#tabs.numberOf(this.sessionId)} of ${this.#tabs.tabs.length}</span
            >`
          : nothing
      }
      <span class="player__header-spacer"></span>
      ${this.#nextTab() ? this.#renderNextTab(this.#nextTab()!, 'Next tab →') : nothing}
      ${
        this.canMakeTutorials
          ? html`<button
              class="btn"
              type="button"
              aria-expanded=${this.making ? 'true' : 'false'}
              ?disabled=${!d}
              @click=${() => (this.making = !this.making)}
            >
              Make a tutorial
            </button>`
          : nothing
      }
      <button class="btn" type="button" ?disabled=${!d} @click=${this.#copyLink}>
        ${this.copied ? 'Link copied' : 'Copy link at this time'}
      </button>
    </header>`;
  }

  override render() {
    const r = this.#replay;
    const d = this.detail;
    const state = r.state;
    const playing = state === 'playing' || (state === 'loading' && r.snapshot.wantsPlay);
    const loader = r.loader;
    const first = loader?.firstEventTs ?? 0;
    const loadedFrom = loader?.baseTs != null ? loader.baseTs - first : 0;
    const loadedTo = loader && Number.isFinite(loader.coveredUntil) ? Math.min(loader.coveredUntil - first, r.duration) : 0;
    return html`
      <div class="player ${this.embedded ? 'player--embedded' : ''}">
        ${this.embedded ? nothing : this.#renderHeader()}

        <section class="player__main" aria-label="Replay">
          <div class="player__stage">
            <div class="player__mount"></div>
            ${
              this.videoTracks.length
                ? html`<cobrowse-video-pip
                    .tracks=${this.videoTracks}
                    .at=${first + r.currentTime}
                    .playing=${state === 'playing'}
                    .rate=${r.speed}
                    .resolveUrl=${this.#resolveUrl}
                  ></cobrowse-video-pip>`
                : nothing
            }
            ${this.#picker.render()} ${this.#renderOverlay()}
          </div>
          <div
            class="player__controls"
            @cobrowse-seek=${this.#onSeek}
            @cobrowse-seek-intent=${this.#onSeekIntent}
            @cobrowse-marker-selected=${this.#onMarkerSelected}
          >
            <cobrowse-player-timeline
              .duration=${r.duration}
              .currentTime=${r.currentTime}
              .markers=${this.#markers()}
              .loadedFrom=${loadedFrom}
              .loadedTo=${loadedTo}
              .range=${this.making ? this.tutorialRange : null}
            ></cobrowse-player-timeline>
            <div class="player__bar">
              <button
                class="btn btn--primary player__play"
                type="button"
                aria-label=${playing ? 'Pause' : state === 'ended' ? 'Replay from start' : 'Play'}
                ?disabled=${state === 'error'}
                @click=${() => r.toggle()}
              >
                ${playing ? pauseIcon : state === 'ended' ? replayIcon : playIcon}
              </button>
              <span class="player__time" aria-live="off">
                <strong>${formatDuration(r.currentTime)}</strong> / ${formatDuration(r.duration)}
              </span>
              <span class="player__spacer"></span>
              <label class="player__toggle">
                <input
                  type="checkbox"
                  .checked=${r.skipInactive}
                  @change=${(e: Event) => r.setSkipInactive((e.target as HTMLInputElement).checked)}
                />
                Skip inactivity
              </label>
              <div class="player__speeds" role="group" aria-label="Playback speed">
                ${PLAYER_SPEEDS.map(
                  (s: PlayerSpeed) =>
                    html`<button
                      type="button"
                      class="player__speed"
                      aria-pressed=${r.speed === s ? 'true' : 'false'}
                      @click=${() => r.setSpeed(s)}
                    >
                      ${s}×
                    </button>`,
                )}
              </div>
            </div>
            ${this.#renderMaker()}
            <div class="player__hint"><kbd>Space</kbd> play/pause · <kbd>←</kbd>/<kbd>→</kbd> seek 5 s (<kbd>Shift</kbd> 30 s)</div>
          </div>
        </section>

        ${
          this.embedded
            ? nothing
            : html`<aside class="player__aside" aria-label="Session details" @cobrowse-seek=${this.#onSeek}>
                ${
                  d && this.api
                    ? html`<cobrowse-comment-list
                        class="player__comments"
                        .api=${this.api}
                        target-kind="session"
                        target-id=${d.id}
                        self-id=${this.selfId}
                        ?can-moderate=${this.canModerate}
                        open-comment-id=${this.openCommentId}
                        .cursor=${() => this.currentTime}
                        .pickElement=${this.#pickElement}
                        @cobrowse-comments-changed=${(e: CobrowseCommentsChangedEvent) => (this.comments = e.detail.comments)}
                        @cobrowse-comment-selected=${this.#onCommentSelected}
                      ></cobrowse-comment-list>`
                    : nothing
                }
                <cobrowse-session-details
                  .session=${d}
                  .currentTime=${r.currentTime}
                  .visitTabs=${this.#tabs.tabs}
                ></cobrowse-session-details>
                ${d && this.api ? html`<cobrowse-video-replies .api=${this.api} session-id=${d.id}></cobrowse-video-replies>` : nothing}
              </aside>`
        }
      </div>
    `;
  }
}
