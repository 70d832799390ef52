/**
 * @module client/components/case-links
 * `<cobrowse-case-links>`: the customer's private links to a case (the page
 * where they read answers and reply). A new link's URL is shown once (only
 * its hash is stored), to copy and send; any link can be revoked.
 *
 * Properties in: `api`, `caseId` (`case-id`), `links` (from the case detail;
 * updated here after a create or a revoke).
 */
import { html, LitElement, nothing } from 'lit';
import type { CaseLinkCreated, CaseLinkInfo } from '../../../protocol/cases.ts';
import type { ApiClient } from '../../api/api-client.ts';
import { formatDateTime } from '../../lib/format.ts';
import { panels } from '../../styles/case.styles.ts';
import { controls, tokens } from '../../styles/shared.styles.ts';
import styles from './case-links.styles.ts';

export default class CobrowseCaseLinks extends LitElement {
  static override styles = [tokens, controls, panels, styles];
  static override properties = {
    api: { attribute: false },
    caseId: { type: String, attribute: 'case-id' },
    links: { attribute: false },
    created: { state: true },
    error: { state: true },
    busy: { state: true },
  };

  declare api: ApiClient | null;
  declare caseId: string;
  declare links: CaseLinkInfo[];
  /** The link made last, with its URL (shown once). */
  declare created: CaseLinkCreated | null;
  declare error: string;
  declare busy: boolean;

  constructor() {
    super();
    this.api = null;
    this.caseId = '';
    this.links = [];
    this.created = null;
    this.error = '';
    this.busy = false;
  }

  async create(): Promise<void> {
    if (!this.api || this.busy) return;
    this.busy = true;
    this.error = '';
    try {
      const link = await this.api.createCaseLink(this.caseId);
      this.created = link;
      this.links = [...this.links, link];
    } catch (err) {
      this.error = err instanceof Error ? err.message : String(err);
    } finally {
      this.busy = false;
    }
  }

  async revoke(id: string): Promise<void> {
    if (!this.api) return;
    this.error = '';
    try {
      const info = await this.api.revokeCaseLink(this.caseId, id);
      this.links = this.links.map((l) => (l.id === id ? info : l));
      if (this.created?.id === id) this.created = null;
    } catch (err) {
      this.error = err instanceof Error ? err.message : String(err);
    }
  }

  #state(l: CaseLinkInfo): string {
    if (l.revokedAt) return `revoked ${formatDateTime(l.revokedAt)}`;
    if (Date.parse(l.expiresAt) <= Date.now()) return `expired ${formatDateTime(l.expiresAt)}`;
    return `expires ${formatDateTime(l.expiresAt)}`;
  }

  override render() {
    return html`<section class="card" aria-labelledby="links-title">
      <h2 class="card__title" id="links-title">Customer links</h2>
      ${this.error ? html`<p class="alert" role="alert">${this.error}</p>` : nothing}
      ${
        this.created
          ? html`<p class="notice" role="status">
              New link, shown only now:
              <a class="link" href=${this.created.link} target="_blank" rel="noopener noreferrer" data-new-link>${this.created.link}</a>
            </p>`
          : nothing
      }
      <ul class="links">
        ${this.links.map(
          (l) =>
            html`<li class="links__item ${l.revokedAt ? 'links__item--revoked' : ''}" data-link-id=${l.id}>
              <span>Link of ${formatDateTime(l.createdAt)} · <span class="muted">${this.#state(l)}</span></span>
              ${
                l.revokedAt
                  ? nothing
                  : html`<button
                      class="btn btn--ghost"
                      type="button"
                      aria-label=${`Revoke link of ${formatDateTime(l.createdAt)}`}
                      @click=${() => this.revoke(l.id)}
                    >
                      Revoke
                    </button>`
              }
            </li>`,
        )}
      </ul>
      <button class="btn" type="button" ?disabled=${this.busy} @click=${() => this.create()}>Create customer link</button>
    </section>`;
  }
}
