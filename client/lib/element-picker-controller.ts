/**
 * @module client/lib/element-picker-controller
 * A reactive controller that lets a person point at an element of a replay
 * (the advisor app's replay stage: a Replayer mounted, scaled, in a stage):
 *
 * - `pick()` covers the stage with a layer: the element under the pointer is
 *   outlined; a click answers it (rrweb node id through the Replayer's
 *   mirror, with a selector and a label from `element-anchor.ts`); Esc or
 *   `cancel()` answers null. Nothing reaches the replay meanwhile.
 * - `outline(target)` keeps one element outlined (a comment's, once
 *   opened): found by node id, else by selector, wherever the replay shows
 *   it now; looked for again on each render of the host, for a few frames
 *   while the replay is still being built, and after the stage is resized
 *   (the replay is scaled anew).
 *
 * The host renders `render()` inside its stage (positioned) and adds
 * {@link elementPickerStyles} to its styles.
 */
import { css, html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import type { Replayer } from 'rrweb';
import { targetBox } from '../tutorial-embed/target-box.ts';
import { labelOf, selectorOf } from './element-anchor.ts';

export interface PickedElement {
  nodeId: number;
  selector: string;
  label: string;
}

export interface OutlineTarget {
  nodeId: number | null;
  selector?: string | null;
}

export interface ElementPickerOptions {
  /** The replay the elements are in (null while none is built). */
  replayer: () => Replayer | null;
  /** The element the layer covers (positioned: the layer is `inset: 0` in it). */
  stage: () => HTMLElement | null;
}

interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Frames an outline keeps looking for its element while the replay is being built. */
const OUTLINE_RETRY_FRAMES = 120;

export class ElementPickerController implements ReactiveController {
  /** A pick is under way. */
  active = false;
  /** The outlined element under the pointer while picking, in stage pixels. */
  hover: Box | null = null;
  hoverLabel = '';
  readonly #host: ReactiveControllerHost;
  readonly #options: ElementPickerOptions;
  #resolve: ((picked: PickedElement | null) => void) | null = null;
  #target: OutlineTarget | null = null;
  #retries = 0;
  #retryFrame = 0;
  #resize: ResizeObserver | null = null;
  #observed: HTMLElement | null = null;

  constructor(host: ReactiveControllerHost, options: ElementPickerOptions) {
    this.#host = host;
    this.#options = options;
    host.addController(this);
  }

  hostConnected(): void {}

  /** Watches the stage's size: the host refits the replay on a resize, and the outline must follow it. */
  hostUpdated(): void {
    const stage = this.#options.stage();
    if (!stage || stage === this.#observed) return;
    this.#resize?.disconnect();
    this.#observed = stage;
    // NOTE: a frame later, once the host's own observer has refitted the replay.
    this.#resize = new ResizeObserver(() => requestAnimationFrame(() => this.#target && this.#host.requestUpdate()));
    this.#resize.observe(stage);
  }

  hostDisconnected(): void {
    this.cancel();
    cancelAnimationFrame(this.#retryFrame);
    this.#resize?.disconnect();
    this.#resize = null;
    this.#observed = null;
  }

  /** Starts picking; answers the element clicked, or null when cancelled (Esc, `cancel()`, another pick). */
  pick(): Promise<PickedElement | null> {
    this.#finish(null);
    this.active = true;
    this.hover = null;
    document.addEventListener('keydown', this.#onKey, true);
    this.#host.requestUpdate();
    return new Promise((resolve) => (this.#resolve = resolve));
  }

  cancel(): void {
    this.#finish(null);
  }

  /** Keeps `target` outlined (null: none). */
  outline(target: OutlineTarget | null): void {
    this.#target = target;
    this.#retries = 0;
    this.#host.requestUpdate();
  }

  get outlined(): OutlineTarget | null {
    return this.#target;
  }

  /** The layer: the picking surface with its hover outline, or the kept outline. */
  render() {
    if (this.active) {
      return html`<div
        class="picker"
        role="application"
        aria-label="Pick an element: click it, or press Escape to cancel"
        @pointermove=${this.#onMove}
        @pointerleave=${() => this.#setHover(null, '')}
        @click=${this.#onClick}
      >
        ${this.hover ? html`<div class="picker__box" style=${boxStyle(this.hover)}></div>` : nothing}
        <div class="picker__hint" role="status">${this.hoverLabel || 'Click an element'} · <kbd>Esc</kbd> cancels</div>
      </div>`;
    }
    const box = this.#target ? this.#outlineBox(this.#target) : null;
    if (this.#target && !box) this.#retryLater();
    return box ? html`<div class="picker__box picker__box--kept" data-outline style=${boxStyle(box)}></div>` : nothing;
  }

  // --- private -------------------------------------------------------------

  #finish(picked: PickedElement | null): void {
    const resolve = this.#resolve;
    this.#resolve = null;
    if (this.active) {
      this.active = false;
      this.hover = null;
      this.hoverLabel = '';
      document.removeEventListener('keydown', this.#onKey, true);
      this.#host.requestUpdate();
    }
    resolve?.(picked);
  }

  #onKey = (e: KeyboardEvent): void => {
    if (e.key !== 'Escape') return;
    e.preventDefault();
    e.stopPropagation();
    this.cancel();
  };

  /** Where the replay's iframe is in the stage, and its scale (recorded CSS px → stage px). */
  #frame(): { doc: Document; left: number; top: number; scale: number } | null {
    const replayer = this.#options.replayer();
    const stage = this.#options.stage();
    const iframe = replayer?.iframe;
    const doc = iframe?.contentDocument;
    if (!iframe || !doc || !stage || !iframe.offsetWidth) return null;
    const rect = iframe.getBoundingClientRect();
    const at = stage.getBoundingClientRect();
    return { doc, left: rect.left - at.left, top: rect.top - at.top, scale: rect.width / iframe.offsetWidth };
  }

  #elementAt(e: MouseEvent): Element | null {
    const frame = this.#frame();
    const stage = this.#options.stage();
    if (!frame || !stage) return null;
    const at = stage.getBoundingClientRect();
    const x = (e.clientX - at.left - frame.left) / frame.scale;
    const y = (e.clientY - at.top - frame.top) / frame.scale;
    const el = frame.doc.elementFromPoint(x, y);
    // The page's root is not an element anyone means.
    return el && el.localName !== 'html' && el.localName !== 'body' ? el : null;
  }

  #toStage(box: { x: number; y: number; width: number; height: number }): Box | null {
    const frame = this.#frame();
    if (!frame) return null;
    return {
      left: frame.left + box.x * frame.scale,
      top: frame.top + box.y * frame.scale,
      width: box.width * frame.scale,
      height: box.height * frame.scale,
    };
  }

  #setHover(box: Box | null, label: string): void {
    this.hover = box;
    this.hoverLabel = label;
    this.#host.requestUpdate();
  }

  #onMove = (e: PointerEvent): void => {
    const el = this.#elementAt(e);
    if (!el) return this.#setHover(null, '');
    const r = el.getBoundingClientRect();
    this.#setHover(this.#toStage({ x: r.left, y: r.top, width: r.width, height: r.height }), describe(el));
  };

  #onClick = (e: MouseEvent): void => {
    e.preventDefault();
    e.stopPropagation();
    const el = this.#elementAt(e);
    const id = el ? (this.#options.replayer()?.getMirror().getId(el) ?? -1) : -1;
    if (!el || id < 1) return; // nothing recorded there: keep picking
    this.#finish({ nodeId: id, selector: selectorOf(el), label: labelOf(el) });
  };

  #outlineBox(target: OutlineTarget): Box | null {
    const box = targetBox(this.#options.replayer(), { nodeId: target.nodeId, selector: target.selector ?? null });
    return box ? this.#toStage(box) : null;
  }

  #retryLater(): void {
    if (this.#retries >= OUTLINE_RETRY_FRAMES || this.#retryFrame) return;
    this.#retries++;
    this.#retryFrame = requestAnimationFrame(() => {
      this.#retryFrame = 0;
      this.#host.requestUpdate();
    });
  }
}

/** "button · Save": what the hint line says of the element under the pointer. */
function describe(el: Element): string {
  const label = labelOf(el);
  return label ? `${el.localName} · ${label}` : el.localName;
}

const boxStyle = (b: Box) => `left:${b.left}px;top:${b.top}px;width:${b.width}px;height:${b.height}px`;

/** The layer's look: a crosshair surface, the outline, the hint. */
export const elementPickerStyles = css`
  .picker {
    position: absolute;
    inset: 0;
    z-index: 5;
    cursor: crosshair;
  }
  .picker__box {
    position: absolute;
    z-index: 4;
    pointer-events: none;
    outline: 2px solid var(--cb-accent, #4f46e5);
    outline-offset: 1px;
    background: rgb(79 70 229 / 12%);
    border-radius: 3px;
  }
  .picker__box--kept {
    outline-color: #f59e0b;
    background: rgb(245 158 11 / 14%);
    box-shadow: 0 0 0 4px rgb(245 158 11 / 25%);
  }
  .picker__hint {
    position: absolute;
    left: 50%;
    bottom: 12px;
    transform: translateX(-50%);
    max-width: calc(100% - 24px);
    padding: 6px 12px;
    border-radius: 999px;
    background: rgb(17 24 39 / 88%);
    color: #fff;
    font-size: 13px;
    white-space: nowrap;
    overflow: hidden;
    text-overflow: ellipsis;
    pointer-events: none;
  }
  .picker__hint kbd {
    padding: 0;
    border: none;
    background: none;
    color: inherit;
    font: inherit;
    font-weight: 700;
  }
`;
