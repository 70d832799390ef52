/**
 * @module client/components/case-inbox
 * `<cobrowse-case-inbox>`: the async-help queue. Cases soonest due first (the
 * server's order), each with its SLA state ("Due in 12 min", or flagged
 * "Overdue"), customer, topic, status and assignee; status tabs with counts,
 * filters by topic, assignee (me, unassigned, anyone, an advisor) and
 * overdue. Polls so new cases appear without a reload.
 *
 * Public API:
 * - properties in: `api`, `advisorId` (`advisor-id`, the signed-in advisor,
 *   shown as "You"), `filters`, `refreshMs` (`refresh-ms`, 0 = no polling)
 * - methods: `refresh()`
 *
 * @event cobrowse-open-case - The advisor picked a case; detail `{ caseId }`.
 * @event cobrowse-case-filters - The advisor changed a filter; detail `{ filters }`.
 */
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import type { Advisor } from '../../../protocol/api.ts';
import { CASE_STATUSES, type CaseStatus } from '../../../protocol/cases-constants.ts';
import type { CaseList, CaseSummary, Topic } from '../../../protocol/cases.ts';
import type { ApiClient } from '../../api/api-client.ts';
import { ApiError, isAbortError } from '../../api/api-error.ts';
import { emit } from '../../events/index.ts';
import { caseFiltersSearch, caseListQuery, NO_CASE_FILTERS, type CaseFilters } from '../../lib/case-filters.ts';
import { CASE_STATUS_LABELS, customerLabel, dueLabel } from '../../lib/case-format.ts';
import { formatDateTime } from '../../lib/format.ts';
import { routeUrl } from '../../lib/route.ts';
import { badges, panels } from '../../styles/case.styles.ts';
import { controls, tokens } from '../../styles/shared.styles.ts';
import styles from './case-inbox.styles.ts';

export default class CobrowseCaseInbox extends LitElement {
  static override styles = [tokens, controls, badges, panels, styles];
  static override properties = {
    api: { attribute: false },
    advisorId: { type: String, attribute: 'advisor-id' },
    filters: { attribute: false },
    refreshMs: { type: Number, attribute: 'refresh-ms' },
    list: { state: true },
    overdueCount: { state: true },
    topics: { state: true },
    advisors: { state: true },
    loading: { state: true },
    error: { state: true },
    updatedAt: { state: true },
  };

  declare api: ApiClient | null;
  declare advisorId: string;
  declare filters: CaseFilters;
  /** Polling period, ms (0: only on demand). */
  declare refreshMs: number;
  declare list: CaseList | null;
  /** Cases past due without an answer, under the other filters. */
  declare overdueCount: number;
  declare topics: Topic[];
  declare advisors: Advisor[];
  declare loading: boolean;
  declare error: string;
  declare updatedAt: number;
  #abort: AbortController | null = null;
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor() {
    super();
    this.api = null;
    this.advisorId = '';
    this.filters = { ...NO_CASE_FILTERS };
    this.refreshMs = 15_000;
    this.list = null;
    this.overdueCount = 0;
    this.topics = [];
    this.advisors = [];
    this.loading = false;
    this.error = '';
    this.updatedAt = 0;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#poll();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.#timer);
    this.#abort?.abort();
  }

  override updated(changed: PropertyValues<this>): void {
    if (changed.has('refreshMs') && changed.get('refreshMs') !== undefined) this.#poll();
    if (changed.has('api') && this.api) void this.#loadChoices(this.api);
    const before: CaseFilters | undefined = changed.get('filters');
    const filtersChanged = changed.has('filters') && (!before || caseFiltersSearch(before) !== caseFiltersSearch(this.filters));
    if ((changed.has('api') || filtersChanged) && this.api) void this.refresh();
  }

  /** Reloads the cases (and the overdue count) under the current filters. */
  async refresh(): Promise<void> {
    const api = this.api;
    if (!api) return;
    this.#abort?.abort();
    const abort = (this.#abort = new AbortController());
    this.loading = true;
    try {
      // The overdue count ignores the status tab, like the per-status counts.
      const [list, overdue] = await Promise.all([
        api.cases(caseListQuery(this.filters), { signal: abort.signal }),
        api.cases({ ...caseListQuery({ ...this.filters, status: '' }), overdue: 'true', limit: 1 }, { signal: abort.signal }),
      ]);
      this.list = list;
      this.overdueCount = Object.values(overdue.counts).reduce((n, c) => n + c, 0);
      this.updatedAt = Date.now();
      this.error = '';
    } catch (err) {
      if (isAbortError(err) || (err instanceof ApiError && err.status === 401)) return;
      this.error = err instanceof Error ? err.message : String(err);
    } finally {
      if (this.#abort === abort) this.loading = false;
    }
  }

  #poll(): void {
    clearInterval(this.#timer);
    if (this.refreshMs > 0 && this.isConnected) this.#timer = setInterval(() => void this.refresh(), this.refreshMs);
  }

  async #loadChoices(api: ApiClient): Promise<void> {
    const [topics, advisors] = await Promise.allSettled([api.caseTopics(), api.caseAdvisors()]);
    if (topics.status === 'fulfilled') this.topics = topics.value;
    if (advisors.status === 'fulfilled') this.advisors = advisors.value;
  }

  #setFilters(change: Partial<CaseFilters>): void {
    this.filters = { ...this.filters, ...change };
    emit(this, 'cobrowse-case-filters', { filters: this.filters });
  }

  #open(c: CaseSummary, e?: MouseEvent) {
    if (e && (e.metaKey || e.ctrlKey || e.shiftKey || e.button === 1)) return; // let the browser open a tab
    e?.preventDefault();
    emit(this, 'cobrowse-open-case', { caseId: c.id });
  }

  #assigneeName(id: string | null): string {
    if (!id) return 'Unassigned';
    if (id === this.advisorId) return 'You';
    const a = this.advisors.find((x) => x.id === id);
    return a ? a.name || a.email : 'Another advisor';
  }

  #renderTabs() {
    const counts = this.list?.counts;
    const all = counts ? Object.values(counts).reduce((n, c) => n + c, 0) : null;
    const toDo = counts ? all! - counts.resolved : null;
    const tab = (status: CaseStatus | '' | 'all', label: string, count: number | null) =>
      html`<button
        type="button"
        class="inbox__status"
        aria-pressed=${this.filters.status === status ? 'true' : 'false'}
        data-status=${status || 'unresolved'}
        @click=${() => this.#setFilters({ status })}
      >
        ${label}<span class="inbox__status-count">${count ?? '–'}</span>
      </button>`;
    return html`<div class="inbox__statuses" role="group" aria-label="Status">
      ${tab('', 'To do', toDo)} ${CASE_STATUSES.map((s) => tab(s, CASE_STATUS_LABELS[s], counts?.[s] ?? null))} ${tab('all', 'All', all)}
    </div>`;
  }

  #renderFilters() {
    const f = this.filters;
    const others = this.advisors.filter((a) => a.id !== this.advisorId);
    return html`<div class="inbox__filters" role="search" aria-label="Filter cases">
      <label class="label">
        Topic
        <select
          class="select"
          .value=${f.topic}
          @change=${(e: Event) => this.#setFilters({ topic: (e.target as HTMLSelectElement).value })}
        >
          <option value="">All topics</option>
          ${this.topics.map((t) => html`<option value=${t.id} ?selected=${t.id === f.topic}>${t.name}</option>`)}
        </select>
      </label>
      <label class="label">
        Assignee
        <select
          class="select"
          .value=${f.assignee}
          @change=${(e: Event) => this.#setFilters({ assignee: (e.target as HTMLSelectElement).value })}
        >
          <option value="" ?selected=${f.assignee === ''}>Anyone</option>
          <option value="me" ?selected=${f.assignee === 'me'}>Me</option>
          <option value="none" ?selected=${f.assignee === 'none'}>Unassigned</option>
          ${others.map((a) => html`<option value=${a.id} ?selected=${a.id === f.assignee}>${a.name || a.email}</option>`)}
        </select>
      </label>
      <label class="check inbox__overdue-filter">
        <input
          type="checkbox"
          .checked=${f.overdue}
          @change=${(e: Event) => this.#setFilters({ overdue: (e.target as HTMLInputElement).checked })}
        />
        Overdue only
        <span class="badge ${this.overdueCount ? 'badge--overdue' : ''}" data-overdue-count=${this.overdueCount}
          >${this.overdueCount} overdue</span
        >
      </label>
      <span class="inbox__spacer"></span>
      <button class="btn" type="button" ?disabled=${caseFiltersSearch(f) === ''} @click=${() => this.#setFilters({ ...NO_CASE_FILTERS })}>
        Clear filters
      </button>
    </div>`;
  }

  #renderRow(c: CaseSummary) {
    const due = dueLabel(c);
    return html`<tr
      class="inbox__row ${c.overdue ? 'inbox__row--overdue' : ''}"
      data-case-id=${c.id}
      data-overdue=${c.overdue ? 'true' : 'false'}
      @click=${(e: MouseEvent) => this.#open(c, e)}
    >
      <td class="inbox__due">
        ${c.overdue ? html`<span class="badge badge--overdue">Overdue</span>` : nothing}
        <span class="inbox__due-text" title=${`Due ${formatDateTime(c.dueAt)}`}>${c.overdue ? due.replace('Overdue by', 'by') : due}</span>
      </td>
      <td class="inbox__question">
        <a
          class="link"
          href=${routeUrl({ name: 'case', caseId: c.id })}
          @click=${(e: MouseEvent) => {
            e.stopPropagation();
            this.#open(c, e);
          }}
          >${c.question}</a
        >
        <div class="inbox__sub">${formatDateTime(c.createdAt)}${c.language ? html` · ${c.language}` : nothing}</div>
      </td>
      <td>${customerLabel(c)}</td>
      <td>${c.topic ?? html`<span class="muted">—</span>`}</td>
      <td><span class="badge badge--${c.status}">${CASE_STATUS_LABELS[c.status]}</span></td>
      <td class=${c.assigneeId ? '' : 'muted'}>${this.#assigneeName(c.assigneeId)}</td>
    </tr>`;
  }

  override render() {
    const cases = this.list?.cases ?? [];
    return html`<section class="inbox" aria-labelledby="inbox-title">
      <div class="inbox__header">
        <h1 class="inbox__title" id="inbox-title">Inbox</h1>
        <span class="inbox__updated" aria-live="polite">
          ${this.loading && !this.list ? 'Loading…' : this.updatedAt ? `${cases.length} shown · updated ${new Date(this.updatedAt).toLocaleTimeString()}` : ''}
        </span>
        <span class="inbox__spacer"></span>
        <button class="btn" type="button" ?disabled=${this.loading} @click=${() => this.refresh()}>Refresh</button>
      </div>
      ${this.#renderTabs()} ${this.#renderFilters()} ${this.error ? html`<p class="alert" role="alert">${this.error}</p>` : nothing}
      <div class="table-wrap">
        <table class="table inbox__table" aria-label="Cases">
          <thead>
            <tr>
              <th scope="col">Due</th>
              <th scope="col">Question</th>
              <th scope="col">Customer</th>
              <th scope="col">Topic</th>
              <th scope="col">Status</th>
              <th scope="col">Assignee</th>
            </tr>
          </thead>
          <tbody>
            ${cases.map((c) => this.#renderRow(c))}
          </tbody>
        </table>
        ${this.list && cases.length === 0 ? html`<p class="table__empty">No cases match these filters.</p>` : nothing}
      </div>
    </section>`;
  }
}
