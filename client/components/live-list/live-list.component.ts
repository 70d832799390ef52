/**
 * @module client/components/live-list
 * `<cobrowse-live-list>`: the way into live co-browsing: a 6-digit code form
 * (the code the customer reads out from their "Get help" banner) and the
 * sessions live right now (`GET /api/live/sessions`), refreshed every few seconds.
 *
 * Public API:
 * - properties in: `api`, `refreshMs` (`refresh-ms`, 0 = no polling), `code` and
 *   `joinError` (a join by code that failed: the form shows why, with the code kept)
 * - methods: `refresh()`
 *
 * @event cobrowse-join-live - The advisor asked to watch; detail `{ code }` or `{ sessionId }`.
 */
import { html, LitElement, nothing } from 'lit';
import type { LiveSessionSummary } from '../../../protocol/live.ts';
import { SESSION_CODE_LENGTH } from '../../../protocol/live-constants.ts';
import type { ApiClient } from '../../api/api-client.ts';
import { isAbortError } from '../../api/api-error.ts';
import { emit } from '../../events/index.ts';
import { formatDateTime, shortUrl } from '../../lib/format.ts';
import { routeUrl } from '../../lib/route.ts';
import { controls, tokens } from '../../styles/shared.styles.ts';
import styles from './live-list.styles.ts';

export default class CobrowseLiveList extends LitElement {
  static override styles = [tokens, controls, styles];
  static override properties = {
    api: { attribute: false },
    refreshMs: { type: Number, attribute: 'refresh-ms' },
    sessions: { state: true },
    loading: { state: true },
    error: { state: true },
    code: { type: String },
    joinError: { attribute: false },
  };

  declare api: ApiClient | null;
  /** Polling period of the list, ms (0: only on demand). */
  declare refreshMs: number;
  declare sessions: LiveSessionSummary[];
  declare loading: boolean;
  declare error: string;
  /** The code in the form (the app puts back a code that failed). */
  declare code: string;
  /** Why the last join by code failed, shown on the form until the code changes. */
  declare joinError: string;
  #abort: AbortController | null = null;
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor() {
    super();
    this.api = null;
    this.refreshMs = 5_000;
    this.sessions = [];
    this.loading = false;
    this.error = '';
    this.code = '';
    this.joinError = '';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.refresh();
    if (this.refreshMs > 0) this.#timer = setInterval(() => void this.refresh(), this.refreshMs);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.#timer);
    this.#abort?.abort();
  }

  async refresh(): Promise<void> {
    if (!this.api) return;
    this.#abort?.abort();
    const abort = (this.#abort = new AbortController());
    this.loading = true;
    try {
      const sessions = await this.api.liveSessions({ signal: abort.signal });
      this.sessions = [...sessions].sort((a, b) => Number(b.helpRequested) - Number(a.helpRequested) || b.startedAt - a.startedAt);
      this.error = '';
    } catch (err) {
      if (isAbortError(err)) return;
      this.error = err instanceof Error ? err.message : String(err);
    } finally {
      if (this.#abort === abort) this.loading = false;
    }
  }

  #submit(e: Event): void {
    e.preventDefault();
    const code = this.code.replace(/\D/g, '');
    if (code.length !== SESSION_CODE_LENGTH) return;
    emit(this, 'cobrowse-join-live', { code });
  }

  #watch(s: LiveSessionSummary, e: MouseEvent): void {
    if (e.metaKey || e.ctrlKey || e.shiftKey) return;
    e.preventDefault();
    emit(this, 'cobrowse-join-live', { sessionId: s.sessionId });
  }

  /** One row per customer: the tabs of one visit are one live session (watching follows their tab). */
  #renderRow(tabs: LiveSessionSummary[]) {
    const s = tabs[0]!;
    const online = tabs.some((t) => t.customerConnected);
    return html`<tr data-session-id=${s.sessionId} data-tabs=${tabs.length}>
      <td>
        <span class="live-list__status ${online ? 'live-list__status--on' : ''}">${online ? 'Online' : 'Away'}</span>
        ${tabs.some((t) => t.helpRequested) ? html`<span class="live-list__help">Asked for help</span>` : nothing}
        ${tabs.length > 1 ? html`<span class="live-list__help">${tabs.length} tabs</span>` : nothing}
      </td>
      <td class="live-list__url" title=${tabs.map((t) => t.url ?? '').join('\n')}>
        ${tabs.map((t, i) => html`<div>${tabs.length > 1 ? `Tab ${i + 1}: ` : ''}${t.url ? shortUrl(t.url) : '—'}</div>`)}
      </td>
      <td>${s.siteName}</td>
      <td>${formatDateTime(Math.min(...tabs.map((t) => t.startedAt)))}</td>
      <td class="live-list__num">${s.viewerCount}</td>
      <td>
        <a
          class="btn"
          href=${routeUrl({ name: 'live', target: { sessionId: s.sessionId } })}
          @click=${(e: MouseEvent) => this.#watch(s, e)}
        >
          Watch
        </a>
      </td>
    </tr>`;
  }

  override render() {
    const valid = this.code.replace(/\D/g, '').length === SESSION_CODE_LENGTH;
    return html`
      <section class="live-list" aria-labelledby="live-title">
        <h1 class="live-list__title" id="live-title">Join live</h1>
        <form class="live-list__code" @submit=${this.#submit} aria-label="Join with a code">
          <label class="label">
            Code from the customer
            <input
              class="input live-list__code-input"
              name="code"
              inputmode="numeric"
              autocomplete="off"
              placeholder="123456"
              maxlength="7"
              pattern="\\d{3} ?\\d{3}"
              .value=${this.code}
              aria-invalid=${this.joinError ? 'true' : 'false'}
              aria-describedby=${this.joinError ? 'join-error' : nothing}
              @input=${(e: Event) => {
                this.code = (e.target as HTMLInputElement).value;
                this.joinError = '';
              }}
            />
          </label>
          ${this.joinError ? html`<p class="alert live-list__join-error" id="join-error" role="alert">${this.joinError}</p>` : nothing}
          <button class="btn btn--primary" type="submit" ?disabled=${!valid}>Join</button>
          <p class="live-list__hint">The customer gets a 6-digit code from “Get help” on their page.</p>
        </form>

        <div class="live-list__header">
          <h2 class="live-list__subtitle">Live now</h2>
          <span class="live-list__count" aria-live="polite"
            >${this.loading && !this.sessions.length ? 'Loading…' : `${byVisit(this.sessions).length} live`}</span
          >
          <button class="btn btn--ghost" type="button" @click=${() => this.refresh()}>Refresh</button>
        </div>
        ${this.error ? html`<p class="alert" role="alert">${this.error}</p>` : nothing}
        <div class="live-list__table-wrap">
          <table class="live-list__table">
            <thead>
              <tr>
                <th scope="col">Customer</th>
                <th scope="col">Page</th>
                <th scope="col">Site</th>
                <th scope="col">Started</th>
                <th scope="col" class="live-list__num">Viewers</th>
                <th scope="col"><span class="visually-hidden">Watch</span></th>
              </tr>
            </thead>
            <tbody>
              ${byVisit(this.sessions).map((tabs) => this.#renderRow(tabs))}
            </tbody>
          </table>
          ${!this.loading && this.sessions.length === 0 ? html`<p class="live-list__empty">Nobody is live right now.</p>` : nothing}
        </div>
      </section>
    `;
  }
}

/** Live sessions grouped by the customer's visit (a session without one is a group of its own), in list order. */
function byVisit(sessions: LiveSessionSummary[]): LiveSessionSummary[][] {
  const groups = new Map<string, LiveSessionSummary[]>();
  for (const s of sessions) {
    const key = s.visitId ?? s.sessionId;
    const group = groups.get(key);
    if (group) group.push(s);
    else groups.set(key, [s]);
  }
  // Tabs numbered in the order the customer opened them (as the live view numbers them).
  return [...groups.values()].map((g) => g.sort((a, b) => a.startedAt - b.startedAt));
}
