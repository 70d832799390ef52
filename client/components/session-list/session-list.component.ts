/**
 * @module client/components/session-list
 * `<cobrowse-session-list>`: recorded sessions, newest first, with filters
 * (site, page URL substring, started from/to) and keyset paging (`nextCursor`).
 * A session of a visit with several tabs (one recording per tab) carries a
 * "N tabs" mark; picking it lists just that visit's tabs (`visitId`).
 *
 * @event cobrowse-open-session - The advisor picked a session; detail `{ sessionId }`.
 */
import { html, LitElement, nothing } from 'lit';
import type { SessionListQuery, SessionSummary, Site } from '../../../protocol/api.ts';
import type { ApiClient } from '../../api/api-client.ts';
import { ApiError, isAbortError } from '../../api/api-error.ts';
import { emit } from '../../events/index.ts';
import { formatDateTime, formatDuration, parseUserAgent, shortUrl } from '../../lib/format.ts';
import { routeUrl } from '../../lib/route.ts';
import { controls, tokens } from '../../styles/shared.styles.ts';
import styles from './session-list.styles.ts';

export interface SessionFilters {
  siteId: string;
  url: string;
  /** `datetime-local` values ('' when unset). */
  from: string;
  to: string;
  /** Only the tabs of this visit ('' for all). */
  visitId: string;
}

const emptyFilters: SessionFilters = { siteId: '', url: '', from: '', to: '', visitId: '' };

export default class CobrowseSessionList extends LitElement {
  static override styles = [tokens, controls, styles];
  static override properties = {
    api: { attribute: false },
    pageSize: { type: Number, attribute: 'page-size' },
    sites: { state: true },
    sessions: { state: true },
    nextCursor: { state: true },
    loading: { state: true },
    error: { state: true },
    filters: { state: true },
  };

  declare api: ApiClient | null;
  /** Sessions per page (the server caps it at 100). */
  declare pageSize: number;
  declare sites: Site[];
  declare sessions: SessionSummary[];
  declare nextCursor: string | null;
  declare loading: boolean;
  declare error: string;
  declare filters: SessionFilters;
  #abort: AbortController | null = null;

  constructor() {
    super();
    this.api = null;
    this.pageSize = 25;
    this.sites = [];
    this.sessions = [];
    this.nextCursor = null;
    this.loading = false;
    this.error = '';
    this.filters = { ...emptyFilters };
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.refresh();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#abort?.abort();
  }

  /** Reloads sites and the first page of sessions with the current filters. */
  async refresh(): Promise<void> {
    if (!this.api) return;
    this.api
      .sites()
      .then((sites) => (this.sites = sites))
      .catch(() => {});
    await this.#load(false);
  }

  #query(): SessionListQuery {
    const f = this.filters;
    const q: SessionListQuery = { limit: this.pageSize };
    if (f.siteId) q.siteId = f.siteId;
    if (f.visitId) q.visitId = f.visitId;
    if (f.url.trim()) q.url = f.url.trim();
    const from = f.from ? Date.parse(f.from) : NaN;
    const to = f.to ? Date.parse(f.to) : NaN;
    if (Number.isFinite(from)) q.from = from;
    if (Number.isFinite(to)) q.to = to;
    return q;
  }

  async #load(more: boolean) {
    if (!this.api) return;
    this.#abort?.abort();
    const abort = (this.#abort = new AbortController());
    this.loading = true;
    this.error = '';
    try {
      const query = this.#query();
      if (more && this.nextCursor) query.cursor = this.nextCursor;
      const page = await this.api.sessions(query, { signal: abort.signal });
      this.sessions = more ? [...this.sessions, ...page.sessions] : page.sessions;
      this.nextCursor = page.nextCursor;
    } catch (err) {
      if (isAbortError(err)) return;
      if (err instanceof ApiError && err.status === 401) return;
      this.error = err instanceof Error ? err.message : String(err);
    } finally {
      if (this.#abort === abort) this.loading = false;
    }
  }

  #apply(e: SubmitEvent) {
    e.preventDefault();
    const data = new FormData(e.currentTarget as HTMLFormElement);
    this.filters = {
      siteId: String(data.get('siteId') ?? ''),
      url: String(data.get('url') ?? ''),
      from: String(data.get('from') ?? ''),
      to: String(data.get('to') ?? ''),
      visitId: this.filters.visitId,
    };
    void this.#load(false);
  }

  #clear() {
    this.filters = { ...emptyFilters };
    void this.#load(false);
  }

  /** Lists only the tabs of `session`'s visit (the other filters stay as they are). */
  #showVisit(session: SessionSummary, e: MouseEvent) {
    e.stopPropagation();
    if (!session.visitId) return;
    this.filters = { ...this.filters, visitId: session.visitId };
    void this.#load(false);
  }

  #showAllVisits() {
    this.filters = { ...this.filters, visitId: '' };
    void this.#load(false);
  }

  #open(session: SessionSummary, e?: MouseEvent) {
    if (e && (e.metaKey || e.ctrlKey || e.shiftKey || e.button === 1)) return; // let the browser open a tab
    e?.preventDefault();
    emit(this, 'cobrowse-open-session', { sessionId: session.id });
  }

  #renderRow(s: SessionSummary) {
    const agent = parseUserAgent(s.userAgent, s.viewport);
    const vp = s.viewport ? `${s.viewport.width}×${s.viewport.height}` : '';
    return html`
      <tr class="session-list__row" data-session-id=${s.id} @click=${(e: MouseEvent) => this.#open(s, e)}>
        <td>
          <a
            class="session-list__link"
            href=${routeUrl({ name: 'player', sessionId: s.id, t: null })}
            @click=${(e: MouseEvent) => {
              e.stopPropagation();
              this.#open(s, e);
            }}
            >${formatDateTime(s.startedAt)}</a
          >
        </td>
        <td class="session-list__num">${formatDuration(s.durationMs)}</td>
        <td class="session-list__url" title=${s.firstUrl}>
          ${
            s.visitTabs > 1 && !this.filters.visitId
              ? html`<button
                  type="button"
                  class="session-list__tabs"
                  title="This customer had ${s.visitTabs} tabs open in this visit: list them"
                  @click=${(e: MouseEvent) => this.#showVisit(s, e)}
                >
                  ${s.visitTabs} tabs
                </button>`
              : nothing
          }
          ${shortUrl(s.firstUrl)}
        </td>
        <td>${s.siteName}</td>
        <td>
          ${agent.browser} · ${agent.os}
          <span class="session-list__muted">· ${agent.device}${vp ? html` · ${vp}` : nothing}</span>
        </td>
        <td class="session-list__num">${s.eventCount.toLocaleString()}</td>
      </tr>
    `;
  }

  override render() {
    const f = this.filters;
    return html`
      <section class="session-list" aria-labelledby="sessions-title">
        <div class="session-list__header">
          <h1 class="session-list__title" id="sessions-title">Sessions</h1>
          <span class="session-list__count" aria-live="polite">
            ${this.loading ? 'Loading…' : `${this.sessions.length}${this.nextCursor ? '+' : ''} shown`}
          </span>
        </div>

        <form class="session-list__filters" @submit=${this.#apply} role="search" aria-label="Filter sessions">
          <label class="label">
            Site
            <select class="select" name="siteId" .value=${f.siteId}>
              <option value="">All sites</option>
              ${this.sites.map((site) => html`<option value=${site.id} ?selected=${site.id === f.siteId}>${site.name}</option>`)}
            </select>
          </label>
          <label class="label session-list__filter--grow">
            Page URL contains
            <input class="input" name="url" type="search" placeholder="/checkout" .value=${f.url} />
          </label>
          <label class="label">
            Started from
            <input class="input" name="from" type="datetime-local" .value=${f.from} />
          </label>
          <label class="label">
            Started before
            <input class="input" name="to" type="datetime-local" .value=${f.to} />
          </label>
          <div class="session-list__filter-actions">
            <button class="btn btn--primary" type="submit">Apply</button>
            <button class="btn" type="button" @click=${this.#clear}>Clear</button>
          </div>
        </form>

        ${
          f.visitId
            ? html`<p class="session-list__visit" role="status">
                Showing the tabs of one visit, newest first.
                <button class="btn btn--ghost" type="button" @click=${this.#showAllVisits}>Show all sessions</button>
              </p>`
            : nothing
        }
        ${this.error ? html`<p class="alert" role="alert">${this.error}</p>` : nothing}

        <div class="session-list__table-wrap">
          <table class="session-list__table">
            <thead>
              <tr>
                <th scope="col">Started</th>
                <th scope="col" class="session-list__num">Duration</th>
                <th scope="col">First page</th>
                <th scope="col">Site</th>
                <th scope="col">Browser / device</th>
                <th scope="col" class="session-list__num">Events</th>
              </tr>
            </thead>
            <tbody>
              ${this.sessions.map((s) => this.#renderRow(s))}
            </tbody>
          </table>
          ${
            !this.loading && this.sessions.length === 0
              ? html`<p class="session-list__empty">No sessions match these filters.</p>`
              : nothing
          }
        </div>

        ${
          this.nextCursor
            ? html`<div class="session-list__more">
                <button class="btn" type="button" ?disabled=${this.loading} @click=${() => this.#load(true)}>
                  ${this.loading ? 'Loading…' : 'Load more'}
                </button>
              </div>`
            : nothing
        }
      </section>
    `;
  }
}
