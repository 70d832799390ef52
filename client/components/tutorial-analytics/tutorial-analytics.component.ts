/**
 * @module client/components/tutorial-analytics
 * `<cobrowse-tutorial-analytics>`: how a published tutorial is used
 * (`GET /api/tutorials/:id/analytics`): views, completions, the cases it was
 * sent in, the questions it deflected (customers who opened it from the
 * Ask-for-help form's suggestions and did not send their question), and how
 * many viewers reached each step, as bars.
 *
 * Public API: properties `api`, `tutorial`.
 */
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import type { Tutorial, TutorialAnalytics } from '../../../protocol/tutorials.ts';
import type { ApiClient } from '../../api/api-client.ts';
import { RequestController } from '../../lib/request-controller.ts';
import { panels } from '../../styles/case.styles.ts';
import { controls, tokens } from '../../styles/shared.styles.ts';
import { parts } from '../../styles/tutorial.styles.ts';
import { css } from 'lit';

const styles = css`
  .figures {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(88px, 1fr));
    gap: 10px;
    margin: 0;
  }
  .figure {
    min-width: 0;
    padding: 10px 12px;
    border: 1px solid var(--cb-border);
    border-radius: var(--cb-radius);
  }
  .figure dt {
    font-size: 12px;
    color: var(--cb-text-muted);
  }
  .figure dd {
    margin: 2px 0 0;
    font-size: 22px;
    font-weight: 650;
  }
  .bars {
    display: grid;
    grid-template-columns: minmax(0, 1fr) minmax(80px, 2fr) auto;
    gap: 6px 10px;
    align-items: center;
    font-size: 13px;
  }
  .bars__label {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .bars__track {
    height: 10px;
    border-radius: 5px;
    background: #eef0f3;
    overflow: hidden;
  }
  .bars__fill {
    height: 100%;
    background: var(--cb-accent);
  }
`;

export default class CobrowseTutorialAnalytics extends LitElement {
  static override styles = [tokens, controls, panels, parts, styles];
  static override properties = {
    api: { attribute: false },
    tutorial: { attribute: false },
    analytics: { state: true },
  };

  declare api: ApiClient | null;
  declare tutorial: Tutorial | null;
  declare analytics: TutorialAnalytics | null;
  readonly #request = new RequestController(this);

  constructor() {
    super();
    this.api = null;
    this.tutorial = null;
    this.analytics = null;
  }

  override updated(changed: PropertyValues<this>): void {
    if (changed.has('tutorial') && changed.get('tutorial')?.id !== this.tutorial?.id) void this.#load();
  }

  async #load(): Promise<void> {
    const api = this.api;
    const id = this.tutorial?.id;
    if (!api || !id) return;
    const analytics = await this.#request.run((signal) => api.tutorialAnalytics(id, { signal }));
    if (analytics) this.analytics = analytics;
  }

  override render() {
    const t = this.tutorial;
    const a = this.analytics;
    if (!t) return nothing;
    const most = Math.max(1, a?.views ?? 0, ...(a?.steps.map((s) => s.reached) ?? []));
    return html`<section class="part" aria-labelledby="analytics-title">
      <h2 class="part__title" id="analytics-title">Analytics</h2>
      ${this.#request.error ? html`<p class="alert" role="alert">${this.#request.error}</p>` : nothing}
      ${
        a
          ? html`<dl class="figures">
                <div class="figure">
                  <dt>Views</dt>
                  <dd>${a.views}</dd>
                </div>
                <div class="figure">
                  <dt>Completions</dt>
                  <dd>${a.completions}</dd>
                </div>
                <div class="figure">
                  <dt>Sent in cases</dt>
                  <dd>${a.sentInCases}</dd>
                </div>
                <div
                  class="figure"
                  title="Customers who opened it from the suggestions of the Ask for help form and did not send their question"
                >
                  <dt>Deflections</dt>
                  <dd>${a.deflections}</dd>
                </div>
              </dl>
              <h3 class="part__title">Viewers who reached each step</h3>
              <div class="bars" role="list" aria-label="Viewers who reached each step">
                ${t.steps.map((s, i) => {
                  const reached = a.steps.find((x) => x.stepId === s.id)?.reached ?? 0;
                  return html`<div role="listitem" style="display:contents">
                    <span class="bars__label" title=${s.title}>${i + 1}. ${s.title}</span>
                    <span class="bars__track" aria-hidden="true"
                      ><span class="bars__fill" style="display:block;width:${(reached / most) * 100}%"></span
                    ></span>
                    <span>${reached}</span>
                  </div>`;
                })}
              </div>
              ${a.embeds.length ? html`<p class="part__hint">Embedded on: ${a.embeds.map((e) => `${e.origin} (${e.views})`).join(', ')}</p>` : nothing}`
          : html`<p class="part__hint" role="status">${this.#request.busy ? 'Loading…' : 'No analytics yet.'}</p>`
      }
      <div>
        <button class="btn btn--small" type="button" ?disabled=${this.#request.busy} @click=${() => void this.#load()}>Refresh</button>
      </div>
    </section>`;
  }
}
