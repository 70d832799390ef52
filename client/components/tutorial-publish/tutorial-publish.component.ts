/**
 * @module client/components/tutorial-publish
 * `<cobrowse-tutorial-publish>`: the Publish dialog (a modal `<dialog>`):
 * who may open the tutorial (public, unlisted: whoever has the link, org:
 * signed-in members), an optional expiry, Publish. Published: the absolute
 * URL with a Copy button. Refused (409 `sensitive_data_unredacted`): the
 * values that still show, to redact or ignore under Privacy first.
 *
 * Public API: properties `api`, `tutorial`; `show()` opens the dialog.
 *
 * @event cobrowse-tutorial-changed - Published; detail `{ tutorial }` (read again after publishing).
 */
import { html, LitElement, nothing } from 'lit';
import type { Tutorial, TutorialPublished } from '../../../protocol/tutorials.ts';
import { TUTORIAL_VISIBILITIES, type TutorialVisibility } from '../../../protocol/tutorials-constants.ts';
import type { ApiClient } from '../../api/api-client.ts';
import { ApiError } from '../../api/api-error.ts';
import { emit } from '../../events/index.ts';
import { RequestController } from '../../lib/request-controller.ts';
import { panels } from '../../styles/case.styles.ts';
import { controls, tokens } from '../../styles/shared.styles.ts';
import { parts } from '../../styles/tutorial.styles.ts';
import styles from './tutorial-publish.styles.ts';

const VISIBILITY_WORDS: Record<TutorialVisibility, { label: string; hint: string }> = {
  public: { label: 'Public', hint: 'Anyone can open it; it may be listed where you link it.' },
  unlisted: { label: 'Unlisted', hint: 'Anyone with the link can open it.' },
  org: { label: 'Organisation', hint: 'Only signed-in members of your organisation.' },
};

/** The values a 409 `sensitive_data_unredacted` names (its `details.findings`). */
export function refusedValues(err: unknown): { kind: string; value: string }[] | null {
  if (!(err instanceof ApiError) || err.code !== 'sensitive_data_unredacted') return null;
  const findings = (err.details as { findings?: { kind: string; value: string }[] } | undefined)?.findings;
  return Array.isArray(findings) ? findings : [];
}

export default class CobrowseTutorialPublish extends LitElement {
  static override styles = [tokens, controls, panels, parts, styles];
  static override properties = {
    api: { attribute: false },
    tutorial: { attribute: false },
    visibility: { state: true },
    expires: { state: true },
    published: { state: true },
    copied: { state: true },
  };

  declare api: ApiClient | null;
  declare tutorial: Tutorial | null;
  declare visibility: TutorialVisibility;
  /** A `datetime-local` value ('' : never). */
  declare expires: string;
  declare published: TutorialPublished | null;
  declare copied: boolean;
  readonly #request = new RequestController(this);

  constructor() {
    super();
    this.api = null;
    this.tutorial = null;
    this.visibility = 'unlisted';
    this.expires = '';
    this.published = null;
    this.copied = false;
  }

  /** Opens the dialog, with the tutorial's current visibility. */
  show(): void {
    this.published = null;
    this.copied = false;
    this.#request.clear();
    if (this.tutorial) this.visibility = this.tutorial.visibility;
    this.renderRoot.querySelector('dialog')?.showModal();
  }

  #close(): void {
    this.renderRoot.querySelector('dialog')?.close();
  }

  async #publish(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const api = this.api;
    const id = this.tutorial?.id;
    if (!api || !id) return;
    const expiresAt = this.expires ? new Date(this.expires).toISOString() : undefined;
    const published = await this.#request.run((signal) =>
      api.publishTutorial(id, { visibility: this.visibility, ...(expiresAt ? { expiresAt } : {}) }, { signal }),
    );
    if (!published) return;
    this.published = published;
    const fresh = await this.#request.run((signal) => api.tutorial(id, { signal }));
    if (fresh) emit(this, 'cobrowse-tutorial-changed', { tutorial: fresh });
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLInputElement>('#published-url')?.select();
  }

  async #copy(url: string): Promise<void> {
    try {
      await navigator.clipboard.writeText(url);
      this.copied = true;
    } catch {
      this.renderRoot.querySelector<HTMLInputElement>('#published-url')?.select(); // no clipboard: selected, to copy by hand
    }
  }

  #renderRefusal() {
    const values = refusedValues(this.#request.failure);
    if (values === null) return this.#request.error ? html`<p class="alert" role="alert">${this.#request.error}</p>` : nothing;
    return html`<div class="alert" role="alert">
      <strong>Not published: the tutorial still shows private data.</strong>
      <p class="publish__hint">Redact or ignore these under Privacy, then publish again:</p>
      <ul class="publish__values" aria-label="Values still to redact">
        ${values.map((v) => html`<li><code>${v.value}</code> <span>(${v.kind})</span></li>`)}
      </ul>
    </div>`;
  }

  #renderForm() {
    return html`<form class="part" @submit=${this.#publish}>
      <fieldset class="publish__choices">
        <legend>Who can open it</legend>
        ${TUTORIAL_VISIBILITIES.map(
          (v) =>
            html`<label class="publish__choice">
              <input type="radio" name="visibility" value=${v} .checked=${this.visibility === v} @change=${() => (this.visibility = v)} />
              <span><strong>${VISIBILITY_WORDS[v].label}</strong> <span class="muted">${VISIBILITY_WORDS[v].hint}</span></span>
            </label>`,
        )}
      </fieldset>
      <label class="label">
        Expires (optional)
        <input
          class="input"
          type="datetime-local"
          .value=${this.expires}
          @input=${(e: Event) => (this.expires = (e.target as HTMLInputElement).value)}
        />
      </label>
      ${this.#renderRefusal()}
      <div class="publish__actions">
        <button class="btn" type="button" @click=${this.#close}>Cancel</button>
        <button class="btn btn--primary" type="submit" ?disabled=${this.#request.busy}>
          ${this.#request.busy ? 'Publishing…' : 'Publish'}
        </button>
      </div>
    </form>`;
  }

  #renderPublished(p: TutorialPublished) {
    return html`<div class="part">
      <p class="notice" role="status">Published (version ${p.version}).</p>
      <label class="label" for="published-url">Tutorial URL</label>
      <div class="row-form">
        <input class="input item__grow" id="published-url" type="url" readonly .value=${p.url} />
        <button class="btn" type="button" @click=${() => void this.#copy(p.url)}>${this.copied ? 'Copied' : 'Copy link'}</button>
      </div>
      <div class="publish__actions">
        <a class="btn" href=${p.url} target="_blank" rel="noopener">Open</a>
        <button class="btn btn--primary" type="button" @click=${this.#close}>Done</button>
      </div>
    </div>`;
  }

  override render() {
    return html`<dialog class="publish" aria-labelledby="publish-title">
      <h2 class="part__title" id="publish-title">Publish “${this.tutorial?.title ?? ''}”</h2>
      ${this.published ? this.#renderPublished(this.published) : this.#renderForm()}
    </dialog>`;
  }
}
