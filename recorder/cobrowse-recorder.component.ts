/**
 * @module recorder/cobrowse-recorder.component
 * `<cobrowse-recorder>`: records the page it is on and sends it to the
 * cobrowse server; on request, lets an advisor watch live (co-browsing), or
 * sends the customer's question with the recording (async help, `ask/`).
 * Renders nothing until help is offered or used; its live UI (Get help
 * button, support code, consent and control prompts, the "… can see this
 * page" banner with Stop, the chat, the advisor's pointer and drawings)
 * lives in its shadow root, in fixed layers above the page, and never
 * changes the host page's DOM.
 *
 * @example
 * ```html
 * <script type="module" src="https://SERVER/recorder.js"></script>
 * <cobrowse-recorder site-key="pk_…" autostart></cobrowse-recorder>
 * ```
 *
 * @attr site-key - the site's public key (required).
 * @attr endpoint - the cobrowse server; default: the origin recorder.js came from.
 * @attr autostart - start recording as soon as the element is in the page.
 * @attr checkout-interval - ms between full snapshots (default 300000).
 * @attr flush-interval - ms between uploads (default 1000).
 * @attr no-mask-inputs - record input values (passwords and `data-cb-mask` fields stay masked).
 * @attr record-canvas - record pictures of `<canvas>` elements (`canvas-fps` a second, default 2).
 *   Also lets a controlling advisor type into non-sensitive fields (never into masked ones).
 * @attr help-button - show a floating "Get help" button (starts live help, shows the code).
 * @attr ask-button - show a floating "Ask for help" button: a form to send a question with the recording of
 *   what the customer just did; the customer gets a private link and can leave. It also lists the questions
 *   asked before on this site (stored in this browser) with "Add this recording" and "Continue live".
 * @attr remote-typing - an advisor the customer lets take control may also type into ordinary fields (never
 *   passwords, one-time codes, payment or `data-cb-mask` fields); without it, control is clicks and scrolling.
 * @attr video - also record video: `camera`, `screen` or `camera+screen` (the browser asks the customer;
 *   refused or missing devices leave the DOM recording alone). Screen capture needs a user gesture in most
 *   browsers: prefer `start()` from a click over `autostart` for it.
 * @attr video-audio - record the microphone with the video.
 * @attr no-console-capture - do not record console errors, warnings and uncaught exceptions.
 * @attr no-network-capture - do not record failed requests.
 * @prop metadata - key/values stored with a new session.
 * @prop networkCapture - fine options of request capture (`NetworkCaptureOptions`: recordAll, headers, bodies, …).
 * @prop sessionId - the session id once recording (read-only).
 * @prop recording - whether it records (read-only).
 * @prop live - the live session's state, or undefined (read-only): `{ status, code, viewers, controllerId, chat, … }`.
 * @prop cases - the customer's open questions on this site (read-only): `[{ caseId, link, expiresAt, title, … }]`.
 * @method requestHelp() - starts recording if needed, connects live and asks for a 6-digit code
 *   (for the host page's own help button); the code is shown in the element and sent as `cobrowse-help-code`.
 * @method endLive() - ends the live session (every viewer is closed; the next page does not rejoin).
 * @method askForHelp({ question, topic?, email? }) - sends a question with the recording so far (starting it if
 *   needed); resolves with `{ caseId, link, expiresAt, … }` (also sent as `cobrowse-case-created`), rejects with a
 *   message for the customer.
 * @method openAskForm() - opens the "Ask for help" form (for the host page's own button).
 * @method identify(identity) - who the customer is (`{ customerId, email, name, … }`), stored on the session.
 * @method setMetadata(metadata) - adds or replaces session metadata (`{ orderNumber, plan, … }`).
 * @event cobrowse-session - `{ sessionId }` once the session is known (decided, for a tab that found a copied one) and at every change; bubbles, composed.
 * @event cobrowse-help-code - `{ code, expiresAt }` when the support code arrives; bubbles, composed.
 * @event cobrowse-video-state - `{ state, recording, failed }` at every video state change; bubbles, composed.
 * @event cobrowse-control-refused - `{ viewerId, action, reason }` when an advisor's command was refused; bubbles, composed.
 * @event cobrowse-case-created - `{ caseId, link, expiresAt, sessionId }` when a question was sent; bubbles, composed.
 *
 * Live co-browsing: after `requestHelp()` (or the button) the element keeps a
 * live socket to the server and rejoins it on every page of the tab until the
 * customer presses Stop (or cancels the code). Viewers need the customer's
 * consent; remote control needs a second, revocable, grant. Advisors can
 * never act inside `[data-cb-no-control]` or the element's own UI, never set
 * masked fields, and with the default input masking never set any field.
 * Chat messages, control hand-overs and viewer changes are added to the
 * recording as rrweb custom events (`cobrowse-chat`, `cobrowse-control`,
 * `cobrowse-viewers`).
 *
 * recorder.js holds the recording and this element; live help, calls,
 * "Ask for help" and the video badge are chunks fetched from the same
 * server when first needed ({@link FeatureLoader}; docs/ARCHITECTURE.md).
 */
import { LitElement, css, html, nothing } from 'lit';
import type { AskInput, AskService } from './ask/ask-service.ts';
import { readCases, type StoredCase } from './ask/case-store.ts';
import { loadAsk } from './ask/load-ask.ts';
import { cobrowseCaseCreatedEvent, type CobrowseCaseCreatedDetail } from './events/cobrowse-case-created.ts';
import { cobrowseControlRefusedEvent } from './events/cobrowse-control-refused.ts';
import { cobrowseHelpCodeEvent } from './events/cobrowse-help-code.ts';
import { cobrowseSessionEvent } from './events/cobrowse-session.ts';
import { cobrowseVideoStateEvent, type CobrowseVideoStateDetail } from './events/cobrowse-video-state.ts';
import { FeatureLoader } from './feature-loader.ts';
import { askLauncher, helpLauncher, launcherStyles } from './launchers.ts';
import { loadVideoIndicator } from './video/load-video.ts';
import type { VideoMode } from './video/video-options.ts';
import { loadLive } from './live/load-live.ts';
import type { LiveSession, LiveSessionState } from './live/live-session.ts';
import { readLiveState } from './live/live-store.ts';
import { isVisitLive, onVisitLive, setVisitLive } from './live/visit-live.ts';
import { LiveCloseCode } from '../protocol/live-constants.ts';
import { resolveOptions, type RecorderOptions, type SessionMetadata } from './options.ts';
import { RecordingController } from './recording-controller.ts';
import { BLOCK_ATTRIBUTE } from './privacy-options.ts';
import type { NetworkCaptureOptions } from './context/context-options.ts';
import type { Identity } from './context/metadata.ts';
import type { RecordingHandle } from './start-recording.ts';

/** A live session asked for while its code loads; later asks merge into it. */
interface LiveRequest {
  handle: RecordingHandle;
  help: boolean;
  follow: boolean;
}

export class CobrowseRecorder extends LitElement {
  static override styles = [
    css`
      :host {
        display: contents;
      }
    `,
    launcherStyles,
  ];

  static override properties = {
    siteKey: { type: String, attribute: 'site-key' },
    endpoint: { type: String },
    autostart: { type: Boolean },
    checkoutInterval: { type: Number, attribute: 'checkout-interval' },
    flushInterval: { type: Number, attribute: 'flush-interval' },
    noMaskInputs: { type: Boolean, attribute: 'no-mask-inputs' },
    recordCanvas: { type: Boolean, attribute: 'record-canvas' },
    canvasFps: { type: Number, attribute: 'canvas-fps' },
    helpButton: { type: Boolean, attribute: 'help-button' },
    askButton: { type: Boolean, attribute: 'ask-button' },
    remoteTyping: { type: Boolean, attribute: 'remote-typing' },
    video: { type: String },
    videoAudio: { type: Boolean, attribute: 'video-audio' },
    metadata: { attribute: false },
    noConsoleCapture: { type: Boolean, attribute: 'no-console-capture' },
    noNetworkCapture: { type: Boolean, attribute: 'no-network-capture' },
    networkCapture: { attribute: false },
    _live: { state: true },
    _video: { state: true },
  };

  declare siteKey: string;
  declare endpoint: string | undefined;
  declare autostart: boolean;
  declare checkoutInterval: number | undefined;
  declare flushInterval: number | undefined;
  declare noMaskInputs: boolean;
  declare recordCanvas: boolean;
  declare canvasFps: number | undefined;
  declare helpButton: boolean;
  declare askButton: boolean;
  declare remoteTyping: boolean;
  declare video: VideoMode | undefined;
  declare videoAudio: boolean;
  declare metadata: SessionMetadata | undefined;
  declare noConsoleCapture: boolean;
  declare noNetworkCapture: boolean;
  declare networkCapture: NetworkCaptureOptions | undefined;
  declare _live: LiveSession | undefined;
  /** Recorded video's state, for the recording badge. */
  declare _video: CobrowseVideoStateDetail | undefined;

  #controller = new RecordingController(this, {
    options: () => this.#options(),
    autostart: () => this.autostart,
    started: (handle) => {
      for (const send of this.#pendingContext.splice(0)) send(handle);
      this.#unwatchVideo?.();
      this._video = handle.video;
      if (handle.video.state !== 'off') this.#videoCode.preload();
      this.#unwatchVideo = handle.onVideoState((detail) => {
        this._video = detail;
        if (detail.state !== 'off') this.#videoCode.preload();
        this.dispatchEvent(cobrowseVideoStateEvent(detail));
      });
      this.#unwatchSession?.();
      let first = true;
      // Once the tab's session is decided (a copied one may belong to another tab), and at every change.
      this.#unwatchSession = handle.onSession((sessionId) => {
        this.dispatchEvent(cobrowseSessionEvent({ sessionId }));
        if (!first) return;
        first = false;
        // A reload or the next page of a tab with a live session: rejoin the room.
        if (readLiveState(sessionId).active) this.#startLive(handle, false);
        // Another tab of the visit has live help: this tab joins it (the advisor may follow the customer here).
        else if (isVisitLive(this.#siteKey())) this.#startLive(handle, false, true);
      });
      this.#unwatchVisit?.();
      this.#unwatchVisit = onVisitLive(this.#siteKey(), () => {
        if (!this._live || this._live.state.status === 'ended') this.#startLive(handle, false, true);
      });
    },
  });

  #liveCode = new FeatureLoader(this, 'live help', loadLive);
  #askCode = new FeatureLoader(this, '"Ask for help"', loadAsk);
  #videoCode = new FeatureLoader(this, 'the video badge', loadVideoIndicator);
  /** "Ask for help", once its code is loaded. */
  #ask: AskService | undefined;
  /** A live session waiting for its code (the one request a load serves). */
  #liveRequest: LiveRequest | undefined;
  /** Whether a live session is under way (the Ask for help button steps aside). */
  #liveActive = false;

  #unwatchVideo: (() => void) | undefined;
  #unwatchVisit: (() => void) | undefined;
  #unwatchSession: (() => void) | undefined;
  /** identify()/setMetadata() calls made before recording started. */
  #pendingContext: ((handle: RecordingHandle) => void)[] = [];

  constructor() {
    super();
    this.videoAudio = false;
    this.siteKey = '';
    this.autostart = false;
    this.noMaskInputs = false;
    this.recordCanvas = false;
    this.noConsoleCapture = false;
    this.noNetworkCapture = false;
    this.helpButton = false;
    this.askButton = false;
    this.remoteTyping = false;
  }

  override connectedCallback(): void {
    // The recorder's own UI (buttons, panels, banners, the advisor's pointer,
    // call tiles) is not the customer's page: blocked at the host, rrweb
    // records a size-less placeholder and nothing of the shadow DOM, so the
    // replay and the advisor's live view never show it, not even as a box.
    this.toggleAttribute(BLOCK_ATTRIBUTE, true);
    super.connectedCallback();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#unwatchVisit?.();
    this.#unwatchVisit = undefined;
    this.#liveRequest = undefined;
    this._live?.dispose();
    this._live = undefined;
  }

  override render() {
    const live = this._live;
    const ask = this.#ask?.state;
    // The open form takes the corner: the Get help button waits until it closes.
    const helpButton = this.helpButton && !ask?.open;
    const liveActive = this.#liveActive && !!live;
    // Until a part's code is loaded, the launcher that loads it is this element's own (the same button).
    return html`${
      !this.#liveCode.module
        ? helpButton
          ? helpLauncher(() => this.requestHelp())
          : nothing
        : live || this.helpButton
          ? html`<cobrowse-live-panel
              .session=${live}
              ?help-button=${helpButton}
              @cobrowse-live-help=${() => this.requestHelp()}
            ></cobrowse-live-panel>`
          : nothing
    }
    ${
      this.#videoCode.module
        ? html`<cobrowse-video-indicator
            .detail=${this._video}
            @cobrowse-stop-video=${() => void this.#controller.handle?.stopVideo()}
          ></cobrowse-video-indicator>`
        : nothing
    }
    ${live ? html`<cobrowse-live-overlay .session=${live}></cobrowse-live-overlay>` : nothing}
    ${
      !this.#ask || !ask
        ? this.askButton && !liveActive
          ? askLauncher(() => this.openAskForm(), helpButton)
          : nothing
        : this.askButton || ask.open
          ? html`<cobrowse-ask-panel
              .service=${this.#ask}
              .state=${ask}
              ?launcher=${this.askButton && !liveActive}
              ?raised=${helpButton && !liveActive}
            ></cobrowse-ask-panel>`
          : nothing
    }`;
  }

  /** The recording's session id, or undefined before it starts. */
  get sessionId(): string | undefined {
    return this.#controller.handle?.sessionId;
  }

  get recording(): boolean {
    return this.#controller.handle?.recording ?? false;
  }

  /** Recorded video's state: `{ state, recording, failed }`. */
  get videoState() {
    return this.#controller.handle?.video ?? { state: 'off' as const, recording: [], microphone: false, failed: [] };
  }

  /** Starts recording (no-op when it already records); returns the session id. */
  start(): string {
    return this.#controller.start().sessionId;
  }

  /** Stops recording; what was recorded is still sent. */
  stop(): Promise<void> {
    return this.#controller.stop();
  }

  /** The live session's state, or undefined when there is none. */
  get live(): Readonly<LiveSessionState> | undefined {
    const state = this._live?.state;
    return state && state.status !== 'ended' ? state : undefined;
  }

  /**
   * Asks for live help: starts recording if needed, connects the live socket
   * and asks for the code the customer reads to an advisor.
   */
  requestHelp(): void {
    const handle = this.#controller.start();
    if (this._live && this._live.state.status !== 'ended') {
      this._live.requestHelp();
      return;
    }
    this.#startLive(handle, true);
  }

  /** Ends the live session: every viewer is closed, the next page does not rejoin. */
  endLive(): void {
    this._live?.stop();
  }

  /**
   * Sends the customer's question with the recording of what they did so far
   * (starting the recording if it was not running); resolves with the case
   * and its private link, remembered in this browser for later visits.
   */
  async askForHelp(input: AskInput): Promise<CobrowseCaseCreatedDetail> {
    const ask = await this.#askService().catch(() => {
      // The same words as the form's own connection failure (the console has the details).
      throw new Error('Your question could not be sent: the connection failed. Try again in a moment.');
    });
    return caseDetail(await ask.ask(input));
  }

  /** Opens the "Ask for help" form (also without the `ask-button` attribute). */
  openAskForm(): void {
    this.#askService().then(
      (ask) => ask.open(),
      () => {},
    );
  }

  /** The customer's open questions on this site, newest first. */
  get cases(): StoredCase[] {
    return this.siteKey ? readCases(this.#siteKey()) : [];
  }

  /** "Ask for help", loading its code the first time. */
  async #askService(): Promise<AskService> {
    const { AskService } = await this.#askCode.load();
    if (this.#ask) return this.#ask;
    const ask = new AskService({
      destination: () => {
        const { endpoint, siteKey } = resolveOptions(this.#options());
        return { endpoint, siteKey };
      },
      recording: () => this.#controller.start(),
      onCreated: (c) => this.dispatchEvent(cobrowseCaseCreatedEvent(caseDetail(c))),
      onContinueLive: () => this.requestHelp(),
    });
    ask.subscribe(() => this.requestUpdate());
    this.#ask = ask;
    return ask;
  }

  /** Who the customer is (`{ customerId, email, name, … }`); kept until recording starts if it has not. */
  identify(identity: Identity): void {
    this.#withHandle((handle) => handle.identify(identity));
  }

  /** Adds or replaces session metadata; kept until recording starts if it has not. */
  setMetadata(metadata: Record<string, string | number | boolean | null>): void {
    this.#withHandle((handle) => handle.setMetadata(metadata));
  }

  #withHandle(send: (handle: RecordingHandle) => void): void {
    const handle = this.#controller.handle;
    if (handle?.recording) send(handle);
    else if (this.#pendingContext.length < 50) this.#pendingContext.push(send);
  }

  /** Sends the pending events now; resolves once they are safely queued. */
  async flush(): Promise<void> {
    await this.#controller.handle?.flush();
  }

  #siteKey(): string {
    return resolveOptions(this.#options()).siteKey;
  }

  /**
   * `follow`: join the live help another tab of the visit started (refused
   * when there is none). The first call loads live help's code; calls made
   * meanwhile join that one request (asking for help wins over following).
   */
  #startLive(handle: RecordingHandle, help: boolean, follow = false): void {
    const waiting = this.#liveRequest;
    if (waiting) {
      waiting.handle = handle;
      waiting.help ||= help;
      waiting.follow &&= follow;
      return;
    }
    const request: LiveRequest = { handle, help, follow };
    this.#liveRequest = request;
    this.#liveCode.load().then(
      ({ LiveSession }) => {
        // Left the page (disconnected) meanwhile: nothing to start.
        if (this.#liveRequest !== request) return;
        this.#liveRequest = undefined;
        this.#openLive(LiveSession, request);
      },
      () => {
        if (this.#liveRequest === request) this.#liveRequest = undefined;
      },
    );
  }

  #openLive(Session: typeof LiveSession, { handle, help, follow }: LiveRequest): void {
    this._live?.dispose();
    const { endpoint, siteKey } = resolveOptions(this.#options());
    let lastCode: string | undefined;
    let lastStatus: LiveSessionState['status'] | undefined;
    const session = new Session({
      endpoint,
      siteKey,
      recording: handle,
      host: this,
      follow,
      remoteTyping: this.remoteTyping,
      onRefused: (detail) => this.dispatchEvent(cobrowseControlRefusedEvent(detail)),
    });
    session.subscribe(() => {
      const { status, endCode } = session.state;
      if (status !== lastStatus) {
        lastStatus = status;
        // The visit's other tabs join once this tab's room exists; they leave when it ends
        // (a page of this tab taking over the socket is no end).
        if (status === 'open') setVisitLive(siteKey, true);
        else if (status === 'ended' && endCode !== LiveCloseCode.Replaced) setVisitLive(siteKey, false);
      }
      const active = session.state.status !== 'ended';
      if (active !== this.#liveActive) {
        this.#liveActive = active;
        this.requestUpdate();
      }
      const code = session.state.code;
      if (code && code.code !== lastCode) this.dispatchEvent(cobrowseHelpCodeEvent(code));
      lastCode = code?.code;
    });
    this._live = session;
    session.start({ help });
  }

  #options(): RecorderOptions {
    return {
      siteKey: this.siteKey,
      ...(this.endpoint ? { endpoint: this.endpoint } : {}),
      ...(this.checkoutInterval ? { checkoutIntervalMs: this.checkoutInterval } : {}),
      ...(this.flushInterval ? { flushIntervalMs: this.flushInterval } : {}),
      maskAllInputs: !this.noMaskInputs,
      ...(this.recordCanvas ? { canvas: this.canvasFps ? { fps: this.canvasFps } : true } : {}),
      ...(this.metadata ? { metadata: this.metadata } : {}),
      captureConsole: !this.noConsoleCapture,
      captureNetwork: this.noNetworkCapture ? false : (this.networkCapture ?? true),
      ...(this.video ? { video: this.video, videoAudio: this.videoAudio } : {}),
    };
  }
}

const caseDetail = (c: StoredCase): CobrowseCaseCreatedDetail => ({
  caseId: c.caseId,
  link: c.link,
  expiresAt: c.expiresAt,
  sessionId: c.sessionId,
});
