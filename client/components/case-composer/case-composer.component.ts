/**
 * @module client/components/case-composer
 * `<cobrowse-case-composer>`: writes to a case, one tab per kind: a text
 * answer, an internal note (advisors only), a link to an existing tutorial,
 * or a video reply recorded on the spot (`<cobrowse-video-replies no-list>`
 * on the case's recording). Answers may resolve the case at once. The host
 * posts the message and calls `clear()` once it is stored, so nothing typed
 * is lost when sending fails. "Insert tutorial" (Answer tab) finds a published
 * tutorial by title and puts its title and link into the answer (the
 * customer's case page shows it as a link); the Tutorial link tab fills its
 * fields from the same search.
 *
 * Public API:
 * - properties in: `api`, `sessionId` (`session-id`, the case's recording;
 *   without it there is no video tab), `busy` (a message is being sent)
 * - methods: `clear()`, `draft(text)` (a reused answer into the Answer tab, to edit before sending)
 *
 * @event cobrowse-case-message - Send this message; detail `{ message }` (an AdvisorMessageCreate).
 */
import { html, LitElement, nothing } from 'lit';
import type { AdvisorMessageCreate } from '../../../protocol/cases.ts';
import type { ApiClient } from '../../api/api-client.ts';
import { emit, type CobrowseReplySentEvent, type CobrowseTutorialPickedEvent } from '../../events/index.ts';
import { panels } from '../../styles/case.styles.ts';
import { controls, tokens } from '../../styles/shared.styles.ts';
import '../tutorial-picker/tutorial-picker.ts';
import '../video-replies/video-replies.ts';
import styles from './case-composer.styles.ts';

export type ComposerTab = 'answer' | 'note' | 'tutorial' | 'video';

const TABS: { id: ComposerTab; label: string }[] = [
  { id: 'answer', label: 'Answer' },
  { id: 'note', label: 'Internal note' },
  { id: 'tutorial', label: 'Tutorial link' },
  { id: 'video', label: 'Video reply' },
];

export default class CobrowseCaseComposer extends LitElement {
  static override styles = [tokens, controls, panels, styles];
  static override properties = {
    api: { attribute: false },
    sessionId: { type: String, attribute: 'session-id' },
    busy: { type: Boolean },
    tab: { state: true },
    text: { state: true },
    url: { state: true },
    urlTitle: { state: true },
    resolve: { state: true },
    picking: { state: true },
  };

  declare api: ApiClient | null;
  declare sessionId: string;
  declare busy: boolean;
  declare tab: ComposerTab;
  declare text: string;
  declare url: string;
  declare urlTitle: string;
  /** Resolve the case with this answer. */
  declare resolve: boolean;
  /** The tutorial search is open in the Answer tab. */
  declare picking: boolean;

  constructor() {
    super();
    this.api = null;
    this.sessionId = '';
    this.busy = false;
    this.tab = 'answer';
    this.text = '';
    this.url = '';
    this.urlTitle = '';
    this.resolve = false;
    this.picking = false;
  }

  /** Empties the fields (after the host stored the message). */
  clear(): void {
    this.text = '';
    this.url = '';
    this.urlTitle = '';
    this.resolve = false;
  }

  /**
   * Puts `text` into the Answer tab as a draft (nothing is sent): below what
   * was already typed, so nothing is lost; the text area is focused to edit it.
   */
  async draft(text: string): Promise<void> {
    const before = this.text.replace(/\s+$/, '');
    this.text = `${before}${before ? '\n\n' : ''}${text}`;
    this.tab = 'answer';
    await this.updateComplete;
    const area = this.renderRoot.querySelector<HTMLTextAreaElement>('textarea');
    area?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
    area?.focus();
  }

  #status(): Pick<AdvisorMessageCreate, 'status'> {
    return this.resolve ? { status: 'resolved' } : {};
  }

  #submit(e: SubmitEvent): void {
    e.preventDefault();
    if (this.busy) return;
    const text = this.text.trim();
    let message: AdvisorMessageCreate;
    if (this.tab === 'tutorial') {
      const url = this.url.trim();
      if (!url) return;
      const title = this.urlTitle.trim();
      message = {
        kind: 'tutorial_link',
        body: text || title || url,
        attachments: [{ type: 'link', url, ...(title ? { title } : {}) }],
        ...this.#status(),
      };
    } else {
      if (!text) return;
      message = this.tab === 'note' ? { kind: 'internal_note', body: text } : { kind: 'text', body: text, ...this.#status() };
    }
    emit(this, 'cobrowse-case-message', { message });
  }

  #onReplySent = (e: CobrowseReplySentEvent): void => {
    // The reply is a media track of the recording; the thread message is what the customer sees.
    e.stopPropagation();
    const { reply } = e.detail;
    emit(this, 'cobrowse-case-message', {
      message: {
        kind: 'video_reply',
        body: reply.title || 'Video reply',
        attachments: [{ type: 'media', sessionId: reply.sessionId, trackId: reply.replyId }],
        ...this.#status(),
      },
    });
  };

  /** Answer tab: the tutorial's title and link go at the end of the answer, on a line of their own. */
  #insertTutorial = async (e: CobrowseTutorialPickedEvent): Promise<void> => {
    e.stopPropagation();
    const { title, url } = e.detail.tutorial;
    const before = this.text.replace(/\s+$/, '');
    this.text = `${before}${before ? '\n\n' : ''}${title}: ${url}`;
    this.picking = false;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLTextAreaElement>('textarea')?.focus();
  };

  /** Tutorial link tab: the picked tutorial fills the URL and title. */
  #fillTutorial = (e: CobrowseTutorialPickedEvent): void => {
    e.stopPropagation();
    this.url = e.detail.tutorial.url;
    this.urlTitle = e.detail.tutorial.title;
  };

  #selectTab(tab: ComposerTab): void {
    this.tab = tab;
  }

  #onTabKey(e: KeyboardEvent): void {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
    const tabs = this.#tabs();
    const i = tabs.findIndex((t) => t.id === this.tab);
    const next = tabs[(i + (e.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length]!;
    this.tab = next.id;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`#tab-${next.id}`)?.focus());
  }

  #tabs() {
    return TABS.filter((t) => t.id !== 'video' || this.sessionId);
  }

  #resolveBox() {
    return html`<label class="check">
      <input type="checkbox" .checked=${this.resolve} @change=${(e: Event) => (this.resolve = (e.target as HTMLInputElement).checked)} />
      Resolve the case
    </label>`;
  }

  #textArea(label: string, placeholder: string, required = true) {
    return html`<label class="label">
      ${label}
      <textarea
        class="textarea"
        .value=${this.text}
        placeholder=${placeholder}
        ?required=${required}
        @input=${(e: Event) => (this.text = (e.target as HTMLTextAreaElement).value)}
      ></textarea>
    </label>`;
  }

  #renderPanel() {
    switch (this.tab) {
      case 'answer':
        return html`<form class="composer__form" @submit=${this.#submit}>
          ${this.#textArea('Answer', 'Write to the customer…')}
          ${
            this.picking
              ? html`<cobrowse-tutorial-picker
                  .api=${this.api}
                  @cobrowse-tutorial-picked=${this.#insertTutorial}
                ></cobrowse-tutorial-picker>`
              : nothing
          }
          <div class="composer__actions">
            <button
              class="btn"
              type="button"
              aria-expanded=${this.picking ? 'true' : 'false'}
              @click=${() => (this.picking = !this.picking)}
            >
              Insert tutorial
            </button>
            ${this.#resolveBox()}
            <button class="btn btn--primary" type="submit" ?disabled=${this.busy}>Send answer</button>
          </div>
        </form>`;
      case 'note':
        return html`<form class="composer__form composer__form--note" @submit=${this.#submit}>
          ${this.#textArea('Internal note', 'Only advisors will see this…')}
          <div class="composer__actions">
            <span class="composer__hint">The customer never sees notes.</span>
            <button class="btn btn--primary" type="submit" ?disabled=${this.busy}>Add note</button>
          </div>
        </form>`;
      case 'tutorial':
        return html`<form class="composer__form" @submit=${this.#submit}>
          <cobrowse-tutorial-picker .api=${this.api} @cobrowse-tutorial-picked=${this.#fillTutorial}></cobrowse-tutorial-picker>
          <div class="form-row">
            <label class="label label--grow">
              Tutorial URL
              <input
                class="input"
                type="url"
                required
                placeholder="https://help.example/…"
                .value=${this.url}
                @input=${(e: Event) => (this.url = (e.target as HTMLInputElement).value)}
              />
            </label>
            <label class="label label--grow">
              Tutorial title
              <input
                class="input"
                type="text"
                .value=${this.urlTitle}
                @input=${(e: Event) => (this.urlTitle = (e.target as HTMLInputElement).value)}
              />
            </label>
          </div>
          ${this.#textArea('Message (optional)', 'This guide shows how to…', false)}
          <div class="composer__actions">
            ${this.#resolveBox()}
            <button class="btn btn--primary" type="submit" ?disabled=${this.busy}>Send link</button>
          </div>
        </form>`;
      case 'video':
        return html`<div class="composer__form">
          <cobrowse-video-replies
            no-list
            .api=${this.api}
            session-id=${this.sessionId}
            @cobrowse-reply-sent=${this.#onReplySent}
          ></cobrowse-video-replies>
          <div class="composer__actions">
            ${this.#resolveBox()}
            <span class="composer__hint">Once sent, the video appears in the conversation for the customer.</span>
          </div>
        </div>`;
    }
  }

  override render() {
    const tabs = this.#tabs();
    return html`<section class="composer" aria-label="Reply">
      <div class="tabs" role="tablist" aria-label="Message kind" @keydown=${this.#onTabKey}>
        ${tabs.map(
          (t) =>
            html`<button
              type="button"
              role="tab"
              class="tab"
              id=${`tab-${t.id}`}
              aria-selected=${this.tab === t.id ? 'true' : 'false'}
              aria-controls="composer-panel"
              tabindex=${this.tab === t.id ? 0 : -1}
              @click=${() => this.#selectTab(t.id)}
            >
              ${t.label}
            </button>`,
        )}
      </div>
      <div class="composer__panel" id="composer-panel" role="tabpanel" aria-labelledby=${`tab-${this.tab}`}>
        ${this.busy ? html`<span class="visually-hidden" role="status">Sending…</span>` : nothing} ${this.#renderPanel()}
      </div>
    </section>`;
  }
}
