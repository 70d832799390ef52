/**
 * @module recorder/live/live-panel.component
 * `<cobrowse-live-panel>`: the customer's live UI, rendered inside
 * `<cobrowse-recorder>`'s shadow root. Shows, as the session goes:
 * the Get help button, the code to read to the advisor, consent and control
 * prompts, the "… can see this page" banner with Stop (and Revoke while
 * someone controls), the chat, and the call (`<cobrowse-call-panel>`).
 *
 * Every layer is marked `data-cb-block` so the recording (and the advisor)
 * never shows the customer's own live UI.
 *
 * @event cobrowse-live-help - the Get help button was pressed (not composed; the recorder handles it).
 */
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import '../call/call-elements.ts';
import type { ChatMessage, Viewer } from '../../protocol/live.ts';
import { LiveSessionController } from './live-session-controller.ts';
import type { LiveSession } from './live-session.ts';
import { livePanelStyles } from './live-panel.styles.ts';
import { helpLauncher, launcherStyles } from '../launchers.ts';
import { readItem, writeItem } from '../safe-storage.ts';
import { MediaQueryController } from '../media-query-controller.ts';

/** Phone-sized screens: the same breakpoint as the panel's styles. */
const PHONE_QUERY = '(max-width: 480px)';

export const LIVE_HELP_EVENT = 'cobrowse-live-help';

/** "Alice", "Alice and Bob", "Alice, Bob and Carol". */
export function joinNames(names: string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

const chatIcon = html`<svg
  width="18"
  height="18"
  viewBox="0 0 24 24"
  aria-hidden="true"
  fill="none"
  stroke="currentColor"
  stroke-width="2"
  stroke-linecap="round"
  stroke-linejoin="round"
>
  <path d="M21 12a8 8 0 0 1-11.6 7.1L4 20l1-4.6A8 8 0 1 1 21 12z" />
</svg>`;
const closeIcon = html`<svg
  width="16"
  height="16"
  viewBox="0 0 24 24"
  aria-hidden="true"
  fill="none"
  stroke="currentColor"
  stroke-width="2.2"
  stroke-linecap="round"
>
  <path d="M6 6l12 12M18 6L6 18" />
</svg>`;

/**
 * How long "Connecting…" may last before the customer is told, in words, that
 * help cannot be reached (the browser hides why a WebSocket was refused; the
 * server logs the reason at warn).
 */
const HELP_UNREACHABLE_MS = 6_000;
const BANNER_SMALL_KEY = 'cobrowse:banner-small';

export class CobrowseLivePanel extends LitElement {
  static override styles = [launcherStyles, livePanelStyles];

  static override properties = {
    session: { attribute: false },
    helpButton: { type: Boolean, attribute: 'help-button' },
    _chatOpen: { state: true },
    _seenChat: { state: true },
    _copied: { state: true },
    _unreachable: { state: true },
    _bannerSmall: { state: true },
  };

  declare session: LiveSession | undefined;
  declare helpButton: boolean;
  declare _chatOpen: boolean;
  /** How many chat messages the customer has seen (the rest are new). */
  declare _seenChat: number;
  declare _copied: boolean;
  /** Asked for help and still not connected after {@link HELP_UNREACHABLE_MS}. */
  declare _unreachable: boolean;
  /** The sharing banner is folded into a dot (the customer's choice, kept for the tab). */
  declare _bannerSmall: boolean;
  #unreachableTimer: ReturnType<typeof setTimeout> | undefined;

  #follow = new LiveSessionController(this);
  #narrow = new MediaQueryController(this, PHONE_QUERY);

  constructor() {
    super();
    this.helpButton = false;
    this._chatOpen = false;
    this._seenChat = 0;
    this._copied = false;
    this._unreachable = false;
    this._bannerSmall = readItem(BANNER_SMALL_KEY) === '1';
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('session')) {
      this.#follow.follow(this.session);
      this._chatOpen = false;
      this._seenChat = this.session?.state.chat.length ?? 0;
    }
    if (this._chatOpen && this.session) this._seenChat = this.session.state.chat.length;
  }

  protected override updated(): void {
    const log = this.renderRoot.querySelector('.chat__log');
    if (log) log.scrollTop = log.scrollHeight;
    const s = this.session?.state;
    const waiting = !!s && s.helpPending && s.status !== 'open';
    if (!waiting) {
      clearTimeout(this.#unreachableTimer);
      this.#unreachableTimer = undefined;
      if (this._unreachable) this._unreachable = false;
    } else if (!this.#unreachableTimer && !this._unreachable) {
      this.#unreachableTimer = setTimeout(() => {
        this.#unreachableTimer = undefined;
        this._unreachable = true;
        console.warn('[cobrowse] live help: the server cannot be reached or refuses this page (see the server log for why)');
      }, HELP_UNREACHABLE_MS);
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.#unreachableTimer);
    this.#unreachableTimer = undefined;
  }

  override render() {
    const session = this.session;
    const s = session?.state;
    const live = s && s.status !== 'ended';
    if (!live) {
      return this.helpButton ? helpLauncher(() => this.#help()) : nothing;
    }
    const watching = s.viewers.length > 0;
    const controller = s.controllerId ? (session.nameOf(s.controllerId) ?? 'Your advisor') : null;
    const unread = s.chat.slice(this._seenChat).filter((m) => m.from === 'advisor').length;
    const showChatToggle = watching || s.chat.length > 0;
    // NOTE: on a phone the top of the screen is the page's own header (logo, menu, cart); the banner joins the bottom stack.
    const docked = this.#narrow.matches;
    return html`
      ${watching && !docked ? this.#banner(session, controller, false) : nothing}
      <div class="layer dock" data-cb-block>
        ${watching && docked ? this.#banner(session, controller, true) : nothing}
        ${s.consentRequests.map((v) => this.#consentPrompt(session, v))}
        ${s.controlRequest ? this.#controlPrompt(session, s.controlRequest) : nothing}
        ${!watching && s.consentRequests.length === 0 ? this.#codeCard(session) : nothing}
        ${this._chatOpen ? this.#chat(session, s.chat) : nothing}
        ${
          showChatToggle && !this._chatOpen
            ? html`<button
                class="btn--launcher"
                aria-label=${unread ? `Chat, ${unread} new message${unread > 1 ? 's' : ''}` : 'Chat'}
                @click=${this.#openChat}
              >
                ${chatIcon}Chat${unread ? html`<span class="badge" aria-hidden="true">${unread}</span>` : nothing}
              </button>`
            : nothing
        }
        <span class="sr-only" aria-live="polite">${unread ? `${unread} new chat message${unread > 1 ? 's' : ''}` : ''}</span>
      </div>
      <cobrowse-call-panel .store=${session.call}></cobrowse-call-panel>
    `;
  }

  #consentPrompt(session: LiveSession, viewer: Viewer) {
    const id = `consent-${viewer.id}`;
    return html`<div class="card" role="alertdialog" aria-labelledby=${id} aria-describedby=${`${id}-text`}>
      <p class="card__title" id=${id}>${viewer.name} wants to see this page</p>
      <p class="card__text" id=${`${id}-text`}>
        They will see this page as you do. Passwords and hidden fields stay private. You can stop at any time.
      </p>
      <div class="card__actions">
        <button class="btn--secondary" @click=${() => session.answerConsent(viewer.id, false)}>Decline</button>
        <button class="btn--primary" @click=${() => session.answerConsent(viewer.id, true)}>Accept</button>
      </div>
    </div>`;
  }

  #controlPrompt(session: LiveSession, viewer: Viewer) {
    return html`<div class="card" role="alertdialog" aria-labelledby="control-title" aria-describedby="control-text">
      <p class="card__title" id="control-title">${viewer.name} asks to control this page</p>
      <p class="card__text" id="control-text">
        ${
          session.remoteTyping
            ? 'They could click, scroll and type into ordinary fields for you. They can never see or type into passwords, payment details or other private fields.'
            : 'They could click and scroll for you, but not type. They can never see private fields.'
        }
        You can take control back at any time.
      </p>
      <div class="card__actions">
        <button class="btn--secondary" @click=${() => session.answerControl(viewer.id, false)}>Deny</button>
        <button class="btn--primary" @click=${() => session.answerControl(viewer.id, true)}>Allow</button>
      </div>
    </div>`;
  }

  /**
   * Who can see the page (and who controls it), with Stop and Revoke, at the
   * top centre; "Make smaller" folds it into a dot at the top-right corner
   * so it never hides the page's own header for long (kept for the tab).
   * `docked`: on a phone, at the top of the bottom stack instead.
   */
  #banner(session: LiveSession, controller: string | null, docked: boolean) {
    const names = joinNames(session.state.viewers.map((v) => v.name));
    const layer = docked ? 'banner banner--docked' : 'layer banner';
    if (this._bannerSmall) {
      const label = `${names} can see this page${controller ? `; ${controller} is controlling it` : ''}. Show`;
      return html`<div class=${`${layer} banner--small`} data-cb-block role="region" aria-label="Screen sharing">
        <button class="banner__pill" aria-label=${label} title=${label} @click=${() => this.#setBannerSmall(false)}>
          <span class="banner__dot" aria-hidden="true"></span>
          ${controller ? html`<span class="banner__dot banner__dot--control" aria-hidden="true"></span>` : nothing}
        </button>
      </div>`;
    }
    return html`<div class=${layer} data-cb-block role="region" aria-label="Screen sharing">
      <div class="banner__row" role="status">
        <span class="banner__dot" aria-hidden="true"></span>
        <span class="banner__text">${names} can see this page</span>
        <button class="btn--danger" @click=${() => session.stop()}>Stop</button>
        <button class="btn--light btn--fold" aria-label="Make smaller" title="Make smaller" @click=${() => this.#setBannerSmall(true)}>
          –
        </button>
      </div>
      ${
        controller
          ? html`<div class="banner__row banner__row--control" role="status">
              <span class="banner__dot" aria-hidden="true"></span>
              <span class="banner__text">${controller} is controlling this page</span>
              <button class="btn--light" @click=${() => session.revokeControl()}>Revoke</button>
            </div>`
          : nothing
      }
    </div>`;
  }

  #setBannerSmall(small: boolean): void {
    this._bannerSmall = small;
    writeItem(BANNER_SMALL_KEY, small ? '1' : '');
  }

  #codeCard(session: LiveSession) {
    const s = session.state;
    if (!s.code && !s.helpPending) return nothing;
    const connecting = s.status !== 'open';
    return html`<div class="card" role="region" aria-labelledby="code-title">
      <div style="display:flex;align-items:center;justify-content:space-between">
        <p class="card__title" id="code-title">Your support code</p>
        <button class="btn--icon" aria-label="Cancel help" title="Cancel" @click=${() => session.end()}>${closeIcon}</button>
      </div>
      ${
        s.code
          ? html`<div class="code">
                <span class="code__digits" aria-label=${`Code ${s.code.code.split('').join(' ')}`}>${s.code.code}</span>
                <button class="btn--secondary" @click=${() => this.#copy(s.code!.code)}>${this._copied ? 'Copied' : 'Copy'}</button>
              </div>
              <p class="card__text">Tell this code to your advisor. You will be asked before anyone can see this page.</p>`
          : this._unreachable
            ? html`<p class="card__text card__text--error" role="alert">
                Live help cannot be reached from this page right now. We keep trying; you can also close this and try again later.
              </p>`
            : html`<p class="card__text" role="status">${connecting ? 'Connecting…' : 'Getting your code…'}</p>`
      }
    </div>`;
  }

  #chat(session: LiveSession, messages: ChatMessage[]) {
    const advisors = joinNames(session.state.viewers.map((v) => v.name));
    return html`<section class="card chat" aria-label="Chat">
      <div class="chat__header">
        <span>${advisors ? `Chat with ${advisors}` : 'Chat'}</span>
        <button class="btn--icon" aria-label="Close chat" @click=${() => (this._chatOpen = false)}>${closeIcon}</button>
      </div>
      <div class="chat__log" role="log" aria-live="polite">
        ${
          messages.length === 0
            ? html`<p class="chat__empty">Ask your advisor anything.</p>`
            : messages.map(
                // Only the message's own text keeps its whitespace (pre-wrap): the template's may be reformatted.
                (m) =>
                  html`<div class=${`msg msg--${m.from}`}>
                    ${m.from === 'advisor' ? html`<span class="msg__name">${m.name}</span>` : nothing}
                    <span class="msg__text">${m.text}</span>
                  </div>`,
              )
        }
      </div>
      <form class="chat__form" @submit=${this.#onSubmit}>
        <textarea
          class="chat__input"
          rows="1"
          aria-label="Message"
          placeholder="Write a message…"
          maxlength="4000"
          @keydown=${this.#onKeydown}
        ></textarea>
        <button class="btn--primary" type="submit">Send</button>
      </form>
    </section>`;
  }

  #help() {
    this.dispatchEvent(new Event(LIVE_HELP_EVENT));
  }

  async #openChat() {
    this._chatOpen = true;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLTextAreaElement>('.chat__input')?.focus();
  }

  #onKeydown(event: KeyboardEvent) {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      this.#sendChat();
    }
  }

  #onSubmit(event: Event) {
    event.preventDefault();
    this.#sendChat();
  }

  #sendChat() {
    const input = this.renderRoot.querySelector<HTMLTextAreaElement>('.chat__input');
    if (input && this.session?.sendChat(input.value)) input.value = '';
  }

  async #copy(code: string) {
    try {
      await navigator.clipboard.writeText(code);
    } catch {
      const digits = this.renderRoot.querySelector('.code__digits');
      if (digits) getSelection()?.selectAllChildren(digits);
      return;
    }
    this._copied = true;
    setTimeout(() => (this._copied = false), 2000);
  }
}
