/**
 * @module recorder/live/live-overlay.component
 * `<cobrowse-live-overlay>`: the advisors' pointers (a labelled cursor each)
 * and their short-lived drawings, in one full-viewport SVG layer above the
 * page with `pointer-events: none`: it never takes a click and never changes
 * the host page's DOM. Coordinates are the customer's viewport CSS px.
 *
 * Strokes fade {@link STROKE_FADE_MS} after they are finished (or after
 * {@link STROKE_MAX_MS} if the end never arrives); `draw_clear` removes one
 * advisor's strokes at once. A pointer hides after {@link POINTER_IDLE_MS}
 * without moves.
 *
 * NOTE: drawn imperatively (pointer moves arrive at frame rate), not through
 * Lit templates.
 */
import { LitElement, css, html, svg } from 'lit';
import { DRAW_FADE_MS, DRAW_FADE_OUT_MS } from '../../protocol/live-constants.ts';
import type { LiveSession, OverlayMessage } from './live-session.ts';

/** The same on the advisor's side (client/live/live-input.ts). */
export const STROKE_FADE_MS = DRAW_FADE_MS;
export const STROKE_MAX_MS = 15_000;
export const POINTER_IDLE_MS = 8_000;
const FADE_OUT_MS = DRAW_FADE_OUT_MS;
const SVG_NS = 'http://www.w3.org/2000/svg';
const POINTER_COLORS = ['#7c3aed', '#0891b2', '#db2777', '#ea580c'];

interface Stroke {
  line: SVGPolylineElement;
  points: string[];
  timer: ReturnType<typeof setTimeout>;
}

export class CobrowseLiveOverlay extends LitElement {
  static override styles = css`
    :host {
      display: contents;
    }
    .overlay {
      all: initial;
      position: fixed;
      inset: 0;
      z-index: 2147483645;
      pointer-events: none;
      overflow: hidden;
    }
    svg {
      display: block;
      width: 100%;
      height: 100%;
      overflow: visible;
    }
    .stroke {
      fill: none;
      stroke-linecap: round;
      stroke-linejoin: round;
      transition: opacity ${FADE_OUT_MS}ms ease-out;
    }
    .stroke--fading,
    .pointer--hidden {
      opacity: 0;
    }
    .pointer {
      transition: opacity 0.3s;
    }
    .pointer__label {
      font:
        600 12px system-ui,
        -apple-system,
        'Segoe UI',
        Roboto,
        sans-serif;
      fill: #fff;
    }
  `;

  static override properties = {
    session: { attribute: false },
  };

  declare session: LiveSession | undefined;

  #unsubscribe: (() => void) | undefined;
  #strokes = new Map<string, Stroke & { viewerId: string }>();
  #pointers = new Map<string, { g: SVGGElement; timer: ReturnType<typeof setTimeout> }>();

  override render() {
    return html`<div class="overlay" data-cb-block aria-hidden="true">
      ${svg`<svg xmlns=${SVG_NS}><g class="strokes"></g><g class="pointers"></g></svg>`}
    </div>`;
  }

  protected override updated(): void {
    this.#listen();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    this.#clearAll();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.hasUpdated) this.#listen();
  }

  #listenedTo: LiveSession | undefined;

  #listen() {
    if (this.#listenedTo === this.session && this.#unsubscribe) return;
    this.#unsubscribe?.();
    this.#clearAll();
    this.#listenedTo = this.session;
    this.#unsubscribe = this.session?.onOverlay((m) => this.#onMessage(m));
  }

  #group(name: 'strokes' | 'pointers'): SVGGElement | null {
    return this.renderRoot.querySelector<SVGGElement>(`g.${name}`);
  }

  #onMessage(m: OverlayMessage) {
    switch (m.type) {
      case 'pointer':
        return this.#pointer(m.viewerId, m.x, m.y, m.visible);
      case 'draw':
        return this.#draw(m);
      case 'draw_clear':
        for (const [id, stroke] of this.#strokes) if (stroke.viewerId === m.viewerId) this.#removeStroke(id);
        return;
    }
  }

  #pointer(viewerId: string, x: number, y: number, visible: boolean) {
    let entry = this.#pointers.get(viewerId);
    if (!entry) {
      const group = this.#group('pointers');
      if (!group) return;
      const color = POINTER_COLORS[this.#pointers.size % POINTER_COLORS.length]!;
      const name = this.session?.nameOf(viewerId) ?? 'Advisor';
      const g = document.createElementNS(SVG_NS, 'g');
      g.setAttribute('class', 'pointer');
      g.setAttribute('data-viewer', viewerId);
      g.innerHTML = `<path d="M0 0 L0 17 L4.5 13 L7.5 20 L10.5 18.8 L7.6 12 L13 12 Z" fill="${color}" stroke="#fff" stroke-width="1.5" stroke-linejoin="round"/>
        <rect x="14" y="16" rx="6" ry="6" height="22" fill="${color}"/>
        <text class="pointer__label" x="22" y="31"></text>`;
      const text = g.querySelector('text')!;
      text.textContent = name;
      group.append(g);
      // Size the label's pill to its text.
      const width = Math.ceil(text.getComputedTextLength?.() ?? name.length * 7) + 16;
      g.querySelector('rect')!.setAttribute('width', String(width));
      entry = { g, timer: setTimeout(() => {}) };
      this.#pointers.set(viewerId, entry);
    }
    const { g } = entry;
    g.setAttribute('transform', `translate(${x} ${y})`);
    g.classList.toggle('pointer--hidden', !visible);
    clearTimeout(entry.timer);
    entry.timer = setTimeout(() => g.classList.add('pointer--hidden'), POINTER_IDLE_MS);
  }

  #draw(m: Extract<OverlayMessage, { type: 'draw' }>) {
    const key = `${m.viewerId}:${m.strokeId}`;
    let stroke = this.#strokes.get(key);
    if (!stroke) {
      const group = this.#group('strokes');
      if (!group) return;
      const line = document.createElementNS(SVG_NS, 'polyline');
      line.setAttribute('class', 'stroke');
      group.append(line);
      stroke = { line, points: [], viewerId: m.viewerId, timer: setTimeout(() => this.#fade(key), STROKE_MAX_MS) };
      this.#strokes.set(key, stroke);
    }
    stroke.line.setAttribute('stroke', m.color);
    stroke.line.setAttribute('stroke-width', String(m.width));
    stroke.line.setAttribute('stroke-opacity', '0.85');
    for (const [x, y] of m.points) stroke.points.push(`${x},${y}`);
    stroke.line.setAttribute('points', stroke.points.join(' '));
    if (m.done) {
      clearTimeout(stroke.timer);
      stroke.timer = setTimeout(() => this.#fade(key), STROKE_FADE_MS);
    }
  }

  #fade(key: string) {
    const stroke = this.#strokes.get(key);
    if (!stroke) return;
    stroke.line.classList.add('stroke--fading');
    stroke.timer = setTimeout(() => this.#removeStroke(key), FADE_OUT_MS);
  }

  #removeStroke(key: string) {
    const stroke = this.#strokes.get(key);
    if (!stroke) return;
    clearTimeout(stroke.timer);
    stroke.line.remove();
    this.#strokes.delete(key);
  }

  #clearAll() {
    for (const key of [...this.#strokes.keys()]) this.#removeStroke(key);
    for (const { g, timer } of this.#pointers.values()) {
      clearTimeout(timer);
      g.remove();
    }
    this.#pointers.clear();
  }
}
