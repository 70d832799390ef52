/**
 * @module client/components/tutorial-preview
 * `<cobrowse-tutorial-preview>`: the tutorial's events as the editor sees
 * them (cut, joined and redacted by the server: `GET /api/tutorials/:id/events`)
 * in the advisor app's replay stage: the same {@link ReplayController} and
 * timeline as the session player, over the events held in memory
 * (`eventListRecording`). The steps are marked on the timeline; the callouts
 * of the step at the cursor show under it.
 *
 * The editors' comments are pins on the timeline (`comments`; a click on
 * one fires `cobrowse-marker-selected`). An element of the replay is picked
 * with `pickElement()` (the {@link ElementPickerController}: hover outline,
 * click, Esc cancels), for a comment or an element to redact; `outline()`
 * keeps one outlined (an open comment's).
 *
 * Public API: properties `api`, `tutorialId`, `steps`, `annotations`,
 * `comments`, `startAt` (`start-at`: ms to open at, the first time),
 * `revision` (changing it reloads the events: after a redaction);
 * `currentTime` (ms of the tutorial), `seek(ms)`, `pause()`, `pickElement()`, `outline(target)`.
 */
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import type { Comment } from '../../../protocol/comments.ts';
import type { TutorialAnnotation, TutorialStep } from '../../../protocol/tutorials.ts';
import type { ApiClient } from '../../api/api-client.ts';
import type { CobrowseSeekEvent } from '../../events/index.ts';
import {
  ElementPickerController,
  elementPickerStyles,
  type OutlineTarget,
  type PickedElement,
} from '../../lib/element-picker-controller.ts';
import { formatDuration } from '../../lib/format.ts';
import { RequestController } from '../../lib/request-controller.ts';
import { emphasisedTitle, plainTitle } from '../../lib/step-title.ts';
import { eventListRecording } from '../../player/event-list-source.ts';
import { ReplayController } from '../../player/replay-controller.ts';
import { fitToStage } from '../../player/stage-fit.ts';
import { controls, tokens } from '../../styles/shared.styles.ts';
import type { TimelineMarker } from '../player-timeline/player-timeline.component.ts';
import '../player-timeline/player-timeline.ts';
import playerStyles, { rrwebStyles } from '../session-player/session-player.styles.ts';
import styles from './tutorial-preview.styles.ts';

const MARKER_OF_KIND: Record<TutorialStep['kind'], TimelineMarker['kind']> = {
  click: 'click',
  input: 'input',
  select: 'input',
  navigate: 'navigation',
};

export default class CobrowseTutorialPreview extends LitElement {
  static override styles = [tokens, controls, rrwebStyles, playerStyles, elementPickerStyles, styles];
  static override properties = {
    api: { attribute: false },
    tutorialId: { type: String, attribute: 'tutorial-id' },
    steps: { attribute: false },
    annotations: { attribute: false },
    comments: { attribute: false },
    startAt: { type: Number, attribute: 'start-at' },
    revision: { type: String },
  };

  declare api: ApiClient | null;
  declare tutorialId: string;
  declare steps: readonly TutorialStep[];
  declare annotations: readonly TutorialAnnotation[];
  declare comments: readonly Comment[];
  /** Ms of the tutorial the first load opens at (a `?t=` link). */
  declare startAt: number;
  /** Anything that changes the served events (the redactions); a new value reloads them. */
  declare revision: string;
  readonly #replay = new ReplayController(this, {
    mount: () => this.renderRoot.querySelector<HTMLElement>('.player__mount'),
    onStateChange: (state) => this.setAttribute('data-state', state),
  });
  readonly #request = new RequestController(this);
  readonly #picker = new ElementPickerController(this, {
    replayer: () => this.#replay.replayer,
    stage: () => this.renderRoot.querySelector<HTMLElement>('.player__stage'),
  });
  #loaded = false;
  #resize: ResizeObserver | null = null;
  #stage = { width: 0, height: 0 };

  constructor() {
    super();
    this.api = null;
    this.tutorialId = '';
    this.steps = [];
    this.annotations = [];
    this.comments = [];
    this.startAt = 0;
    this.revision = '';
  }

  /** The cursor, ms from the start of the tutorial's events. */
  get currentTime(): number {
    return this.#replay.currentTime;
  }

  /** Shows the moment `ms` (ms of the tutorial), paused or playing as it was. */
  seek(ms: number): void {
    this.#replay.seek(ms);
  }

  pause(): void {
    this.#replay.pause();
  }

  /** Lets the editor point at an element of the replay (paused meanwhile); null when cancelled. */
  pickElement(): Promise<PickedElement | null> {
    this.#replay.pause();
    return this.#picker.pick();
  }

  /** Keeps an element outlined wherever the replay shows it (null: none). */
  outline(target: OutlineTarget | null): void {
    this.#picker.outline(target);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#resize?.disconnect();
    this.#resize = null;
  }

  override firstUpdated(): void {
    this.#resize = new ResizeObserver(([entry]) => {
      if (!entry) return;
      this.#stage = { width: entry.contentRect.width, height: entry.contentRect.height };
      this.#fit();
    });
    this.#resize.observe(this.renderRoot.querySelector('.player__stage')!);
  }

  override updated(changed: PropertyValues<this>): void {
    if ((changed.has('tutorialId') || changed.has('revision') || changed.has('api')) && this.api && this.tutorialId) void this.#load();
    this.#fit();
  }

  async #load(): Promise<void> {
    const api = this.api!;
    const id = this.tutorialId;
    const at = this.#loaded ? this.#replay.currentTime : this.startAt || 0;
    this.#loaded = true;
    this.#replay.reset();
    const events = await this.#request.run((signal) => api.tutorialEvents(id, { signal }));
    if (!events) {
      this.#replay.fail(this.#request.error || 'The preview could not be loaded.');
      return;
    }
    const { source, recording } = eventListRecording(id, events);
    await this.updateComplete;
    await this.#replay.open(source, recording, at);
  }

  #fit(): void {
    const vp = this.#replay.viewport;
    const mount = this.renderRoot.querySelector<HTMLElement>('.player__mount');
    if (vp && mount && this.#stage.width) fitToStage(mount, this.#stage, vp);
  }

  #markers(): TimelineMarker[] {
    const steps = this.steps.map((s, i): TimelineMarker => ({
      time: s.t,
      kind: MARKER_OF_KIND[s.kind],
      label: `Step ${i + 1}: ${plainTitle(s.title)}`,
    }));
    return [...steps, ...this.comments.map((c): TimelineMarker => ({ time: c.t, kind: 'comment', label: c.body, id: c.id }))];
  }

  /** The step the cursor is in: the last one (by time) at or before it. */
  #currentStep(): TutorialStep | undefined {
    const now = this.#replay.currentTime;
    return [...this.steps].sort((a, b) => a.t - b.t).findLast((s) => s.t <= now + 1);
  }

  override render() {
    const r = this.#replay;
    const state = r.state;
    const step = this.#currentStep();
    const callouts = step ? this.annotations.filter((a) => a.stepId === step.id && a.text) : [];
    return html`<section class="preview" aria-label="Preview">
      <div class="player__stage">
        <div class="player__mount"></div>
        ${this.#picker.render()}
        ${
          state === 'error'
            ? html`<div class="player__overlay" role="alert"><div class="player__overlay-box">${r.snapshot.error}</div></div>`
            : state === 'loading'
              ? html`<div class="player__overlay player__overlay--loading" role="status">
                  <div class="player__overlay-box">
                    <div class="player__spinner" aria-hidden="true"></div>
                    Loading the preview…
                  </div>
                </div>`
              : nothing
        }
      </div>
      <div
        class="preview__controls"
        @cobrowse-seek=${(e: CobrowseSeekEvent) => {
          e.stopPropagation();
          r.seek(e.detail.time);
        }}
      >
        <cobrowse-player-timeline
          .duration=${r.duration}
          .currentTime=${r.currentTime}
          .markers=${this.#markers()}
        ></cobrowse-player-timeline>
        <div class="preview__bar">
          <button class="btn btn--primary" type="button" ?disabled=${state === 'error'} @click=${() => r.toggle()}>
            ${state === 'playing' ? 'Pause' : 'Play'}
          </button>
          <span class="preview__time"><strong>${formatDuration(r.currentTime)}</strong> / ${formatDuration(r.duration)}</span>
          ${step ? html`<span class="muted">Step ${this.steps.indexOf(step) + 1}: ${emphasisedTitle(step.title)}</span>` : nothing}
        </div>
        ${callouts.map((a) => html`<p class="preview__callout" role="note">${a.text}</p>`)}
      </div>
    </section>`;
  }
}
