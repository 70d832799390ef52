/**
 * @module client/components/forgot-password
 * `<cobrowse-forgot-password>`: asks for the account's email and requests a
 * reset link (`POST /api/auth/password-reset`). The answer is the same
 * whether or not an account exists, and so is what this says.
 *
 * @event cobrowse-back - The advisor wants the sign-in form again.
 */
import { html, LitElement } from 'lit';
import type { ApiClient } from '../../api/api-client.ts';
import { emit } from '../../events/index.ts';
import { authErrorMessage } from '../../lib/auth-errors.ts';
import { controls, tokens } from '../../styles/shared.styles.ts';
import styles from './forgot-password.styles.ts';

export default class CobrowseForgotPassword extends LitElement {
  static override styles = [tokens, controls, styles];
  static override properties = {
    api: { attribute: false },
    email: { type: String },
    busy: { state: true },
    error: { state: true },
    sentTo: { state: true },
  };

  declare api: ApiClient | null;
  /** Prefills the email field (what was typed on the sign-in form). */
  declare email: string;
  declare busy: boolean;
  declare error: string;
  /** The address a link was asked for; '' before. */
  declare sentTo: string;

  constructor() {
    super();
    this.api = null;
    this.email = '';
    this.busy = false;
    this.error = '';
    this.sentTo = '';
  }

  async #submit(e: SubmitEvent) {
    e.preventDefault();
    if (!this.api || this.busy) return;
    const email = String(new FormData(e.currentTarget as HTMLFormElement).get('email') ?? '').trim();
    if (!email) {
      this.error = 'Enter the email address of your account.';
      return;
    }
    this.busy = true;
    this.error = '';
    try {
      await this.api.requestPasswordReset({ email });
      this.sentTo = email;
    } catch (err) {
      this.error = authErrorMessage(err, { bad_request: 'Enter a valid email address.' });
    } finally {
      this.busy = false;
    }
  }

  #back() {
    emit(this, 'cobrowse-back', {});
  }

  override render() {
    if (this.sentTo) {
      return html`
        <p class="forgot__sent" role="status">
          If an account exists for <strong>${this.sentTo}</strong>, we sent it a link to choose a new password. The link works once, for one
          hour.
        </p>
        <button class="btn" type="button" @click=${this.#back}>Back to sign in</button>
      `;
    }
    return html`
      <p class="forgot__intro">Enter your account's email address and we will send you a link to choose a new password.</p>
      ${this.error ? html`<p class="alert" role="alert">${this.error}</p>` : null}
      <form class="forgot__form" @submit=${this.#submit} novalidate>
        <label class="label">
          Email
          <input class="input" name="email" type="email" autocomplete="username" .value=${this.email} required autofocus />
        </label>
        <button class="btn btn--primary forgot__submit" type="submit" ?disabled=${this.busy}>
          ${this.busy ? 'Sending…' : 'Send reset link'}
        </button>
        <button class="btn btn--ghost" type="button" @click=${this.#back}>Back to sign in</button>
      </form>
    `;
  }
}
