/**
 * @module client/components/live-chat
 * `<cobrowse-live-chat>`: the chat of a live session, both directions, with
 * names and times. Enter sends (Shift+Enter: new line). Messages the
 * advisor sent show at once as pending until the server echoes them.
 *
 * Public API:
 * - properties in: `messages` (ChatMessage[], as the server sent them),
 *   `pending` ({ clientId, text, ts }[] not echoed yet), `viewerId` (own, to mark "You"),
 *   `disabled` (not live)
 *
 * @event cobrowse-chat-send - The advisor sent a message; detail `{ text }`.
 */
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import type { ChatMessage } from '../../../protocol/live.ts';
import { MAX_CHAT_TEXT } from '../../../protocol/live-constants.ts';
import { emit } from '../../events/index.ts';
import { controls, tokens } from '../../styles/shared.styles.ts';
import styles from './live-chat.styles.ts';

export interface PendingChat {
  clientId: string;
  text: string;
  ts: number;
}

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

export default class CobrowseLiveChat extends LitElement {
  static override styles = [tokens, controls, styles];
  static override properties = {
    messages: { attribute: false },
    pending: { attribute: false },
    viewerId: { type: String, attribute: 'viewer-id' },
    disabled: { type: Boolean, reflect: true },
    draft: { state: true },
  };

  declare messages: ChatMessage[];
  declare pending: PendingChat[];
  declare viewerId: string;
  declare disabled: boolean;
  declare draft: string;

  constructor() {
    super();
    this.messages = [];
    this.pending = [];
    this.viewerId = '';
    this.disabled = false;
    this.draft = '';
  }

  override updated(changed: PropertyValues<this>): void {
    if (changed.has('messages') || changed.has('pending')) {
      const log = this.renderRoot.querySelector('.chat__log');
      if (log) log.scrollTop = log.scrollHeight;
    }
  }

  #send(): void {
    const text = this.draft.trim();
    if (!text || this.disabled) return;
    emit(this, 'cobrowse-chat-send', { text });
    this.draft = '';
  }

  #onKey = (e: KeyboardEvent): void => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      this.#send();
    }
  };

  #renderMessage(m: { from: string; name: string; text: string; ts: number; mine: boolean; pending: boolean }) {
    return html`<li class="chat__msg ${m.mine ? 'chat__msg--mine' : ''} ${m.pending ? 'chat__msg--pending' : ''}" data-from=${m.from}>
      <div class="chat__meta">
        <span class="chat__name">${m.mine ? 'You' : m.name}</span>
        <time class="chat__time" datetime=${new Date(m.ts).toISOString()}>${timeFormat.format(m.ts)}</time>
        ${m.pending ? html`<span class="chat__sending">sending…</span>` : nothing}
      </div>
      <div class="chat__text">${m.text}</div>
    </li>`;
  }

  override render() {
    const echoed = new Set(this.messages.map((m) => m.clientId));
    const rows = [
      ...this.messages.map((m) => ({
        from: m.from,
        name: m.name,
        text: m.text,
        ts: m.ts,
        mine: m.from === 'advisor' && m.viewerId === this.viewerId,
        pending: false,
      })),
      ...this.pending
        .filter((p) => !echoed.has(p.clientId))
        .map((p) => ({ from: 'advisor', name: 'You', text: p.text, ts: p.ts, mine: true, pending: true })),
    ];
    return html`
      <section class="chat" aria-label="Chat">
        <h2 class="chat__title">Chat</h2>
        <ol class="chat__log" aria-live="polite">
          ${rows.length === 0 ? html`<li class="chat__empty">No messages yet.</li>` : rows.map((m) => this.#renderMessage(m))}
        </ol>
        <form class="chat__form" @submit=${(e: Event) => (e.preventDefault(), this.#send())}>
          <textarea
            class="input chat__input"
            rows="2"
            aria-label="Message"
            placeholder=${this.disabled ? 'Chat is available while live' : 'Message the customer (Enter to send)'}
            maxlength=${MAX_CHAT_TEXT}
            ?disabled=${this.disabled}
            .value=${this.draft}
            @input=${(e: Event) => (this.draft = (e.target as HTMLTextAreaElement).value)}
            @keydown=${this.#onKey}
          ></textarea>
          <button class="btn btn--primary" type="submit" ?disabled=${this.disabled || !this.draft.trim()}>Send</button>
        </form>
      </section>
    `;
  }
}
