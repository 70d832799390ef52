/**
 * @module client/components/change-password
 * `<cobrowse-change-password>`: the account page (its \`profile\` slot takes
 * the display-name form) and its password form. Current password,
 * the new one twice → `POST /api/auth/password`. This sign-in stays; every
 * other one of the account (other browsers, devices) is signed out.
 */
import { html, LitElement } from 'lit';
import type { Advisor } from '../../../server/protocol/api.ts';
import { PASSWORD_MIN_LENGTH } from '../../../server/protocol/api-constants.ts';
import type { ApiClient } from '../../api/api-client.ts';
import { authErrorMessage } from '../../lib/auth-errors.ts';
import { controls, tokens } from '../../styles/shared.styles.ts';
import styles from './change-password.styles.ts';

export default class CobrowseChangePassword extends LitElement {
  static override styles = [tokens, controls, styles];
  static override properties = {
    api: { attribute: false },
    advisor: { attribute: false },
    busy: { state: true },
    error: { state: true },
    done: { state: true },
  };

  declare api: ApiClient | null;
  /** Whose account this is (shown, and the form's username for password managers). */
  declare advisor: Advisor | null;
  declare busy: boolean;
  declare error: string;
  /** The password was just changed. */
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
    const form = e.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const currentPassword = String(data.get('current') ?? '');
    const newPassword = String(data.get('password') ?? '');
    this.done = false;
    if (!currentPassword) {
      this.error = 'Enter your current password.';
      return;
    }
    if (newPassword.length < PASSWORD_MIN_LENGTH) {
      this.error = `Choose a new password of at least ${PASSWORD_MIN_LENGTH} characters.`;
      return;
    }
    if (newPassword !== String(data.get('repeat') ?? '')) {
      this.error = 'The two new passwords differ.';
      return;
    }
    this.busy = true;
    this.error = '';
    try {
      await this.api.changePassword({ currentPassword, newPassword });
      form.reset();
      this.done = true;
    } catch (err) {
      this.error = authErrorMessage(err, { wrong_password: 'The current password is wrong.' });
    } finally {
      this.busy = false;
    }
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
        ${this.done
          ? html`<p class="account__done" role="status">Password changed. Your other sign-ins (other browsers and devices) were signed out.</p>`
          : null}
        <form class="account__form" @submit=${this.#submit} novalidate>
          <input class="visually-hidden" name="username" autocomplete="username" .value=${this.advisor?.email ?? ''} readonly tabindex="-1" aria-hidden="true" />
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
