/**
 * @module client/components/sign-in
 * `<cobrowse-sign-in>`: email + password → `POST /api/auth/token`; stores the
 * token. "Forgot password?" swaps the form for `<cobrowse-forgot-password>`.
 *
 * @event cobrowse-signed-in - A token was obtained and stored; detail `{ auth }`.
 */
import { html, LitElement } from 'lit';
import type { ApiClient } from '../../api/api-client.ts';
import { ApiError } from '../../api/api-error.ts';
import { saveAuth } from '../../api/token-store.ts';
import { emit } from '../../events/index.ts';
import { authErrorMessage } from '../../lib/auth-errors.ts';
import { controls, tokens } from '../../styles/shared.styles.ts';
import '../forgot-password/forgot-password.ts';
import styles from './sign-in.styles.ts';

export default class CobrowseSignIn extends LitElement {
  static override styles = [tokens, controls, styles];
  static override properties = {
    api: { attribute: false },
    notice: { type: String },
    busy: { state: true },
    error: { state: true },
    forgot: { state: true },
  };

  /** The API client to sign in with. */
  declare api: ApiClient | null;
  /** A message shown above the form (e.g. "Your session expired"). */
  declare notice: string;
  declare busy: boolean;
  declare error: string;
  /** Showing the "forgot password" form instead of sign-in. */
  declare forgot: boolean;
  /** What the email field holds, carried over to the forgot-password form. */
  #email = '';

  constructor() {
    super();
    this.api = null;
    this.notice = '';
    this.busy = false;
    this.error = '';
    this.forgot = false;
  }

  async #submit(e: SubmitEvent) {
    e.preventDefault();
    if (!this.api || this.busy) return;
    const form = e.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const email = String(data.get('email') ?? '').trim();
    const password = String(data.get('password') ?? '');
    this.busy = true;
    this.error = '';
    try {
      const res = await this.api.signIn({ email, password });
      const auth = saveAuth(res);
      form.reset();
      emit(this, 'cobrowse-signed-in', { auth });
    } catch (err) {
      this.error =
        err instanceof ApiError && (err.status === 401 || err.status === 400) ? 'Wrong email or password.' : authErrorMessage(err);
    } finally {
      this.busy = false;
    }
  }

  #showForgot(forgot: boolean) {
    this.forgot = forgot;
    this.error = '';
  }

  #renderForgot() {
    return html`
      <main class="sign-in">
        <div class="sign-in__card">
          <div class="sign-in__brand"><span class="sign-in__logo" aria-hidden="true">▶</span> Cobrowse</div>
          <h1 class="sign-in__title">Reset your password</h1>
          <cobrowse-forgot-password
            .api=${this.api}
            .email=${this.#email}
            @cobrowse-back=${(e: Event) => {
              e.stopPropagation();
              this.#showForgot(false);
            }}
          ></cobrowse-forgot-password>
        </div>
      </main>
    `;
  }

  override render() {
    if (this.forgot) return this.#renderForgot();
    return html`
      <main class="sign-in">
        <div class="sign-in__card">
          <div class="sign-in__brand"><span class="sign-in__logo" aria-hidden="true">▶</span> Cobrowse</div>
          <h1 class="sign-in__title">Sign in to replay sessions</h1>
          ${this.notice && !this.error ? html`<p class="alert" role="status">${this.notice}</p>` : null}
          ${this.error ? html`<p class="alert" role="alert">${this.error}</p>` : null}
          <form class="sign-in__form" @submit=${this.#submit} novalidate>
            <label class="label">
              Email
              <input
                class="input"
                name="email"
                type="email"
                autocomplete="username"
                .value=${this.#email}
                @input=${(e: InputEvent) => (this.#email = (e.target as HTMLInputElement).value.trim())}
                required
                autofocus
              />
            </label>
            <label class="label">
              Password
              <input class="input" name="password" type="password" autocomplete="current-password" required />
            </label>
            <button class="btn btn--primary sign-in__submit" type="submit" ?disabled=${this.busy}>
              ${this.busy ? 'Signing in…' : 'Sign in'}
            </button>
          </form>
          <button class="sign-in__forgot" type="button" @click=${() => this.#showForgot(true)}>Forgot password?</button>
        </div>
      </main>
    `;
  }
}
