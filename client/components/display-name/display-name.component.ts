/**
 * @module client/components/display-name
 * `<cobrowse-display-name>`: the account page's display-name form, the
 * name customers see in live help, calls and replies → `PATCH /api/me`.
 * Fires `cobrowse-advisor-updated` so the app (and its stored sign-in) use
 * the new name at once.
 */
import { html, LitElement } from 'lit';
import type { Advisor } from '../../../server/protocol/api.ts';
import type { ApiClient } from '../../api/api-client.ts';
import { emit } from '../../events/index.ts';
import { authErrorMessage } from '../../lib/auth-errors.ts';
import { controls, tokens } from '../../styles/shared.styles.ts';
import accountStyles from '../change-password/change-password.styles.ts';

export default class CobrowseDisplayName extends LitElement {
  static override styles = [tokens, controls, accountStyles];
  static override properties = {
    api: { attribute: false },
    advisor: { attribute: false },
    busy: { state: true },
    error: { state: true },
    done: { state: true },
  };

  declare api: ApiClient | null;
  declare advisor: Advisor | null;
  declare busy: boolean;
  declare error: string;
  declare done: boolean;

  constructor() {
    super();
    this.api = null;
    this.advisor = null;
    this.busy = false;
    this.error = '';
    this.done = false;
  }

  async #submit(e: SubmitEvent) {
    e.preventDefault();
    if (!this.api || this.busy) return;
    const name = String(new FormData(e.currentTarget as HTMLFormElement).get('name') ?? '').trim();
    this.done = false;
    if (!name) {
      this.error = 'Enter the name customers should see.';
      return;
    }
    this.busy = true;
    this.error = '';
    try {
      const advisor = await this.api.updateProfile({ name });
      this.done = true;
      emit(this, 'cobrowse-advisor-updated', { advisor });
    } catch (err) {
      this.error = authErrorMessage(err, {});
    } finally {
      this.busy = false;
    }
  }

  override render() {
    return html`<section class="account" aria-labelledby="display-name-title">
      <h2 class="account__heading" id="display-name-title">Display name</h2>
      ${this.error ? html`<p class="alert" role="alert">${this.error}</p>` : null}
      ${this.done ? html`<p class="account__done" role="status">Saved. Customers see this name from your next live session or reply.</p>` : null}
      <form class="account__form" @submit=${this.#submit} novalidate>
        <label class="label">
          The name customers see in live help, calls and replies
          <input class="input" name="name" autocomplete="name" maxlength="80" required .value=${this.advisor?.name ?? ''} />
        </label>
        <button class="btn btn--primary" type="submit" ?disabled=${this.busy}>${this.busy ? 'Saving…' : 'Save name'}</button>
      </form>
    </section>`;
  }
}
