/**
 * @module client/components/player-timeline
 * `<cobrowse-player-timeline>`: the seek bar (a slider): progress, the loaded
 * stretch, and markers for clicks, inputs, navigations, console errors,
 * failed requests, live chat messages and control hand-overs (the last four
 * below the track, labelled on hover). Click or drag to seek;
 * arrows ±5 s (Shift ±30 s), Home/End.
 *
 * A click seeks once (on release). A drag moves the thumb and the time label
 * with the pointer but seeks only where it rests ({@link DRAG_SETTLE_MS}
 * without moving) and where it is released: a sweep across an hour-long
 * recording must not load every moment it passes over.
 *
 * A chosen stretch (`range`: the in and out points of a tutorial being made)
 * is drawn as a band over the track with a flag at each end.
 *
 * Comments (`kind: 'comment'`, with their `id`) are pins above the track: a
 * click seeks to their very moment and says which (`cobrowse-marker-selected`).
 *
 * The pointer resting over the track ({@link HOVER_INTENT_MS}, not pressed)
 * says which time it shows (`cobrowse-seek-intent`): the player fetches that
 * moment, so a click there finds it at hand.
 *
 * @event cobrowse-seek - The user picked a time; detail `{ time, final }` in session ms
 *   (`final` is false where a drag rests, true on release, click or key).
 * @event cobrowse-seek-intent - The pointer rests over a time without pressing; detail `{ time }` in session ms.
 * @event cobrowse-marker-selected - A marker with an `id` was clicked; detail `{ id }`.
 */
import { html, LitElement, nothing } from 'lit';
import type { Marker } from '../../../protocol/api.ts';
import { emit } from '../../events/index.ts';
import { formatDuration } from '../../lib/format.ts';
import { tokens } from '../../styles/shared.styles.ts';
import styles from './player-timeline.styles.ts';

/** A drag that rests this long seeks there (the advisor is looking), before it is released. */
export const DRAG_SETTLE_MS = 250;
/** The pointer resting this long over the track (not pressed) announces the time there (`cobrowse-seek-intent`). */
export const HOVER_INTENT_MS = 150;

export interface TimelineMarker {
  /** Session ms. */
  time: number;
  kind: Marker['kind'] | 'comment';
  label?: string;
  /** Markers of things that open (comments): clicked, they seek to `time` exactly and are announced by id. */
  id?: string;
}

/** In and out points, session ms (null: not set yet). */
export interface TimelineRange {
  start: number | null;
  end: number | null;
}

export default class CobrowsePlayerTimeline extends LitElement {
  static override styles = [tokens, styles];
  static override properties = {
    duration: { type: Number },
    currentTime: { type: Number, attribute: 'current-time' },
    markers: { attribute: false },
    loadedFrom: { type: Number, attribute: 'loaded-from' },
    loadedTo: { type: Number, attribute: 'loaded-to' },
    range: { attribute: false },
    hoverTime: { state: true },
    dragging: { state: true },
    dragTime: { state: true },
  };

  /** Session ms. */
  declare duration: number;
  declare currentTime: number;
  declare markers: TimelineMarker[];
  /** The loaded stretch, session ms (drawn lighter than progress). */
  declare loadedFrom: number;
  declare loadedTo: number;
  /** A stretch to show (null: none). */
  declare range: TimelineRange | null;
  declare hoverTime: number | null;
  declare dragging: boolean;
  /** Where the drag's pointer is, session ms: shown instead of `currentTime` while dragging. */
  declare dragTime: number;
  /** The last time a drag sought (at a rest), so its release at the same place does not seek again. */
  #dragSought: number | null = null;
  #settleTimer = 0;
  #intentTimer = 0;

  constructor() {
    super();
    this.duration = 0;
    this.currentTime = 0;
    this.markers = [];
    this.loadedFrom = 0;
    this.loadedTo = 0;
    this.range = null;
    this.hoverTime = null;
    this.dragging = false;
    this.dragTime = 0;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.#settleTimer);
    clearTimeout(this.#intentTimer);
  }

  #pct(ms: number): number {
    return this.duration > 0 ? Math.min(100, Math.max(0, (ms / this.duration) * 100)) : 0;
  }

  #timeAt(e: PointerEvent): number {
    const rect = (e.currentTarget as HTMLElement).getBoundingClientRect();
    const x = Math.min(Math.max(e.clientX - rect.left, 0), rect.width);
    return rect.width > 0 ? Math.round((x / rect.width) * this.duration) : 0;
  }

  #seek(time: number, final: boolean) {
    emit(this, 'cobrowse-seek', { time: Math.min(Math.max(0, time), this.duration), final });
  }

  #down(e: PointerEvent) {
    if (e.button !== 0) return;
    if ((e.target as HTMLElement).classList.contains('timeline__marker')) return;
    (e.currentTarget as HTMLElement).setPointerCapture(e.pointerId);
    clearTimeout(this.#intentTimer);
    this.dragging = true;
    this.#dragSought = null;
    this.#dragTo(this.#timeAt(e));
  }

  #move(e: PointerEvent) {
    const t = this.#timeAt(e);
    this.hoverTime = t;
    if (this.dragging) {
      if (t !== this.dragTime) this.#dragTo(t);
      return;
    }
    // Every move, press and leave clears the timer: it fires only where the pointer rests, unpressed.
    clearTimeout(this.#intentTimer);
    this.#intentTimer = window.setTimeout(() => emit(this, 'cobrowse-seek-intent', { time: t }), HOVER_INTENT_MS);
  }

  #leave() {
    clearTimeout(this.#intentTimer);
    this.hoverTime = null;
  }

  #up(e: PointerEvent) {
    if (!this.dragging) return;
    clearTimeout(this.#settleTimer);
    const t = e.type === 'pointercancel' ? this.dragTime : this.#timeAt(e);
    this.dragging = false;
    if (t !== this.#dragSought) this.#seek(t, true);
  }

  /** Moves the thumb with the pointer; seeks only once it rests there. */
  #dragTo(time: number) {
    this.dragTime = time;
    clearTimeout(this.#settleTimer);
    this.#settleTimer = window.setTimeout(() => {
      if (!this.dragging || this.dragTime === this.#dragSought) return;
      this.#dragSought = this.dragTime;
      this.#seek(this.dragTime, false);
    }, DRAG_SETTLE_MS);
  }

  #key(e: KeyboardEvent) {
    const step = e.shiftKey ? 30_000 : 5_000;
    let t: number | null = null;
    if (e.key === 'ArrowRight' || e.key === 'ArrowUp') t = this.currentTime + step;
    else if (e.key === 'ArrowLeft' || e.key === 'ArrowDown') t = this.currentTime - step;
    else if (e.key === 'Home') t = 0;
    else if (e.key === 'End') t = this.duration;
    if (t === null) return;
    e.preventDefault();
    e.stopPropagation();
    this.#seek(t, true);
  }

  #renderRangeBand() {
    const r = this.range;
    if (!r || (r.start === null && r.end === null)) return nothing;
    const from = this.#pct(r.start ?? 0);
    const to = this.#pct(r.end ?? this.duration);
    return html`<div class="timeline__range" style="left:${from}%;width:${Math.max(0, to - from)}%"></div>`;
  }

  #renderRangeFlags() {
    const r = this.range;
    if (!r) return nothing;
    const flag = (ms: number | null, name: 'start' | 'end', label: string) =>
      ms === null
        ? nothing
        : html`<div
            class="timeline__flag timeline__flag--${name}"
            style="left:${this.#pct(ms)}%"
            title="${label}: ${formatDuration(ms)}"
            aria-hidden="true"
          >
            ${label}
          </div>`;
    return html`${flag(r.start, 'start', 'Start')}${flag(r.end, 'end', 'End')}`;
  }

  override render() {
    const shown = this.dragging ? this.dragTime : this.currentTime;
    const progress = this.#pct(shown);
    return html`
      <div
        class="timeline ${this.dragging ? 'timeline--dragging' : ''}"
        role="slider"
        tabindex="0"
        aria-label="Seek"
        aria-valuemin="0"
        aria-valuemax=${Math.round(this.duration)}
        aria-valuenow=${Math.round(shown)}
        aria-valuetext="${formatDuration(shown)} of ${formatDuration(this.duration)}"
        @pointerdown=${this.#down}
        @pointermove=${this.#move}
        @pointerup=${this.#up}
        @pointercancel=${this.#up}
        @pointerleave=${this.#leave}
        @keydown=${this.#key}
      >
        <div class="timeline__track">
          <div
            class="timeline__loaded"
            style="left:${this.#pct(this.loadedFrom)}%;width:${Math.max(0, this.#pct(this.loadedTo) - this.#pct(this.loadedFrom))}%"
          ></div>
          <div class="timeline__progress" style="width:${progress}%"></div>
          ${this.#renderRangeBand()}
        </div>
        ${this.#renderRangeFlags()}
        ${this.markers.map(
          (m) =>
            html`<button
              type="button"
              tabindex="-1"
              class="timeline__marker timeline__marker--${m.kind}"
              style="left:${this.#pct(m.time)}%"
              title="${formatDuration(m.time)} · ${m.kind}${m.label ? `: ${m.label}` : ''}"
              aria-label="${m.kind} at ${formatDuration(m.time)}"
              @click=${(e: Event) => {
                e.stopPropagation();
                if (m.id === undefined) return this.#seek(Math.max(0, m.time - 500), true);
                this.#seek(m.time, true);
                emit(this, 'cobrowse-marker-selected', { id: m.id });
              }}
            ></button>`,
        )}
        <div class="timeline__thumb" style="left:${progress}%"></div>
        ${
          this.dragging
            ? html`<div class="timeline__hover" style="left:${progress}%">${formatDuration(shown)}</div>`
            : this.hoverTime !== null
              ? html`<div class="timeline__hover" style="left:${this.#pct(this.hoverTime)}%">${formatDuration(this.hoverTime)}</div>`
              : nothing
        }
      </div>
    `;
  }
}
