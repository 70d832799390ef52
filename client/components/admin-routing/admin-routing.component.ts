/**
 * @module client/components/admin-routing
 * `<cobrowse-admin-routing>`: who gets which cases. Per advisor, the skills
 * (matched against a topic's required skills) and the languages (matched
 * against the case's); a new case goes to the least loaded advisor who fits,
 * else to the shared queue. Shows when each advisor was last seen.
 *
 * Properties in: `api`.
 */
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import type { AdvisorRouting } from '../../../protocol/cases.ts';
import type { ApiClient } from '../../api/api-client.ts';
import { formatDateTime } from '../../lib/format.ts';
import { joinList, splitList } from '../../lib/lists.ts';
import { panels } from '../../styles/case.styles.ts';
import { controls, tokens } from '../../styles/shared.styles.ts';
import styles from './admin-routing.styles.ts';

export default class CobrowseAdminRouting extends LitElement {
  static override styles = [tokens, controls, panels, styles];
  static override properties = {
    api: { attribute: false },
    advisors: { state: true },
    error: { state: true },
    notice: { state: true },
  };

  declare api: ApiClient | null;
  declare advisors: AdvisorRouting[];
  declare error: string;
  declare notice: string;

  constructor() {
    super();
    this.api = null;
    this.advisors = [];
    this.error = '';
    this.notice = '';
  }

  override updated(changed: PropertyValues<this>): void {
    if (changed.has('api') && this.api) void this.refresh();
  }

  async refresh(): Promise<void> {
    if (!this.api) return;
    try {
      this.advisors = await this.api.routing();
    } catch (err) {
      this.error = err instanceof Error ? err.message : String(err);
    }
  }

  async #save(a: AdvisorRouting): Promise<void> {
    if (!this.api) return;
    const row = this.renderRoot.querySelector<HTMLElement>(`tr[data-advisor-id="${a.advisorId}"]`)!;
    const value = (field: string) => row.querySelector<HTMLInputElement>(`[data-field="${field}"]`)!.value;
    this.error = '';
    this.notice = '';
    try {
      const saved = await this.api.setRouting(a.advisorId, {
        skills: splitList(value('skills')),
        languages: splitList(value('languages')),
      });
      this.advisors = this.advisors.map((x) => (x.advisorId === saved.advisorId ? saved : x));
      this.notice = `Routing of ${saved.name || saved.email} saved.`;
    } catch (err) {
      this.error = err instanceof Error ? err.message : String(err);
    }
  }

  override render() {
    return html`<div class="panel">
      ${this.error ? html`<p class="alert" role="alert">${this.error}</p>` : nothing}
      ${this.notice ? html`<p class="notice" role="status">${this.notice}</p>` : nothing}
      <div class="table-wrap">
        <table class="table" aria-label="Routing">
          <thead>
            <tr>
              <th scope="col">Advisor</th>
              <th scope="col">Skills</th>
              <th scope="col">Languages</th>
              <th scope="col">Last seen</th>
              <th scope="col"><span class="visually-hidden">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            ${this.advisors.map((a) => {
              const name = a.name || a.email;
              return html`<tr data-advisor-id=${a.advisorId}>
                <td>
                  <div>${name}</div>
                  ${a.name && a.name !== a.email ? html`<div class="muted routing__email">${a.email}</div>` : nothing}
                </td>
                <td>
                  <input
                    class="input"
                    data-field="skills"
                    aria-label=${`Skills of ${name}`}
                    placeholder="billing, shipping"
                    .value=${joinList(a.skills)}
                  />
                </td>
                <td>
                  <input
                    class="input"
                    data-field="languages"
                    aria-label=${`Languages of ${name}`}
                    placeholder="en, nl"
                    .value=${joinList(a.languages)}
                  />
                </td>
                <td class="muted">${a.lastSeenAt ? formatDateTime(a.lastSeenAt) : 'never'}</td>
                <td class="panel__row-actions">
                  <button class="btn" type="button" aria-label=${`Save routing of ${name}`} @click=${() => this.#save(a)}>Save</button>
                </td>
              </tr>`;
            })}
          </tbody>
        </table>
      </div>
      <p class="panel__hint">
        A new case goes to the least loaded advisor whose skills cover its topic's required skills and whose languages include the case's
        language; when nobody fits it waits unassigned in the shared queue. Languages are tags such as en or pt-br.
      </p>
    </div>`;
  }
}
