/**
 * @module client/components/admin-webhooks
 * `<cobrowse-admin-webhooks>`: a site's webhooks: the URL, the case events
 * it receives, its signing secret (generated unless given, shown once at
 * creation, masked after). Add, enable or disable, delete. Failed
 * deliveries are listed under "Jobs & outbox".
 *
 * Properties in: `api`, `siteId` (`site-id`).
 */
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { CASE_EVENTS, type CaseEvent } from '../../../protocol/cases-constants.ts';
import type { Webhook } from '../../../protocol/cases.ts';
import type { ApiClient } from '../../api/api-client.ts';
import { badges, panels } from '../../styles/case.styles.ts';
import { controls, tokens } from '../../styles/shared.styles.ts';
import { attempt } from '../../lib/api-attempt.ts';
import styles from './admin-webhooks.styles.ts';

export default class CobrowseAdminWebhooks extends LitElement {
  static override styles = [tokens, controls, badges, panels, styles];
  static override properties = {
    api: { attribute: false },
    siteId: { type: String, attribute: 'site-id' },
    webhooks: { state: true },
    created: { state: true },
    error: { state: true },
  };

  declare api: ApiClient | null;
  declare siteId: string;
  declare webhooks: Webhook[];
  /** The webhook just created, with its secret in clear (shown once). */
  declare created: Webhook | null;
  declare error: string;

  constructor() {
    super();
    this.api = null;
    this.siteId = '';
    this.webhooks = [];
    this.created = null;
    this.error = '';
  }

  override updated(changed: PropertyValues<this>): void {
    if ((changed.has('api') || changed.has('siteId')) && this.api) void this.refresh();
  }

  async refresh(): Promise<void> {
    await this.#run(async (api) => {
      this.webhooks = (await api.webhooks()).filter((w) => !this.siteId || w.siteId === this.siteId);
    });
  }

  #run(work: (api: ApiClient) => Promise<unknown>): Promise<boolean> {
    return attempt(this, work);
  }

  async #create(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const events = data.getAll('events').map(String) as CaseEvent[];
    if (!events.length) {
      this.error = 'Pick at least one event.';
      return;
    }
    const secret = String(data.get('secret') ?? '').trim();
    this.created = null;
    const ok = await this.#run(async (api) => {
      this.created = await api.createWebhook({
        siteId: this.siteId,
        url: String(data.get('url') ?? '').trim(),
        events,
        ...(secret ? { secret } : {}),
      });
    });
    if (ok) {
      form.reset();
      await this.refresh();
    }
  }

  async #toggle(w: Webhook): Promise<void> {
    if (await this.#run((api) => api.updateWebhook(w.id, { enabled: !w.enabled }))) await this.refresh();
  }

  async #delete(w: Webhook): Promise<void> {
    if (!confirm(`Delete the webhook to ${w.url}?`)) return;
    if (await this.#run((api) => api.deleteWebhook(w.id))) await this.refresh();
  }

  override render() {
    return html`<div class="panel">
      ${this.error ? html`<p class="alert" role="alert">${this.error}</p>` : nothing}
      ${
        this.created
          ? html`<p class="notice" role="status">
              Webhook added. Its signing secret, shown only now: <code data-secret>${this.created.secret}</code>
            </p>`
          : nothing
      }
      <div class="table-wrap">
        <table class="table" aria-label="Webhooks">
          <thead>
            <tr>
              <th scope="col">URL</th>
              <th scope="col">Events</th>
              <th scope="col">Secret</th>
              <th scope="col">Enabled</th>
              <th scope="col"><span class="visually-hidden">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            ${this.webhooks.map(
              (w) =>
                html`<tr data-webhook-id=${w.id}>
                  <td class="webhooks__url"><code>${w.url}</code></td>
                  <td>${w.events.map((ev) => html`<span class="badge">${ev}</span> `)}</td>
                  <td><code>${w.secret}</code></td>
                  <td>
                    <label class="check">
                      <input
                        type="checkbox"
                        .checked=${w.enabled}
                        aria-label=${`Enable webhook ${w.url}`}
                        @change=${() => this.#toggle(w)}
                      />
                      ${w.enabled ? 'On' : 'Off'}
                    </label>
                  </td>
                  <td class="panel__row-actions">
                    <button class="btn btn--ghost" type="button" aria-label=${`Delete webhook ${w.url}`} @click=${() => this.#delete(w)}>
                      Delete
                    </button>
                  </td>
                </tr>`,
            )}
          </tbody>
        </table>
        ${this.webhooks.length === 0 ? html`<p class="table__empty">No webhooks yet.</p>` : nothing}
      </div>

      <form class="card webhooks__form" @submit=${this.#create} aria-labelledby="webhook-new-title">
        <h2 class="card__title" id="webhook-new-title">New webhook</h2>
        <div class="form-row">
          <label class="label label--grow"
            >Webhook URL <input class="input" name="url" type="url" required placeholder="https://crm.example/hooks/cobrowse"
          /></label>
          <label class="label label--grow">
            Secret (optional)
            <input class="input" name="secret" minlength="16" maxlength="200" placeholder="generated when empty" autocomplete="off" />
          </label>
        </div>
        <fieldset class="webhooks__events">
          <legend>Events</legend>
          ${CASE_EVENTS.map((ev) => html`<label class="check"><input type="checkbox" name="events" value=${ev} checked /> ${ev}</label>`)}
        </fieldset>
        <div class="form-row webhooks__submit">
          <button class="btn btn--primary" type="submit" ?disabled=${!this.siteId}>Add webhook</button>
        </div>
        <p class="panel__hint">
          Each call is signed: <code>X-Cobrowse-Signature: t=…,v1=HMAC-SHA256(secret, t + "." + body)</code>. A 5xx, 408, 429, a timeout or
          a network error is retried with backoff.
        </p>
      </form>
    </div>`;
  }
}
