/**
 * @module client/components/tutorial-annotations
 * `<cobrowse-tutorial-annotations>`: callouts: a text shown at a step (the
 * preview shows the callouts of the step at its cursor). Add one to a step,
 * delete one.
 *
 * Public API: properties `api`, `tutorial`, `selectedStepId` (the step a new callout goes to by default).
 *
 * @event cobrowse-tutorial-changed - A change was saved; detail `{ tutorial }`.
 */
import { html, LitElement, nothing } from 'lit';
import type { Tutorial } from '../../../protocol/tutorials.ts';
import type { ApiClient } from '../../api/api-client.ts';
import { plainTitle } from '../../lib/step-title.ts';
import { TutorialChangeController } from '../../lib/tutorial-change.ts';
import { badges, panels } from '../../styles/case.styles.ts';
import { controls, tokens } from '../../styles/shared.styles.ts';
import { parts } from '../../styles/tutorial.styles.ts';

/** What the server takes as a callout's text at most. */
const CALLOUT_MAX = 2000;

export default class CobrowseTutorialAnnotations extends LitElement {
  static override styles = [tokens, controls, badges, panels, parts];
  static override properties = {
    api: { attribute: false },
    tutorial: { attribute: false },
    selectedStepId: { type: String, attribute: 'selected-step-id' },
    stepId: { state: true },
    text: { state: true },
  };

  declare api: ApiClient | null;
  declare tutorial: Tutorial | null;
  declare selectedStepId: string;
  /** The step chosen in the form ('' : the selected step, else the first). */
  declare stepId: string;
  declare text: string;
  readonly #change = new TutorialChangeController(this);

  constructor() {
    super();
    this.api = null;
    this.tutorial = null;
    this.selectedStepId = '';
    this.stepId = '';
    this.text = '';
  }

  #targetStep(): string {
    const steps = this.tutorial?.steps ?? [];
    return [this.stepId, this.selectedStepId, steps[0]?.id].find((id) => id && steps.some((s) => s.id === id)) ?? '';
  }

  async #add(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const text = this.text.trim();
    const stepId = this.#targetStep();
    if (!text || !stepId) return;
    if (await this.#change.change((api, id, signal) => api.createAnnotation(id, { stepId, kind: 'callout', text }, { signal })))
      this.text = '';
  }

  override render() {
    const t = this.tutorial;
    if (!t) return nothing;
    const numberOf = (stepId: string | null) => t.steps.findIndex((s) => s.id === stepId) + 1;
    const target = this.#targetStep();
    return html`<section class="part" aria-labelledby="callouts-title">
      <h2 class="part__title" id="callouts-title">Callouts</h2>
      <p class="part__hint">A callout is a short note shown with a step.</p>
      ${this.#change.error ? html`<p class="alert" role="alert">${this.#change.error}</p>` : nothing}
      <ul class="items" aria-label="Callouts">
        ${t.annotations.map(
          (a) =>
            html`<li class="item">
              <span class="badge">${a.stepId ? `Step ${numberOf(a.stepId)}` : a.kind}</span>
              <span class="item__grow">${a.text}</span>
              <button
                class="btn btn--small"
                type="button"
                aria-label="Delete the callout ${a.text}"
                ?disabled=${this.#change.busy}
                @click=${() => void this.#change.change((api, id, signal) => api.deleteAnnotation(id, a.id, { signal }))}
              >
                Delete
              </button>
            </li>`,
        )}
      </ul>
      ${t.annotations.length ? nothing : html`<p class="part__hint">No callouts yet.</p>`}
      <form class="part" aria-label="Add a callout" @submit=${this.#add}>
        <label class="label">
          Step
          <select class="select" @change=${(e: Event) => (this.stepId = (e.target as HTMLSelectElement).value)}>
            ${t.steps.map((s, i) => html`<option value=${s.id} ?selected=${s.id === target}>${i + 1}. ${plainTitle(s.title)}</option>`)}
          </select>
        </label>
        <label class="label">
          Callout text
          <textarea
            class="textarea"
            required
            maxlength=${CALLOUT_MAX}
            .value=${this.text}
            @input=${(e: Event) => (this.text = (e.target as HTMLTextAreaElement).value)}
          ></textarea>
        </label>
        <div><button class="btn" type="submit" ?disabled=${this.#change.busy || !t.steps.length}>Add callout</button></div>
      </form>
    </section>`;
  }
}
