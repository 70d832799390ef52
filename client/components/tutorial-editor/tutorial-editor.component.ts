/**
 * @module client/components/tutorial-editor
 * `<cobrowse-tutorial-editor>`: one tutorial. The preview (the advisor app's
 * replay stage over the tutorial's events) beside its parts in tabs: Steps,
 * Chapters, Callouts, Privacy (findings and redactions, elements picked in
 * the preview), Comments (the team's own, pins on the preview's timeline;
 * never published), Analytics. The
 * title is renamed inline; Publish opens the publish dialog; Unpublish takes
 * the public page down; a published one offers its written guide
 * (`tutorial-guide`: Markdown or HTML). Picking a step shows its moment in the preview.
 * `readonly` (no `tutorials.write`): the preview, the steps and the
 * analytics, without any control that changes something.
 *
 * Every part saves its own changes and hands the answered tutorial up
 * (`cobrowse-tutorial-changed`); this element keeps it and passes it down.
 *
 * Public API: properties `api`, `tutorialId` (`tutorial-id`), `readonly`,
 * `startAt` (ms the preview opens at), `openCommentId` (`open-comment-id`:
 * a `?comment=` link's, shown in the Comments tab), `selfId` (`self-id`),
 * `canModerate` (`can-moderate`).
 *
 * @event cobrowse-back - Back to the list.
 */
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import type { Tutorial } from '../../../protocol/tutorials.ts';
import { TUTORIAL_TITLE_MAX } from '../../../protocol/tutorials-constants.ts';
import type { ApiClient } from '../../api/api-client.ts';
import { ApiError } from '../../api/api-error.ts';
import type { Comment } from '../../../protocol/comments.ts';
import {
  emit,
  type CobrowseCommentSelectedEvent,
  type CobrowseCommentsChangedEvent,
  type CobrowseMarkerSelectedEvent,
  type CobrowseStepSelectedEvent,
  type CobrowseTutorialChangedEvent,
} from '../../events/index.ts';
import { formatDateTime } from '../../lib/format.ts';
import { TutorialChangeController } from '../../lib/tutorial-change.ts';
import { savedValue } from '../../lib/saved-value.ts';
import { badges, panels } from '../../styles/case.styles.ts';
import { controls, tokens } from '../../styles/shared.styles.ts';
import type CobrowseTutorialPreview from '../tutorial-preview/tutorial-preview.component.ts';
import type CobrowseTutorialPublish from '../tutorial-publish/tutorial-publish.component.ts';
import '../comment-list/comment-list.ts';
import '../tutorial-analytics/tutorial-analytics.ts';
import '../tutorial-annotations/tutorial-annotations.ts';
import '../tutorial-chapters/tutorial-chapters.ts';
import '../tutorial-guide/tutorial-guide.ts';
import '../tutorial-preview/tutorial-preview.ts';
import '../tutorial-publish/tutorial-publish.ts';
import '../tutorial-redactions/tutorial-redactions.ts';
import '../tutorial-steps/tutorial-steps.ts';
import styles from './tutorial-editor.styles.ts';

type EditorTab = 'steps' | 'chapters' | 'callouts' | 'privacy' | 'comments' | 'analytics';

const TABS: { id: EditorTab; label: string; writers?: true }[] = [
  { id: 'steps', label: 'Steps' },
  { id: 'chapters', label: 'Chapters', writers: true },
  { id: 'callouts', label: 'Callouts', writers: true },
  { id: 'privacy', label: 'Privacy', writers: true },
  { id: 'comments', label: 'Comments' },
  { id: 'analytics', label: 'Analytics' },
];

export default class CobrowseTutorialEditor extends LitElement {
  static override styles = [tokens, controls, badges, panels, styles];
  static override properties = {
    api: { attribute: false },
    tutorialId: { type: String, attribute: 'tutorial-id' },
    readonly: { type: Boolean },
    startAt: { type: Number, attribute: 'start-at' },
    openCommentId: { type: String, attribute: 'open-comment-id' },
    selfId: { type: String, attribute: 'self-id' },
    canModerate: { type: Boolean, attribute: 'can-moderate' },
    comments: { state: true },
    tutorial: { state: true },
    tab: { state: true },
    selectedStepId: { state: true },
    loadError: { state: true },
  };

  declare api: ApiClient | null;
  declare tutorialId: string;
  declare readonly: boolean;
  declare startAt: number;
  declare openCommentId: string;
  declare selfId: string;
  declare canModerate: boolean;
  /** The tutorial's comments, as the Comments tab has them (pins on the preview's timeline). */
  declare comments: readonly Comment[];
  declare tutorial: Tutorial | null;
  declare tab: EditorTab;
  declare selectedStepId: string;
  declare loadError: string;
  readonly #change = new TutorialChangeController(this);

  constructor() {
    super();
    this.api = null;
    this.tutorialId = '';
    this.readonly = false;
    this.startAt = 0;
    this.openCommentId = '';
    this.selfId = '';
    this.canModerate = false;
    this.comments = [];
    this.tutorial = null;
    this.tab = 'steps';
    this.selectedStepId = '';
    this.loadError = '';
    // On the host: the parts' changes bubble here, and so do this element's own (title, unpublish).
    this.addEventListener('cobrowse-tutorial-changed', this.#onChanged);
  }

  override willUpdate(changed: PropertyValues<this>): void {
    // A comment's link opens on the Comments tab.
    if (changed.has('openCommentId') && this.openCommentId) this.tab = 'comments';
  }

  override updated(changed: PropertyValues<this>): void {
    if ((changed.has('tutorialId') || changed.has('api')) && this.api && this.tutorialId) void this.#load();
  }

  async #load(): Promise<void> {
    const api = this.api!;
    this.loadError = '';
    const tutorial = await this.#change.run((signal) => api.tutorial(this.tutorialId, { signal }));
    if (tutorial) this.tutorial = tutorial;
    else
      this.loadError =
        this.#change.failure instanceof ApiError && this.#change.failure.status === 404
          ? 'This tutorial does not exist (or was deleted).'
          : this.#change.error;
  }

  get #preview(): CobrowseTutorialPreview | null {
    return this.renderRoot.querySelector('cobrowse-tutorial-preview');
  }

  #onChanged = (e: CobrowseTutorialChangedEvent): void => {
    e.stopPropagation();
    const next = e.detail.tutorial;
    // Every change answers the whole tutorial, and the answers to two saves in a row can arrive out of order: the
    // older one would show the tutorial without the newer change.
    const shown = this.tutorial;
    if (shown?.id === next.id && Date.parse(next.updatedAt) < Date.parse(shown.updatedAt)) return;
    this.tutorial = next;
  };

  #onCommentSelected = (e: CobrowseCommentSelectedEvent): void => {
    e.stopPropagation();
    const c = e.detail.comment;
    this.openCommentId = c?.id ?? '';
    const preview = this.#preview;
    preview?.outline(c?.element ? { nodeId: c.element.nodeId, selector: c.element.selector } : null);
    if (!c || !preview) return;
    preview.pause();
    if (Math.round(preview.currentTime) !== c.t) preview.seek(c.t);
  };

  #onMarkerSelected = (e: CobrowseMarkerSelectedEvent): void => {
    e.stopPropagation();
    if (!this.comments.some((c) => c.id === e.detail.id)) return;
    this.openCommentId = e.detail.id;
    this.tab = 'comments';
  };

  /** The preview's element picker, for a comment or a redaction. */
  #pickElement = () => this.#preview?.pickElement() ?? Promise.resolve(null);

  #onStepSelected = (e: CobrowseStepSelectedEvent): void => {
    e.stopPropagation();
    this.selectedStepId = e.detail.stepId;
    this.#preview?.seek(e.detail.t);
  };

  #rename(input: HTMLInputElement): void {
    const title = input.value.trim();
    if (!title) input.value = this.tutorial!.title;
    else if (title !== this.tutorial!.title) void this.#change.change((api, id, signal) => api.updateTutorial(id, { title }, { signal }));
  }

  #tabs() {
    return TABS.filter((t) => !t.writers || !this.readonly);
  }

  #onTabKey(e: KeyboardEvent): void {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
    const tabs = this.#tabs();
    const i = tabs.findIndex((t) => t.id === this.tab);
    const next = tabs[(i + (e.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length]!;
    this.tab = next.id;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`#editor-tab-${next.id}`)?.focus());
  }

  #renderPanel(t: Tutorial) {
    const api = this.api;
    switch (this.tab) {
      case 'steps':
        return html`<cobrowse-tutorial-steps
          .api=${api}
          .tutorial=${t}
          ?readonly=${this.readonly}
          selected-step-id=${this.selectedStepId}
          .cursor=${() => this.#preview?.currentTime ?? 0}
        ></cobrowse-tutorial-steps>`;
      case 'chapters':
        return html`<cobrowse-tutorial-chapters
          .api=${api}
          .tutorial=${t}
          selected-step-id=${this.selectedStepId}
        ></cobrowse-tutorial-chapters>`;
      case 'callouts':
        return html`<cobrowse-tutorial-annotations
          .api=${api}
          .tutorial=${t}
          selected-step-id=${this.selectedStepId}
        ></cobrowse-tutorial-annotations>`;
      case 'privacy':
        return html`<cobrowse-tutorial-redactions
          .api=${api}
          .tutorial=${t}
          .cursor=${() => this.#preview?.currentTime ?? 0}
          .pickElement=${this.#pickElement}
        ></cobrowse-tutorial-redactions>`;
      case 'comments':
        // Rendered below, always: its comments are the preview's pins whichever tab shows.
        return nothing;
      case 'analytics':
        return html`<cobrowse-tutorial-analytics .api=${api} .tutorial=${t}></cobrowse-tutorial-analytics>`;
    }
  }

  #renderHeader(t: Tutorial) {
    const busy = this.#change.busy;
    return html`<header class="editor__header">
      <button class="btn btn--ghost" type="button" @click=${() => emit(this, 'cobrowse-back', {})}>← Tutorials</button>
      <div class="editor__heading">
        ${
          this.readonly
            ? html`<h1 class="editor__title">${t.title}</h1>`
            : html`<input
                class="input editor__title-input"
                type="text"
                aria-label="Tutorial title"
                maxlength=${TUTORIAL_TITLE_MAX}
                .value=${savedValue(t.title)}
                @keydown=${(e: KeyboardEvent) => e.key === 'Enter' && (e.target as HTMLInputElement).blur()}
                @change=${(e: Event) => this.#rename(e.target as HTMLInputElement)}
              />`
        }
        <div class="editor__subtitle">
          <span class="badge ${t.status === 'published' ? 'badge--ok' : ''}"
            >${t.status === 'published' ? `Published · ${t.visibility}` : 'Draft'}</span
          >
          ${t.url ? html`<a class="link editor__url" href=${t.url} target="_blank" rel="noopener">${t.url}</a>` : nothing}
          <span>Updated ${formatDateTime(t.updatedAt)}${t.authorName ? ` · by ${t.authorName}` : ''}</span>
        </div>
        <cobrowse-tutorial-guide class="editor__guide" .api=${this.api} .tutorial=${t}></cobrowse-tutorial-guide>
      </div>
      ${
        this.readonly
          ? nothing
          : html`<div class="editor__actions">
              ${
                t.status === 'published'
                  ? html`<button
                      class="btn"
                      type="button"
                      ?disabled=${busy}
                      @click=${() => void this.#change.change((api, id, signal) => api.unpublishTutorial(id, { signal }))}
                    >
                      Unpublish
                    </button>`
                  : nothing
              }
              <button
                class="btn btn--primary"
                type="button"
                @click=${() => this.renderRoot.querySelector<CobrowseTutorialPublish>('cobrowse-tutorial-publish')?.show()}
              >
                ${t.status === 'published' ? 'Publish again…' : 'Publish…'}
              </button>
            </div>`
      }
    </header>`;
  }

  override render() {
    const t = this.tutorial;
    if (!t) {
      return html`<div class="editor">
        ${this.loadError ? html`<p class="alert" role="alert">${this.loadError}</p>` : html`<p class="muted" role="status">Loading the tutorial…</p>`}
      </div>`;
    }
    const tabs = this.#tabs();
    return html`<div class="editor" @cobrowse-step-selected=${this.#onStepSelected}>
      ${this.#renderHeader(t)} ${this.#change.error ? html`<p class="alert" role="alert">${this.#change.error}</p>` : nothing}
      <div class="editor__body">
        <cobrowse-tutorial-preview
          class="editor__preview"
          .api=${this.api}
          tutorial-id=${t.id}
          .steps=${t.steps}
          .annotations=${t.annotations}
          .comments=${this.comments}
          .startAt=${this.startAt}
          revision=${t.redactions.map((r) => r.id).join(',')}
          @cobrowse-marker-selected=${this.#onMarkerSelected}
        ></cobrowse-tutorial-preview>
        <div class="editor__side">
          <div class="tabs" role="tablist" aria-label="Tutorial parts" @keydown=${this.#onTabKey}>
            ${tabs.map(
              (tab) =>
                html`<button
                  type="button"
                  role="tab"
                  class="tab"
                  id=${`editor-tab-${tab.id}`}
                  aria-selected=${this.tab === tab.id ? 'true' : 'false'}
                  aria-controls="editor-panel"
                  tabindex=${this.tab === tab.id ? 0 : -1}
                  @click=${() => (this.tab = tab.id)}
                >
                  ${tab.label}
                </button>`,
            )}
          </div>
          <div class="editor__panel" id="editor-panel" role="tabpanel" aria-labelledby=${`editor-tab-${this.tab}`}>
            ${this.#renderPanel(t)}
            <cobrowse-comment-list
              ?hidden=${this.tab !== 'comments'}
              .api=${this.api}
              target-kind="tutorial"
              target-id=${t.id}
              self-id=${this.selfId}
              ?can-moderate=${this.canModerate}
              open-comment-id=${this.openCommentId}
              .cursor=${() => this.#preview?.currentTime ?? 0}
              .pickElement=${this.#pickElement}
              @cobrowse-comments-changed=${(e: CobrowseCommentsChangedEvent) => (this.comments = e.detail.comments)}
              @cobrowse-comment-selected=${this.#onCommentSelected}
            ></cobrowse-comment-list>
          </div>
        </div>
      </div>
      ${this.readonly ? nothing : html`<cobrowse-tutorial-publish .api=${this.api} .tutorial=${t}></cobrowse-tutorial-publish>`}
    </div>`;
  }
}
