/**
 * @module client/components/admin-retention
 * `<cobrowse-admin-retention>`: how long each site keeps its recordings. A
 * number of days (older sessions are deleted by the retention job with
 * everything derived from them, and the deletion is audited) or empty for
 * unlimited, the default. And whether the server keeps copies of the files
 * a site's recordings show (stylesheets, images, fonts: `captureAssets`, on
 * by default), so replays never ask the site (docs/replay.md).
 *
 * Properties in: `api`.
 */
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import type { Site } from '../../../protocol/api.ts';
import { RETENTION_DAYS_MAX } from '../../../protocol/audit-constants.ts';
import type { ApiClient } from '../../api/api-client.ts';
import { attempt } from '../../lib/api-attempt.ts';
import { panels } from '../../styles/case.styles.ts';
import { controls, tokens } from '../../styles/shared.styles.ts';

export default class CobrowseAdminRetention extends LitElement {
  static override styles = [tokens, controls, panels];
  static override properties = {
    api: { attribute: false },
    sites: { state: true },
    error: { state: true },
    notice: { state: true },
  };

  declare api: ApiClient | null;
  declare sites: Site[];
  declare error: string;
  declare notice: string;

  constructor() {
    super();
    this.api = null;
    this.sites = [];
    this.error = '';
    this.notice = '';
  }

  override updated(changed: PropertyValues<this>): void {
    if (changed.has('api') && this.api) void attempt(this, async (api) => (this.sites = await api.sites()));
  }

  async #save(site: Site): Promise<void> {
    const row = this.renderRoot.querySelector<HTMLTableRowElement>(`tr[data-site-id="${site.id}"]`)!;
    const raw = row.querySelector<HTMLInputElement>('input[type="number"]')!.value.trim();
    const retentionDays = raw === '' ? null : Number(raw);
    const captureAssets = row.querySelector<HTMLInputElement>('input[type="checkbox"]')!.checked;
    this.notice = '';
    const ok = await attempt(this, async (api) => {
      // Only what changed, so the audit log names only that.
      const saved = await api.updateSite(site.id, { retentionDays, ...(captureAssets === site.captureAssets ? {} : { captureAssets }) });
      this.sites = this.sites.map((s) => (s.id === saved.id ? saved : s));
    });
    if (ok) {
      this.notice =
        retentionDays === null
          ? `${site.name} keeps its recordings without limit.`
          : `${site.name} keeps recordings for ${retentionDays} day${retentionDays === 1 ? '' : 's'}; older ones go at the next retention run.`;
      if (captureAssets !== site.captureAssets) {
        this.notice += captureAssets
          ? ' Replays of its new recordings use the server’s copies of its files.'
          : ' Its files are no longer copied; replays of new recordings show them only where the copies exist.';
      }
    }
  }

  override render() {
    return html`<div class="panel">
      <p class="muted">
        Recordings older than this are deleted with everything derived from them (pages, chat, video, reply links); their cases stay,
        without the recording. Each deletion is in the audit log. Leave empty to keep recordings forever.
      </p>
      <p class="muted">
        <strong>Copy page files</strong>: the server fetches the stylesheets, images and fonts a recording shows from the site's own origins
        and keeps one copy of each, so a replay looks right after the site changed them and never tells the site who watched.
      </p>
      ${this.error ? html`<p class="alert" role="alert">${this.error}</p>` : nothing}
      ${this.notice ? html`<p class="notice" role="status">${this.notice}</p>` : nothing}
      <div class="table-wrap">
        <table class="table" aria-label="Retention per site">
          <thead>
            <tr>
              <th scope="col">Site</th>
              <th scope="col">Keep recordings for (days)</th>
              <th scope="col">Copy page files</th>
              <th scope="col"><span class="visually-hidden">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            ${this.sites.map(
              (s) =>
                html`<tr data-site-id=${s.id}>
                  <td>${s.name}</td>
                  <td>
                    <input
                      class="input panel__num"
                      type="number"
                      min="1"
                      max=${RETENTION_DAYS_MAX}
                      step="1"
                      placeholder="Unlimited"
                      aria-label=${`Retention of ${s.name} in days`}
                      .value=${s.retentionDays === null ? '' : String(s.retentionDays)}
                    />
                  </td>
                  <td>
                    <input type="checkbox" aria-label=${`Copy the page files of ${s.name}`} .checked=${s.captureAssets} />
                  </td>
                  <td class="panel__row-actions">
                    <button class="btn" type="button" aria-label=${`Save retention of ${s.name}`} @click=${() => this.#save(s)}>
                      Save
                    </button>
                  </td>
                </tr>`,
            )}
          </tbody>
        </table>
      </div>
    </div>`;
  }
}
