/**
 * @module client/components/tutorial-picker
 * `<cobrowse-tutorial-picker>`: find a published tutorial by its title and
 * pick it (the case composer inserts its link). The organisation's published
 * tutorials are read once (`GET /api/tutorials?status=published`) and
 * filtered here as the member types.
 *
 * Public API: property `api`.
 *
 * @event cobrowse-tutorial-picked - A tutorial was chosen; detail `{ tutorial }` (with its `url`).
 */
import { css, html, LitElement, nothing } from 'lit';
import type { TutorialSummary } from '../../../protocol/tutorials.ts';
import { TUTORIAL_PAGE_SIZE_MAX } from '../../../protocol/tutorials-constants.ts';
import type { ApiClient } from '../../api/api-client.ts';
import { emit } from '../../events/index.ts';
import { RequestController } from '../../lib/request-controller.ts';
import { panels } from '../../styles/case.styles.ts';
import { controls, tokens } from '../../styles/shared.styles.ts';
import { parts } from '../../styles/tutorial.styles.ts';

/** Matches shown at most. */
const SHOWN = 8;

const styles = css`
  :host {
    display: block;
  }
  .picker__search {
    width: 100%;
  }
`;

export default class CobrowseTutorialPicker extends LitElement {
  static override styles = [tokens, controls, panels, parts, styles];
  static override properties = {
    api: { attribute: false },
    query: { state: true },
    published: { state: true },
  };

  declare api: ApiClient | null;
  declare query: string;
  /** null until loaded. */
  declare published: (TutorialSummary & { url: string })[] | null;
  readonly #request = new RequestController(this);

  constructor() {
    super();
    this.api = null;
    this.query = '';
    this.published = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#load();
  }

  async #load(): Promise<void> {
    const api = this.api;
    if (!api) return;
    const list = await this.#request.run((signal) => api.tutorials({ status: 'published', limit: TUTORIAL_PAGE_SIZE_MAX }, { signal }));
    if (list) this.published = list.filter((t): t is TutorialSummary & { url: string } => t.url !== null);
  }

  #matches() {
    const words = this.query.toLowerCase().split(/\s+/).filter(Boolean);
    return (this.published ?? []).filter((t) => words.every((w) => t.title.toLowerCase().includes(w))).slice(0, SHOWN);
  }

  override render() {
    const matches = this.#matches();
    return html`<div class="part" role="search" aria-label="Find a tutorial">
      <label class="label">
        Search published tutorials
        <input
          class="input picker__search"
          type="search"
          placeholder="Title contains…"
          .value=${this.query}
          @input=${(e: Event) => (this.query = (e.target as HTMLInputElement).value)}
        />
      </label>
      ${this.#request.error ? html`<p class="alert" role="alert">${this.#request.error}</p>` : nothing}
      ${
        this.published === null
          ? html`<p class="part__hint" role="status">Loading tutorials…</p>`
          : matches.length
            ? html`<ul class="items" aria-label="Matching tutorials">
                ${matches.map(
                  (t) =>
                    html`<li class="item">
                      <span class="item__grow">${t.title} <span class="muted">· ${t.visibility}</span></span>
                      <button
                        class="btn btn--small"
                        type="button"
                        aria-label="Insert ${t.title}"
                        @click=${() => emit(this, 'cobrowse-tutorial-picked', { tutorial: t })}
                      >
                        Insert
                      </button>
                    </li>`,
                )}
              </ul>`
            : html`<p class="part__hint" role="status">No published tutorial matches.</p>`
      }
    </div>`;
  }
}
