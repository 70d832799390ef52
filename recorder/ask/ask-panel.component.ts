/**
 * @module recorder/ask/ask-panel.component
 * `<cobrowse-ask-panel>`: the customer's "Ask for help" UI, rendered inside
 * `<cobrowse-recorder>`'s shadow root. An optional launcher button; the form
 * (question, topic when the site has some, email for a notice) with the
 * site's tutorials that might help while the customer types ("These might
 * help": above the form, so nothing under the caret moves; one opened plays
 * inline, in the widened card, the form kept as typed); once sent,
 * the private link to copy with a note that the page can be closed; and the
 * questions asked before on this site, each with "Add this recording" and
 * "Continue live".
 *
 * Renders {@link AskState} (property `state`) and acts through the
 * {@link AskService} (property `service`). The layer is marked
 * `data-cb-block`: the question, the email and the link are never part of
 * the recording (rrweb records neither the elements nor their input).
 */
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { askPanelStyles } from './ask-panel.styles.ts';
import { askLauncher, launcherStyles } from '../launchers.ts';
import type { AskService, AskState } from './ask-service.ts';
import type { Suggestion } from './ask-suggestions.ts';
import type { StoredCase } from './case-store.ts';

const playIcon = html`<svg width="14" height="14" viewBox="0 0 24 24" aria-hidden="true" fill="currentColor">
  <path d="M8 5.5v13a1 1 0 0 0 1.5.86l10.5-6.5a1 1 0 0 0 0-1.72L9.5 4.64A1 1 0 0 0 8 5.5z" />
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

export class CobrowseAskPanel extends LitElement {
  static override styles = [launcherStyles, askPanelStyles];

  static override properties = {
    service: { attribute: false },
    state: { attribute: false },
    launcher: { type: Boolean },
    raised: { type: Boolean },
    _copied: { state: true },
    _hintsInside: { state: true },
  };

  declare service: AskService | undefined;
  declare state: Readonly<AskState> | undefined;
  /** Show the "Ask for help" button while the form is closed. */
  declare launcher: boolean;
  /** Sit above the live panel's Get help button. */
  declare raised: boolean;
  declare _copied: boolean;
  /** No room above the card (a short window, a long card): the suggestions sit under the question instead. */
  declare _hintsInside: boolean;

  constructor() {
    super();
    this.launcher = false;
    this.raised = false;
    this._copied = false;
    this._hintsInside = false;
  }

  protected override updated(changed: PropertyValues<this>): void {
    const before: AskState | undefined = changed.get('state');
    const now = this.state;
    if (!now) return;
    // Move focus with the customer: into the form when it opens, to the link once sent.
    if (now.open && !before?.open) {
      this._hintsInside = false;
      this.renderRoot.querySelector<HTMLElement>('#cb-ask-question')?.focus();
    }
    if (now.step === 'sent' && before?.step !== 'sent') this.renderRoot.querySelector<HTMLElement>('#cb-ask-link')?.focus();
    // Into the tutorial's view when one opens; back to its suggestion (or the question) when it closes.
    const viewing = now.hints.viewing;
    const was = before?.hints.viewing;
    if (viewing && viewing !== was) this.renderRoot.querySelector<HTMLElement>('#cb-ask-back')?.focus();
    if (!viewing && was && now.open) {
      const hint = this.renderRoot.querySelector<HTMLElement>(`.hint[data-slug="${CSS.escape(was.slug)}"]`);
      (hint ?? this.renderRoot.querySelector<HTMLElement>('#cb-ask-question'))?.focus();
    }
    this.#placeHints();
  }

  /** Above the card unless that would leave the window: measured once per list shown. */
  #placeHints(): void {
    if (this._hintsInside) return;
    const hints = this.renderRoot.querySelector<HTMLElement>('.hints');
    const card = this.renderRoot.querySelector<HTMLElement>('.card');
    if (!hints || !card) return;
    if (card.getBoundingClientRect().top - hints.offsetHeight - 10 < 8) this._hintsInside = true;
  }

  override render() {
    const s = this.state;
    if (!s) return nothing;
    if (!s.open) {
      if (!this.launcher) return nothing;
      return askLauncher(() => this.service?.open(), this.raised);
    }
    const viewing = s.step === 'sent' ? null : s.hints.viewing;
    return html`<div class="layer" data-cb-block>
      <section class=${viewing ? 'card card--wide' : 'card'} role="dialog" aria-labelledby="cb-ask-title" @keydown=${this.#onKeydown}>
        <div class="card__header">
          <h2 class="card__title" id="cb-ask-title">${s.step === 'sent' ? 'Your question was sent' : 'Ask for help'}</h2>
          <button class="btn--icon" aria-label="Close" title="Close" @click=${() => this.service?.close()}>${closeIcon}</button>
        </div>
        ${viewing ? this.#viewer(s, viewing) : nothing} ${s.step === 'sent' && s.sent ? this.#sent(s, s.sent) : this.#form(s, !!viewing)}
        ${viewing ? nothing : this.#cases(s)}
      </section>
    </div>`;
  }

  /** The tutorial opened from a suggestion, played here by `<cobrowse-tutorial>` (loaded from our server). */
  #viewer(s: Readonly<AskState>, t: Suggestion) {
    // The embed shows the tutorial's title itself.
    return html`<div class="viewer" aria-label=${t.title} role="region">
      <div class="viewer__bar">
        <button type="button" id="cb-ask-back" class="btn--secondary btn--small" @click=${() => this.service?.closeSuggestion()}>
          <span aria-hidden="true">←</span> Back to your question
        </button>
      </div>
      ${
        s.hints.embed === 'ready'
          ? html`<cobrowse-tutorial class="viewer__tutorial" src=${t.url}></cobrowse-tutorial>`
          : s.hints.embed === 'failed'
            ? html`<p class="error" role="alert">
                The tutorial could not be shown here.
                <a class="viewer__link" href=${t.url} target="_blank" rel="noopener noreferrer">Open it on its own page</a>
              </p>`
            : html`<p class="card__text" role="status">Loading the tutorial…</p>`
      }
      <p class="card__text viewer__hint">Still stuck? Go back and send your question: an advisor will answer.</p>
    </div>`;
  }

  /** "These might help": the site's tutorials matching the question (nothing when there are none). */
  #hints(s: Readonly<AskState>) {
    const list = s.hints.suggestions;
    const count = list.length;
    return html`<p class="sr-only" role="status">
        ${count ? `${count} tutorial${count === 1 ? '' : 's'} might help, listed after your question.` : ''}
      </p>
      ${
        count
          ? html`<section class=${this._hintsInside ? 'hints hints--inside' : 'hints'} aria-labelledby="cb-ask-hints">
              <h3 class="hints__title" id="cb-ask-hints">These might help</h3>
              <ul class="hints__list">
                ${list.map(
                  (t) =>
                    html`<li>
                      <button type="button" class="hint" data-slug=${t.slug} @click=${() => this.service?.openSuggestion(t)}>
                        <span class="hint__icon">${playIcon}</span><span class="hint__title">${t.title}</span>
                      </button>
                    </li>`,
                )}
              </ul>
            </section>`
          : nothing
      }`;
  }

  #form(s: Readonly<AskState>, hidden: boolean) {
    const sending = s.step === 'sending';
    return html`<form @submit=${this.#onSubmit} novalidate ?hidden=${hidden}>
      <p class="card__text">
        Describe the problem and send it with a recording of what you just did on this page (passwords and private fields are never
        recorded). An advisor answers through a private link; you do not need to wait here.
      </p>
      <label class="field">
        <span class="field__label">Your question</span>
        <textarea
          id="cb-ask-question"
          class="field__input"
          name="question"
          required
          maxlength="5000"
          ?disabled=${sending}
          placeholder="What were you trying to do, and what happened?"
          @input=${(e: InputEvent) => this.service?.typed((e.target as HTMLTextAreaElement).value)}
        ></textarea>
      </label>
      ${this.#hints(s)}
      ${
        s.topics?.length
          ? html`<label class="field">
              <span class="field__label">Topic <span class="field__optional">(optional)</span></span>
              <select class="field__input" name="topic" ?disabled=${sending}>
                <option value="">Choose a topic</option>
                ${s.topics.map((t) => html`<option value=${t}>${t}</option>`)}
              </select>
            </label>`
          : nothing
      }
      <label class="field">
        <span class="field__label">Email for a notice <span class="field__optional">(optional)</span></span>
        <input
          class="field__input"
          type="email"
          name="email"
          autocomplete="email"
          maxlength="254"
          ?disabled=${sending}
          placeholder="you@example.com"
        />
      </label>
      ${s.error ? html`<p class="error" role="alert">${s.error}</p>` : nothing}
      <div class="card__actions">
        <button type="button" class="btn--secondary" @click=${() => this.service?.close()}>Cancel</button>
        <button type="submit" class="btn--primary" ?disabled=${sending}>${sending ? 'Sending…' : 'Send question'}</button>
      </div>
    </form>`;
  }

  #sent(s: Readonly<AskState>, sent: StoredCase) {
    return html`<p class="card__text">
        Keep this private link: it shows the advisor's answer and lets you
        reply.${s.sentWithEmail ? ' We will also email you when there is an answer.' : ''}
      </p>
      <div class="link">
        <input id="cb-ask-link" class="field__input" readonly aria-label="Your private link" .value=${sent.link} @focus=${selectAll} />
        <button class="btn--secondary" @click=${() => this.#copy(sent.link)}>${this._copied ? 'Copied' : 'Copy'}</button>
      </div>
      <p class="card__text" role="status">You can close this page now. This site also remembers the link in this browser.</p>
      <div class="card__actions">
        <a class="btn btn--secondary" href=${sent.link} target="_blank" rel="noopener noreferrer">Open</a>
        <button class="btn--primary" @click=${() => this.service?.close()}>Done</button>
      </div>`;
  }

  #cases(s: Readonly<AskState>) {
    const earlier = s.cases.filter((c) => c.caseId !== s.sent?.caseId);
    // A notice about a case no longer listed (its link stopped working).
    const orphan = s.notice && !earlier.some((c) => c.caseId === s.notice!.caseId) ? s.notice : null;
    const orphanNotice = orphan
      ? html`<p class=${orphan.error ? 'case__notice case__notice--error' : 'case__notice'} role="status">${orphan.text}</p>`
      : nothing;
    if (!earlier.length) return orphan ? html`<section class="cases">${orphanNotice}</section>` : nothing;
    return html`<section class="cases" aria-labelledby="cb-ask-cases">
      <h3 class="cases__title" id="cb-ask-cases">Your earlier questions</h3>
      ${orphanNotice}
      <ul class="cases__list">
        ${earlier.map((c) => {
          const busy = s.busyCaseId === c.caseId;
          const notice = s.notice?.caseId === c.caseId ? s.notice : null;
          return html`<li class="case" data-case-id=${c.caseId}>
            <span class="case__title">${c.title}</span>
            <div class="case__actions">
              <a class="btn btn--secondary btn--small" href=${c.link} target="_blank" rel="noopener noreferrer">Open</a>
              <button class="btn--secondary btn--small" ?disabled=${busy} @click=${() => this.service?.addRecording(c.caseId)}>
                Add this recording
              </button>
              <button class="btn--secondary btn--small" ?disabled=${busy} @click=${() => this.service?.continueLive(c.caseId)}>
                Continue live
              </button>
            </div>
            ${
              notice
                ? html`<p class=${notice.error ? 'case__notice case__notice--error' : 'case__notice'} role="status">${notice.text}</p>`
                : nothing
            }
          </li>`;
        })}
      </ul>
    </section>`;
  }

  #onSubmit(event: SubmitEvent) {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const text = (name: string) => String(data.get(name) ?? '').trim();
    // Errors are shown from the service's state.
    this.service
      ?.ask({
        question: text('question'),
        ...(text('topic') ? { topic: text('topic') } : {}),
        ...(text('email') ? { email: text('email') } : {}),
      })
      .catch(() => {});
  }

  #onKeydown(event: KeyboardEvent) {
    if (event.key === 'Escape') {
      event.stopPropagation();
      // From a tutorial, Escape goes back to the question; from the form, it closes.
      if (this.state?.hints.viewing && this.state.step !== 'sent') this.service?.closeSuggestion();
      else this.service?.close();
    }
  }

  async #copy(link: string) {
    try {
      await navigator.clipboard.writeText(link);
    } catch {
      this.renderRoot.querySelector<HTMLInputElement>('#cb-ask-link')?.select();
      return;
    }
    this._copied = true;
    setTimeout(() => (this._copied = false), 2000);
  }
}

function selectAll(event: FocusEvent) {
  (event.target as HTMLInputElement).select();
}
