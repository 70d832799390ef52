/**
 * @module client/components/comment-list
 * `<cobrowse-comment-list>`: the organisation's comments on a session or a
 * tutorial, beside its replay, by moment. "Comment here" takes the replay's
 * current moment (`cursor()`); "Pick an element" asks the host's element
 * picker (`pickElement()`) for the element the comment is about. Each
 * comment opens its moment (and outlines its element, by the host), copies
 * its link (`?t=&comment=`), and is edited by its author or deleted by its
 * author or a moderator.
 *
 * Public API: properties `api`, `targetKind` (`target-kind`), `targetId`
 * (`target-id`), `selfId` (`self-id`: the signed-in advisor),
 * `canModerate` (`can-moderate`), `openCommentId` (`open-comment-id`: the
 * comment to open once loaded, such as a link's), `cursor`, `pickElement`.
 *
 * @event cobrowse-comments-changed - Loaded or changed; detail `{ comments }` (the host marks them).
 * @event cobrowse-comment-selected - A comment was opened (or closed: null); detail `{ comment }`.
 */
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import type { Comment } from '../../../protocol/comments.ts';
import { COMMENT_BODY_MAX, type CommentTargetKind } from '../../../protocol/comments-constants.ts';
import type { ApiClient } from '../../api/api-client.ts';
import { emit } from '../../events/index.ts';
import type { PickedElement } from '../../lib/element-picker-controller.ts';
import { formatDateTime, formatDuration } from '../../lib/format.ts';
import { RequestController } from '../../lib/request-controller.ts';
import { routeUrl } from '../../lib/route.ts';
import { badges, panels } from '../../styles/case.styles.ts';
import { controls, tokens } from '../../styles/shared.styles.ts';
import { parts } from '../../styles/tutorial.styles.ts';
import styles from './comment-list.styles.ts';

/** The comment being written: its moment, fixed when "Comment here" was pressed, and the element picked. */
interface Draft {
  t: number;
  element: PickedElement | null;
  body: string;
}

export default class CobrowseCommentList extends LitElement {
  static override styles = [tokens, controls, badges, panels, parts, styles];
  static override properties = {
    api: { attribute: false },
    targetKind: { type: String, attribute: 'target-kind' },
    targetId: { type: String, attribute: 'target-id' },
    selfId: { type: String, attribute: 'self-id' },
    canModerate: { type: Boolean, attribute: 'can-moderate' },
    openCommentId: { type: String, attribute: 'open-comment-id' },
    cursor: { attribute: false },
    pickElement: { attribute: false },
    comments: { state: true },
    draft: { state: true },
    picking: { state: true },
    editingId: { state: true },
    copiedId: { state: true },
  };

  declare api: ApiClient | null;
  declare targetKind: CommentTargetKind;
  declare targetId: string;
  declare selfId: string;
  declare canModerate: boolean;
  declare openCommentId: string;
  /** The replay's current moment, ms of the target. */
  declare cursor: () => number;
  /** Starts the host's element picker; null when the replay offers none. */
  declare pickElement: (() => Promise<PickedElement | null>) | null;
  /** null until loaded. */
  declare comments: Comment[] | null;
  declare draft: Draft | null;
  declare picking: boolean;
  declare editingId: string;
  declare copiedId: string;
  readonly #request = new RequestController(this);

  constructor() {
    super();
    this.api = null;
    this.targetKind = 'session';
    this.targetId = '';
    this.selfId = '';
    this.canModerate = false;
    this.openCommentId = '';
    this.cursor = () => 0;
    this.pickElement = null;
    this.comments = null;
    this.draft = null;
    this.picking = false;
    this.editingId = '';
    this.copiedId = '';
  }

  override updated(changed: PropertyValues<this>): void {
    if ((changed.has('targetId') || changed.has('api')) && this.api && this.targetId) void this.#load();
    else if (changed.has('openCommentId') && this.comments) this.#announceOpen();
  }

  async #load(): Promise<void> {
    const api = this.api!;
    this.comments = null;
    const list = await this.#request.run((signal) => api.comments(this.targetKind, this.targetId, { signal }));
    if (!list) return;
    this.#set(list.comments);
    this.#announceOpen();
  }

  /** The open comment (from a link) is announced once it is known, so the host shows its moment. */
  #announceOpen(): void {
    const open = this.comments?.find((c) => c.id === this.openCommentId);
    if (open) {
      emit(this, 'cobrowse-comment-selected', { comment: open });
      void this.updateComplete.then(() =>
        this.renderRoot.querySelector(`[data-comment-id="${open.id}"]`)?.scrollIntoView({ block: 'nearest' }),
      );
    }
  }

  #set(comments: Comment[]): void {
    this.comments = [...comments].sort((a, b) => a.t - b.t || a.createdAt.localeCompare(b.createdAt));
    emit(this, 'cobrowse-comments-changed', { comments: this.comments });
  }

  /** Opens a comment (announced by `updated`, as a link's is), or closes the open one. */
  #open(comment: Comment): void {
    if (this.openCommentId !== comment.id) {
      this.openCommentId = comment.id;
      return;
    }
    this.openCommentId = '';
    emit(this, 'cobrowse-comment-selected', { comment: null });
  }

  #startDraft(): void {
    this.draft = { t: Math.round(this.cursor()), element: null, body: '' };
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLTextAreaElement>('#comment-body')?.focus());
  }

  async #pick(): Promise<void> {
    if (!this.pickElement || !this.draft) return;
    this.picking = true;
    const picked = await this.pickElement();
    this.picking = false;
    if (picked && this.draft) this.draft = { ...this.draft, element: picked };
  }

  async #save(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const draft = this.draft;
    const api = this.api;
    if (!draft || !api || !draft.body.trim()) return;
    const element = draft.element
      ? {
          nodeId: draft.element.nodeId,
          ...(draft.element.selector ? { selector: draft.element.selector } : {}),
          ...(draft.element.label ? { label: draft.element.label } : {}),
        }
      : undefined;
    const made = await this.#request.run((signal) =>
      api.createComment(this.targetKind, this.targetId, { t: draft.t, body: draft.body, ...(element ? { element } : {}) }, { signal }),
    );
    if (!made) return;
    this.draft = null;
    this.#set([...(this.comments ?? []), made]);
    this.openCommentId = made.id;
  }

  async #saveEdit(comment: Comment, form: HTMLFormElement): Promise<void> {
    const api = this.api;
    const body = (new FormData(form).get('body') as string | null)?.trim() ?? '';
    if (!api || !body) return;
    const edited = await this.#request.run((signal) => api.updateComment(comment.id, { body }, { signal }));
    if (!edited) return;
    this.editingId = '';
    this.#set((this.comments ?? []).map((c) => (c.id === edited.id ? edited : c)));
  }

  async #delete(comment: Comment): Promise<void> {
    const api = this.api;
    if (!api || !confirm('Delete this comment?')) return;
    const done = await this.#request.run(async (signal) => {
      await api.deleteComment(comment.id, { signal });
      return true;
    });
    if (!done) return;
    this.#set((this.comments ?? []).filter((c) => c.id !== comment.id));
    if (this.openCommentId === comment.id) {
      this.openCommentId = '';
      emit(this, 'cobrowse-comment-selected', { comment: null });
    }
  }

  #link(comment: Comment): string {
    const route =
      this.targetKind === 'session'
        ? ({ name: 'player', sessionId: this.targetId, t: comment.t, commentId: comment.id } as const)
        : ({ name: 'tutorial', tutorialId: this.targetId, t: comment.t, commentId: comment.id } as const);
    return new URL(routeUrl(route), location.origin).href;
  }

  async #copyLink(comment: Comment): Promise<void> {
    const url = this.#link(comment);
    try {
      await navigator.clipboard.writeText(url);
    } catch {
      // No clipboard (insecure context): at least put it in the address bar.
      history.replaceState(history.state, '', url);
    }
    this.copiedId = comment.id;
    setTimeout(() => (this.copiedId = ''), 1500);
  }

  #renderElement(element: { label: string | null; selector: string | null; nodeId: number }) {
    return html`<span class="comment__element" title=${element.selector ?? `node #${element.nodeId}`}
      >◎ ${element.label || element.selector || `element #${element.nodeId}`}</span
    >`;
  }

  #renderDraft(draft: Draft) {
    const busy = this.#request.busy;
    return html`<form class="comment-form" aria-label="New comment" @submit=${this.#save}>
      <div class="comment-form__meta">
        <span class="badge">at ${formatDuration(draft.t)}</span>
        ${
          draft.element
            ? html`${this.#renderElement({ ...draft.element, nodeId: draft.element.nodeId })}
                <button class="btn btn--small btn--ghost" type="button" @click=${() => (this.draft = { ...draft, element: null })}>
                  Remove element
                </button>`
            : this.pickElement
              ? html`<button class="btn btn--small" type="button" aria-pressed=${this.picking ? 'true' : 'false'} @click=${this.#pick}>
                  ${this.picking ? 'Click it in the replay (Esc: cancel)' : 'Pick an element'}
                </button>`
              : nothing
        }
      </div>
      <label class="label" for="comment-body">Comment</label>
      <textarea
        id="comment-body"
        class="textarea"
        rows="3"
        required
        maxlength=${COMMENT_BODY_MAX}
        placeholder="This is where the discount field rejects the code"
        .value=${draft.body}
        @input=${(e: Event) => (this.draft = { ...draft, body: (e.target as HTMLTextAreaElement).value })}
      ></textarea>
      <div class="comment-form__actions">
        <button class="btn btn--primary btn--small" type="submit" ?disabled=${busy || !draft.body.trim()}>Save comment</button>
        <button class="btn btn--small" type="button" @click=${() => (this.draft = null)}>Cancel</button>
      </div>
    </form>`;
  }

  #renderComment(c: Comment) {
    const open = c.id === this.openCommentId;
    const mine = !!this.selfId && c.authorId === this.selfId;
    const busy = this.#request.busy;
    return html`<li class="comment ${open ? 'comment--open' : ''}" data-comment-id=${c.id} aria-current=${open ? 'true' : 'false'}>
      <div class="comment__head">
        <button class="comment__time" type="button" title="Show this moment" @click=${() => this.#open(c)}>${formatDuration(c.t)}</button>
        <span class="comment__author">${c.authorName ?? 'Former member'}</span>
        <span class="muted comment__date" title=${c.editedAt ? `Edited ${formatDateTime(c.editedAt)}` : ''}
          >${formatDateTime(c.createdAt)}${c.editedAt ? ' · edited' : ''}</span
        >
      </div>
      ${c.element ? this.#renderElement(c.element) : nothing}
      ${
        this.editingId === c.id
          ? html`<form
              class="comment-form"
              aria-label="Edit comment"
              @submit=${(e: SubmitEvent) => {
                e.preventDefault();
                void this.#saveEdit(c, e.target as HTMLFormElement);
              }}
            >
              <textarea
                class="textarea"
                name="body"
                rows="3"
                required
                maxlength=${COMMENT_BODY_MAX}
                aria-label="Comment"
                .value=${c.body}
              ></textarea>
              <div class="comment-form__actions">
                <button class="btn btn--primary btn--small" type="submit" ?disabled=${busy}>Save</button>
                <button class="btn btn--small" type="button" @click=${() => (this.editingId = '')}>Cancel</button>
              </div>
            </form>`
          : html`<p class="comment__body" @click=${() => this.#open(c)}>${c.body}</p>`
      }
      <div class="comment__actions">
        <button class="btn btn--small btn--ghost" type="button" @click=${() => void this.#copyLink(c)}>
          ${this.copiedId === c.id ? 'Link copied' : 'Copy link'}
        </button>
        ${mine && this.editingId !== c.id ? html`<button class="btn btn--small btn--ghost" type="button" @click=${() => (this.editingId = c.id)}>Edit</button>` : nothing}
        ${
          mine || this.canModerate
            ? html`<button class="btn btn--small btn--ghost" type="button" ?disabled=${busy} @click=${() => void this.#delete(c)}>
                Delete
              </button>`
            : nothing
        }
      </div>
    </li>`;
  }

  override render() {
    const list = this.comments;
    return html`<section class="part comments" aria-labelledby="comments-title">
      <div class="comments__head">
        <h2 class="part__title" id="comments-title">
          Comments${list?.length ? html` <span class="muted">(${list.length})</span>` : nothing}
        </h2>
        ${this.draft ? nothing : html`<button class="btn btn--small btn--primary" type="button" @click=${this.#startDraft}>Comment here</button>`}
      </div>
      <p class="part__hint">For your team only: never shown to customers or on published tutorials.</p>
      ${this.#request.error ? html`<p class="alert" role="alert">${this.#request.error}</p>` : nothing}
      ${this.draft ? this.#renderDraft(this.draft) : nothing}
      ${
        list === null
          ? this.#request.error
            ? nothing
            : html`<p class="muted" role="status">Loading comments…</p>`
          : list.length
            ? html`<ul class="comments__list" aria-label="Comments">
                ${list.map((c) => this.#renderComment(c))}
              </ul>`
            : html`<p class="part__hint">No comments yet. Pause where something happens and press “Comment here”.</p>`
      }
    </section>`;
  }
}
