/**
 * @module client/components/admin-erasure
 * `<cobrowse-admin-erasure>`: erases one customer's data (a right-to-erasure
 * request) in two steps: "Find data" asks the server for a dry run and shows
 * what would be deleted (recordings, cases and every derived row, by kind);
 * only then does "Erase permanently" delete exactly that request. Changing
 * the form discards the preview, so what is confirmed is what was shown.
 *
 * Properties in: `api`, `orgId` (`org-id`).
 */
import { html, LitElement, nothing } from 'lit';
import type { ErasureRequest, ErasureResult } from '../../../protocol/audit.ts';
import type { ApiClient } from '../../api/api-client.ts';
import { countRows } from '../../lib/audit-format.ts';
import { panels } from '../../styles/case.styles.ts';
import { controls, tokens } from '../../styles/shared.styles.ts';
import styles from './admin-erasure.styles.ts';

export default class CobrowseAdminErasure extends LitElement {
  static override styles = [tokens, controls, panels, styles];
  static override properties = {
    api: { attribute: false },
    orgId: { type: String, attribute: 'org-id' },
    preview: { state: true },
    done: { state: true },
    error: { state: true },
    busy: { state: true },
  };

  declare api: ApiClient | null;
  declare orgId: string;
  /** The dry run of {@link #request}, awaiting confirmation. */
  declare preview: ErasureResult | null;
  declare done: ErasureResult | null;
  declare error: string;
  declare busy: boolean;
  #request: ErasureRequest | null = null;

  constructor() {
    super();
    this.api = null;
    this.orgId = '';
    this.preview = null;
    this.done = null;
    this.error = '';
    this.busy = false;
  }

  #readForm(form: HTMLFormElement): ErasureRequest | null {
    const data = new FormData(form);
    const customerId = String(data.get('customerId') ?? '').trim();
    const email = String(data.get('email') ?? '').trim();
    if (!customerId && !email) return null;
    return { ...(customerId ? { customerId } : {}), ...(email ? { email } : {}) };
  }

  async #find(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const request = this.#readForm(e.target as HTMLFormElement);
    this.done = null;
    this.preview = null;
    if (!request) {
      this.error = 'Give the customer id, the email, or both.';
      return;
    }
    await this.#run(async (api) => {
      this.preview = await api.erasure(this.orgId, request, true);
      this.#request = request;
    });
  }

  async #erase(): Promise<void> {
    const request = this.#request;
    if (!request || !this.preview) return;
    await this.#run(async (api) => {
      this.done = await api.erasure(this.orgId, request, false);
      this.preview = null;
      this.#request = null;
      this.renderRoot.querySelector('form')?.reset();
    });
  }

  async #run(work: (api: ApiClient) => Promise<void>): Promise<void> {
    if (!this.api || !this.orgId) return;
    this.busy = true;
    this.error = '';
    try {
      await work(this.api);
    } catch (err) {
      this.error = err instanceof Error ? err.message : String(err);
    } finally {
      this.busy = false;
    }
  }

  #onInput(): void {
    this.preview = null;
    this.#request = null;
  }

  #counts(result: ErasureResult, caption: string) {
    const rows = countRows(result.counts);
    return html`<table class="table erasure__counts" aria-label=${caption}>
      <tbody>
        ${rows.map(
          (r) =>
            html`<tr data-table=${r.table}>
              <th scope="row">${r.label}</th>
              <td class="erasure__n">${r.n}</td>
            </tr>`,
        )}
      </tbody>
    </table>`;
  }

  override render() {
    const p = this.preview;
    return html`<div class="panel">
      <p class="muted">
        Deletes everything recorded about one customer: the recordings whose metadata carries this customer id or email (as given to
        <code>identify()</code>), the cases they opened with them, and all that hangs off those: pages, chat, video, messages, links,
        enrichments, emails and webhook deliveries. The audit log records that an erasure happened and how much it deleted, not who it was
        about.
      </p>
      <form class="card form-row" aria-label="Customer to erase" @submit=${this.#find} @input=${this.#onInput}>
        <label class="label label--grow">Customer id <input class="input" name="customerId" maxlength="200" autocomplete="off" /></label>
        <label class="label label--grow">Email <input class="input" name="email" type="email" maxlength="320" autocomplete="off" /></label>
        <button class="btn btn--primary" type="submit" ?disabled=${this.busy}>Find data</button>
      </form>
      ${this.error ? html`<p class="alert" role="alert">${this.error}</p>` : nothing}
      ${
        p
          ? html`<section class="card erasure__confirm" aria-labelledby="erasure-preview-title">
              <h2 class="card__title" id="erasure-preview-title">
                ${p.sessionIds.length || p.caseIds.length ? 'This will be deleted, permanently' : 'Nothing found for this customer'}
              </h2>
              ${
                p.sessionIds.length || p.caseIds.length
                  ? html`${this.#counts(p, 'What will be deleted')}
                      <div class="erasure__actions">
                        <button class="btn erasure__danger" type="button" ?disabled=${this.busy} @click=${this.#erase}>
                          Erase permanently
                        </button>
                        <button class="btn btn--ghost" type="button" @click=${this.#onInput}>Cancel</button>
                      </div>`
                  : nothing
              }
            </section>`
          : nothing
      }
      ${
        this.done
          ? html`<section class="notice" role="status" aria-labelledby="erasure-done-title">
              <strong id="erasure-done-title">Erased.</strong> Deleted
              ${
                countRows(this.done.counts)
                  .map((r) => `${r.label.toLowerCase()}: ${r.n}`)
                  .join(', ') || 'nothing'
              }.
            </section>`
          : nothing
      }
    </div>`;
  }
}
