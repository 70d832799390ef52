/**
 * @module client/components/admin-audit
 * `<cobrowse-admin-audit>`: the organisation's audit log, for its admins:
 * who did what, to what, when and from where, newest first, filtered by
 * person, action, target id and time, with "Load more" following the
 * list's cursor. Read-only: entries cannot be changed or deleted.
 *
 * Properties in: `api`, `orgId` (`org-id`).
 */
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import type { Advisor } from '../../../protocol/api.ts';
import { AUDIT_ACTIONS, type AuditAction } from '../../../protocol/audit-constants.ts';
import type { AuditEntry, AuditQuery } from '../../../protocol/audit.ts';
import type { ApiClient } from '../../api/api-client.ts';
import { isAbortError } from '../../api/api-error.ts';
import { ACTION_LABELS, actorLabel, detailsSummary } from '../../lib/audit-format.ts';
import { formatDateTime } from '../../lib/format.ts';
import { panels } from '../../styles/case.styles.ts';
import { controls, tokens } from '../../styles/shared.styles.ts';
import styles from './admin-audit.styles.ts';

/** `<input type="datetime-local">` value → epoch ms (local time), or undefined when empty or invalid. */
const localTime = (value: string): number | undefined => {
  if (!value) return undefined;
  const ms = new Date(value).getTime();
  return Number.isNaN(ms) ? undefined : ms;
};

export default class CobrowseAdminAudit extends LitElement {
  static override styles = [tokens, controls, panels, styles];
  static override properties = {
    api: { attribute: false },
    orgId: { type: String, attribute: 'org-id' },
    entries: { state: true },
    advisors: { state: true },
    nextCursor: { state: true },
    error: { state: true },
    loading: { state: true },
  };

  declare api: ApiClient | null;
  declare orgId: string;
  declare entries: AuditEntry[];
  declare advisors: Advisor[];
  declare nextCursor: string | null;
  declare error: string;
  declare loading: boolean;
  #filters: AuditQuery = {};
  #abort: AbortController | null = null;

  constructor() {
    super();
    this.api = null;
    this.orgId = '';
    this.entries = [];
    this.advisors = [];
    this.nextCursor = null;
    this.error = '';
    this.loading = false;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#abort?.abort();
  }

  override updated(changed: PropertyValues<this>): void {
    if ((changed.has('api') || changed.has('orgId')) && this.api && this.orgId) {
      void this.#load(false);
      this.api.caseAdvisors().then(
        (advisors) => (this.advisors = advisors),
        () => {},
      );
    }
  }

  /** First page with the current filters, or (`more`) the next page appended. */
  async #load(more: boolean): Promise<void> {
    if (!this.api || !this.orgId) return;
    this.#abort?.abort();
    const abort = (this.#abort = new AbortController());
    this.loading = true;
    try {
      const query = { ...this.#filters, ...(more && this.nextCursor ? { cursor: this.nextCursor } : {}) };
      const page = await this.api.audit(this.orgId, query, { signal: abort.signal });
      this.entries = more ? [...this.entries, ...page.entries] : page.entries;
      this.nextCursor = page.nextCursor;
      this.error = '';
    } catch (err) {
      if (isAbortError(err)) return;
      this.error = err instanceof Error ? err.message : String(err);
    } finally {
      if (this.#abort === abort) this.loading = false;
    }
  }

  #onFilter(e: SubmitEvent): void {
    e.preventDefault();
    const form = new FormData(e.target as HTMLFormElement);
    const value = (name: string) => String(form.get(name) ?? '').trim();
    const from = localTime(value('from'));
    const to = localTime(value('to'));
    this.#filters = {
      ...(value('actor') ? { actor: value('actor') } : {}),
      ...(value('action') ? { action: value('action') as AuditAction } : {}),
      ...(value('targetId') ? { targetId: value('targetId') } : {}),
      ...(from !== undefined ? { from } : {}),
      ...(to !== undefined ? { to } : {}),
    };
    void this.#load(false);
  }

  #onReset(): void {
    this.#filters = {};
    void this.#load(false);
  }

  #target(entry: AuditEntry) {
    const t = entry.target;
    if (!t) return html`<span class="muted">—</span>`;
    return html`<span class="audit__target">${t.type}${t.id ? html` <code title=${t.id}>${t.id.slice(0, 12)}</code>` : nothing}</span>`;
  }

  override render() {
    return html`<div class="panel">
      <p class="muted">
        Who did what, and from where: sign-ins, recordings viewed and exported, live help, case work, settings, retention and erasure.
        Entries cannot be changed or deleted.
      </p>
      <form class="card form-row" aria-label="Audit log filters" @submit=${this.#onFilter} @reset=${this.#onReset}>
        <label class="label">
          Person
          <select class="select" name="actor">
            <option value="">Anyone</option>
            ${this.advisors.map((a) => html`<option value=${a.id}>${a.name || a.email}</option>`)}
          </select>
        </label>
        <label class="label">
          Action
          <select class="select" name="action">
            <option value="">Any action</option>
            ${AUDIT_ACTIONS.map((a) => html`<option value=${a}>${ACTION_LABELS[a]}</option>`)}
          </select>
        </label>
        <label class="label label--grow"
          >Target id <input class="input" name="targetId" maxlength="200" placeholder="session, case or site id"
        /></label>
        <label class="label">From <input class="input" name="from" type="datetime-local" /></label>
        <label class="label">To <input class="input" name="to" type="datetime-local" /></label>
        <button class="btn btn--primary" type="submit" ?disabled=${this.loading}>Filter</button>
        <button class="btn btn--ghost" type="reset">Clear</button>
      </form>
      ${this.error ? html`<p class="alert" role="alert">${this.error}</p>` : nothing}
      <div class="table-wrap">
        <table class="table" aria-label="Audit log">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">Action</th>
              <th scope="col">Target</th>
              <th scope="col">Details</th>
              <th scope="col">Address</th>
            </tr>
          </thead>
          <tbody>
            ${this.entries.map(
              (e) =>
                html`<tr data-action=${e.action}>
                  <td class="audit__when">${formatDateTime(e.at)}</td>
                  <td>
                    ${actorLabel(e)}${e.actor.email && e.actor.name ? html`<div class="muted audit__email">${e.actor.email}</div>` : nothing}
                  </td>
                  <td>${ACTION_LABELS[e.action] ?? e.action}</td>
                  <td>${this.#target(e)}</td>
                  <td class="audit__details">${detailsSummary(e.details) || html`<span class="muted">—</span>`}</td>
                  <td>${e.clientAddress ?? html`<span class="muted">—</span>`}</td>
                </tr>`,
            )}
          </tbody>
        </table>
        ${this.entries.length === 0 && !this.loading ? html`<p class="table__empty">No entries match.</p>` : nothing}
      </div>
      ${
        this.nextCursor
          ? html`<div><button class="btn" type="button" ?disabled=${this.loading} @click=${() => this.#load(true)}>Load more</button></div>`
          : nothing
      }
    </div>`;
  }
}
