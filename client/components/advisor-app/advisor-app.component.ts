/**
 * @module client/components/advisor-app
 * `<cobrowse-advisor-app>`: the advisor app's shell. Holds the signed-in state
 * (token in localStorage; any 401 returns to sign-in) and routes with the URL
 * and the history API:
 *   /app/                   the session list
 *   /app/sessions/:id?t=ms  the player (opened at session time t; `&comment=id`: with that comment open)
 *   /app/live               live sessions and the code form ("Join live")
 *   /app/live/:sessionId    the live view (also /app/live/code/:code)
 *   /app/cases?filters      the async-help inbox (filters kept in the URL)
 *   /app/cases/:id          one case
 *   /app/tutorials          the organisation's tutorials (members with `tutorials.read`)
 *   /app/tutorials/:id      one tutorial in the editor (read-only without `tutorials.write`; `?t=&comment=` as the player)
 *   /app/recurring          recurring questions: the report (its "Make a tutorial" opens the player with the maker)
 *   /app/admin              the Admin area: settings, audit log, erasure (the link shows for admins)
 *   /app/account            the advisor's account: display name, change password
 *   /app/reset-password     a password-reset link's page (shown signed in or not)
 *   /app/invite/:token      an invitation link's page (shown signed in or not)
 *
 * Organisations: once signed in, the advisor's organisations are loaded
 * (`GET /api/orgs`); the switcher in the bar picks the one the app acts in
 * (remembered in localStorage, sent as `x-cobrowse-org` with every call), and
 * switching reloads the current view (a recording, case or live view of the
 * previous organisation goes back to its list). The nav and the screens show
 * only what the role there allows (`can()` of protocol/permissions.ts):
 * `content` has no Join live and no composer; until the organisations are
 * loaded the bar shows no role's links (never the role kept from sign-in).
 *
 * Sign out revokes the token on the server first, then forgets it here,
 * whatever the server said.
 */
import { can, type OrgRole, type Permission } from '../../../protocol/permissions.ts';
import type { Advisor } from '../../../protocol/api.ts';
import type { Organisation } from '../../../protocol/audit.ts';
import { html, LitElement, nothing } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import { ApiClient } from '../../api/api-client.ts';
import { clearOrgChoice, loadOrgChoice, saveOrgChoice } from '../../api/org-store.ts';
import { clearAuth, loadAuth, updateStoredAdvisor, type StoredAuth } from '../../api/token-store.ts';
import type {
  CobrowseCaseFiltersEvent,
  CobrowseJoinLiveEvent,
  CobrowseLiveJoinedEvent,
  CobrowseOpenCaseEvent,
  CobrowseSearchOpenEvent,
  CobrowseOpenSessionEvent,
  CobrowseSignedInEvent,
  CobrowseAdvisorUpdatedEvent,
  CobrowseJoinFailedEvent,
  CobrowseOrgChangedEvent,
  CobrowseOpenTutorialEvent,
  CobrowseMakeTutorialEvent,
} from '../../events/index.ts';
import { NO_CASE_FILTERS } from '../../lib/case-filters.ts';
import { parseRoute, routeUrl, takeResetToken, type Route } from '../../lib/route.ts';
import { controls, tokens } from '../../styles/shared.styles.ts';
import '../case-admin/case-admin.ts';
import '../case-inbox/case-inbox.ts';
import '../case-view/case-view.ts';
import '../change-password/change-password.ts';
import '../display-name/display-name.ts';
import '../invite-accept/invite-accept.ts';
import '../live-list/live-list.ts';
import '../live-view/live-view.ts';
import '../org-switcher/org-switcher.ts';
import '../search-box/search-box.ts';
import '../recurring-report/recurring-report.ts';
import '../reset-password/reset-password.ts';
import '../session-list/session-list.ts';
import '../session-player/session-player.ts';
import '../sign-in/sign-in.ts';
import '../tutorial-editor/tutorial-editor.ts';
import '../tutorial-list/tutorial-list.ts';
import styles from './advisor-app.styles.ts';

interface HistoryState {
  /** The entry was pushed by opening a session from the list (or a case from the inbox). */
  fromList?: boolean;
}

const INBOX: Route = { name: 'cases', filters: NO_CASE_FILTERS };
/** How long sign-out waits for the server before forgetting the token anyway. */
const SIGN_OUT_TIMEOUT_MS = 5_000;

export default class CobrowseAdvisorApp extends LitElement {
  static override styles = [tokens, controls, styles];
  static override properties = {
    apiBase: { type: String, attribute: 'api-base' },
    auth: { state: true },
    route: { state: true },
    notice: { state: true },
    orgs: { state: true },
    orgId: { state: true },
  };

  /** Origin of the API when it is not this page's ('' = same origin). */
  declare apiBase: string;
  declare auth: StoredAuth | null;
  declare route: Route;
  declare notice: string;
  /** The advisor's organisations (null until loaded). */
  declare orgs: Organisation[] | null;
  /** The organisation the app acts in ('' until the list is loaded). */
  declare orgId: string;
  #api: ApiClient | null = null;
  /** The token of the password-reset link this page was opened with ('' otherwise). */
  #resetToken = '';

  constructor() {
    super();
    this.apiBase = '';
    this.auth = loadAuth();
    this.route = parseRoute(location.pathname, location.search);
    if (this.route.name === 'reset-password') this.#resetToken = takeResetToken();
    this.notice = '';
    this.orgs = null;
    this.orgId = '';
    if (this.auth) void this.#loadOrgs();
  }

  /** The API client (built lazily so `api-base` can be set first). */
  get api(): ApiClient {
    this.#api ??= new ApiClient({
      baseUrl: this.apiBase,
      getToken: () => this.auth?.token ?? null,
      // NOTE: only an organisation from the advisor's own list: a stale choice of another account is never sent.
      getOrgId: () => this.orgId || null,
      onUnauthorized: () => this.#signedOut('Your session has expired. Please sign in again.'),
    });
    return this.#api;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('popstate', this.#onPopState);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('popstate', this.#onPopState);
  }

  /** Goes to a route, pushing (or replacing) a history entry. */
  navigate(route: Route, replace = false, state: HistoryState | null = null): void {
    const url = routeUrl(route);
    if (replace) history.replaceState(state, '', url);
    else history.pushState(state, '', url);
    if (route.name !== 'live-list') this.#joinFailure = null;
    this.route = route;
  }

  /** Revokes the token on the server (so a copy of it stops working too), then forgets it here even if that failed. */
  async signOut(): Promise<void> {
    try {
      if (this.auth) await this.api.signOut({ signal: AbortSignal.timeout(SIGN_OUT_TIMEOUT_MS) });
    } catch {
      // Offline, or the token was already dead: it is forgotten below either way.
    } finally {
      // Signing out forgets this person's organisation choice too (an expired session keeps it for their return).
      clearOrgChoice();
      this.#signedOut('');
    }
  }

  #signedOut(notice: string) {
    clearAuth();
    this.auth = null;
    this.notice = notice;
    this.orgs = null;
    this.orgId = '';
  }

  /** The advisor's organisations, and the one to act in: the remembered choice, else where they signed in, else the first. */
  async #loadOrgs(prefer: string | null = null): Promise<void> {
    try {
      const orgs = await this.api.orgs();
      const pick = [prefer, loadOrgChoice(), this.auth?.advisor.orgId].find((id) => id && orgs.some((o) => o.id === id));
      this.orgId = pick ?? orgs[0]?.id ?? '';
      this.orgs = orgs;
    } catch {
      // Offline or refused: act where the server puts the advisor (no header); a 401 already signed out.
      if (this.auth) this.orgs = [];
    }
  }

  #onOrgChanged = (e: CobrowseOrgChangedEvent) => {
    const orgId = e.detail.orgId;
    if (!this.orgs?.some((o) => o.id === orgId)) return;
    saveOrgChoice(orgId);
    this.orgId = orgId;
    // What was open belonged to the other organisation: back to its list (the list itself reloads, keyed by organisation).
    const route = this.route;
    if (route.name === 'player') this.navigate({ name: 'list' }, true);
    else if (route.name === 'case') this.navigate(INBOX, true);
    else if (route.name === 'live') this.navigate({ name: 'live-list' }, true);
    else if (route.name === 'tutorial') this.navigate({ name: 'tutorials' }, true);
  };

  /** "Make a tutorial from the best-solved case": its recording, with the tutorial maker open. */
  #onMakeTutorial = (e: CobrowseMakeTutorialEvent) => {
    this.navigate({ name: 'player', sessionId: e.detail.sessionId, t: null, make: true });
  };

  /**
   * The advisor's role in the organisation the app acts in; null until the organisations are loaded: the role kept
   * from sign-in may be out of date (changed since, or another organisation's), and the bar must not show its links
   * for a moment. Loading failed (offline): the kept role.
   */
  get #role(): OrgRole | null {
    if (this.orgs === null) return null;
    return this.orgs.find((o) => o.id === this.orgId)?.role ?? this.auth?.advisor.role ?? null;
  }

  /** The signed-in advisor as the screens need them: with their role in the current organisation. */
  get #advisor(): Advisor | null {
    const advisor = this.auth?.advisor;
    return advisor ? { ...advisor, role: this.#role, orgId: this.orgId || advisor.orgId } : null;
  }

  #onPopState = () => {
    this.route = parseRoute(location.pathname, location.search);
  };

  #onSignedIn = (e: CobrowseSignedInEvent) => {
    this.auth = e.detail.auth;
    this.notice = '';
    this.orgs = null;
    void this.#loadOrgs();
  };

  /** An invitation was accepted: signed in, acting in the organisation just joined. */
  #onInvitationAccepted = (e: CobrowseSignedInEvent) => {
    const orgId = e.detail.auth.advisor.orgId;
    if (orgId) saveOrgChoice(orgId);
    this.auth = e.detail.auth;
    this.notice = '';
    this.orgs = null;
    void this.#loadOrgs(orgId);
    this.navigate({ name: 'list' }, true);
  };

  #onAdvisorUpdated = (e: CobrowseAdvisorUpdatedEvent) => {
    this.auth = updateStoredAdvisor(e.detail.advisor) ?? this.auth;
  };

  /** A reset link was used: signed in with the new password, on to the app. */
  #onPasswordReset = (e: CobrowseSignedInEvent) => {
    this.#resetToken = '';
    this.#onSignedIn(e);
    this.navigate({ name: 'list' }, true);
  };

  #onOpen = (e: CobrowseOpenSessionEvent) => {
    this.navigate({ name: 'player', sessionId: e.detail.sessionId, t: null }, false, { fromList: true });
  };

  /** Another tab of the visit, from the player: Back returns to this one. */
  #onOpenTab = (e: CobrowseOpenSessionEvent) => {
    this.navigate({ name: 'player', sessionId: e.detail.sessionId, t: null });
  };

  #onBack = () => {
    // Back to the very list (filters, scroll) the advisor came from, when there is one.
    if ((history.state as HistoryState | null)?.fromList) history.back();
    else this.navigate({ name: 'list' });
  };

  /** A search result: a session at the moment its text was on screen, a case, or a tutorial (its editor). */
  #onSearchOpen = (e: CobrowseSearchOpenEvent) => {
    const { kind, id, t } = e.detail;
    if (kind === 'tutorial') this.navigate({ name: 'tutorial', tutorialId: id });
    else this.navigate(kind === 'session' ? { name: 'player', sessionId: id, t } : { name: 'case', caseId: id });
  };

  #onOpenTutorial = (e: CobrowseOpenTutorialEvent) => {
    this.navigate({ name: 'tutorial', tutorialId: e.detail.tutorialId }, false, { fromList: this.route.name === 'tutorials' });
  };

  #onTutorialBack = () => {
    if ((history.state as HistoryState | null)?.fromList) history.back();
    else this.navigate({ name: 'tutorials' });
  };

  #onOpenCase = (e: CobrowseOpenCaseEvent) => {
    this.navigate({ name: 'case', caseId: e.detail.caseId }, false, { fromList: this.route.name === 'cases' });
  };

  #onCaseBack = () => {
    // Back to the inbox as it was (filters), when the case was opened from it.
    if ((history.state as HistoryState | null)?.fromList) history.back();
    else this.navigate(INBOX);
  };

  #onCaseFilters = (e: CobrowseCaseFiltersEvent) => {
    // Replace, not push: filtering is not a place to go back to.
    this.navigate({ name: 'cases', filters: e.detail.filters }, true);
  };

  /** The last join by code that failed, for the code form to show. */
  #joinFailure: { code: string; message: string } | null = null;

  #onJoinLive = (e: CobrowseJoinLiveEvent) => {
    this.#joinFailure = null;
    this.navigate({ name: 'live', target: e.detail });
  };

  #onJoinFailed = (e: CobrowseJoinFailedEvent) => {
    this.#joinFailure = e.detail;
    this.navigate({ name: 'live-list' }, true);
  };

  #onLiveJoined = (e: CobrowseLiveJoinedEvent) => {
    // Joined by code: the code is short-lived, the session id is what a reload needs.
    const route = this.route;
    if (route.name === 'live' && 'code' in route.target) {
      this.navigate({ name: 'live', target: { sessionId: e.detail.sessionId } }, true);
    }
  };

  /** Whether the signed-in advisor's role (in the organisation they act in) allows this: the app shows only what it does. */
  #may(permission: Permission): boolean {
    const role = this.#role;
    return !!role && can(role, permission);
  }

  #go(e: MouseEvent, route: Route) {
    if (e.metaKey || e.ctrlKey || e.shiftKey) return;
    e.preventDefault();
    this.navigate(route);
  }

  #renderMain(route: Route) {
    switch (route.name) {
      case 'player':
        return html`<cobrowse-session-player
          .api=${this.api}
          .sessionId=${route.sessionId}
          .startAt=${route.t ?? 0}
          open-comment-id=${route.commentId ?? ''}
          self-id=${this.auth?.advisor.id ?? ''}
          ?can-moderate=${this.#may('comments.moderate')}
          ?can-make-tutorials=${this.#may('tutorials.write')}
          ?start-making=${!!route.make}
          @cobrowse-open-tutorial=${this.#onOpenTutorial}
          @cobrowse-back=${this.#onBack}
          @cobrowse-open-session=${this.#onOpenTab}
        ></cobrowse-session-player>`;
      case 'cases':
        return html`<cobrowse-case-inbox
          .api=${this.api}
          advisor-id=${this.auth?.advisor.id ?? ''}
          .filters=${route.filters}
          @cobrowse-open-case=${this.#onOpenCase}
          @cobrowse-case-filters=${this.#onCaseFilters}
        ></cobrowse-case-inbox>`;
      case 'case':
        return html`<cobrowse-case-view
          .api=${this.api}
          case-id=${route.caseId}
          .advisor=${this.#advisor}
          @cobrowse-back=${this.#onCaseBack}
          @cobrowse-open-case=${this.#onOpenCase}
        ></cobrowse-case-view>`;
      case 'tutorials':
        if (!this.#may('tutorials.read'))
          return html`<p class="alert" role="alert">Your role (${this.#role}) does not include tutorials.</p>`;
        return html`<cobrowse-tutorial-list .api=${this.api} @cobrowse-open-tutorial=${this.#onOpenTutorial}></cobrowse-tutorial-list>`;
      case 'tutorial':
        if (!this.#may('tutorials.read'))
          return html`<p class="alert" role="alert">Your role (${this.#role}) does not include tutorials.</p>`;
        return html`<cobrowse-tutorial-editor
          .api=${this.api}
          tutorial-id=${route.tutorialId}
          .startAt=${route.t ?? 0}
          open-comment-id=${route.commentId ?? ''}
          self-id=${this.auth?.advisor.id ?? ''}
          ?can-moderate=${this.#may('comments.moderate')}
          ?readonly=${!this.#may('tutorials.write')}
          @cobrowse-back=${this.#onTutorialBack}
        ></cobrowse-tutorial-editor>`;
      case 'recurring':
        if (!this.#may('recurring.read'))
          return html`<p class="alert" role="alert">Your role (${this.#role}) does not include the recurring-questions report.</p>`;
        return html`<cobrowse-recurring-report
          .api=${this.api}
          org-id=${this.orgId}
          ?can-make-tutorials=${this.#may('tutorials.write')}
          @cobrowse-open-case=${this.#onOpenCase}
          @cobrowse-open-tutorial=${this.#onOpenTutorial}
          @cobrowse-make-tutorial=${this.#onMakeTutorial}
        ></cobrowse-recurring-report>`;
      case 'admin':
        // The server refuses anyway; this just says so instead of a page of errors.
        return this.#may('settings.manage')
          ? html`<cobrowse-case-admin
              .api=${this.api}
              org-id=${this.orgId}
              self-id=${this.auth?.advisor.id ?? ''}
              @cobrowse-open-case=${this.#onOpenCase}
            ></cobrowse-case-admin>`
          : html`<p class="alert" role="alert">Only admins can change the async-help settings.</p>`;
      case 'account':
        return html`<cobrowse-change-password .api=${this.api} .advisor=${this.auth?.advisor ?? null}>
          <cobrowse-display-name
            slot="profile"
            .api=${this.api}
            .advisor=${this.auth?.advisor ?? null}
            @cobrowse-advisor-updated=${this.#onAdvisorUpdated}
          ></cobrowse-display-name>
        </cobrowse-change-password>`;
      case 'live-list':
        if (!this.#may('live.help')) return html`<p class="alert" role="alert">Your role (${this.#role}) does not include live help.</p>`;
        return html`<cobrowse-live-list
          .api=${this.api}
          .code=${this.#joinFailure?.code ?? ''}
          .joinError=${this.#joinFailure?.message ?? ''}
          @cobrowse-join-live=${this.#onJoinLive}
        ></cobrowse-live-list>`;
      case 'live': {
        if (!this.#may('live.help')) return html`<p class="alert" role="alert">Your role (${this.#role}) does not include live help.</p>`;
        const t = route.target;
        return html`<cobrowse-live-view
          .serverUrl=${this.apiBase}
          .token=${this.auth?.token ?? null}
          .orgId=${this.orgId}
          .code=${'code' in t ? t.code : ''}
          .sessionId=${'sessionId' in t ? t.sessionId : ''}
          .advisorName=${this.auth?.advisor.name || this.auth?.advisor.email || ''}
          @cobrowse-live-joined=${this.#onLiveJoined}
          @cobrowse-join-failed=${this.#onJoinFailed}
          @cobrowse-back=${() => this.navigate({ name: 'live-list' })}
        ></cobrowse-live-view>`;
      }
      default:
        return html`<cobrowse-session-list .api=${this.api} @cobrowse-open-session=${this.#onOpen}></cobrowse-session-list>`;
    }
  }

  /** The screen, once the organisation is known; remade (reloaded) when the organisation changes. */
  #renderMainOfOrg(route: Route) {
    if (this.orgs === null) return html`<p class="muted" role="status">Loading…</p>`;
    if (!this.orgs.length && !this.auth?.advisor.orgId) {
      return html`<p class="alert" role="alert">You are not a member of any organisation (any more). Ask an admin to invite you.</p>`;
    }
    return keyed(this.orgId, this.#renderMain(route));
  }

  override render() {
    if (this.route.name === 'reset-password') {
      return html`<cobrowse-reset-password
        .api=${this.api}
        .token=${this.#resetToken}
        @cobrowse-signed-in=${this.#onPasswordReset}
        @cobrowse-back=${() => this.navigate({ name: 'list' }, true)}
      ></cobrowse-reset-password>`;
    }
    if (this.route.name === 'invite') {
      return html`<cobrowse-invite-accept
        .api=${this.api}
        .token=${this.route.token}
        @cobrowse-signed-in=${this.#onInvitationAccepted}
        @cobrowse-back=${() => this.navigate({ name: 'list' }, true)}
      ></cobrowse-invite-accept>`;
    }
    if (!this.auth) {
      return html`<cobrowse-sign-in .api=${this.api} .notice=${this.notice} @cobrowse-signed-in=${this.#onSignedIn}></cobrowse-sign-in>`;
    }
    const route = this.route;
    return html`
      <div class="app ${route.name === 'player' || route.name === 'live' ? 'app--player' : ''}">
        <header class="app__bar">
          <a class="app__brand" href=${routeUrl({ name: 'list' })} @click=${(e: MouseEvent) => this.#go(e, { name: 'list' })}>
            <span class="app__logo" aria-hidden="true">▶</span> Cobrowse
          </a>
          <nav class="app__nav" aria-label="Main">
            <a
              class="app__link"
              href=${routeUrl({ name: 'list' })}
              aria-current=${route.name === 'list' || route.name === 'player' ? 'page' : 'false'}
              @click=${(e: MouseEvent) => this.#go(e, { name: 'list' })}
              >Recordings</a
            >
            ${
              this.#may('live.help')
                ? html`<a
                    class="app__link"
                    href=${routeUrl({ name: 'live-list' })}
                    aria-current=${route.name === 'live-list' || route.name === 'live' ? 'page' : 'false'}
                    @click=${(e: MouseEvent) => this.#go(e, { name: 'live-list' })}
                    >Join live</a
                  >`
                : nothing
            }
            <a
              class="app__link"
              href=${routeUrl(INBOX)}
              aria-current=${route.name === 'cases' || route.name === 'case' ? 'page' : 'false'}
              @click=${(e: MouseEvent) => this.#go(e, INBOX)}
              >Inbox</a
            >
            ${
              this.#may('tutorials.read')
                ? html`<a
                    class="app__link"
                    href=${routeUrl({ name: 'tutorials' })}
                    aria-current=${route.name === 'tutorials' || route.name === 'tutorial' ? 'page' : 'false'}
                    @click=${(e: MouseEvent) => this.#go(e, { name: 'tutorials' })}
                    >Tutorials</a
                  >`
                : nothing
            }
            ${
              this.#may('recurring.read')
                ? html`<a
                    class="app__link"
                    href=${routeUrl({ name: 'recurring' })}
                    aria-current=${route.name === 'recurring' ? 'page' : 'false'}
                    @click=${(e: MouseEvent) => this.#go(e, { name: 'recurring' })}
                    >Recurring</a
                  >`
                : nothing
            }
            ${
              this.#may('settings.manage')
                ? html`<a
                    class="app__link"
                    href=${routeUrl({ name: 'admin' })}
                    aria-current=${route.name === 'admin' ? 'page' : 'false'}
                    @click=${(e: MouseEvent) => this.#go(e, { name: 'admin' })}
                    >Admin</a
                  >`
                : nothing
            }
          </nav>
          <span class="app__spacer"></span>
          ${
            this.#may('search.read')
              ? html`<cobrowse-search class="app__search" .api=${this.api} @cobrowse-search-open=${this.#onSearchOpen}></cobrowse-search>`
              : nothing
          }
          <cobrowse-org-switcher
            .orgs=${this.orgs ?? []}
            org-id=${this.orgId}
            @cobrowse-org-changed=${this.#onOrgChanged}
          ></cobrowse-org-switcher>
          <span class="app__who">${this.auth.advisor.name || this.auth.advisor.email}</span>
          <a
            class="app__link"
            href=${routeUrl({ name: 'account' })}
            title="Your account: change password"
            aria-current=${route.name === 'account' ? 'page' : 'false'}
            @click=${(e: MouseEvent) => this.#go(e, { name: 'account' })}
            >Account</a
          >
          <button class="btn" type="button" @click=${() => void this.signOut()}>Sign out</button>
        </header>
        <main class="app__main">${this.#renderMainOfOrg(route)}</main>
      </div>
    `;
  }
}
