/**
 * @module client/components/admin-topics
 * `<cobrowse-admin-topics>`: a site's case topics: name, first-answer SLA in
 * minutes, and the skills an advisor needs to be routed its cases. Edit in
 * place (Save per row), add, delete. Cases with no or an unknown topic get
 * the default SLA.
 *
 * Properties in: `api`, `siteId` (`site-id`).
 */
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { DEFAULT_SLA_MINUTES } from '../../../protocol/cases-constants.ts';
import type { Topic } from '../../../protocol/cases.ts';
import type { ApiClient } from '../../api/api-client.ts';
import { joinList, splitList } from '../../lib/lists.ts';
import { panels } from '../../styles/case.styles.ts';
import { controls, tokens } from '../../styles/shared.styles.ts';
import { attempt } from '../../lib/api-attempt.ts';
import styles from './admin-topics.styles.ts';

export default class CobrowseAdminTopics extends LitElement {
  static override styles = [tokens, controls, panels, styles];
  static override properties = {
    api: { attribute: false },
    siteId: { type: String, attribute: 'site-id' },
    topics: { state: true },
    error: { state: true },
    notice: { state: true },
  };

  declare api: ApiClient | null;
  declare siteId: string;
  declare topics: Topic[];
  declare error: string;
  declare notice: string;

  constructor() {
    super();
    this.api = null;
    this.siteId = '';
    this.topics = [];
    this.error = '';
    this.notice = '';
  }

  override updated(changed: PropertyValues<this>): void {
    if ((changed.has('api') || changed.has('siteId')) && this.api) void this.refresh();
  }

  async refresh(): Promise<void> {
    if (!this.api) return;
    await this.#run(async (api) => {
      this.topics = (await api.topics()).filter((t) => !this.siteId || t.siteId === this.siteId);
    });
  }

  async #run(work: (api: ApiClient) => Promise<void>, notice = ''): Promise<boolean> {
    this.notice = '';
    const ok = await attempt(this, work);
    if (ok) this.notice = notice;
    return ok;
  }

  async #create(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const name = String(data.get('name') ?? '').trim();
    const ok = await this.#run(async (api) => {
      await api.createTopic({
        siteId: this.siteId,
        name,
        slaMinutes: Number(data.get('slaMinutes')),
        requiredSkills: splitList(String(data.get('skills') ?? '')),
      });
    }, `Topic "${name}" added.`);
    if (ok) {
      form.reset();
      await this.refresh();
      this.notice = `Topic "${name}" added.`;
    }
  }

  async #save(t: Topic): Promise<void> {
    const row = this.renderRoot.querySelector<HTMLElement>(`tr[data-topic-id="${t.id}"]`)!;
    const value = (field: string) => row.querySelector<HTMLInputElement>(`[data-field="${field}"]`)!.value;
    const ok = await this.#run(async (api) => {
      await api.updateTopic(t.id, {
        name: value('name').trim(),
        slaMinutes: Number(value('slaMinutes')),
        requiredSkills: splitList(value('skills')),
      });
    });
    if (ok) {
      await this.refresh();
      this.notice = `Topic "${value('name').trim()}" saved.`;
    }
  }

  async #delete(t: Topic): Promise<void> {
    if (!confirm(`Delete the topic "${t.name}"? Its cases keep their due times.`)) return;
    if (await this.#run((api) => api.deleteTopic(t.id))) await this.refresh();
  }

  override render() {
    return html`<div class="panel">
      ${this.error ? html`<p class="alert" role="alert">${this.error}</p>` : nothing}
      ${this.notice ? html`<p class="notice" role="status">${this.notice}</p>` : nothing}
      <div class="table-wrap">
        <table class="table" aria-label="Topics">
          <thead>
            <tr>
              <th scope="col">Topic</th>
              <th scope="col">First answer within (minutes)</th>
              <th scope="col">Required skills</th>
              <th scope="col"><span class="visually-hidden">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            ${this.topics.map(
              (t) =>
                html`<tr data-topic-id=${t.id}>
                  <td><input class="input" data-field="name" aria-label=${`Name of ${t.name}`} .value=${t.name} required /></td>
                  <td>
                    <input
                      class="input panel__num"
                      data-field="slaMinutes"
                      type="number"
                      min="0.1"
                      step="any"
                      aria-label=${`SLA of ${t.name} in minutes`}
                      .value=${String(t.slaMinutes)}
                    />
                  </td>
                  <td>
                    <input
                      class="input"
                      data-field="skills"
                      aria-label=${`Required skills of ${t.name}`}
                      .value=${joinList(t.requiredSkills)}
                    />
                  </td>
                  <td class="panel__row-actions">
                    <button class="btn" type="button" aria-label=${`Save ${t.name}`} @click=${() => this.#save(t)}>Save</button>
                    <button class="btn btn--ghost" type="button" aria-label=${`Delete ${t.name}`} @click=${() => this.#delete(t)}>
                      Delete
                    </button>
                  </td>
                </tr>`,
            )}
          </tbody>
        </table>
        ${this.topics.length === 0 ? html`<p class="table__empty">No topics yet: every case gets the default SLA.</p>` : nothing}
      </div>

      <form class="card" @submit=${this.#create} aria-labelledby="topic-new-title">
        <h2 class="card__title" id="topic-new-title">New topic</h2>
        <div class="form-row">
          <label class="label label--grow">Topic name <input class="input" name="name" required maxlength="200" /></label>
          <label class="label">
            SLA (minutes)
            <input class="input panel__num" name="slaMinutes" type="number" min="0.1" step="any" required value=${DEFAULT_SLA_MINUTES} />
          </label>
          <label class="label label--grow">
            Required skills
            <input class="input" name="skills" placeholder="billing, refunds" />
          </label>
          <button class="btn btn--primary" type="submit" ?disabled=${!this.siteId}>Add topic</button>
        </div>
        <p class="panel__hint">
          Cases without a topic, or with one not listed here, must be answered within ${DEFAULT_SLA_MINUTES} minutes. A case goes to an
          advisor who has every required skill and speaks its language.
        </p>
      </form>
    </div>`;
  }
}
