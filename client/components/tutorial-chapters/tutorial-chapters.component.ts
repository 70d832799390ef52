/**
 * @module client/components/tutorial-chapters
 * `<cobrowse-tutorial-chapters>`: the tutorial's chapters: add one (with the
 * selected step in it, if any), rename inline, delete (its steps stay,
 * without a chapter). Steps are put in a chapter from the step list.
 *
 * Public API: properties `api`, `tutorial`, `selectedStepId`.
 *
 * @event cobrowse-tutorial-changed - A change was saved; detail `{ tutorial }`.
 */
import { html, LitElement, nothing } from 'lit';
import type { Tutorial, TutorialChapter } from '../../../protocol/tutorials.ts';
import { TUTORIAL_TITLE_MAX } from '../../../protocol/tutorials-constants.ts';
import type { ApiClient } from '../../api/api-client.ts';
import { TutorialChangeController } from '../../lib/tutorial-change.ts';
import { savedValue } from '../../lib/saved-value.ts';
import { panels } from '../../styles/case.styles.ts';
import { controls, tokens } from '../../styles/shared.styles.ts';
import { parts } from '../../styles/tutorial.styles.ts';

export default class CobrowseTutorialChapters extends LitElement {
  static override styles = [tokens, controls, panels, parts];
  static override properties = {
    api: { attribute: false },
    tutorial: { attribute: false },
    selectedStepId: { type: String, attribute: 'selected-step-id' },
    newTitle: { state: true },
  };

  declare api: ApiClient | null;
  declare tutorial: Tutorial | null;
  declare selectedStepId: string;
  /** The new chapter's title. */
  declare newTitle: string;
  readonly #change = new TutorialChangeController(this);

  constructor() {
    super();
    this.api = null;
    this.tutorial = null;
    this.selectedStepId = '';
    this.newTitle = '';
  }

  async #add(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const title = this.newTitle.trim();
    if (!title) return;
    const stepIds = this.selectedStepId ? [this.selectedStepId] : [];
    if (await this.#change.change((api, id, signal) => api.createChapter(id, { title, stepIds }, { signal }))) this.newTitle = '';
  }

  #rename(chapter: TutorialChapter, input: HTMLInputElement): void {
    const title = input.value.trim();
    if (!title) input.value = chapter.title;
    else if (title !== chapter.title) void this.#change.change((api, id, signal) => api.updateChapter(id, chapter.id, title, { signal }));
  }

  override render() {
    const t = this.tutorial;
    if (!t) return nothing;
    const selected = t.steps.findIndex((s) => s.id === this.selectedStepId);
    return html`<section class="part" aria-labelledby="chapters-title">
      <h2 class="part__title" id="chapters-title">Chapters</h2>
      <p class="part__hint">Chapters group steps under a heading. Put a step in a chapter from its row in Steps.</p>
      ${this.#change.error ? html`<p class="alert" role="alert">${this.#change.error}</p>` : nothing}
      <ol class="items" aria-label="Chapters">
        ${t.chapters.map((c, i) => {
          const count = t.steps.filter((s) => s.chapterId === c.id).length;
          return html`<li class="item">
            <input
              class="input item__grow"
              type="text"
              aria-label="Title of chapter ${i + 1}"
              maxlength=${TUTORIAL_TITLE_MAX}
              .value=${savedValue(c.title)}
              @keydown=${(e: KeyboardEvent) => e.key === 'Enter' && (e.target as HTMLInputElement).blur()}
              @change=${(e: Event) => this.#rename(c, e.target as HTMLInputElement)}
            />
            <span class="muted">${count} step${count === 1 ? '' : 's'}</span>
            <button
              class="btn btn--small"
              type="button"
              aria-label="Delete chapter ${c.title}"
              ?disabled=${this.#change.busy}
              @click=${() => void this.#change.change((api, id, signal) => api.deleteChapter(id, c.id, { signal }))}
            >
              Delete
            </button>
          </li>`;
        })}
      </ol>
      <form class="row-form" aria-label="Add a chapter" @submit=${this.#add}>
        <label class="label">
          New chapter
          <input
            class="input"
            type="text"
            required
            maxlength=${TUTORIAL_TITLE_MAX}
            .value=${this.newTitle}
            @input=${(e: Event) => (this.newTitle = (e.target as HTMLInputElement).value)}
          />
        </label>
        <button class="btn" type="submit" ?disabled=${this.#change.busy}>
          Add chapter${selected >= 0 ? ` with step ${selected + 1}` : ''}
        </button>
      </form>
    </section>`;
  }
}
