/**
 * @module client/components/change-password
 * `<cobrowse-change-password>`: the account page (its `profile` slot takes
 * the display-name form) and its password form. Current password,
 * the new one twice → `POST /api/auth/password`. This sign-in stays; every
 * other one of the account (other browsers, devices) is signed out.
 */
import { html } from 'lit';
import { PASSWORD_MIN_LENGTH } from '../../../protocol/api-constants.ts';
import { controls, tokens } from '../../styles/shared.styles.ts';
import { AccountForm } from './account-form.ts';
import styles from './change-password.styles.ts';

export default class CobrowseChangePassword extends AccountForm {
  static override styles = [tokens, controls, styles];

  #submit(e: SubmitEvent) {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const currentPassword = String(data.get('current') ?? '');
    const newPassword = String(data.get('password') ?? '');
    void this.attempt(
      () => {
        if (!currentPassword) return 'Enter your current password.';
        if (newPassword.length < PASSWORD_MIN_LENGTH) return `Choose a new password of at least ${PASSWORD_MIN_LENGTH} characters.`;
        if (newPassword !== String(data.get('repeat') ?? '')) return 'The two new passwords differ.';
        return null;
      },
      async (api) => {
        await api.changePassword({ currentPassword, newPassword });
        form.reset();
      },
      { wrong_password: 'The current password is wrong.' },
    );
  }

  override render() {
    return html`
      <section class="account" aria-labelledby="account-title">
        <h1 class="account__title" id="account-title">Account</h1>
        <p class="account__who">${this.advisor ? `${this.advisor.name} · ${this.advisor.email}` : ''}</p>
        <!-- The rest of the account page (the display name) comes before the password. -->
        <slot name="profile"></slot>
        <h2 class="account__heading">Change password</h2>
        ${this.error ? html`<p class="alert" role="alert">${this.error}</p>` : null}
        ${
          this.done
            ? html`<p class="account__done" role="status">
                Password changed. Your other sign-ins (other browsers and devices) were signed out.
              </p>`
            : null
        }
        <form class="account__form" @submit=${this.#submit} novalidate>
          <input
            class="visually-hidden"
            name="username"
            autocomplete="username"
            .value=${this.advisor?.email ?? ''}
            readonly
            tabindex="-1"
            aria-hidden="true"
          />
          <label class="label">
            Current password
            <input class="input" name="current" type="password" autocomplete="current-password" required />
          </label>
          <label class="label">
            New password
            <input class="input" name="password" type="password" autocomplete="new-password" minlength=${PASSWORD_MIN_LENGTH} required />
          </label>
          <label class="label">
            Repeat new password
            <input class="input" name="repeat" type="password" autocomplete="new-password" minlength=${PASSWORD_MIN_LENGTH} required />
          </label>
          <button class="btn btn--primary" type="submit" ?disabled=${this.busy}>${this.busy ? 'Saving…' : 'Change password'}</button>
        </form>
      </section>
    `;
  }
}
