/**
 * @module client/components/display-name
 * `<cobrowse-display-name>`: the account page's display-name form, the
 * name customers see in live help, calls and replies → `PATCH /api/me`.
 * Fires `cobrowse-advisor-updated` so the app (and its stored sign-in) use
 * the new name at once.
 */
import { html } from 'lit';
import { emit } from '../../events/index.ts';
import { controls, tokens } from '../../styles/shared.styles.ts';
import { AccountForm } from '../change-password/account-form.ts';
import accountStyles from '../change-password/change-password.styles.ts';

export default class CobrowseDisplayName extends AccountForm {
  static override styles = [tokens, controls, accountStyles];

  #submit(e: SubmitEvent) {
    e.preventDefault();
    const name = String(new FormData(e.currentTarget as HTMLFormElement).get('name') ?? '').trim();
    void this.attempt(
      () => (name ? null : 'Enter the name customers should see.'),
      async (api) => {
        const advisor = await api.updateProfile({ name });
        emit(this, 'cobrowse-advisor-updated', { advisor });
      },
    );
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
