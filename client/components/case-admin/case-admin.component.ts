/**
 * @module client/components/case-admin
 * `<cobrowse-case-admin>`: the Admin area, one tab each: async-help settings
 * (topics and their SLA, routing: each advisor's skills and languages,
 * enrichers, webhooks), background work (failed enrichments and webhook
 * deliveries, the email outbox), each site's retention period, and the
 * organisation's members and invitations, its audit log and customer erasure. Topics, enrichers and webhooks belong to a site: a site
 * picker shows when there is more than one.
 *
 * Properties in: `api`, `tab` ('topics' | 'routing' | 'enrichers' | 'webhooks' | 'jobs' | 'retention' | 'members' | 'audit' | 'erasure'),
 * `orgId` (`org-id`: the organisation the app acts in; default: the first one the advisor administers),
 * `selfId` (`self-id`: the signed-in advisor, whose own membership the Members tab leaves alone).
 */
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import type { Site } from '../../../protocol/api.ts';
import type { Organisation } from '../../../protocol/audit.ts';
import type { ApiClient } from '../../api/api-client.ts';
import { ApiError } from '../../api/api-error.ts';
import { panels } from '../../styles/case.styles.ts';
import { controls, tokens } from '../../styles/shared.styles.ts';
import '../admin-audit/admin-audit.ts';
import '../admin-enrichers/admin-enrichers.ts';
import '../admin-erasure/admin-erasure.ts';
import '../admin-jobs/admin-jobs.ts';
import '../admin-members/admin-members.ts';
import '../admin-retention/admin-retention.ts';
import '../admin-routing/admin-routing.ts';
import '../admin-topics/admin-topics.ts';
import '../admin-webhooks/admin-webhooks.ts';
import styles from './case-admin.styles.ts';

export type AdminTab = 'topics' | 'routing' | 'enrichers' | 'webhooks' | 'jobs' | 'retention' | 'members' | 'audit' | 'erasure';

const TABS: { id: AdminTab; label: string }[] = [
  { id: 'topics', label: 'Topics & SLA' },
  { id: 'routing', label: 'Routing' },
  { id: 'enrichers', label: 'Enrichers' },
  { id: 'webhooks', label: 'Webhooks' },
  { id: 'jobs', label: 'Jobs & outbox' },
  { id: 'retention', label: 'Retention' },
  { id: 'members', label: 'Members' },
  { id: 'audit', label: 'Audit log' },
  { id: 'erasure', label: 'Erasure' },
];

export default class CobrowseCaseAdmin extends LitElement {
  static override styles = [tokens, controls, panels, styles];
  static override properties = {
    api: { attribute: false },
    tab: { type: String },
    orgId: { type: String, attribute: 'org-id' },
    selfId: { type: String, attribute: 'self-id' },
    sites: { state: true },
    siteId: { state: true },
    org: { state: true },
    error: { state: true },
  };

  declare api: ApiClient | null;
  declare tab: AdminTab;
  declare orgId: string;
  declare selfId: string;
  declare sites: Site[];
  declare siteId: string;
  /** The organisation members, the audit log and erasure are about. */
  declare org: Organisation | null;
  declare error: string;

  constructor() {
    super();
    this.api = null;
    this.tab = 'topics';
    this.orgId = '';
    this.selfId = '';
    this.sites = [];
    this.siteId = '';
    this.org = null;
    this.error = '';
  }

  override updated(changed: PropertyValues<this>): void {
    if ((changed.has('api') || changed.has('orgId')) && this.api) void this.#loadSites(this.api);
    // On a phone the tabs scroll sideways: keep the chosen one in view.
    if (changed.has('tab'))
      this.renderRoot.querySelector('.tab[aria-selected="true"]')?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }

  async #loadSites(api: ApiClient): Promise<void> {
    try {
      const [sites, orgs] = await Promise.all([api.sites(), api.orgs()]);
      this.sites = sites;
      if (!this.sites.some((s) => s.id === this.siteId)) this.siteId = this.sites[0]?.id ?? '';
      this.org = orgs.find((o) => o.id === this.orgId) ?? orgs.find((o) => o.role === 'owner' || o.role === 'admin') ?? null;
    } catch (err) {
      this.error = err instanceof ApiError && err.status === 403 ? 'Only admins can change these settings.' : String(err);
    }
  }

  #onTabKey(e: KeyboardEvent): void {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
    const i = TABS.findIndex((t) => t.id === this.tab);
    const next = TABS[(i + (e.key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length]!;
    this.tab = next.id;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`#admin-tab-${next.id}`)?.focus());
  }

  #renderPanel() {
    const api = this.api;
    const site = this.siteId;
    switch (this.tab) {
      case 'topics':
        return html`<cobrowse-admin-topics .api=${api} site-id=${site}></cobrowse-admin-topics>`;
      case 'routing':
        return html`<cobrowse-admin-routing .api=${api}></cobrowse-admin-routing>`;
      case 'enrichers':
        return html`<cobrowse-admin-enrichers .api=${api} site-id=${site}></cobrowse-admin-enrichers>`;
      case 'webhooks':
        return html`<cobrowse-admin-webhooks .api=${api} site-id=${site}></cobrowse-admin-webhooks>`;
      case 'jobs':
        return html`<cobrowse-admin-jobs .api=${api}></cobrowse-admin-jobs>`;
      case 'retention':
        return html`<cobrowse-admin-retention .api=${api}></cobrowse-admin-retention>`;
      case 'members':
        return html`<cobrowse-admin-members .api=${api} org-id=${this.org?.id ?? ''} self-id=${this.selfId}></cobrowse-admin-members>`;
      case 'audit':
        return html`<cobrowse-admin-audit .api=${api} org-id=${this.org?.id ?? ''}></cobrowse-admin-audit>`;
      case 'erasure':
        return html`<cobrowse-admin-erasure .api=${api} org-id=${this.org?.id ?? ''}></cobrowse-admin-erasure>`;
    }
  }

  override render() {
    const perSite = this.tab === 'topics' || this.tab === 'enrichers' || this.tab === 'webhooks';
    return html`<section class="admin" aria-labelledby="admin-title">
      <div class="admin__header">
        <h1 class="admin__title" id="admin-title">Admin</h1>
        <span class="admin__spacer"></span>
        ${
          perSite && this.sites.length > 1
            ? html`<label class="admin__site">
                Site
                <select class="select" .value=${this.siteId} @change=${(e: Event) => (this.siteId = (e.target as HTMLSelectElement).value)}>
                  ${this.sites.map((s) => html`<option value=${s.id} ?selected=${s.id === this.siteId}>${s.name}</option>`)}
                </select>
              </label>`
            : perSite && this.sites[0]
              ? html`<span class="muted">Site: ${this.sites[0].name}</span>`
              : nothing
        }
      </div>
      ${this.error ? html`<p class="alert" role="alert">${this.error}</p>` : nothing}
      <div class="tabs" role="tablist" aria-label="Settings" @keydown=${this.#onTabKey}>
        ${TABS.map(
          (t) =>
            html`<button
              type="button"
              role="tab"
              class="tab"
              id=${`admin-tab-${t.id}`}
              aria-selected=${this.tab === t.id ? 'true' : 'false'}
              aria-controls="admin-panel"
              tabindex=${this.tab === t.id ? 0 : -1}
              @click=${() => (this.tab = t.id)}
            >
              ${t.label}
            </button>`,
        )}
      </div>
      <div class="admin__panel" id="admin-panel" role="tabpanel" aria-labelledby=${`admin-tab-${this.tab}`}>
        ${this.error ? nothing : this.#renderPanel()}
      </div>
    </section>`;
  }
}
