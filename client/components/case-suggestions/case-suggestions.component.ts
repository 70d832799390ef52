/**
 * @module client/components/case-suggestions
 * `<cobrowse-case-suggestions>`: the resolved cases most like the open one
 * (`GET /api/cases/:id/suggestions`, docs/search.md), each with its answer
 * and why it matched (the shared words marked, rendered as text nodes).
 * Shown in the case view; nothing when there are none. "Use this answer"
 * (for members who answer cases) hands the answer to the case view, which
 * puts it into the composer as a draft: nothing is sent.
 *
 * Properties in: `api`, `caseId`, `canAnswer` (`can-answer`).
 *
 * @event cobrowse-open-case - A suggested case was picked; detail `{ caseId }`.
 * @event cobrowse-use-answer - Reuse a suggested case's answer as a draft; detail `{ text }`.
 */
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import type { CaseSuggestions } from '../../../protocol/search-constants.ts';
import type { ApiClient } from '../../api/api-client.ts';
import { emit } from '../../events/index.ts';
import { markedText } from '../../lib/marked-text.ts';
import { routeUrl } from '../../lib/route.ts';
import { panels } from '../../styles/case.styles.ts';
import { controls, tokens } from '../../styles/shared.styles.ts';
import styles from './case-suggestions.styles.ts';

export default class CobrowseCaseSuggestions extends LitElement {
  static override styles = [tokens, controls, panels, styles];
  static override properties = {
    api: { attribute: false },
    caseId: { type: String, attribute: 'case-id' },
    canAnswer: { type: Boolean, attribute: 'can-answer' },
    suggestions: { state: true },
  };

  declare api: ApiClient | null;
  declare caseId: string;
  /** The member answers cases: "Use this answer" shows. */
  declare canAnswer: boolean;
  declare suggestions: CaseSuggestions | null;
  #abort: AbortController | undefined;

  constructor() {
    super();
    this.api = null;
    this.caseId = '';
    this.canAnswer = false;
    this.suggestions = null;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#abort?.abort();
  }

  override updated(changed: PropertyValues<this>): void {
    if ((changed.has('caseId') || changed.has('api')) && this.api && this.caseId) void this.#load(this.api, this.caseId);
  }

  async #load(api: ApiClient, caseId: string): Promise<void> {
    this.#abort?.abort();
    const abort = (this.#abort = new AbortController());
    this.suggestions = null;
    try {
      const suggestions = await api.caseSuggestions(caseId, { signal: abort.signal });
      if (!abort.signal.aborted) this.suggestions = suggestions;
    } catch {
      // Suggestions are a help, not the case: without them the view stays as it is.
    }
  }

  #open(e: MouseEvent, caseId: string) {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    emit(this, 'cobrowse-open-case', { caseId });
  }

  override render() {
    const cases = this.suggestions?.cases ?? [];
    if (!cases.length) return nothing;
    return html`<section class="card suggestions" aria-labelledby="suggestions-title">
      <h2 class="card__title" id="suggestions-title">Similar solved cases</h2>
      <ul class="suggestions__list">
        ${cases.map(
          (c) =>
            html`<li class="suggestion">
              <a
                class="suggestion__question"
                href=${routeUrl({ name: 'case', caseId: c.id })}
                @click=${(e: MouseEvent) => this.#open(e, c.id)}
                >${c.question}</a
              >
              <p class="suggestion__why">Matched: ${markedText(c.why)}</p>
              ${c.answer ? html`<p class="suggestion__answer">${c.answer}</p>` : nothing}
              ${
                c.answer && this.canAnswer
                  ? html`<button
                      class="btn suggestion__use"
                      type="button"
                      title="Put this answer into your reply as a draft to edit (nothing is sent)"
                      @click=${() => emit(this, 'cobrowse-use-answer', { text: c.answer })}
                    >
                      Use this answer
                    </button>`
                  : nothing
              }
            </li>`,
        )}
      </ul>
    </section>`;
  }
}
