/**
 * @module client/components/invite-accept
 * `<cobrowse-invite-accept>`: the page an invitation link opens
 * (`/app/invite/<token>`). Shows who invites whom (organisation, email,
 * role) from `GET /api/invitations/:token`, then asks for a display name and
 * a password (twice) and accepts, which signs in acting in the invited
 * organisation. When the email already has an account it asks for that
 * account's password instead (the name stays as it is). A used, expired,
 * revoked or unknown link says so.
 *
 * Properties in: `api`, `token`.
 *
 * @event cobrowse-signed-in - Accepted and signed in (token stored); detail `{ auth }`.
 * @event cobrowse-back - The person wants the sign-in form instead.
 */
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import type { InvitationPreview } from '../../../protocol/orgs.ts';
import { NEW_ACCOUNT_PASSWORD_MIN } from '../../../protocol/orgs-constants.ts';
import type { ApiClient } from '../../api/api-client.ts';
import { ApiError } from '../../api/api-error.ts';
import { saveAuth } from '../../api/token-store.ts';
import { emit } from '../../events/index.ts';
import { authErrorMessage } from '../../lib/auth-errors.ts';
import { controls, tokens } from '../../styles/shared.styles.ts';
import signInStyles from '../sign-in/sign-in.styles.ts';
import styles from './invite-accept.styles.ts';

const LINK_PROBLEMS: Record<string, string> = {
  invitation_not_found: 'This invitation link is not valid. Check that you copied all of it, or ask for a new invitation.',
  invitation_expired: 'This invitation has expired. Ask whoever invited you for a new one.',
  invitation_revoked: 'This invitation was withdrawn. Ask whoever invited you for a new one.',
  invitation_used: 'This invitation was already accepted. Sign in with your email and password.',
};

const ROLE_WORDS: Record<string, string> = {
  admin: 'an admin (members, settings, audit log)',
  advisor: 'an advisor (recordings, live help, cases)',
  content: 'a content editor (recordings, resolved cases, tutorials)',
  owner: 'the owner',
};

export default class CobrowseInviteAccept extends LitElement {
  // NOTE: the sign-in page's card, so every page of signing in looks alike.
  static override styles = [tokens, controls, signInStyles, styles];
  static override properties = {
    api: { attribute: false },
    token: { type: String },
    invitation: { state: true },
    busy: { state: true },
    error: { state: true },
    linkProblem: { state: true },
  };

  declare api: ApiClient | null;
  declare token: string;
  declare invitation: InvitationPreview | null;
  declare busy: boolean;
  declare error: string;
  /** The server refused the link itself: only a new one (or signing in) helps. */
  declare linkProblem: string;

  constructor() {
    super();
    this.api = null;
    this.token = '';
    this.invitation = null;
    this.busy = false;
    this.error = '';
    this.linkProblem = '';
  }

  override updated(changed: PropertyValues<this>): void {
    if ((changed.has('api') || changed.has('token')) && this.api && this.token) void this.#load(this.api, this.token);
  }

  async #load(api: ApiClient, token: string) {
    this.linkProblem = '';
    try {
      this.invitation = await api.invitationPreview(token);
    } catch (err) {
      this.linkProblem = err instanceof ApiError && LINK_PROBLEMS[err.code] ? LINK_PROBLEMS[err.code]! : authErrorMessage(err);
    }
  }

  async #submit(e: SubmitEvent) {
    e.preventDefault();
    const invitation = this.invitation;
    if (!this.api || !invitation || this.busy) return;
    const data = new FormData(e.currentTarget as HTMLFormElement);
    const password = String(data.get('password') ?? '');
    const name = invitation.accountExists ? invitation.email : String(data.get('name') ?? '').trim();
    if (!invitation.accountExists) {
      if (!name) return void (this.error = 'Enter the name customers will see.');
      if (password.length < NEW_ACCOUNT_PASSWORD_MIN)
        return void (this.error = `Choose a password of at least ${NEW_ACCOUNT_PASSWORD_MIN} characters.`);
      if (password !== String(data.get('repeat') ?? '')) return void (this.error = 'The two passwords differ.');
    } else if (!password) {
      return void (this.error = 'Enter the password of your account.');
    }
    this.busy = true;
    this.error = '';
    try {
      const auth = saveAuth(await this.api.acceptInvitation(this.token, { name, password }));
      emit(this, 'cobrowse-signed-in', { auth });
    } catch (err) {
      if (err instanceof ApiError && LINK_PROBLEMS[err.code]) this.linkProblem = LINK_PROBLEMS[err.code]!;
      else this.error = authErrorMessage(err, { unauthorized: 'That is not the password of this account.' });
    } finally {
      this.busy = false;
    }
  }

  #back() {
    emit(this, 'cobrowse-back', {});
  }

  #renderForm(i: InvitationPreview) {
    return html`
      <dl class="invite__facts">
        <dt>Organisation</dt>
        <dd class="invite__org">${i.orgName}</dd>
        <dt>Email</dt>
        <dd class="invite__email">${i.email}</dd>
        <dt>Role</dt>
        <dd class="invite__role">${ROLE_WORDS[i.role] ?? i.role}</dd>
      </dl>
      ${this.error ? html`<p class="alert" role="alert">${this.error}</p>` : nothing}
      <form class="sign-in__form" @submit=${this.#submit} novalidate>
        ${
          i.accountExists
            ? html`<p class="invite__hint">You already have an account with this email: enter its password to join ${i.orgName}.</p>
                <label class="label">
                  Password
                  <input class="input" name="password" type="password" autocomplete="current-password" required autofocus />
                </label>`
            : html`<label class="label">
                  Your name
                  <input class="input" name="name" autocomplete="name" maxlength="80" required autofocus />
                </label>
                <p class="invite__hint">Customers see this name when you help them.</p>
                <label class="label">
                  Password
                  <input
                    class="input"
                    name="password"
                    type="password"
                    autocomplete="new-password"
                    minlength=${NEW_ACCOUNT_PASSWORD_MIN}
                    required
                  />
                </label>
                <label class="label">
                  Repeat password
                  <input
                    class="input"
                    name="repeat"
                    type="password"
                    autocomplete="new-password"
                    minlength=${NEW_ACCOUNT_PASSWORD_MIN}
                    required
                  />
                </label>
                <p class="invite__hint">At least ${NEW_ACCOUNT_PASSWORD_MIN} characters.</p>`
        }
        <button class="btn btn--primary sign-in__submit" type="submit" ?disabled=${this.busy}>
          ${this.busy ? 'Joining…' : `Join ${i.orgName}`}
        </button>
      </form>
    `;
  }

  override render() {
    const body = this.linkProblem
      ? html`<p class="alert" role="alert">${this.linkProblem}</p>
          <button class="btn btn--primary" type="button" @click=${this.#back}>Go to sign in</button>`
      : this.invitation
        ? this.#renderForm(this.invitation)
        : html`<p class="muted" role="status">Loading the invitation…</p>`;
    return html`
      <main class="sign-in">
        <div class="sign-in__card">
          <div class="sign-in__brand"><span class="sign-in__logo" aria-hidden="true">▶</span> Cobrowse</div>
          <h1 class="sign-in__title">You are invited</h1>
          ${body}
        </div>
      </main>
    `;
  }
}
