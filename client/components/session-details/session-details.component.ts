/**
 * @module client/components/session-details
 * `<cobrowse-session-details>`: the player's context panel: URL, pages
 * visited (click to jump), problems (console errors and failed requests,
 * click to jump), the live chat (click a message to jump to it), the
 * customer (identify()), browser, viewport, language,
 * metadata, and the other tabs of the customer's visit (`visitTabs`, links).
 * `no-metadata` leaves out the customer and metadata sections
 * (for a host that shows its own, such as a case's snapshot).
 *
 * @event cobrowse-seek - A visited page, a problem or a chat message was picked; detail `{ time, final: true }` (session ms).
 * @event cobrowse-open-session - Another tab of the visit was picked; detail `{ sessionId }`.
 */
import { html, LitElement, nothing } from 'lit';
import type { SessionDetail, SessionSummary } from '../../../protocol/api.ts';
import { IDENTITY_KEY_PREFIX } from '../../../protocol/context-events.ts';
import { emit } from '../../events/index.ts';
import { formatDateTime, formatDuration, parseUserAgent } from '../../lib/format.ts';
import { dedupePages } from '../../lib/pages.ts';
import { routeUrl } from '../../lib/route.ts';
import { tokens } from '../../styles/shared.styles.ts';
import styles from './session-details.styles.ts';

export default class CobrowseSessionDetails extends LitElement {
  static override styles = [tokens, styles];
  static override properties = {
    session: { attribute: false },
    currentTime: { type: Number, attribute: 'current-time' },
    noMetadata: { type: Boolean, attribute: 'no-metadata' },
    visitTabs: { attribute: false },
  };

  declare session: SessionDetail | null;
  /** Session ms; highlights the page being shown. */
  declare currentTime: number;
  declare noMetadata: boolean;
  /** The sessions of the customer's visit, oldest first (this one included); empty: one tab. */
  declare visitTabs: readonly SessionSummary[];

  constructor() {
    super();
    this.session = null;
    this.currentTime = 0;
    this.noMetadata = false;
    this.visitTabs = [];
  }

  #openTab(tab: SessionSummary, e: MouseEvent) {
    if (e.metaKey || e.ctrlKey || e.shiftKey || e.button === 1) return; // a browser tab of its own
    e.preventDefault();
    emit(this, 'cobrowse-open-session', { sessionId: tab.id });
  }

  #renderTabs(s: SessionDetail) {
    if (this.visitTabs.length < 2) return nothing;
    return html`<section>
      <h2 class="details__section-title">Tabs of this visit (${this.visitTabs.length})</h2>
      <ol class="details__pages details__tabs">
        ${this.visitTabs.map((tab, i) => {
          const current = tab.id === s.id;
          const label = html`<span class="details__tab-number">Tab ${i + 1}</span>
            <span class="details__page-time">${formatDateTime(tab.startedAt)} · ${formatDuration(tab.durationMs)}</span>
            <span class="details__page-url" title=${tab.firstUrl}>${tab.firstUrl}</span>`;
          return html`<li>
            ${
              current
                ? html`<span class="details__page details__tab details__page--current" aria-current="page">${label}</span>`
                : html`<a
                    class="details__page details__tab"
                    href=${routeUrl({ name: 'player', sessionId: tab.id, t: null })}
                    @click=${(e: MouseEvent) => this.#openTab(tab, e)}
                    >${label}</a
                  >`
            }
          </li>`;
        })}
      </ol>
    </section>`;
  }

  override render() {
    const s = this.session;
    if (!s) return nothing;
    const start = s.firstEventTs ?? Date.parse(s.startedAt);
    const pages = dedupePages(s.pages).map((p) => ({ ...p, time: Math.max(0, p.ts - start) }));
    let current = -1;
    pages.forEach((p, i) => {
      if (p.time <= this.currentTime) current = i;
    });
    const agent = parseUserAgent(s.userAgent, s.viewport);
    const allMeta = Object.entries(s.metadata ?? {});
    const identity = allMeta
      .filter(([k]) => k.startsWith(IDENTITY_KEY_PREFIX))
      .map(([k, v]) => [k.slice(IDENTITY_KEY_PREFIX.length), v] as const);
    const meta = allMeta.filter(([k]) => !k.startsWith(IDENTITY_KEY_PREFIX));
    const problems = (s.markers ?? [])
      .filter((m) => m.kind === 'error' || m.kind === 'network')
      .map((m) => ({ ...m, time: Math.max(0, m.ts - start) }));
    const chat = (s.chat ?? []).map((m) => ({ ...m, time: Math.max(0, m.ts - start) }));
    return html`
      <div class="details">
        <section>
          <h2 class="details__section-title">Session</h2>
          <dl class="details__list">
            <dt>Started</dt>
            <dd>${formatDateTime(s.startedAt)}</dd>
            <dt>Duration</dt>
            <dd>${formatDuration(s.durationMs)}</dd>
            <dt>Site</dt>
            <dd>${s.siteName}</dd>
            <dt>URL</dt>
            <dd>${pages[current]?.url ?? s.firstUrl}</dd>
          </dl>
        </section>

        ${this.#renderTabs(s)}

        <section>
          <h2 class="details__section-title">Pages visited (${pages.length})</h2>
          <ol class="details__pages">
            ${pages.map(
              (p, i) =>
                html`<li>
                  <button
                    type="button"
                    class="details__page ${i === current ? 'details__page--current' : ''}"
                    aria-current=${i === current ? 'true' : 'false'}
                    @click=${() => emit(this, 'cobrowse-seek', { time: p.time, final: true })}
                  >
                    <span class="details__page-time">${formatDuration(p.time)}</span>
                    <span class="details__page-url">${p.url}</span>
                  </button>
                </li>`,
            )}
          </ol>
        </section>

        ${
          problems.length
            ? html`<section>
                <h2 class="details__section-title">Problems (${problems.length})</h2>
                <ol class="details__pages details__problems">
                  ${problems.slice(0, 200).map(
                    (m) =>
                      html`<li>
                        <button
                          type="button"
                          class="details__page details__problem details__problem--${m.kind}"
                          title=${m.label ?? m.kind}
                          @click=${() => emit(this, 'cobrowse-seek', { time: Math.max(0, m.time - 1000), final: true })}
                        >
                          <span class="details__page-time">${formatDuration(m.time)}</span>
                          <span class="details__problem-kind">${m.kind === 'error' ? 'Error' : 'Request'}</span>
                          <span class="details__page-url">${m.label ?? ''}</span>
                        </button>
                      </li>`,
                  )}
                </ol>
              </section>`
            : nothing
        }
        ${
          chat.length
            ? html`<section>
                <h2 class="details__section-title">Chat (${chat.length})</h2>
                <ol class="details__pages details__chat">
                  ${chat.map(
                    (m) =>
                      html`<li>
                        <button
                          type="button"
                          class="details__page details__chat-msg"
                          data-from=${m.from}
                          @click=${() => emit(this, 'cobrowse-seek', { time: Math.max(0, m.time - 1000), final: true })}
                        >
                          <span class="details__page-time">${formatDuration(m.time)}</span>
                          <span class="details__chat-name">${m.name}</span>
                          <span class="details__chat-text">${m.text}</span>
                        </button>
                      </li>`,
                  )}
                </ol>
              </section>`
            : nothing
        }
        ${
          identity.length && !this.noMetadata
            ? html`<section>
                <h2 class="details__section-title">Customer</h2>
                <dl class="details__list details__identity">
                  ${identity.map(
                    ([k, v]) =>
                      html`<dt>${k}</dt>
                        <dd>${v === null ? '—' : String(v)}</dd>`,
                  )}
                </dl>
              </section>`
            : nothing
        }

        <section>
          <h2 class="details__section-title">Visitor</h2>
          <dl class="details__list">
            <dt>Browser</dt>
            <dd>${agent.browser}</dd>
            <dt>System</dt>
            <dd>${agent.os} · ${agent.device}</dd>
            <dt>Viewport</dt>
            <dd>${s.viewport ? `${s.viewport.width}×${s.viewport.height}` : '—'}</dd>
            <dt>Language</dt>
            <dd>${s.language ?? '—'}</dd>
            <dt>Events</dt>
            <dd>${s.eventCount.toLocaleString()} in ${s.chunkCount} chunks</dd>
          </dl>
        </section>

        ${
          meta.length && !this.noMetadata
            ? html`<section>
                <h2 class="details__section-title">Metadata</h2>
                <dl class="details__list">
                  ${meta.map(
                    ([k, v]) =>
                      html`<dt>${k}</dt>
                        <dd>${v === null ? '—' : String(v)}</dd>`,
                  )}
                </dl>
              </section>`
            : nothing
        }

        <section class="details__legend" aria-label="Timeline legend">
          <span><span class="details__swatch" style="background:var(--cb-click)"></span>Click</span>
          <span><span class="details__swatch" style="background:var(--cb-input)"></span>Input</span>
          <span><span class="details__swatch" style="background:var(--cb-nav)"></span>Page load</span>
          <span><span class="details__swatch" style="background:var(--cb-danger)"></span>Error</span>
          <span><span class="details__swatch" style="background:#d97706"></span>Failed request</span>
          <span><span class="details__swatch" style="background:var(--cb-chat)"></span>Chat</span>
          <span><span class="details__swatch" style="background:var(--cb-control)"></span>Control</span>
        </section>
      </div>
    `;
  }
}
