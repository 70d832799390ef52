/**
 * @module client/components/reset-password
 * `<cobrowse-reset-password>`: the page a password-reset email links to
 * (`/app/reset-password#token=…`). The new password twice →
 * `POST /api/auth/password-reset/complete`, which signs in (every older
 * sign-in of the account is revoked by then). A used, expired or unknown
 * link says so and offers the way back to sign-in, where a new one can be
 * asked for.
 *
 * @event cobrowse-signed-in - The password was set and the new token stored; detail `{ auth }`.
 * @event cobrowse-back - The advisor wants the sign-in form (e.g. to ask for a new link).
 */
import { html, LitElement } from 'lit';
import type { ApiClient } from '../../api/api-client.ts';
import { ApiError } from '../../api/api-error.ts';
import { saveAuth } from '../../api/token-store.ts';
import { emit } from '../../events/index.ts';
import { authErrorMessage } from '../../lib/auth-errors.ts';
import { PASSWORD_MIN_LENGTH } from '../../../protocol/api-constants.ts';
import { controls, tokens } from '../../styles/shared.styles.ts';
import signInStyles from '../sign-in/sign-in.styles.ts';
import styles from './reset-password.styles.ts';

const LINK_PROBLEMS = {
  reset_token_used: 'This link was already used. Ask for a new one from the sign-in page.',
  reset_token_expired: 'This link has expired. Ask for a new one from the sign-in page.',
  reset_token_invalid: 'This link is not valid. Ask for a new one from the sign-in page.',
};

export default class CobrowseResetPassword extends LitElement {
  // NOTE: the sign-in page's card, so both pages of signing in look alike.
  static override styles = [tokens, controls, signInStyles, styles];
  static override properties = {
    api: { attribute: false },
    token: { type: String },
    busy: { state: true },
    error: { state: true },
    linkSpent: { state: true },
  };

  declare api: ApiClient | null;
  /** The link's token ('' when the link had none). */
  declare token: string;
  declare busy: boolean;
  declare error: string;
  /** The server refused the link itself: only a new one helps. */
  declare linkSpent: boolean;

  constructor() {
    super();
    this.api = null;
    this.token = '';
    this.busy = false;
    this.error = '';
    this.linkSpent = false;
  }

  async #submit(e: SubmitEvent) {
    e.preventDefault();
    if (!this.api || this.busy) return;
    const data = new FormData(e.currentTarget as HTMLFormElement);
    const newPassword = String(data.get('password') ?? '');
    if (newPassword.length < PASSWORD_MIN_LENGTH) {
      this.error = `Choose a password of at least ${PASSWORD_MIN_LENGTH} characters.`;
      return;
    }
    if (newPassword !== String(data.get('repeat') ?? '')) {
      this.error = 'The two passwords differ.';
      return;
    }
    this.busy = true;
    this.error = '';
    try {
      const auth = saveAuth(await this.api.completePasswordReset({ token: this.token, newPassword }));
      emit(this, 'cobrowse-signed-in', { auth });
    } catch (err) {
      this.linkSpent = err instanceof ApiError && err.code in LINK_PROBLEMS;
      this.error = authErrorMessage(err, LINK_PROBLEMS);
    } finally {
      this.busy = false;
    }
  }

  #back() {
    emit(this, 'cobrowse-back', {});
  }

  #renderForm() {
    if (!this.token || this.linkSpent) {
      return html`
        <p class="alert" role="alert">${this.error || LINK_PROBLEMS.reset_token_invalid}</p>
        <button class="btn btn--primary" type="button" @click=${this.#back}>Go to sign in</button>
      `;
    }
    return html`
      ${this.error ? html`<p class="alert" role="alert">${this.error}</p>` : null}
      <form class="sign-in__form" @submit=${this.#submit} novalidate>
        <label class="label">
          New password
          <input
            class="input"
            name="password"
            type="password"
            autocomplete="new-password"
            minlength=${PASSWORD_MIN_LENGTH}
            required
            autofocus
          />
        </label>
        <label class="label">
          Repeat new password
          <input class="input" name="repeat" type="password" autocomplete="new-password" minlength=${PASSWORD_MIN_LENGTH} required />
        </label>
        <p class="reset__hint">At least ${PASSWORD_MIN_LENGTH} characters. Setting it signs you out everywhere else.</p>
        <button class="btn btn--primary sign-in__submit" type="submit" ?disabled=${this.busy}>
          ${this.busy ? 'Saving…' : 'Set password and sign in'}
        </button>
      </form>
    `;
  }

  override render() {
    return html`
      <main class="sign-in">
        <div class="sign-in__card">
          <div class="sign-in__brand"><span class="sign-in__logo" aria-hidden="true">▶</span> Cobrowse</div>
          <h1 class="sign-in__title">Choose a new password</h1>
          ${this.#renderForm()}
        </div>
      </main>
    `;
  }
}
