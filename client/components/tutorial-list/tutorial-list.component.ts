/**
 * @module client/components/tutorial-list
 * `<cobrowse-tutorial-list>`: the organisation's tutorials, most recently
 * changed first, with filters (site, author, status, changed since). A
 * tutorial is made from a recording in the player ("Make a tutorial"); this
 * list opens them.
 *
 * @event cobrowse-open-tutorial - The member picked a tutorial; detail `{ tutorialId }`.
 */
import { html, LitElement, nothing } from 'lit';
import type { Site } from '../../../protocol/api.ts';
import type { TutorialStatus, TutorialSummary } from '../../../protocol/tutorials.ts';
import type { ApiClient, TutorialListQuery } from '../../api/api-client.ts';
import { emit } from '../../events/index.ts';
import { formatDateTime } from '../../lib/format.ts';
import { RequestController } from '../../lib/request-controller.ts';
import { routeUrl } from '../../lib/route.ts';
import { badges, panels } from '../../styles/case.styles.ts';
import { controls, tokens } from '../../styles/shared.styles.ts';
import styles from './tutorial-list.styles.ts';

export interface TutorialFilters {
  siteId: string;
  /** '' anyone, 'me', or an advisor id. */
  author: string;
  status: '' | TutorialStatus;
  /** Changed within this many days (0: any time). */
  days: number;
}

const NO_FILTERS: TutorialFilters = { siteId: '', author: '', status: '', days: 0 };
const DAY_MS = 86_400_000;
const PERIODS = [
  { days: 0, label: 'Any time' },
  { days: 1, label: 'Last 24 hours' },
  { days: 7, label: 'Last 7 days' },
  { days: 30, label: 'Last 30 days' },
];

export default class CobrowseTutorialList extends LitElement {
  static override styles = [tokens, controls, badges, panels, styles];
  static override properties = {
    api: { attribute: false },
    filters: { state: true },
    tutorials: { state: true },
    sites: { state: true },
    loaded: { state: true },
  };

  declare api: ApiClient | null;
  declare filters: TutorialFilters;
  declare tutorials: TutorialSummary[];
  declare sites: Site[];
  declare loaded: boolean;
  /** Authors seen in any answer (the filter offers them). */
  readonly #authors = new Map<string, string>();
  readonly #request = new RequestController(this);
  /** Counts refreshes, so an older one's late answer is dropped. */
  #refreshes = 0;

  constructor() {
    super();
    this.api = null;
    this.filters = { ...NO_FILTERS };
    this.tutorials = [];
    this.sites = [];
    this.loaded = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#request.run(async (signal) => (this.sites = (await this.api?.sites({ signal })) ?? []));
    void this.refresh();
  }

  /** Loads the list with the current filters. */
  async refresh(): Promise<void> {
    const api = this.api;
    if (!api) return;
    const f = this.filters;
    const query: TutorialListQuery = { limit: 200 };
    if (f.siteId) query.siteId = f.siteId;
    if (f.author) query.author = f.author;
    if (f.status) query.status = f.status;
    if (f.days) query.updatedSince = Date.now() - f.days * DAY_MS;
    const seq = ++this.#refreshes;
    const list = await this.#request.run((signal) => api.tutorials(query, { signal }));
    // Two filters changed in a row: only the answer to the latest filters may fill the list (they can arrive out of order).
    if (!list || seq !== this.#refreshes) return;
    for (const t of list) if (t.authorId && t.authorName) this.#authors.set(t.authorId, t.authorName);
    this.tutorials = list;
    this.loaded = true;
  }

  #setFilter<K extends keyof TutorialFilters>(key: K, value: TutorialFilters[K]): void {
    this.filters = { ...this.filters, [key]: value };
    void this.refresh();
  }

  #open(t: TutorialSummary, e: MouseEvent): void {
    if (e.metaKey || e.ctrlKey || e.shiftKey || e.button === 1) return;
    e.preventDefault();
    emit(this, 'cobrowse-open-tutorial', { tutorialId: t.id });
  }

  #renderFilters() {
    const f = this.filters;
    const value = (e: Event) => (e.target as HTMLSelectElement).value;
    return html`<form class="tutorials__filters" role="search" aria-label="Filter tutorials" @submit=${(e: Event) => e.preventDefault()}>
      <label class="label">
        Site
        <select class="select" .value=${f.siteId} @change=${(e: Event) => this.#setFilter('siteId', value(e))}>
          <option value="">All sites</option>
          ${this.sites.map((s) => html`<option value=${s.id} ?selected=${s.id === f.siteId}>${s.name}</option>`)}
        </select>
      </label>
      <label class="label">
        Author
        <select class="select" .value=${f.author} @change=${(e: Event) => this.#setFilter('author', value(e))}>
          <option value="">Anyone</option>
          <option value="me" ?selected=${f.author === 'me'}>Me</option>
          ${[...this.#authors].map(([id, name]) => html`<option value=${id} ?selected=${id === f.author}>${name}</option>`)}
        </select>
      </label>
      <label class="label">
        Status
        <select class="select" .value=${f.status} @change=${(e: Event) => this.#setFilter('status', value(e) as TutorialFilters['status'])}>
          <option value="">Any status</option>
          <option value="draft" ?selected=${f.status === 'draft'}>Draft</option>
          <option value="published" ?selected=${f.status === 'published'}>Published</option>
        </select>
      </label>
      <label class="label">
        Updated
        <select class="select" .value=${String(f.days)} @change=${(e: Event) => this.#setFilter('days', Number(value(e)))}>
          ${PERIODS.map((p) => html`<option value=${p.days} ?selected=${p.days === f.days}>${p.label}</option>`)}
        </select>
      </label>
      <button
        class="btn"
        type="button"
        ?disabled=${JSON.stringify(f) === JSON.stringify(NO_FILTERS)}
        @click=${() => {
          this.filters = { ...NO_FILTERS };
          void this.refresh();
        }}
      >
        Clear
      </button>
    </form>`;
  }

  #renderRow(t: TutorialSummary) {
    const site = this.sites.find((s) => s.id === t.siteId)?.name ?? '';
    return html`<tr data-tutorial-id=${t.id}>
      <td>
        <a
          class="link tutorials__name"
          href=${routeUrl({ name: 'tutorial', tutorialId: t.id })}
          @click=${(e: MouseEvent) => this.#open(t, e)}
          >${t.title}</a
        >
      </td>
      <td>
        <span class="badge ${t.status === 'published' ? 'badge--ok' : ''}"
          >${t.status === 'published' ? `Published · ${t.visibility}` : 'Draft'}</span
        >
      </td>
      <td class="tutorials__optional">${site}</td>
      <td class="tutorials__optional">${t.authorName ?? '—'}</td>
      <td>${formatDateTime(t.updatedAt)}</td>
    </tr>`;
  }

  override render() {
    const r = this.#request;
    return html`<section class="tutorials" aria-labelledby="tutorials-title">
      <div class="tutorials__header">
        <h1 class="tutorials__title" id="tutorials-title">Tutorials</h1>
        <span class="tutorials__count" aria-live="polite">${r.busy ? 'Loading…' : `${this.tutorials.length} shown`}</span>
      </div>
      <p class="tutorials__hint">Make a tutorial from a recording: open it in Recordings, set a start and an end on the timeline.</p>
      ${this.#renderFilters()} ${r.error ? html`<p class="alert" role="alert">${r.error}</p>` : nothing}
      <div class="table-wrap">
        <table class="table" aria-label="Tutorials">
          <thead>
            <tr>
              <th scope="col">Title</th>
              <th scope="col">Status</th>
              <th scope="col" class="tutorials__optional">Site</th>
              <th scope="col" class="tutorials__optional">Author</th>
              <th scope="col">Updated</th>
            </tr>
          </thead>
          <tbody>
            ${this.tutorials.map((t) => this.#renderRow(t))}
          </tbody>
        </table>
        ${this.loaded && !this.tutorials.length ? html`<p class="table__empty">No tutorials match these filters.</p>` : nothing}
      </div>
    </section>`;
  }
}
