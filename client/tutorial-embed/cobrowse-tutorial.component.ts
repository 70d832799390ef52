/**
 * @module client/tutorial-embed/cobrowse-tutorial.component
 * `<cobrowse-tutorial src="https://SERVER/t/SLUG">`: a published tutorial on
 * any page (a help centre, the tutorial's own page). The replay is the
 * advisor app's stage ({@link ReplayController} over rrweb's Replayer in its
 * sandboxed iframe) fed the published version's events (rewritten so that
 * nothing is fetched from the recorded site: `shared/offline-events.ts`), with the
 * steps and chapters beside it (under it on narrow screens), the current
 * step's element highlighted and its annotations on top.
 *
 * Two ways to watch: play (pause, speed; the current step follows the
 * replay) and step by step (each step shows the page at its moment;
 * previous/next). Keyboard: every control is a button; ←/→ previous/next
 * step, Home/End first/last, Space play/pause; the current step is
 * announced (aria-live).
 *
 * Attributes: `src` (the tutorial's page or its `tutorial.json`), `events`
 * (optional: where its events are, when not the document's `eventsUrl`),
 * `mode` (`play`, default, or `steps`), `hide-title` (the page around it
 * already shows the title, as the tutorial's own page does: the element
 * keeps it only as its accessible name).
 *
 * Counts (POST `…/views`): a view after 3 s at least half visible, a
 * completion at the last step, each step reached.
 *
 * @event cobrowse-tutorial-ready - The first frame is built; detail `{ slug, steps }`.
 * @event cobrowse-tutorial-step - The current step changed; detail `{ index, stepId }`.
 */
import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { styleMap, type StyleInfo } from 'lit/directives/style-map.js';
import type { PublishedAnnotation, PublicTutorial, StepBox } from '../../protocol/tutorials.ts';
import { PLAYER_SPEEDS, ReplayController, type PlayerSpeed } from '../player/replay-controller.ts';
import styles from './cobrowse-tutorial.styles.ts';
import { inMemoryRecording } from './events-source.ts';
import { offlineEvents } from '../../shared/offline-events.ts';
import { targetBox } from './target-box.ts';
import {
  countView,
  FAILURE_TEXT,
  loadTutorial,
  TutorialLoadError,
  tutorialUrls,
  type LoadFailure,
  type TutorialUrls,
} from './tutorial-source.ts';
import { annotationsOf, followPlayback, stepGroups, titleParts } from './tutorial-steps.ts';
import { ViewCounter } from './view-counter.ts';

export type TutorialMode = 'play' | 'steps';

const stepTitle = (title: string) => titleParts(title).map((p) => (p.emphasised ? html`<em>${p.text}</em>` : p.text));

const playIcon = html`<svg viewBox="0 0 24 24" aria-hidden="true">
  <path d="M7 4.5v15a1 1 0 0 0 1.5.86l12.5-7.5a1 1 0 0 0 0-1.72L8.5 3.64A1 1 0 0 0 7 4.5z" />
</svg>`;
const pauseIcon = html`<svg viewBox="0 0 24 24" aria-hidden="true">
  <rect x="5" y="4" width="5" height="16" rx="1.2" />
  <rect x="14" y="4" width="5" height="16" rx="1.2" />
</svg>`;
const prevIcon = html`<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M15.5 5 8.5 12l7 7" /></svg>`;
const nextIcon = html`<svg viewBox="0 0 24 24" aria-hidden="true"><path d="m8.5 5 7 7-7 7" /></svg>`;

export default class CobrowseTutorial extends LitElement {
  static override styles = styles;
  static override properties = {
    src: { type: String },
    events: { type: String },
    mode: { type: String, reflect: true },
    hideTitle: { type: Boolean, attribute: 'hide-title' },
    tutorial: { state: true },
    failure: { state: true },
    stepIndex: { state: true },
    scale: { state: true },
  };

  declare src: string;
  declare events: string;
  declare mode: TutorialMode;
  declare hideTitle: boolean;
  declare tutorial: PublicTutorial | null;
  declare failure: LoadFailure | null;
  /** The current step (-1 before the first step's moment). */
  declare stepIndex: number;
  /** Replay pixels per recorded CSS pixel. */
  declare scale: number;

  readonly #replay = new ReplayController(this, {
    mount: () => this.renderRoot.querySelector<HTMLElement>('.stage__mount'),
    onReady: () => this.#onReady(),
    onStateChange: (state) => this.setAttribute('data-state', state),
  });
  readonly #views = new ViewCounter(this, (kind, stepId) => {
    if (this.#urls) void countView(this.#urls, kind, stepId);
  });
  #urls: TutorialUrls | null = null;
  #abort: AbortController | null = null;
  #resize: ResizeObserver | null = null;
  #stageWidth = 0;

  constructor() {
    super();
    this.src = '';
    this.events = '';
    this.mode = 'play';
    this.hideTitle = false;
    this.tutorial = null;
    this.failure = null;
    this.stepIndex = -1;
    this.scale = 1;
    this.addEventListener('keydown', this.#onKey);
  }

  /** Steps and chapters as loaded (null until then). */
  get currentStep() {
    return this.tutorial?.steps[this.stepIndex] ?? null;
  }

  get state() {
    return this.#replay.state;
  }

  /** The replay's moment, ms from the start of the tutorial's events. */
  get currentTime() {
    return this.#replay.currentTime;
  }

  play(): void {
    if (this.mode === 'steps') this.mode = 'play';
    this.#replay.play();
  }

  pause(): void {
    this.#replay.pause();
  }

  /** Shows step `index` (paused in step-by-step mode; playing on from it otherwise). */
  goToStep(index: number): void {
    const steps = this.tutorial?.steps ?? [];
    const step = steps[Math.max(0, Math.min(index, steps.length - 1))];
    if (!step) return;
    this.stepIndex = steps.indexOf(step);
    if (this.mode === 'steps') this.#replay.pause();
    this.#replay.seek(step.t);
  }

  next(): void {
    this.goToStep(this.stepIndex + 1);
  }

  previous(): void {
    this.goToStep(Math.max(0, this.stepIndex - 1));
  }

  setMode(mode: TutorialMode): void {
    this.mode = mode;
    if (mode === 'steps') this.goToStep(Math.max(0, this.stepIndex));
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Moved in the page (disconnected, then connected again): the replay was closed on the way out, open it again.
    if (this.hasUpdated && this.src) void this.#load();
    this.#resize = new ResizeObserver((entries) => {
      const width = entries.at(-1)?.contentRect.width ?? 0;
      if (width !== this.#stageWidth) {
        this.#stageWidth = width;
        this.#fit();
      }
    });
    const stage = this.renderRoot.querySelector('.stage');
    if (stage) this.#resize.observe(stage);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#resize?.disconnect();
    this.#resize = null;
    this.#abort?.abort();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('src') || changed.has('events')) void this.#load();
    const steps = this.tutorial?.steps;
    if (steps && this.mode === 'play' && this.#replay.state !== 'loading') {
      this.stepIndex = followPlayback(steps, this.stepIndex, this.#replay.currentTime);
    }
    if (changed.has('stepIndex') && steps) this.#onStep();
  }

  protected override updated(): void {
    const stage = this.renderRoot.querySelector('.stage');
    if (stage && this.#resize) this.#resize.observe(stage);
    this.#fit();
    this.#keepCurrentStepInList();
  }

  protected override render() {
    if (this.failure) return this.#renderFailure(this.failure);
    const t = this.tutorial;
    const vp = this.#replay.viewport;
    const step = this.currentStep;
    const count = t?.steps.length ?? 0;
    const loading = !t || this.#replay.state === 'loading';
    return html`<section class="tutorial" aria-label=${t ? `Tutorial: ${t.title}` : 'Tutorial'} aria-busy=${loading ? 'true' : 'false'}>
      ${
        this.hideTitle
          ? nothing
          : html`<header class="tutorial__header">
              <h2 class="tutorial__title">${t?.title ?? 'Loading tutorial…'}</h2>
            </header>`
      }
      <div class="tutorial__body">
        <div class="tutorial__main">
          <div class="stage" style=${styleMap(vp ? { aspectRatio: `${vp.width} / ${vp.height}` } : {})}>
            <div class="stage__mount" inert aria-hidden="true"></div>
            <div class="stage__overlay" aria-hidden="true">${this.#renderTargets()}</div>
            ${loading ? html`<div class="stage__loading">Loading…</div>` : nothing}
          </div>
          ${this.#renderControls(count)}
          <p class="caption" aria-live="polite" aria-atomic="true">
            ${
              step
                ? html`<span class="caption__count">Step ${this.stepIndex + 1} of ${count}</span>
                    <strong class="caption__title">${stepTitle(step.title)}</strong
                    >${step.body ? html`<span class="caption__body">${step.body}</span>` : nothing}`
                : t
                  ? html`<span class="caption__count">${count} steps</span>`
                  : nothing
            }
          </p>
        </div>
        ${t ? this.#renderSteps(t) : nothing}
      </div>
    </section>`;
  }

  // --- rendering -------------------------------------------------------------

  #renderFailure(reason: LoadFailure) {
    const { title, body } = FAILURE_TEXT[reason];
    return html`<div class="message" role="alert" data-failure=${reason}>
      <strong class="message__title">${title}</strong>
      <p class="message__body">${body}</p>
    </div>`;
  }

  #renderControls(count: number) {
    const state = this.#replay.state;
    const playing = state === 'playing' || (state === 'loading' && this.#replay.snapshot.wantsPlay);
    const ready = !!this.tutorial && state !== 'error';
    const stepMode = this.mode === 'steps';
    return html`<div class="controls" role="toolbar" aria-label="Tutorial controls">
      <button
        class="control control--play"
        type="button"
        ?disabled=${!ready}
        aria-label=${playing ? 'Pause' : 'Play'}
        @click=${() => (playing ? this.pause() : this.play())}
      >
        ${playing ? pauseIcon : playIcon}
      </button>
      <button
        class="control control--prev"
        type="button"
        ?disabled=${!ready || this.stepIndex <= 0}
        aria-label="Previous step"
        @click=${() => this.previous()}
      >
        ${prevIcon}
      </button>
      <button
        class="control control--next"
        type="button"
        ?disabled=${!ready || this.stepIndex >= count - 1}
        aria-label="Next step"
        @click=${() => this.next()}
      >
        ${nextIcon}
      </button>
      <button
        class="control control--mode"
        type="button"
        ?disabled=${!ready}
        aria-pressed=${stepMode ? 'true' : 'false'}
        @click=${() => this.setMode(stepMode ? 'play' : 'steps')}
      >
        Step by step
      </button>
      <label class="speed">
        <span class="speed__label">Speed</span>
        <select
          ?disabled=${!ready || stepMode}
          @change=${(e: Event) => this.#replay.setSpeed(Number((e.target as HTMLSelectElement).value) as PlayerSpeed)}
        >
          ${PLAYER_SPEEDS.map((s) => html`<option value=${s} ?selected=${s === this.#replay.speed}>${s}×</option>`)}
        </select>
      </label>
    </div>`;
  }

  #renderSteps(t: PublicTutorial) {
    return html`<nav class="steps" aria-label="Steps">
      ${stepGroups(t).map(
        (group) =>
          html`${group.chapter ? html`<h3 class="steps__chapter" data-chapter-id=${group.chapter.id}>${group.chapter.title}</h3>` : nothing}
            <ol class="steps__list" start=${group.steps[0]!.index + 1}>
              ${group.steps.map(
                ({ step, index }) =>
                  html`<li>
                    <button
                      class="step"
                      type="button"
                      data-step-id=${step.id}
                      aria-current=${index === this.stepIndex ? 'step' : 'false'}
                      @click=${() => this.goToStep(index)}
                    >
                      <span class="step__number">${index + 1}</span><span class="step__title">${stepTitle(step.title)}</span>
                    </button>
                  </li>`,
              )}
            </ol>`,
      )}
    </nav>`;
  }

  /** The current step's element and its annotations, in stage pixels. */
  #renderTargets(): TemplateResult[] | typeof nothing {
    const t = this.tutorial;
    const step = this.currentStep;
    if (!t || !step || this.#replay.state === 'loading') return nothing;
    const replayer = this.#replay.replayer;
    const stepBox = targetBox(replayer, step);
    const parts: TemplateResult[] = [];
    if (stepBox) parts.push(html`<div class="target" part="target" data-step-id=${step.id} style=${styleMap(this.#place(stepBox))}></div>`);
    for (const a of annotationsOf(t, this.stepIndex)) {
      const box = (a.nodeId !== null ? targetBox(replayer, { nodeId: a.nodeId }) : null) ?? stepBox;
      parts.push(this.#renderAnnotation(a, box));
    }
    return parts;
  }

  #renderAnnotation(a: PublishedAnnotation, box: StepBox | null): TemplateResult {
    const vp = this.#replay.viewport;
    const s = this.scale;
    const stageH = vp ? vp.height * s : 0;
    if (a.kind === 'highlight') {
      return html`<div
        class="annotation annotation--highlight"
        data-annotation-id=${a.id}
        style=${styleMap(box ? this.#place(box, 6) : { display: 'none' })}
      >
        ${a.text ? html`<span class="annotation__label">${a.text}</span>` : nothing}
      </div>`;
    }
    // Callouts and arrows sit under their element (above it near the bottom of the page), or at the stage's top-left without one.
    const below = !box || (box.y + box.height) * s + 80 < stageH;
    const left = box ? Math.max(4, box.x * s) : 12;
    const top = box ? (below ? (box.y + box.height) * s + 10 : box.y * s - 10) : 12;
    const style: StyleInfo = { left: `${left}px`, top: `${top}px`, transform: below ? null : 'translateY(-100%)' };
    return html`<div
      class="annotation annotation--${a.kind} ${below ? 'is-below' : 'is-above'}"
      data-annotation-id=${a.id}
      style=${styleMap(style)}
    >
      ${a.kind === 'arrow' ? html`<svg class="annotation__arrow" viewBox="0 0 24 24" aria-hidden="true"><path d="M12 21V4M5 11l7-7 7 7" /></svg>` : nothing}
      ${a.text ? html`<span class="annotation__text">${a.text}</span>` : nothing}
    </div>`;
  }

  /** Positions set through the CSSOM (styleMap), which a host page's strict style-src still allows. */
  #place(box: StepBox, pad = 0): StyleInfo {
    const s = this.scale;
    return {
      left: `${box.x * s - pad}px`,
      top: `${box.y * s - pad}px`,
      width: `${box.width * s + pad * 2}px`,
      height: `${box.height * s + pad * 2}px`,
    };
  }

  // --- behaviour -------------------------------------------------------------

  async #load(): Promise<void> {
    this.#abort?.abort();
    const abort = new AbortController();
    this.#abort = abort;
    this.#views.reset();
    this.#replay.reset();
    // reset() does not report a state change: the attribute follows by hand.
    this.setAttribute('data-state', 'loading');
    this.tutorial = null;
    this.failure = null;
    this.stepIndex = -1;
    const urls = tutorialUrls(this.src, document.baseURI);
    this.#urls = urls;
    if (!urls) {
      if (this.src) this.failure = 'not_found';
      return;
    }
    try {
      const { tutorial, events } = await loadTutorial(urls, abort.signal, this.events || null);
      if (abort.signal.aborted) return;
      this.tutorial = tutorial;
      await this.updateComplete;
      const recording = inMemoryRecording(tutorial.slug, offlineEvents(events, urls.origin));
      const first = tutorial.steps[0];
      if (this.mode === 'steps' && first) this.stepIndex = 0;
      await this.#replay.open(recording.source, recording.timeline, this.mode === 'steps' && first ? first.t : 0);
      this.#views.arm();
    } catch (err) {
      if (abort.signal.aborted) return;
      this.failure = err instanceof TutorialLoadError ? err.reason : 'unavailable';
      if (!(err instanceof TutorialLoadError)) console.warn('cobrowse: the tutorial could not be shown', err);
    }
  }

  #onReady(): void {
    this.requestUpdate();
    this.dispatchEvent(
      new CustomEvent('cobrowse-tutorial-ready', {
        bubbles: true,
        composed: true,
        detail: { slug: this.tutorial?.slug, steps: this.tutorial?.steps.length ?? 0 },
      }),
    );
  }

  #onStep(): void {
    const steps = this.tutorial?.steps ?? [];
    const step = steps[this.stepIndex];
    if (!step) return;
    this.#views.stepReached(step.id);
    if (this.stepIndex === steps.length - 1) this.#views.completed();
    this.dispatchEvent(
      new CustomEvent('cobrowse-tutorial-step', { bubbles: true, composed: true, detail: { index: this.stepIndex, stepId: step.id } }),
    );
    // The page at the step's moment may still be laying out (fonts, a rebuilt snapshot): place the highlight again next frame.
    requestAnimationFrame(() => this.requestUpdate());
  }

  /** Scales the recorded viewport to the stage's width. */
  #fit(): void {
    const vp = this.#replay.viewport;
    const mount = this.renderRoot.querySelector<HTMLElement>('.stage__mount');
    if (!vp || !mount || !this.#stageWidth) return;
    const scale = this.#stageWidth / vp.width;
    mount.style.width = `${vp.width}px`;
    mount.style.height = `${vp.height}px`;
    mount.style.transform = `scale(${scale})`;
    if (Math.abs(scale - this.scale) > 0.0005) this.scale = scale;
  }

  /** Scrolls the step list (only the list: never the embedding page) so the current step shows. */
  #keepCurrentStepInList(): void {
    const list = this.renderRoot.querySelector<HTMLElement>('.steps');
    const current = list?.querySelector<HTMLElement>('[aria-current="step"]');
    if (!list || !current || list.scrollHeight <= list.clientHeight) return;
    const top = current.offsetTop - list.offsetTop;
    if (top < list.scrollTop) list.scrollTop = top;
    else if (top + current.offsetHeight > list.scrollTop + list.clientHeight)
      list.scrollTop = top + current.offsetHeight - list.clientHeight;
  }

  #onKey = (e: KeyboardEvent): void => {
    if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || !this.tutorial) return;
    const origin = e.composedPath()[0] as HTMLElement | undefined;
    if (origin?.tagName === 'SELECT') return;
    const last = this.tutorial.steps.length - 1;
    const go = (index: number) => {
      e.preventDefault();
      this.goToStep(index);
    };
    if (e.key === 'ArrowRight') go(this.stepIndex + 1);
    else if (e.key === 'ArrowLeft') go(Math.max(0, this.stepIndex - 1));
    else if (e.key === 'Home') go(0);
    else if (e.key === 'End') go(last);
    else if ((e.key === ' ' || e.key === 'k') && origin?.tagName !== 'BUTTON') {
      e.preventDefault();
      if (this.#replay.state === 'playing') this.pause();
      else this.play();
    }
  };
}
