/**
 * @module client/components/case-context
 * `<cobrowse-case-context>`: what an advisor needs to know before answering,
 * already there when the case opens: the customer (email, language, the
 * identify() fields), the metadata the page passed, the enrichers' answers
 * (fields, and links that open in a new tab), the recording's pages,
 * problems and device (`<cobrowse-session-details>`), and what was sent
 * about the case (emails, webhooks).
 *
 * Properties in: `detail` (a CaseDetail).
 *
 * @event cobrowse-seek - Re-fired from the session details: a page or problem was picked (session ms).
 */
import { html, LitElement, nothing } from 'lit';
import type { CaseDetail, EnrichmentResult } from '../../../protocol/cases.ts';
import { splitMetadata } from '../../lib/case-format.ts';
import { formatDateTime } from '../../lib/format.ts';
import { badges, panels } from '../../styles/case.styles.ts';
import { tokens } from '../../styles/shared.styles.ts';
import '../session-details/session-details.ts';
import styles from './case-context.styles.ts';

export default class CobrowseCaseContext extends LitElement {
  static override styles = [tokens, badges, panels, styles];
  static override properties = {
    detail: { attribute: false },
  };

  declare detail: CaseDetail | null;

  constructor() {
    super();
    this.detail = null;
  }

  #renderEnrichment(e: EnrichmentResult) {
    const fields = Object.entries(e.fields);
    return html`<section class="context__enrichment" data-enricher=${e.enricherName} aria-label=${`From ${e.enricherName}`}>
      <h3 class="context__subtitle">
        ${e.enricherName}
        ${e.status === 'ok' ? nothing : html`<span class="badge badge--${e.status}">${e.status === 'pending' ? 'Waiting' : 'Failed'}</span>`}
      </h3>
      ${e.status === 'failed' && e.error ? html`<p class="context__error">${e.error}</p>` : nothing}
      ${
        fields.length
          ? html`<dl class="context__list">
              ${fields.map(
                ([k, v]) =>
                  html`<dt>${k}</dt>
                    <dd>${v === null ? '—' : String(v)}</dd>`,
              )}
            </dl>`
          : nothing
      }
      ${
        e.links.length
          ? html`<ul class="context__links">
              ${e.links.map((l) => html`<li><a class="link" href=${l.url} target="_blank" rel="noopener noreferrer">${l.label} ↗</a></li>`)}
            </ul>`
          : nothing
      }
    </section>`;
  }

  #renderOutgoing(d: CaseDetail) {
    if (!d.emails.length && !d.webhookDeliveries.length) return nothing;
    return html`<section class="card" aria-labelledby="ctx-sent">
      <h2 class="card__title" id="ctx-sent">Sent about this case</h2>
      <ul class="context__sent">
        ${d.emails.map(
          (m) =>
            html`<li>
              <span class="badge badge--${m.status}">${m.status}</span> Email to ${m.to}: ${m.subject}
              <span class="muted">· ${formatDateTime(m.createdAt)}</span>
              ${m.lastError ? html`<div class="context__error">${m.lastError}</div>` : nothing}
            </li>`,
        )}
        ${d.webhookDeliveries.map(
          (w) =>
            html`<li>
              <span class="badge badge--${w.status}">${w.status}</span> Webhook ${w.event}
              <span class="muted"
                >· ${w.attempts} attempt${w.attempts === 1 ? '' : 's'}${w.responseCode ? ` · HTTP ${w.responseCode}` : ''}</span
              >
              ${w.lastError ? html`<div class="context__error">${w.lastError}</div>` : nothing}
            </li>`,
        )}
      </ul>
    </section>`;
  }

  override render() {
    const d = this.detail;
    if (!d) return nothing;
    const { identity, other } = splitMetadata(d.metadata);
    return html`<div class="context">
      <section class="card" aria-labelledby="ctx-customer">
        <h2 class="card__title" id="ctx-customer">Customer</h2>
        <dl class="context__list">
          <dt>Email</dt>
          <dd>${d.customerEmail ?? '—'}</dd>
          <dt>Language</dt>
          <dd>${d.language ?? d.session?.language ?? '—'}</dd>
          ${identity.map(
            ([k, v]) =>
              html`<dt>${k}</dt>
                <dd>${v}</dd>`,
          )}
        </dl>
        ${
          other.length
            ? html`<h3 class="context__subtitle">Metadata</h3>
                <dl class="context__list" aria-label="Metadata">
                  ${other.map(
                    ([k, v]) =>
                      html`<dt>${k}</dt>
                        <dd>${v}</dd>`,
                  )}
                </dl>`
            : nothing
        }
      </section>

      ${
        d.enrichments.length
          ? html`<section class="card" aria-labelledby="ctx-enrich">
              <h2 class="card__title" id="ctx-enrich">From your systems</h2>
              ${d.enrichments.map((e) => this.#renderEnrichment(e))}
            </section>`
          : nothing
      }

      <section class="card" aria-labelledby="ctx-recording">
        <h2 class="card__title" id="ctx-recording">Recording</h2>
        ${
          d.session
            ? html`<cobrowse-session-details .session=${d.session} no-metadata></cobrowse-session-details>`
            : html`<p class="muted">No recording is attached (or it was deleted).</p>`
        }
      </section>

      ${this.#renderOutgoing(d)}
    </div>`;
  }
}
