/**
 * @module client/components/admin-jobs
 * `<cobrowse-admin-jobs>`: the background work of async help, for admins:
 * jobs waiting per queue, enrichments and webhook deliveries that failed or
 * are still being retried (with the last error and response code), and the
 * email outbox. Polls while open.
 *
 * Properties in: `api`, `refreshMs` (`refresh-ms`, 0 = no polling).
 *
 * @event cobrowse-open-case - A case id was picked; detail `{ caseId }`.
 */
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import type { JobsOverview } from '../../../protocol/cases.ts';
import type { ApiClient } from '../../api/api-client.ts';
import { isAbortError } from '../../api/api-error.ts';
import { emit } from '../../events/index.ts';
import { formatDateTime } from '../../lib/format.ts';
import { routeUrl } from '../../lib/route.ts';
import { badges, panels } from '../../styles/case.styles.ts';
import { controls, tokens } from '../../styles/shared.styles.ts';
import styles from './admin-jobs.styles.ts';

export default class CobrowseAdminJobs extends LitElement {
  static override styles = [tokens, controls, badges, panels, styles];
  static override properties = {
    api: { attribute: false },
    refreshMs: { type: Number, attribute: 'refresh-ms' },
    jobs: { state: true },
    error: { state: true },
    loading: { state: true },
  };

  declare api: ApiClient | null;
  declare refreshMs: number;
  declare jobs: JobsOverview | null;
  declare error: string;
  declare loading: boolean;
  #timer: ReturnType<typeof setInterval> | undefined;
  #abort: AbortController | null = null;

  constructor() {
    super();
    this.api = null;
    this.refreshMs = 10_000;
    this.jobs = null;
    this.error = '';
    this.loading = false;
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
    if (changed.has('api') && this.api) void this.refresh();
  }

  async refresh(): Promise<void> {
    if (!this.api) return;
    this.#abort?.abort();
    const abort = (this.#abort = new AbortController());
    this.loading = true;
    try {
      this.jobs = await this.api.jobs({ signal: abort.signal });
      this.error = '';
    } catch (err) {
      if (isAbortError(err)) return;
      this.error = err instanceof Error ? err.message : String(err);
    } finally {
      if (this.#abort === abort) this.loading = false;
    }
  }

  #caseLink(caseId: string | null) {
    if (!caseId) return html`<span class="muted">—</span>`;
    return html`<a
      class="link"
      href=${routeUrl({ name: 'case', caseId })}
      @click=${(e: MouseEvent) => {
        if (e.metaKey || e.ctrlKey || e.shiftKey) return;
        e.preventDefault();
        emit(this, 'cobrowse-open-case', { caseId });
      }}
      >${caseId.slice(0, 8)}</a
    >`;
  }

  #empty(what: string, cols: number) {
    return html`<tr>
      <td colspan=${cols} class="table__empty">${what}</td>
    </tr>`;
  }

  override render() {
    const j = this.jobs;
    return html`<div class="panel">
      <div class="jobs__header">
        <div class="jobs__queues" aria-label="Queues">
          ${j?.queues.map((q) => html`<span class="badge ${q.pending ? 'badge--pending' : ''}">${q.name}: ${q.pending} waiting</span>`)}
        </div>
        <button class="btn" type="button" ?disabled=${this.loading} @click=${() => this.refresh()}>Refresh</button>
      </div>
      ${this.error ? html`<p class="alert" role="alert">${this.error}</p>` : nothing}

      <section aria-labelledby="jobs-webhooks">
        <h2 class="jobs__title" id="jobs-webhooks">Webhook deliveries not delivered</h2>
        <div class="table-wrap">
          <table class="table" aria-label="Failed webhook deliveries">
            <thead>
              <tr>
                <th scope="col">Status</th>
                <th scope="col">Event</th>
                <th scope="col">Case</th>
                <th scope="col">Attempts</th>
                <th scope="col">Response</th>
                <th scope="col">Last error</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              ${
                j?.webhookDeliveries.length
                  ? j.webhookDeliveries.map(
                      (d) =>
                        html`<tr data-delivery-id=${d.id} data-status=${d.status}>
                          <td><span class="badge badge--${d.status}">${d.status}</span></td>
                          <td>${d.event}</td>
                          <td>${this.#caseLink(d.caseId)}</td>
                          <td>${d.attempts}</td>
                          <td>${d.responseCode ?? '—'}</td>
                          <td class="jobs__error">${d.lastError ?? '—'}</td>
                          <td class="muted">${formatDateTime(d.createdAt)}</td>
                        </tr>`,
                    )
                  : this.#empty('Every delivery went through.', 7)
              }
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="jobs-enrich">
        <h2 class="jobs__title" id="jobs-enrich">Enrichments not done</h2>
        <div class="table-wrap">
          <table class="table" aria-label="Failed enrichments">
            <thead>
              <tr>
                <th scope="col">Status</th>
                <th scope="col">Enricher</th>
                <th scope="col">Case</th>
                <th scope="col">Attempts</th>
                <th scope="col">Last error</th>
                <th scope="col">Updated</th>
              </tr>
            </thead>
            <tbody>
              ${
                j?.enrichments.length
                  ? j.enrichments.map(
                      (e) =>
                        html`<tr data-status=${e.status}>
                          <td><span class="badge badge--${e.status}">${e.status}</span></td>
                          <td>${e.enricherName}</td>
                          <td>${this.#caseLink(e.caseId)}</td>
                          <td>${e.attempts}</td>
                          <td class="jobs__error">${e.error ?? '—'}</td>
                          <td class="muted">${formatDateTime(e.updatedAt)}</td>
                        </tr>`,
                    )
                  : this.#empty('Every enrichment succeeded.', 6)
              }
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="jobs-email">
        <h2 class="jobs__title" id="jobs-email">Email outbox</h2>
        <div class="table-wrap">
          <table class="table" aria-label="Email outbox">
            <thead>
              <tr>
                <th scope="col">Status</th>
                <th scope="col">To</th>
                <th scope="col">Subject</th>
                <th scope="col">Case</th>
                <th scope="col">Attempts</th>
                <th scope="col">Last error</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              ${
                j?.emails.length
                  ? j.emails.map(
                      (m) =>
                        html`<tr data-status=${m.status}>
                          <td><span class="badge badge--${m.status}">${m.status}</span></td>
                          <td>${m.to}</td>
                          <td>${m.subject}</td>
                          <td>${this.#caseLink(m.caseId)}</td>
                          <td>${m.attempts}</td>
                          <td class="jobs__error">${m.lastError ?? '—'}</td>
                          <td class="muted">${formatDateTime(m.createdAt)}</td>
                        </tr>`,
                    )
                  : this.#empty('No emails yet.', 7)
              }
            </tbody>
          </table>
        </div>
      </section>
    </div>`;
  }
}
