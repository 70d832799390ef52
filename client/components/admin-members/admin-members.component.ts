/**
 * @module client/components/admin-members
 * `<cobrowse-admin-members>`: the Admin area's Members tab (members.manage).
 * - Invite: email, role, site access (all sites or chosen ones). The link is
 *   shown once, with a copy button (it is also emailed; only its hash is kept).
 * - Pending invitations, each revocable.
 * - Members: role (a select; the owner's is fixed), site access (all or
 *   chosen sites), deactivate or reactivate after a confirmation. Nobody
 *   changes their own membership here (the server refuses it too).
 *
 * Properties in: `api`, `orgId` (`org-id`), `selfId` (`self-id`: the signed-in advisor).
 */
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import type { Site } from '../../../protocol/api.ts';
import type { InvitationCreated, Member, PendingInvitation } from '../../../protocol/orgs.ts';
import { ASSIGNABLE_ROLES, type AssignableRole } from '../../../protocol/permissions.ts';
import type { ApiClient } from '../../api/api-client.ts';
import { formatDateTime } from '../../lib/format.ts';
import { panels } from '../../styles/case.styles.ts';
import { controls, tokens } from '../../styles/shared.styles.ts';
import { readSiteAccess, siteAccessLabel } from './site-access.ts';
import styles from './admin-members.styles.ts';

const ROLE_LABELS: Record<string, string> = { owner: 'Owner', admin: 'Admin', advisor: 'Advisor', content: 'Content' };

export default class CobrowseAdminMembers extends LitElement {
  static override styles = [tokens, controls, panels, styles];
  static override properties = {
    api: { attribute: false },
    orgId: { type: String, attribute: 'org-id' },
    selfId: { type: String, attribute: 'self-id' },
    members: { state: true },
    invitations: { state: true },
    sites: { state: true },
    created: { state: true },
    inviteSome: { state: true },
    editingSites: { state: true },
    confirming: { state: true },
    copied: { state: true },
    error: { state: true },
    notice: { state: true },
    busy: { state: true },
  };

  declare api: ApiClient | null;
  declare orgId: string;
  declare selfId: string;
  declare members: Member[];
  declare invitations: PendingInvitation[];
  declare sites: Site[];
  /** The last invitation made: its link, shown this once. */
  declare created: (InvitationCreated & { email: string }) | null;
  /** The invite form restricts to chosen sites. */
  declare inviteSome: boolean;
  /** The member whose site access is being edited ('' for none). */
  declare editingSites: string;
  /** The member whose deactivation (or reactivation) awaits confirmation ('' for none). */
  declare confirming: string;
  declare copied: boolean;
  declare error: string;
  declare notice: string;
  declare busy: boolean;

  constructor() {
    super();
    this.api = null;
    this.orgId = '';
    this.selfId = '';
    this.members = [];
    this.invitations = [];
    this.sites = [];
    this.created = null;
    this.inviteSome = false;
    this.editingSites = '';
    this.confirming = '';
    this.copied = false;
    this.error = '';
    this.notice = '';
    this.busy = false;
  }

  override updated(changed: PropertyValues<this>): void {
    if ((changed.has('api') || changed.has('orgId')) && this.api && this.orgId) void this.#run(() => this.#load());
  }

  async #load(): Promise<void> {
    const api = this.api!;
    const [members, invitations, sites] = await Promise.all([api.members(this.orgId), api.invitations(this.orgId), api.sites()]);
    this.members = members;
    this.invitations = invitations;
    this.sites = sites;
  }

  /** One action: busy while it runs, its failure shown in words. */
  async #run(work: (api: ApiClient) => Promise<void>): Promise<void> {
    if (!this.api || !this.orgId) return;
    this.busy = true;
    this.error = '';
    try {
      await work(this.api);
    } catch (err) {
      this.error = err instanceof Error ? err.message : String(err);
    } finally {
      this.busy = false;
    }
  }

  async #invite(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const email = String(data.get('email') ?? '').trim();
    const role = String(data.get('role')) as AssignableRole;
    const siteIds = readSiteAccess(data);
    if (!email) return void (this.error = 'Enter the email of the person to invite.');
    if (siteIds?.length === 0) return void (this.error = 'Choose at least one site, or give access to all sites.');
    this.notice = '';
    await this.#run(async (api) => {
      const created = await api.invite(this.orgId, { email, role, siteIds });
      this.created = { ...created, email };
      this.copied = false;
      form.reset();
      this.inviteSome = false;
      this.invitations = await api.invitations(this.orgId);
    });
  }

  async #copyLink(): Promise<void> {
    const url = this.created?.url;
    if (!url) return;
    try {
      await navigator.clipboard.writeText(url);
      this.copied = true;
    } catch {
      // No clipboard permission: select the link so Ctrl+C copies it.
      this.renderRoot.querySelector<HTMLInputElement>('#invite-link')?.select();
    }
  }

  async #revoke(i: PendingInvitation): Promise<void> {
    await this.#run(async (api) => {
      await api.revokeInvitation(this.orgId, i.id);
      this.invitations = this.invitations.filter((x) => x.id !== i.id);
      if (this.created?.id === i.id) this.created = null;
      this.notice = `The invitation of ${i.email} was revoked.`;
    });
  }

  async #change(m: Member, patch: { role?: AssignableRole; siteIds?: string[] | null; active?: boolean }, done: string): Promise<void> {
    await this.#run(async (api) => {
      const updated = await api.updateMember(this.orgId, m.advisorId, patch);
      this.members = this.members.map((x) => (x.advisorId === m.advisorId ? updated : x));
      this.notice = done;
      this.confirming = '';
      this.editingSites = '';
    });
  }

  #onRole(m: Member, e: Event): void {
    const role = (e.target as HTMLSelectElement).value as AssignableRole;
    void this.#change(m, { role }, `${m.name || m.email} is now ${ROLE_LABELS[role]!.toLowerCase()}.`);
  }

  #onSites(m: Member, e: SubmitEvent): void {
    e.preventDefault();
    const siteIds = readSiteAccess(new FormData(e.currentTarget as HTMLFormElement));
    if (siteIds?.length === 0) return void (this.error = 'Choose at least one site, or give access to all sites.');
    void this.#change(m, { siteIds }, `Site access of ${m.name || m.email}: ${siteAccessLabel(siteIds, this.sites)}.`);
  }

  #siteChoices(name: string, chosen: readonly string[] | null, some: boolean, onMode: (some: boolean) => void) {
    return html`<fieldset class="access">
      <legend class="visually-hidden">Site access</legend>
      <label class="check"
        ><input type="radio" name="access" value="all" .checked=${!some} @change=${() => onMode(false)} /> All sites</label
      >
      <label class="check"
        ><input type="radio" name="access" value="some" .checked=${some} @change=${() => onMode(true)} /> Chosen sites</label
      >
      ${
        some
          ? html`<div class="access__sites" role="group" aria-label=${`Sites of ${name}`}>
              ${this.sites.map(
                (s) =>
                  html`<label class="check"
                    ><input type="checkbox" name="site" value=${s.id} .checked=${chosen?.includes(s.id) ?? false} /> ${s.name}</label
                  >`,
              )}
            </div>`
          : nothing
      }
    </fieldset>`;
  }

  #renderInvite() {
    return html`<section class="card" aria-labelledby="invite-title">
      <h2 class="card__title" id="invite-title">Invite someone</h2>
      <form class="invite" aria-label="Invite someone" @submit=${this.#invite}>
        <div class="form-row">
          <label class="label label--grow"
            >Email <input class="input" name="email" type="email" maxlength="320" autocomplete="off" required
          /></label>
          <label class="label"
            >Role
            <select class="select" name="role">
              ${ASSIGNABLE_ROLES.map((r) => html`<option value=${r} ?selected=${r === 'advisor'}>${ROLE_LABELS[r]}</option>`)}
            </select>
          </label>
        </div>
        ${this.#siteChoices('the invitee', null, this.inviteSome, (some) => (this.inviteSome = some))}
        <div><button class="btn btn--primary" type="submit" ?disabled=${this.busy}>Create invitation link</button></div>
      </form>
      ${
        this.created
          ? html`<div class="invite__link" role="status">
              <p>
                Invitation for <strong>${this.created.email}</strong>, valid until ${formatDateTime(this.created.expiresAt)}. It was emailed
                too; this link is shown only now.
              </p>
              <div class="invite__copy">
                <input
                  class="input"
                  id="invite-link"
                  readonly
                  aria-label="Invitation link"
                  .value=${this.created.url}
                  @focus=${(e: FocusEvent) => (e.target as HTMLInputElement).select()}
                />
                <button class="btn" type="button" @click=${this.#copyLink}>${this.copied ? 'Copied' : 'Copy link'}</button>
              </div>
            </div>`
          : nothing
      }
    </section>`;
  }

  #renderInvitations() {
    if (!this.invitations.length) return nothing;
    return html`<section aria-labelledby="pending-title">
      <h2 class="section__title" id="pending-title">Pending invitations</h2>
      <div class="table-wrap">
        <table class="table" aria-label="Pending invitations">
          <thead>
            <tr>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Sites</th>
              <th scope="col">Expires</th>
              <th scope="col"><span class="visually-hidden">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            ${this.invitations.map(
              (i) =>
                html`<tr data-invitation-id=${i.id}>
                  <td>${i.email}</td>
                  <td>${ROLE_LABELS[i.role]}</td>
                  <td>${siteAccessLabel(i.siteIds, this.sites)}</td>
                  <td>${formatDateTime(i.expiresAt)}</td>
                  <td class="panel__row-actions">
                    <button
                      class="btn"
                      type="button"
                      aria-label=${`Revoke the invitation of ${i.email}`}
                      ?disabled=${this.busy}
                      @click=${() => this.#revoke(i)}
                    >
                      Revoke
                    </button>
                  </td>
                </tr>`,
            )}
          </tbody>
        </table>
      </div>
    </section>`;
  }

  #renderMember(m: Member) {
    const who = m.name || m.email;
    const fixed = m.role === 'owner' || m.advisorId === this.selfId;
    const active = !m.deactivatedAt;
    return html`<tr data-advisor-id=${m.advisorId} class=${active ? '' : 'member--inactive'}>
      <td>
        <div class="member__name">${m.name}${m.advisorId === this.selfId ? html` <span class="muted">(you)</span>` : nothing}</div>
        <div class="member__email muted">${m.email}</div>
      </td>
      <td>
        ${
          fixed || !active
            ? ROLE_LABELS[m.role]
            : html`<select class="select" aria-label=${`Role of ${who}`} ?disabled=${this.busy} @change=${(e: Event) => this.#onRole(m, e)}>
                ${ASSIGNABLE_ROLES.map((r) => html`<option value=${r} ?selected=${r === m.role}>${ROLE_LABELS[r]}</option>`)}
              </select>`
        }
      </td>
      <td>
        ${
          this.editingSites === m.advisorId
            ? html`<form class="member__sites" aria-label=${`Site access of ${who}`} @submit=${(e: SubmitEvent) => this.#onSites(m, e)}>
                ${this.#siteChoices(who, m.siteIds, this.#editSome, (some) => {
                  this.#editSome = some;
                  this.requestUpdate();
                })}
                <div class="member__actions">
                  <button class="btn btn--primary" type="submit" ?disabled=${this.busy}>Save</button>
                  <button class="btn btn--ghost" type="button" @click=${() => (this.editingSites = '')}>Cancel</button>
                </div>
              </form>`
            : html`${siteAccessLabel(m.siteIds, this.sites)}
              ${
                fixed || !active
                  ? nothing
                  : html`<button
                      class="btn btn--ghost member__edit"
                      type="button"
                      aria-label=${`Change the sites of ${who}`}
                      @click=${() => this.#editSites(m)}
                    >
                      Change
                    </button>`
              }`
        }
      </td>
      <td>${active ? html`<span class="badge badge--ok">Active</span>` : html`<span class="badge badge--failed">Deactivated</span>`}</td>
      <td class="panel__row-actions">${fixed ? nothing : this.#renderActivation(m, who, active)}</td>
    </tr>`;
  }

  /** Whether the site editor of {@link editingSites} restricts to chosen sites. */
  #editSome = false;

  #editSites(m: Member) {
    this.#editSome = m.siteIds !== null;
    this.editingSites = m.advisorId;
  }

  #renderActivation(m: Member, who: string, active: boolean) {
    if (this.confirming !== m.advisorId) {
      return html`<button
        class="btn"
        type="button"
        aria-label=${`${active ? 'Deactivate' : 'Reactivate'} ${who}`}
        @click=${() => (this.confirming = m.advisorId)}
      >
        ${active ? 'Deactivate' : 'Reactivate'}
      </button>`;
    }
    return html`<div class="confirm" role="group" aria-label=${`Confirm: ${active ? 'deactivate' : 'reactivate'} ${who}`}>
      <span class="confirm__text">${active ? `${who} loses access at once, live views included.` : `${who} gets their access back.`}</span>
      <button
        class="btn ${active ? 'btn--danger' : 'btn--primary'}"
        type="button"
        ?disabled=${this.busy}
        @click=${() => this.#change(m, { active: !active }, active ? `${who} was deactivated.` : `${who} was reactivated.`)}
      >
        ${active ? 'Yes, deactivate' : 'Yes, reactivate'}
      </button>
      <button class="btn btn--ghost" type="button" @click=${() => (this.confirming = '')}>Cancel</button>
    </div>`;
  }

  override render() {
    return html`<div class="panel">
      <p class="muted">
        Invite people by link, choose what they may do (admins manage members and settings, advisors help customers, content editors see
        recordings and resolved cases) and which sites they see. Deactivating someone ends their access at once; their history stays.
      </p>
      ${this.error ? html`<p class="alert" role="alert">${this.error}</p>` : nothing}
      ${this.notice ? html`<p class="notice" role="status">${this.notice}</p>` : nothing} ${this.#renderInvite()}
      ${this.#renderInvitations()}
      <section aria-labelledby="members-title">
        <h2 class="section__title" id="members-title">Members</h2>
        <div class="table-wrap">
          <table class="table" aria-label="Members">
            <thead>
              <tr>
                <th scope="col">Person</th>
                <th scope="col">Role</th>
                <th scope="col">Sites</th>
                <th scope="col">Status</th>
                <th scope="col"><span class="visually-hidden">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              ${this.members.map((m) => this.#renderMember(m))}
            </tbody>
          </table>
        </div>
      </section>
    </div>`;
  }
}
