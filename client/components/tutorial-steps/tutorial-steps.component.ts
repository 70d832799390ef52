/**
 * @module client/components/tutorial-steps
 * `<cobrowse-tutorial-steps>`: the tutorial's steps as an editable list:
 * rename inline (saved on Enter or leaving the field), a body, the chapter,
 * reorder (Up/Down, or drag a step by its handle), merge with the next step,
 * split (at the preview's cursor when it lies inside the step, else halfway
 * to the next step), delete. Picking a step shows its moment in the preview.
 * `readonly` (no `tutorials.write`): the same list without any control.
 *
 * Public API: properties `api`, `tutorial`, `readonly`, `selectedStepId`,
 * `cursor` (a function answering the preview's time, ms of the tutorial).
 *
 * @event cobrowse-step-selected - A step was picked; detail `{ stepId, t }`.
 * @event cobrowse-tutorial-changed - A change was saved; detail `{ tutorial }`.
 */
import { html, LitElement, nothing } from 'lit';
import type { Tutorial, TutorialStep } from '../../../protocol/tutorials.ts';
import { STEP_TITLE_MAX } from '../../../protocol/tutorials-constants.ts';
import type { ApiClient } from '../../api/api-client.ts';
import { emit } from '../../events/index.ts';
import { formatDuration, shortUrl } from '../../lib/format.ts';
import { savedValue } from '../../lib/saved-value.ts';
import { splitPoint } from '../../lib/step-split.ts';
import { emphasisedTitle, keepEmphasis, plainTitle } from '../../lib/step-title.ts';
import { TutorialChangeController } from '../../lib/tutorial-change.ts';
import { panels } from '../../styles/case.styles.ts';
import { controls, tokens } from '../../styles/shared.styles.ts';
import { parts } from '../../styles/tutorial.styles.ts';
import styles from './tutorial-steps.styles.ts';

export default class CobrowseTutorialSteps extends LitElement {
  static override styles = [tokens, controls, panels, parts, styles];
  static override properties = {
    api: { attribute: false },
    tutorial: { attribute: false },
    readonly: { type: Boolean },
    selectedStepId: { type: String, attribute: 'selected-step-id' },
    cursor: { attribute: false },
    dropTarget: { state: true },
  };

  declare api: ApiClient | null;
  declare tutorial: Tutorial | null;
  declare readonly: boolean;
  declare selectedStepId: string;
  /** The preview's cursor, ms of the tutorial. */
  declare cursor: () => number;
  /** The step a dragged step would land before (drag and drop). */
  declare dropTarget: string;
  #dragged = '';
  readonly #change = new TutorialChangeController(this);

  constructor() {
    super();
    this.api = null;
    this.tutorial = null;
    this.readonly = false;
    this.selectedStepId = '';
    this.cursor = () => 0;
    this.dropTarget = '';
  }

  #select(step: TutorialStep): void {
    emit(this, 'cobrowse-step-selected', { stepId: step.id, t: step.t });
  }

  #rename(step: TutorialStep, input: HTMLInputElement): void {
    const words = input.value.trim();
    const shown = plainTitle(step.title);
    if (!words) {
      input.value = shown; // a step keeps a name
      return;
    }
    if (words === shown) return;
    const title = keepEmphasis(words, step.title);
    void this.#change.change((api, id, signal) => api.updateStep(id, step.id, { title }, { signal }));
  }

  #setBody(step: TutorialStep, body: string): void {
    if (body !== step.body) void this.#change.change((api, id, signal) => api.updateStep(id, step.id, { body }, { signal }));
  }

  #setChapter(step: TutorialStep, chapterId: string): void {
    void this.#change.change((api, id, signal) => api.updateStep(id, step.id, { chapterId: chapterId || null }, { signal }));
  }

  /** Puts `stepId` at `index` of the list. */
  #moveTo(stepId: string, index: number): void {
    const ids = this.tutorial!.steps.map((s) => s.id).filter((id) => id !== stepId);
    ids.splice(Math.max(0, Math.min(index, ids.length)), 0, stepId);
    void this.#change.change((api, id, signal) => api.reorderSteps(id, ids, { signal }));
  }

  async #move(step: TutorialStep, by: -1 | 1): Promise<void> {
    this.#moveTo(step.id, this.tutorial!.steps.indexOf(step) + by);
    // The moved step's row is drawn elsewhere once the change lands: the focus follows it.
    await this.#change.settled();
    // NOTE: the editor hands the changed tutorial down in its own update, after this element's.
    await new Promise((resolve) => setTimeout(resolve, 0));
    await this.updateComplete;
    const row = this.renderRoot.querySelector(`[data-step-id="${step.id}"]`);
    const same = row?.querySelector<HTMLButtonElement>(`[data-move="${by < 0 ? 'up' : 'down'}"]`);
    (same && !same.disabled ? same : row?.querySelector<HTMLButtonElement>('[data-move]:not(:disabled)'))?.focus();
  }

  #merge(step: TutorialStep, next: TutorialStep): void {
    void this.#change.change((api, id, signal) => api.mergeSteps(id, [step.id, next.id], { signal }));
  }

  #split(step: TutorialStep, next: TutorialStep | undefined): void {
    const t = splitPoint(step, next, this.cursor());
    if (t === null) return;
    void this.#change.change((api, id, signal) => api.splitStep(id, step.id, t, { signal }));
  }

  #delete(step: TutorialStep): void {
    void this.#change.change((api, id, signal) => api.deleteStep(id, step.id, { signal }));
  }

  #onDrop(target: TutorialStep, e: DragEvent): void {
    e.preventDefault();
    const dragged = this.#dragged;
    this.#dragged = '';
    this.dropTarget = '';
    if (!dragged || dragged === target.id) return;
    const ids = this.tutorial!.steps.map((s) => s.id).filter((id) => id !== dragged);
    this.#moveTo(dragged, ids.indexOf(target.id) + (this.#below(e) ? 1 : 0));
  }

  /** Whether the pointer is on the lower half of the row it is over. */
  #below(e: DragEvent): boolean {
    const rect = (e.currentTarget as HTMLElement).getBoundingClientRect();
    return e.clientY > rect.top + rect.height / 2;
  }

  #renderControls(step: TutorialStep, n: number, next: TutorialStep | undefined) {
    const steps = this.tutorial!.steps;
    const busy = this.#change.busy;
    return html`<div class="step__actions" role="group" aria-label="Step ${n} actions">
      <button
        class="btn btn--small"
        type="button"
        data-move="up"
        aria-label="Move step ${n} up"
        ?disabled=${busy || n === 1}
        @click=${() => this.#move(step, -1)}
      >
        ↑ Up
      </button>
      <button
        class="btn btn--small"
        type="button"
        data-move="down"
        aria-label="Move step ${n} down"
        ?disabled=${busy || n === steps.length}
        @click=${() => this.#move(step, 1)}
      >
        ↓ Down
      </button>
      <button
        class="btn btn--small"
        type="button"
        aria-label="Merge step ${n} with the next"
        ?disabled=${busy || !next}
        @click=${() => next && this.#merge(step, next)}
      >
        Merge with next
      </button>
      <button
        class="btn btn--small"
        type="button"
        aria-label="Split step ${n}"
        title="Cut the step at the preview's time (or halfway to the next step)"
        ?disabled=${busy || splitPoint(step, next, -1) === null}
        @click=${() => this.#split(step, next)}
      >
        Split
      </button>
      <button class="btn btn--small" type="button" aria-label="Delete step ${n}" ?disabled=${busy} @click=${() => this.#delete(step)}>
        Delete
      </button>
    </div>`;
  }

  #renderStep(step: TutorialStep, i: number) {
    const t = this.tutorial!;
    const n = i + 1;
    const next = t.steps[i + 1];
    const chapter = t.chapters.find((c) => c.id === step.chapterId);
    const editable = !this.readonly;
    return html`<li
      class="step ${step.id === this.selectedStepId ? 'step--selected' : ''} ${step.id === this.dropTarget ? 'step--drop' : ''}"
      data-step-id=${step.id}
      aria-current=${step.id === this.selectedStepId ? 'step' : 'false'}
      draggable=${editable ? 'true' : 'false'}
      @dragstart=${(e: DragEvent) => {
        if (!editable || (e.target as HTMLElement).closest?.('input, textarea, select')) return;
        this.#dragged = step.id;
        e.dataTransfer?.setData('text/plain', step.id);
      }}
      @dragover=${(e: DragEvent) => {
        if (!this.#dragged) return;
        e.preventDefault();
        this.dropTarget = step.id;
      }}
      @dragleave=${() => this.dropTarget === step.id && (this.dropTarget = '')}
      @dragend=${() => {
        this.#dragged = '';
        this.dropTarget = '';
      }}
      @drop=${(e: DragEvent) => this.#onDrop(step, e)}
    >
      <div class="step__head">
        ${editable ? html`<span class="step__handle" title="Drag to move" aria-hidden="true">⠿</span>` : nothing}
        <span class="step__num" aria-hidden="true">${n}</span>
        <button
          class="btn btn--small step__time"
          type="button"
          aria-label="Show step ${n} in the preview"
          @click=${() => this.#select(step)}
        >
          ${formatDuration(step.t)}
        </button>
        ${
          editable
            ? html`<input
                class="input step__title"
                type="text"
                aria-label="Title of step ${n}"
                maxlength=${STEP_TITLE_MAX}
                .value=${savedValue(plainTitle(step.title))}
                @focus=${() => this.#select(step)}
                @keydown=${(e: KeyboardEvent) => e.key === 'Enter' && (e.target as HTMLInputElement).blur()}
                @change=${(e: Event) => this.#rename(step, e.target as HTMLInputElement)}
              />`
            : html`<h3 class="step__title-text">${emphasisedTitle(step.title)}</h3>`
        }
      </div>
      ${
        editable
          ? html`<textarea
              class="textarea step__body"
              aria-label="Body of step ${n}"
              placeholder="What to do here, and why (optional)"
              .value=${savedValue(step.body)}
              @change=${(e: Event) => this.#setBody(step, (e.target as HTMLTextAreaElement).value)}
            ></textarea>`
          : step.body
            ? html`<p class="step__body-text">${step.body}</p>`
            : nothing
      }
      <div class="step__meta">
        <span>${step.kind}</span>
        <span class="step__page" title=${step.url}>${step.pageTitle || shortUrl(step.url)}</span>
        ${
          editable && t.chapters.length
            ? html`<select
                class="select"
                aria-label="Chapter of step ${n}"
                @change=${(e: Event) => this.#setChapter(step, (e.target as HTMLSelectElement).value)}
              >
                <option value="" ?selected=${!step.chapterId}>No chapter</option>
                ${t.chapters.map((c) => html`<option value=${c.id} ?selected=${c.id === step.chapterId}>${c.title}</option>`)}
              </select>`
            : chapter
              ? html`<span>Chapter: ${chapter.title}</span>`
              : nothing
        }
      </div>
      ${editable ? this.#renderControls(step, n, next) : nothing}
    </li>`;
  }

  override render() {
    const t = this.tutorial;
    if (!t) return nothing;
    return html`<section class="part" aria-labelledby="steps-title">
      <h2 class="part__title" id="steps-title">Steps (${t.steps.length})</h2>
      ${this.#change.error ? html`<p class="alert" role="alert">${this.#change.error}</p>` : nothing}
      ${this.#change.busy ? html`<span class="visually-hidden" role="status">Saving…</span>` : nothing}
      ${
        t.steps.length
          ? html`<ol class="items" aria-label="Steps">
              ${t.steps.map((s, i) => this.#renderStep(s, i))}
            </ol>`
          : html`<p class="part__hint">No steps.</p>`
      }
    </section>`;
  }
}
