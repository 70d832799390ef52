/**
 * @module client/components/tutorial-maker
 * `<cobrowse-tutorial-maker>`: "Make a tutorial" in the session player. The
 * member sets an in and an out point at the replay's current time ("Set
 * start", "Set end"; the player draws them on the timeline), names it, and
 * Create makes a draft (`POST /api/tutorials`) from that stretch of the
 * recording; the app then opens it in the editor.
 *
 * Public API: properties `api`, `sessionId`, `firstEventTs` (epoch ms of the
 * session's first event: the points are sent as epoch ms), `currentTime`
 * (session ms, the replay's position).
 *
 * @event cobrowse-tutorial-range - The in or out point changed; detail `{ range }` (session ms).
 * @event cobrowse-open-tutorial - A tutorial was made; detail `{ tutorialId }`.
 * @event cobrowse-close - The member closed the panel.
 */
import { html, LitElement, nothing } from 'lit';
import { TUTORIAL_TITLE_MAX } from '../../../protocol/tutorials-constants.ts';
import type { ApiClient } from '../../api/api-client.ts';
import { emit } from '../../events/index.ts';
import { formatDuration } from '../../lib/format.ts';
import { RequestController } from '../../lib/request-controller.ts';
import { panels } from '../../styles/case.styles.ts';
import { controls, tokens } from '../../styles/shared.styles.ts';
import styles from './tutorial-maker.styles.ts';

export default class CobrowseTutorialMaker extends LitElement {
  static override styles = [tokens, controls, panels, styles];
  static override properties = {
    api: { attribute: false },
    sessionId: { type: String, attribute: 'session-id' },
    firstEventTs: { type: Number, attribute: 'first-event-ts' },
    currentTime: { type: Number, attribute: 'current-time' },
    start: { state: true },
    end: { state: true },
    title: { state: true },
    problem: { state: true },
  };

  declare api: ApiClient | null;
  declare sessionId: string;
  declare firstEventTs: number;
  declare currentTime: number;
  /** The in and out points, session ms (null: not set: the recording's start or end). */
  declare start: number | null;
  declare end: number | null;
  declare title: string;
  /** Why Create cannot go on yet ('' when it can). */
  declare problem: string;
  readonly #request = new RequestController(this);

  constructor() {
    super();
    this.api = null;
    this.sessionId = '';
    this.firstEventTs = 0;
    this.currentTime = 0;
    this.start = null;
    this.end = null;
    this.title = '';
    this.problem = '';
  }

  #setPoints(start: number | null, end: number | null): void {
    this.start = start;
    this.end = end;
    this.problem = '';
    emit(this, 'cobrowse-tutorial-range', { range: { start, end } });
  }

  #setStart(): void {
    const at = Math.round(this.currentTime);
    // An end at or before the new start no longer makes a stretch: it is dropped.
    this.#setPoints(at, this.end !== null && this.end <= at ? null : this.end);
  }

  #setEnd(): void {
    const at = Math.round(this.currentTime);
    if (this.start !== null && at <= this.start) {
      this.problem = 'The end must come after the start: move the replay past the start first.';
      return;
    }
    this.#setPoints(this.start, at);
  }

  async #create(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const api = this.api;
    const title = this.title.trim();
    if (!api || !title || this.#request.busy) return;
    const made = await this.#request.run((signal) =>
      api.createTutorial(
        {
          sessionId: this.sessionId,
          title,
          ...(this.start !== null ? { startMs: this.firstEventTs + this.start } : {}),
          ...(this.end !== null ? { endMs: this.firstEventTs + this.end } : {}),
        },
        { signal },
      ),
    );
    if (made) emit(this, 'cobrowse-open-tutorial', { tutorialId: made.id });
  }

  #close(): void {
    emit(this, 'cobrowse-tutorial-range', { range: null });
    emit(this, 'cobrowse-close', {});
  }

  override render() {
    const point = (ms: number | null, unset: string) => (ms === null ? unset : formatDuration(ms));
    return html`<form class="maker" aria-label="Make a tutorial" @submit=${this.#create}>
      <div class="maker__point">
        <button class="btn" type="button" @click=${this.#setStart}>Set start</button>
        <output aria-label="Start">${point(this.start, 'from the beginning')}</output>
      </div>
      <div class="maker__point">
        <button class="btn" type="button" @click=${this.#setEnd}>Set end</button>
        <output aria-label="End">${point(this.end, 'to the end')}</output>
      </div>
      <label class="label maker__title">
        Tutorial title
        <input
          class="input"
          type="text"
          required
          maxlength=${TUTORIAL_TITLE_MAX}
          placeholder="How to change a delivery address"
          .value=${this.title}
          @input=${(e: Event) => (this.title = (e.target as HTMLInputElement).value)}
        />
      </label>
      <div class="maker__actions">
        <button class="btn btn--primary" type="submit" ?disabled=${this.#request.busy || !this.title.trim()}>
          ${this.#request.busy ? 'Creating…' : 'Create'}
        </button>
        <button class="btn btn--ghost" type="button" @click=${this.#close}>Cancel</button>
      </div>
      ${this.problem || this.#request.error ? html`<p class="alert" role="alert">${this.problem || this.#request.error}</p>` : nothing}
    </form>`;
  }
}
