/**
 * @module client/components/recurring-report
 * `<cobrowse-recurring-report>`: the "Recurring" report of the advisor app
 * (`GET /api/orgs/:orgId/recurring`, docs/search.md): the organisation's
 * questions that came back in the last weeks, largest group first, each
 * with its cases per week (bars), the median time to resolve, the tutorial
 * covering it — or, when none does, "Make a tutorial from the best-solved
 * case" (for members who may write tutorials), which opens that case's
 * recording with the tutorial maker.
 *
 * Properties in: `api`, `orgId` (`org-id`), `canMakeTutorials` (`can-make-tutorials`).
 *
 * @event cobrowse-open-case - A case of a group was picked; detail `{ caseId }`.
 * @event cobrowse-open-tutorial - The covering tutorial was picked; detail `{ tutorialId }`.
 * @event cobrowse-make-tutorial - Make a tutorial from the best-solved case's recording; detail `{ sessionId }`.
 */
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { RECURRING_WEEKS_DEFAULT, type RecurringGroup, type RecurringReport } from '../../../protocol/recurring-constants.ts';
import type { ApiClient } from '../../api/api-client.ts';
import { emit } from '../../events/index.ts';
import { RequestController } from '../../lib/request-controller.ts';
import { routeUrl } from '../../lib/route.ts';
import { badges, panels } from '../../styles/case.styles.ts';
import { controls, tokens } from '../../styles/shared.styles.ts';
import styles from './recurring-report.styles.ts';

const PERIODS = [4, 8, 12, 26];
/** Cases listed under a group before "and N more". */
const CASES_SHOWN = 4;

/** "45 min", "3.5 h", "2 days": a median time to resolve, read at a glance. */
export function formatSpan(ms: number): string {
  const minutes = ms / 60_000;
  if (minutes < 60) return `${Math.max(1, Math.round(minutes))} min`;
  const hours = minutes / 60;
  if (hours < 48) return `${hours < 10 ? Math.round(hours * 10) / 10 : Math.round(hours)} h`;
  return `${Math.round(hours / 24)} days`;
}

const weekLabel = (week: string) =>
  new Date(`${week}T00:00:00Z`).toLocaleDateString(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' });

export default class CobrowseRecurringReport extends LitElement {
  static override styles = [tokens, controls, badges, panels, styles];
  static override properties = {
    api: { attribute: false },
    orgId: { type: String, attribute: 'org-id' },
    canMakeTutorials: { type: Boolean, attribute: 'can-make-tutorials' },
    weeks: { state: true },
    report: { state: true },
  };

  declare api: ApiClient | null;
  declare orgId: string;
  declare canMakeTutorials: boolean;
  declare weeks: number;
  declare report: RecurringReport | null;
  readonly #request = new RequestController(this);

  constructor() {
    super();
    this.api = null;
    this.orgId = '';
    this.canMakeTutorials = false;
    this.weeks = RECURRING_WEEKS_DEFAULT;
    this.report = null;
  }

  override updated(changed: PropertyValues<this>): void {
    if (changed.has('api') || changed.has('orgId') || changed.has('weeks')) void this.refresh();
  }

  async refresh(): Promise<void> {
    const { api, orgId, weeks } = this;
    if (!api || !orgId) return;
    const report = await this.#request.run((signal) => api.recurring(orgId, weeks, { signal }));
    if (report && report.weeks === this.weeks) this.report = report;
  }

  #follow(e: MouseEvent, act: () => void): void {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    act();
  }

  #renderBars(g: RecurringGroup) {
    const max = Math.max(1, ...g.perWeek.map((w) => w.count));
    const summary = g.perWeek.map((w) => `${weekLabel(w.week)}: ${w.count}`).join(', ');
    return html`<div class="bars" role="img" aria-label=${`Cases per week, oldest first: ${summary}`}>
      ${g.perWeek.map(
        (w) =>
          html`<span class="bars__week" title=${`Week of ${weekLabel(w.week)}: ${w.count}`}>
            <span class="bars__bar ${w.count ? '' : 'bars__bar--none'}" style=${`height:${Math.round((w.count / max) * 100)}%`}></span>
          </span>`,
      )}
    </div>`;
  }

  #renderTutorial(g: RecurringGroup) {
    if (g.tutorialId) {
      const tutorialId = g.tutorialId;
      return html`<a
        class="badge badge--ok recurring__covered"
        href=${routeUrl({ name: 'tutorial', tutorialId })}
        @click=${(e: MouseEvent) => this.#follow(e, () => emit(this, 'cobrowse-open-tutorial', { tutorialId }))}
        >Covered by tutorial: ${g.tutorialTitle}</a
      >`;
    }
    const sessionId = g.bestSessionId;
    return html`<span class="badge recurring__uncovered">No tutorial covers it</span> ${
        this.canMakeTutorials && sessionId
          ? html`<button
              class="btn btn--primary recurring__make"
              type="button"
              @click=${() => emit(this, 'cobrowse-make-tutorial', { sessionId })}
            >
              Make a tutorial from the best-solved case
            </button>`
          : nothing
      }`;
  }

  #renderCases(g: RecurringGroup) {
    const shown = g.caseIds.slice(0, CASES_SHOWN);
    return html`<p class="recurring__cases">
      Cases:
      ${shown.map(
        (caseId, i) =>
          html`${i ? ', ' : ''}<a
              class="link"
              href=${routeUrl({ name: 'case', caseId })}
              @click=${(e: MouseEvent) => this.#follow(e, () => emit(this, 'cobrowse-open-case', { caseId }))}
              >${caseId === g.bestCaseId ? 'best-solved case' : `case ${i + 1}`}</a
            >`,
      )}${g.caseIds.length > shown.length ? ` and ${g.caseIds.length - shown.length} more` : ''}
    </p>`;
  }

  #renderGroup(g: RecurringGroup) {
    const total = g.perWeek.reduce((n, w) => n + w.count, 0);
    return html`<li class="card recurring__group" data-group=${g.caseIds[0] ?? ''}>
      <div class="recurring__head">
        <h2 class="recurring__label">${g.label}</h2>
        <span class="recurring__count">${total} ${total === 1 ? 'case' : 'cases'}</span>
      </div>
      ${g.keyWords.length ? html`<p class="recurring__words">${g.keyWords.map((w) => html`<span class="recurring__word">${w}</span>`)}</p>` : nothing}
      <div class="recurring__facts">
        ${this.#renderBars(g)}
        <dl class="recurring__numbers">
          <div>
            <dt>Median time to resolve</dt>
            <dd data-median>${g.medianResolveMs === null ? 'none resolved' : formatSpan(g.medianResolveMs)}</dd>
          </div>
          <div>
            <dt>Tutorials sent</dt>
            <dd data-sends>${g.tutorialSends}</dd>
          </div>
          ${
            g.tutorialId
              ? html`<div title="Customers who opened the tutorial from the Ask-for-help suggestions and did not send their question">
                  <dt>Answered before asking</dt>
                  <dd data-deflections>${g.deflections}</dd>
                </div>`
              : nothing
          }
        </dl>
      </div>
      <div class="recurring__tutorial">${this.#renderTutorial(g)}</div>
      ${this.#renderCases(g)}
    </li>`;
  }

  override render() {
    const r = this.#request;
    const groups = this.report?.groups ?? [];
    return html`<section class="recurring" aria-labelledby="recurring-title">
      <div class="recurring__header">
        <h1 class="recurring__title" id="recurring-title">Recurring questions</h1>
        <label class="label recurring__period">
          Period
          <select
            class="select"
            .value=${String(this.weeks)}
            @change=${(e: Event) => (this.weeks = Number((e.target as HTMLSelectElement).value))}
          >
            ${PERIODS.map((w) => html`<option value=${w} ?selected=${w === this.weeks}>Last ${w} weeks</option>`)}
          </select>
        </label>
        <span class="recurring__status" aria-live="polite">${r.busy ? 'Loading…' : this.report ? `${groups.length} recurring` : ''}</span>
      </div>
      <p class="recurring__hint">Cases asking the same thing, grouped by the words of their question and the pages they were asked on.</p>
      ${r.error ? html`<p class="alert" role="alert">${r.error}</p>` : nothing}
      ${
        this.report && !groups.length
          ? html`<p class="recurring__empty muted">No question came back more than once in these weeks.</p>`
          : html`<ol class="recurring__groups">
              ${groups.map((g) => this.#renderGroup(g))}
            </ol>`
      }
    </section>`;
  }
}
