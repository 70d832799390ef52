/**
 * @module client/components/search-box
 * `<cobrowse-search>`: the app bar's search box (docs/search.md). Typing
 * searches sessions and cases (`GET /api/search`, debounced, the last word
 * a prefix); the results open below as links — a session at the moment its
 * text was on screen (`/app/sessions/:id?t=`), a case to its page — with the
 * matched words marked. Snippets arrive as plain text plus ranges and are
 * rendered as text nodes: nothing from a recorded page becomes markup.
 * Escape or a click elsewhere closes the panel.
 *
 * Properties in: `api`.
 *
 * @event cobrowse-search-open - A result was picked; detail `{ kind, id, t }`.
 */
import { html, LitElement, nothing } from 'lit';
import type { SearchResponse, SearchResult } from '../../../protocol/search-constants.ts';
import type { ApiClient } from '../../api/api-client.ts';
import { emit } from '../../events/index.ts';
import { DebouncedQueryController } from '../../lib/debounced-query-controller.ts';
import { formatDateTime, formatDuration } from '../../lib/format.ts';
import { markedText } from '../../lib/marked-text.ts';
import { routeUrl } from '../../lib/route.ts';
import { controls, tokens } from '../../styles/shared.styles.ts';
import styles from './search-box.styles.ts';

const MIN_CHARS = 2;

export default class CobrowseSearch extends LitElement {
  static override styles = [tokens, controls, styles];
  static override properties = {
    api: { attribute: false },
    open: { state: true },
    query: { state: true },
  };

  declare api: ApiClient | undefined;
  declare open: boolean;
  declare query: string;

  readonly #results = new DebouncedQueryController<string, SearchResponse>(this, (q, signal) => {
    if (!this.api) throw new Error('not signed in');
    return this.api.search({ q, limit: 10 }, { signal });
  });

  constructor() {
    super();
    this.open = false;
    this.query = '';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('pointerdown', this.#onOutside);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('pointerdown', this.#onOutside);
  }

  #onOutside = (e: PointerEvent) => {
    if (!e.composedPath().includes(this)) this.open = false;
  };

  #onInput(e: InputEvent) {
    this.query = (e.target as HTMLInputElement).value;
    const q = this.query.trim();
    this.open = q.length >= MIN_CHARS;
    this.#results.set(q.length >= MIN_CHARS ? q : null);
  }

  #onKeydown(e: KeyboardEvent) {
    if (e.key === 'Escape') this.open = false;
  }

  #pick(e: MouseEvent, r: SearchResult) {
    // Let the browser handle new tabs and windows.
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    this.open = false;
    emit(this, 'cobrowse-search-open', { kind: r.kind, id: r.id, t: r.t ?? null });
  }

  #href(r: SearchResult): string {
    if (r.kind === 'session') return routeUrl({ name: 'player', sessionId: r.id, t: r.t ?? null });
    return r.kind === 'tutorial' ? routeUrl({ name: 'tutorial', tutorialId: r.id }) : routeUrl({ name: 'case', caseId: r.id });
  }

  #renderPanel() {
    const { value, loading, error } = this.#results;
    if (error) return html`<p class="search__status" role="alert">Search failed: ${error}</p>`;
    if (!value) return html`<p class="search__status">${loading ? 'Searching…' : ''}</p>`;
    if (!value.results.length) return html`<p class="search__status">Nothing found for “${this.query.trim()}”.</p>`;
    return html`<ul class="search__list" aria-label="Search results">
      ${value.results.map(
        (r) =>
          html`<li>
            <a class="result" href=${this.#href(r)} @click=${(e: MouseEvent) => this.#pick(e, r)}>
              <span class="result__head">
                <span class="result__kind">${r.kind}</span>
                <span class="result__title">${r.title}</span>
                <span class="result__at">${r.t !== undefined ? `at ${formatDuration(r.t)} · ` : ''}${formatDateTime(r.occurredAt)}</span>
              </span>
              <div class="result__snippet">${markedText(r.highlighted)}</div>
            </a>
          </li>`,
      )}
    </ul>`;
  }

  override render() {
    return html`
      <input
        class="input search__input"
        type="search"
        placeholder="Search sessions and cases"
        aria-label="Search sessions and cases"
        autocomplete="off"
        .value=${this.query}
        @input=${this.#onInput}
        @keydown=${this.#onKeydown}
        @focus=${() => (this.open = this.query.trim().length >= MIN_CHARS)}
      />
      ${this.open ? html`<div class="search__panel">${this.#renderPanel()}</div>` : nothing}
    `;
  }
}
