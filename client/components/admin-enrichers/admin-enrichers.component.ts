/**
 * @module client/components/admin-enrichers
 * `<cobrowse-admin-enrichers>`: a site's enrichers, the calls to the site's
 * own systems made for each new case (URL template with `{metadata.key}`
 * placeholders, method, headers, the metadata keys it may see, timeout,
 * whether same-origin redirects are followed); their answers show on the
 * case as fields and links. Add, enable or disable, follow redirects or
 * not, delete. Header values come back masked.
 *
 * Properties in: `api`, `siteId` (`site-id`).
 */
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import type { Enricher } from '../../../protocol/cases.ts';
import type { ApiClient } from '../../api/api-client.ts';
import { joinList, parseHeaderLines, splitList } from '../../lib/lists.ts';
import { panels } from '../../styles/case.styles.ts';
import { controls, tokens } from '../../styles/shared.styles.ts';
import { attempt } from '../../lib/api-attempt.ts';
import styles from './admin-enrichers.styles.ts';

export default class CobrowseAdminEnrichers extends LitElement {
  static override styles = [tokens, controls, panels, styles];
  static override properties = {
    api: { attribute: false },
    siteId: { type: String, attribute: 'site-id' },
    enrichers: { state: true },
    error: { state: true },
    notice: { state: true },
  };

  declare api: ApiClient | null;
  declare siteId: string;
  declare enrichers: Enricher[];
  declare error: string;
  declare notice: string;

  constructor() {
    super();
    this.api = null;
    this.siteId = '';
    this.enrichers = [];
    this.error = '';
    this.notice = '';
  }

  override updated(changed: PropertyValues<this>): void {
    if ((changed.has('api') || changed.has('siteId')) && this.api) void this.refresh();
  }

  async refresh(): Promise<void> {
    await this.#run(async (api) => {
      this.enrichers = (await api.enrichers()).filter((x) => !this.siteId || x.siteId === this.siteId);
    });
  }

  #run(work: (api: ApiClient) => Promise<unknown>): Promise<boolean> {
    return attempt(this, work);
  }

  async #create(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const name = String(data.get('name') ?? '').trim();
    this.notice = '';
    const ok = await this.#run((api) =>
      api.createEnricher({
        siteId: this.siteId,
        name,
        urlTemplate: String(data.get('urlTemplate') ?? '').trim(),
        method: data.get('method') === 'POST' ? 'POST' : 'GET',
        headers: parseHeaderLines(String(data.get('headers') ?? '')),
        metadataKeys: splitList(String(data.get('metadataKeys') ?? '')),
        timeoutMs: Number(data.get('timeoutMs')),
        enabled: data.get('enabled') === 'on',
        followRedirects: data.get('followRedirects') === 'on',
      }),
    );
    if (ok) {
      form.reset();
      await this.refresh();
      this.notice = `Enricher "${name}" added. It runs for new cases.`;
    }
  }

  async #toggle(x: Enricher): Promise<void> {
    if (await this.#run((api) => api.updateEnricher(x.id, { enabled: !x.enabled }))) await this.refresh();
  }

  async #toggleRedirects(x: Enricher): Promise<void> {
    if (await this.#run((api) => api.updateEnricher(x.id, { followRedirects: !x.followRedirects }))) await this.refresh();
  }

  async #delete(x: Enricher): Promise<void> {
    if (!confirm(`Delete the enricher "${x.name}"? Results already on cases stay.`)) return;
    if (await this.#run((api) => api.deleteEnricher(x.id))) await this.refresh();
  }

  override render() {
    return html`<div class="panel">
      ${this.error ? html`<p class="alert" role="alert">${this.error}</p>` : nothing}
      ${this.notice ? html`<p class="notice" role="status">${this.notice}</p>` : nothing}
      <div class="table-wrap">
        <table class="table" aria-label="Enrichers">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Request</th>
              <th scope="col">Metadata keys</th>
              <th scope="col">Headers</th>
              <th scope="col">Timeout</th>
              <th scope="col">Enabled</th>
              <th scope="col">Redirects</th>
              <th scope="col"><span class="visually-hidden">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            ${this.enrichers.map(
              (x) =>
                html`<tr data-enricher-id=${x.id}>
                  <td>${x.name}</td>
                  <td class="enrichers__url"><code>${x.method} ${x.urlTemplate}</code></td>
                  <td>${joinList(x.metadataKeys) || html`<span class="muted">none</span>`}</td>
                  <td>
                    ${Object.entries(x.headers).map(([k, v]) => html`<div><code>${k}: ${v}</code></div>`)}
                    ${Object.keys(x.headers).length ? nothing : html`<span class="muted">none</span>`}
                  </td>
                  <td>${x.timeoutMs} ms</td>
                  <td>
                    <label class="check">
                      <input type="checkbox" .checked=${x.enabled} aria-label=${`Enable ${x.name}`} @change=${() => this.#toggle(x)} />
                      ${x.enabled ? 'On' : 'Off'}
                    </label>
                  </td>
                  <td>
                    <label class="check">
                      <input
                        type="checkbox"
                        .checked=${x.followRedirects}
                        aria-label=${`Follow same-origin redirects of ${x.name}`}
                        @change=${() => this.#toggleRedirects(x)}
                      />
                      ${x.followRedirects ? 'Same origin' : 'Not followed'}
                    </label>
                  </td>
                  <td class="panel__row-actions">
                    <button class="btn btn--ghost" type="button" aria-label=${`Delete ${x.name}`} @click=${() => this.#delete(x)}>
                      Delete
                    </button>
                  </td>
                </tr>`,
            )}
          </tbody>
        </table>
        ${this.enrichers.length === 0 ? html`<p class="table__empty">No enrichers yet.</p>` : nothing}
      </div>

      <form class="card enrichers__form" @submit=${this.#create} aria-labelledby="enricher-new-title">
        <h2 class="card__title" id="enricher-new-title">New enricher</h2>
        <div class="form-row">
          <label class="label label--grow"
            >Enricher name <input class="input" name="name" required maxlength="200" placeholder="Orders"
          /></label>
          <label class="label">
            Method
            <select class="select" name="method">
              <option>GET</option>
              <option>POST</option>
            </select>
          </label>
          <label class="label"
            >Timeout (ms) <input class="input panel__num" name="timeoutMs" type="number" min="100" max="60000" value="5000" required
          /></label>
        </div>
        <div class="form-row">
          <label class="label label--grow">
            URL template
            <input class="input" name="urlTemplate" required placeholder="https://shop.example/api/orders/{metadata.orderId}" />
          </label>
        </div>
        <div class="form-row">
          <label class="label label--grow">
            Metadata keys
            <input class="input" name="metadataKeys" placeholder="orderId, plan" />
          </label>
          <label class="label label--grow">
            Headers (one per line)
            <textarea class="textarea enrichers__headers" name="headers" placeholder="Authorization: Bearer …"></textarea>
          </label>
        </div>
        <div class="form-row enrichers__submit">
          <label class="check"><input type="checkbox" name="enabled" checked /> Enabled</label>
          <label class="check"><input type="checkbox" name="followRedirects" /> Follow same-origin redirects</label>
          <span class="admin__spacer"></span>
          <button class="btn btn--primary" type="submit" ?disabled=${!this.siteId}>Add enricher</button>
        </div>
        <p class="panel__hint">
          Placeholders such as <code>{metadata.orderId}</code> are filled from the case's metadata (only the keys listed). The answer must
          be JSON: <code>{ "fields": { "Order status": "shipped" }, "links": [{ "label": "Order", "url": "https://…" }] }</code>. Each value
          is URL-encoded inside its placeholder, so it can never change the path. Redirects are not followed unless allowed here, and then
          only on the same origin. The site's outbound allow-list, if set, must include the host.
        </p>
      </form>
    </div>`;
  }
}
