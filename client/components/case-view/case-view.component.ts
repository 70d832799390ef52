/**
 * @module client/components/case-view
 * `<cobrowse-case-view>`: one async-help case, everything in one place: the
 * recording (the session player, embedded, with its markers), the context
 * (`<cobrowse-case-context>`), the conversation (`<cobrowse-case-thread>`),
 * the composer, the customer's links, and the case's state: claim, release,
 * assign to another advisor, status. Reloads every few seconds so customer
 * replies show up.
 *
 * Public API:
 * - properties in: `api`, `caseId` (`case-id`), `advisor` (the signed-in
 *   advisor), `refreshMs` (`refresh-ms`, 0 = no polling)
 * - read-only: `detail`
 * - methods: `refresh()`
 *
 * @event cobrowse-back - The advisor asked to go back to the inbox.
 */
import { can } from '../../../protocol/permissions.ts';
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import type { Advisor } from '../../../protocol/api.ts';
import { CASE_STATUSES, type CaseStatus } from '../../../protocol/cases-constants.ts';
import type { CaseDetail } from '../../../protocol/cases.ts';
import type { ApiClient } from '../../api/api-client.ts';
import { ApiError, isAbortError } from '../../api/api-error.ts';
import { emit, type CobrowseCaseMessageEvent, type CobrowseSeekEvent, type CobrowseUseAnswerEvent } from '../../events/index.ts';
import { CASE_STATUS_LABELS, customerLabel, dueLabel } from '../../lib/case-format.ts';
import { formatDateTime } from '../../lib/format.ts';
import { StableMediaUrls } from '../../lib/stable-media-urls.ts';
import { badges, panels } from '../../styles/case.styles.ts';
import { controls, tokens } from '../../styles/shared.styles.ts';
import type CobrowseCaseComposer from '../case-composer/case-composer.component.ts';
import '../case-composer/case-composer.ts';
import '../case-context/case-context.ts';
import '../case-links/case-links.ts';
import '../case-suggestions/case-suggestions.ts';
import '../case-thread/case-thread.ts';
import type CobrowseSessionPlayer from '../session-player/session-player.component.ts';
import '../session-player/session-player.ts';
import styles from './case-view.styles.ts';

export default class CobrowseCaseView extends LitElement {
  static override styles = [tokens, controls, badges, panels, styles];
  static override properties = {
    api: { attribute: false },
    caseId: { type: String, attribute: 'case-id' },
    advisor: { attribute: false },
    refreshMs: { type: Number, attribute: 'refresh-ms' },
    detail: { state: true },
    advisors: { state: true },
    videoUrls: { state: true },
    error: { state: true },
    actionError: { state: true },
    busy: { state: true },
    assignTo: { state: true },
  };

  declare api: ApiClient | null;
  declare caseId: string;
  declare advisor: Advisor | null;
  declare refreshMs: number;
  declare detail: CaseDetail | null;
  declare advisors: Advisor[];
  declare videoUrls: ReadonlyMap<string, string>;
  /** Loading the case failed. */
  declare error: string;
  /** The last action (claim, status, message…) failed. */
  declare actionError: string;
  declare busy: boolean;
  /** The advisor picked in "Assign to" ('' = nobody). */
  declare assignTo: string;
  #abort: AbortController | null = null;
  #timer: ReturnType<typeof setInterval> | undefined;
  #stableUrls = new StableMediaUrls();

  constructor() {
    super();
    this.api = null;
    this.caseId = '';
    this.advisor = null;
    this.refreshMs = 10_000;
    this.detail = null;
    this.advisors = [];
    this.videoUrls = new Map();
    this.error = '';
    this.actionError = '';
    this.busy = false;
    this.assignTo = '';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.refreshMs > 0) this.#timer = setInterval(() => void this.refresh(), this.refreshMs);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.#timer);
    this.#abort?.abort();
  }

  override updated(changed: PropertyValues<this>): void {
    if (changed.has('api') && this.api) {
      this.api
        .caseAdvisors()
        .then((a) => (this.advisors = a))
        .catch(() => {});
    }
    if ((changed.has('caseId') || changed.has('api')) && this.api && this.caseId) {
      if (changed.has('caseId')) this.detail = null;
      void this.refresh();
    }
  }

  /** Reloads the case (thread, enrichments, links, state). */
  async refresh(): Promise<void> {
    const api = this.api;
    if (!api || !this.caseId) return;
    this.#abort?.abort();
    const abort = (this.#abort = new AbortController());
    try {
      const detail = await api.caseDetail(this.caseId, { signal: abort.signal });
      if (abort.signal.aborted) return;
      const assigneeChanged = detail.assigneeId !== this.detail?.assigneeId;
      this.detail = detail;
      if (assigneeChanged) this.assignTo = detail.assigneeId ?? '';
      this.error = '';
      void this.#loadVideoUrls(api, detail);
    } catch (err) {
      if (isAbortError(err) || abort.signal.aborted) return;
      if (err instanceof ApiError && err.status === 401) return;
      this.error =
        err instanceof ApiError && err.status === 404 ? 'This case does not exist.' : err instanceof Error ? err.message : String(err);
    }
  }

  /**
   * Playable URLs of the video replies in the thread (signed, fetched with
   * each load; a URL already shown is kept while valid, so a poll never
   * restarts a playing video).
   */
  async #loadVideoUrls(api: ApiClient, detail: CaseDetail): Promise<void> {
    const sessions = new Set<string>();
    for (const m of detail.thread) for (const a of m.attachments) if (a.type === 'media') sessions.add(a.sessionId);
    if (!sessions.size) return;
    const urls = new Map<string, string>();
    for (const id of sessions) {
      try {
        for (const r of (await api.replies(id)).replies) {
          const { url } = this.#stableUrls.pick(`${id}/${r.replyId}`, { url: api.resolveUrl(r.url), expiresAt: r.urlExpiresAt });
          urls.set(r.replyId, url);
        }
      } catch {
        // Without a URL the thread names the video instead of playing it.
      }
    }
    this.videoUrls = urls;
  }

  /** Runs one change to the case, then reloads it; a failure is shown, not thrown. */
  async #act(action: (api: ApiClient, id: string) => Promise<unknown>): Promise<boolean> {
    const api = this.api;
    if (!api || !this.detail || this.busy) return false;
    this.busy = true;
    this.actionError = '';
    try {
      await action(api, this.detail.id);
      await this.refresh();
      return true;
    } catch (err) {
      this.actionError = err instanceof Error ? err.message : String(err);
      return false;
    } finally {
      this.busy = false;
    }
  }

  #onMessage = async (e: CobrowseCaseMessageEvent): Promise<void> => {
    e.stopPropagation();
    const composer = e.target as CobrowseCaseComposer;
    const ok = await this.#act((api, id) => api.addCaseMessage(id, e.detail.message));
    if (ok) composer.clear();
  };

  /** A similar case's answer, into the composer as a draft to edit (never sent from here). */
  #onUseAnswer = (e: CobrowseUseAnswerEvent): void => {
    e.stopPropagation();
    void this.renderRoot.querySelector<CobrowseCaseComposer>('cobrowse-case-composer')?.draft(e.detail.text);
  };

  #onSeek = (e: CobrowseSeekEvent): void => {
    e.stopPropagation();
    const player = this.renderRoot.querySelector<CobrowseSessionPlayer>('cobrowse-session-player');
    player?.seek(e.detail.time);
    player?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  };

  #advisorName(id: string | null): string {
    if (!id) return 'Unassigned';
    if (id === this.advisor?.id) return 'You';
    const a = this.advisors.find((x) => x.id === id);
    return a ? a.name || a.email : 'Another advisor';
  }

  #renderActions(d: CaseDetail) {
    const me = this.advisor?.id ?? '';
    const mine = d.assigneeId === me;
    const canRelease = !!d.assigneeId && (mine || (!!this.advisor?.role && can(this.advisor.role, 'cases.reassign')));
    return html`<div class="case__actions">
      <span class="case__assignee">Assignee: <strong data-assignee>${this.#advisorName(d.assigneeId)}</strong></span>
      ${
        !d.assigneeId || !mine || d.status === 'new'
          ? html`<button
              class="btn btn--primary"
              type="button"
              ?disabled=${this.busy || (!!d.assigneeId && !mine)}
              title=${d.assigneeId && !mine ? 'Another advisor has this case' : mine ? 'Routed to you: claim it to start (status Open)' : ''}
              @click=${() => this.#act((api, id) => api.claimCase(id))}
            >
              Claim
            </button>`
          : nothing
      }
      ${
        canRelease
          ? html`<button class="btn" type="button" ?disabled=${this.busy} @click=${() => this.#act((api, id) => api.releaseCase(id))}>
              Release
            </button>`
          : nothing
      }
      <form
        class="case__assign"
        @submit=${(e: SubmitEvent) => {
          e.preventDefault();
          void this.#act((api, id) => api.assignCase(id, this.assignTo || null));
        }}
      >
        <label class="case__assign-label">
          Assign to
          <select class="select" .value=${this.assignTo} @change=${(e: Event) => (this.assignTo = (e.target as HTMLSelectElement).value)}>
            <option value="" ?selected=${this.assignTo === ''}>Nobody (queue)</option>
            ${this.advisors.map(
              (a) =>
                html`<option value=${a.id} ?selected=${a.id === this.assignTo}>
                  ${a.id === me ? `${a.name || a.email} (you)` : a.name || a.email}
                </option>`,
            )}
          </select>
        </label>
        <button class="btn" type="submit" ?disabled=${this.busy || this.assignTo === (d.assigneeId ?? '')}>Assign</button>
      </form>
    </div>`;
  }

  #renderStatus(d: CaseDetail) {
    return html`<div class="case__statuses" role="group" aria-label="Status">
      ${CASE_STATUSES.map(
        (s: CaseStatus) =>
          html`<button
            type="button"
            class="case__status case__status--${s}"
            aria-pressed=${d.status === s ? 'true' : 'false'}
            ?disabled=${this.busy}
            @click=${() => d.status !== s && this.#act((api, id) => api.setCaseStatus(id, s))}
          >
            ${CASE_STATUS_LABELS[s]}
          </button>`,
      )}
    </div>`;
  }

  #renderHeader(d: CaseDetail) {
    return html`<header class="case__header">
      <button class="btn btn--ghost" type="button" @click=${() => emit(this, 'cobrowse-back', {})}>← Inbox</button>
      <div class="case__heading">
        <h1 class="case__title" title=${d.question}>${d.question}</h1>
        <div class="case__subtitle">
          <span class="badge badge--${d.status}" data-status=${d.status}>${CASE_STATUS_LABELS[d.status]}</span>
          ${d.overdue ? html`<span class="badge badge--overdue">Overdue</span>` : nothing}
          <span>${customerLabel(d)}</span>
          ${d.topic ? html`<span>· ${d.topic}</span>` : nothing}
          <span>· asked ${formatDateTime(d.createdAt)}</span>
          <span class="${d.overdue ? 'case__late' : ''}" title=${`First answer due ${formatDateTime(d.dueAt)}`}>· ${dueLabel(d)}</span>
        </div>
      </div>
    </header>`;
  }

  override render() {
    const d = this.detail;
    if (!d) {
      return this.error
        ? html`<div class="case__empty">
            <p class="alert" role="alert">${this.error}</p>
            <button class="btn" type="button" @click=${() => emit(this, 'cobrowse-back', {})}>← Inbox</button>
          </div>`
        : html`<p class="case__empty muted" role="status">Loading case…</p>`;
    }
    // A role without cases.answer (content) reads the case: no status, claim, composer or links.
    const answers = !!this.advisor?.role && can(this.advisor.role, 'cases.answer');
    return html`<article class="case" aria-label="Case">
      ${this.#renderHeader(d)} ${answers ? html`<div class="case__bar">${this.#renderStatus(d)} ${this.#renderActions(d)}</div>` : nothing}
      ${this.actionError ? html`<p class="alert" role="alert">${this.actionError}</p>` : nothing}
      <div class="case__body">
        <div class="case__left" @cobrowse-seek=${this.#onSeek}>
          ${
            d.session
              ? html`<div class="case__player">
                  <cobrowse-session-player embedded .api=${this.api} session-id=${d.session.id}></cobrowse-session-player>
                </div>`
              : nothing
          }
          <cobrowse-case-context .detail=${d}></cobrowse-case-context>
        </div>
        <div class="case__right">
          <section class="card case__thread" aria-labelledby="thread-title">
            <h2 class="card__title" id="thread-title">Conversation</h2>
            <cobrowse-case-thread .detail=${d} advisor-id=${this.advisor?.id ?? ''} .videoUrls=${this.videoUrls}></cobrowse-case-thread>
          </section>
          <cobrowse-case-suggestions
            .api=${this.api}
            case-id=${d.id}
            ?can-answer=${answers}
            @cobrowse-use-answer=${this.#onUseAnswer}
          ></cobrowse-case-suggestions>
          ${
            answers
              ? html`<cobrowse-case-composer
                    .api=${this.api}
                    session-id=${d.sessionId ?? ''}
                    ?busy=${this.busy}
                    @cobrowse-case-message=${this.#onMessage}
                  ></cobrowse-case-composer>
                  <cobrowse-case-links .api=${this.api} case-id=${d.id} .links=${d.links}></cobrowse-case-links>`
              : nothing
          }
        </div>
      </div>
    </article>`;
  }
}
