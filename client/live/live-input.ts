/**
 * @module client/live/live-input
 * Turns the advisor's input over the replay into live messages: pointer
 * moves (throttled), draw strokes (batched points, `done` on release) and,
 * while in control, clicks, wheel scrolls and typing as `control` commands
 * aimed at replayed node ids, each carrying the tab and page on screen when
 * the advisor acted (`LiveReplay.aim`), so the customer's side refuses it
 * if that page is gone by the time it arrives. Coordinates are the customer's viewport CSS px:
 * the caller converts from screen (the replay is scaled) before calling.
 *
 * The advisor's own strokes are shown as the customer sees them: a finished
 * stroke fades after {@link DRAW_FADE_MS}, as on the customer's page, so
 * neither side keeps a drawing the other no longer sees.
 */
import type { ControlCommand, ControlTarget } from '../../protocol/live.ts';
import { DRAW_FADE_MS, DRAW_FADE_OUT_MS, MAX_DRAW_POINTS } from '../../protocol/live-constants.ts';
import type { LiveConnection } from './live-connection.ts';
import type { LiveReplay, PageAim } from './live-replay.ts';

export interface Stroke {
  id: string;
  points: [number, number][];
  color: string;
  width: number;
  /** Fading out (removed {@link DRAW_FADE_OUT_MS} later). */
  fading?: boolean;
}

export const DRAW_COLOR = '#ff3b30';
export const DRAW_WIDTH = 4;

/** Sends at most once per `ms`, always delivering the latest value (trailing). */
class Throttle<T> {
  #ms: number;
  #send: (value: T) => void;
  #last = 0;
  #pending: { value: T } | null = null;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(ms: number, send: (value: T) => void) {
    this.#ms = ms;
    this.#send = send;
  }

  push(value: T): void {
    const wait = this.#last + this.#ms - performance.now();
    if (wait <= 0 && !this.#timer) {
      this.#last = performance.now();
      this.#send(value);
      return;
    }
    this.#pending = { value };
    this.#timer ??= setTimeout(() => this.flush(), Math.max(0, wait));
  }

  flush(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const p = this.#pending;
    this.#pending = null;
    if (p) {
      this.#last = performance.now();
      this.#send(p.value);
    }
  }

  cancel(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#pending = null;
  }
}

let strokes = 0;

export class LiveInput {
  #connection: () => LiveConnection | null;
  #replay: LiveReplay;
  #pointer: Throttle<{ x: number; y: number }>;
  #stroke: Stroke | null = null;
  #unsent: [number, number][] = [];
  #drawFlush: ReturnType<typeof setTimeout> | undefined;
  #scroll: { target: ControlTarget | undefined; x: number; y: number; at: number } | null = null;
  #scrollSend: Throttle<{ command: ControlCommand; aim: PageAim | null }>;
  /** The last clicked replayed node while in control: where typing goes. */
  focusId = -1;
  #typed: string | null = null;
  /** The advisor's own strokes, shown over the replay. */
  strokes: Stroke[] = [];
  onStrokes: () => void = () => {};
  /** Finished strokes' fade (then removal) timers, by stroke id. */
  #fades = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(connection: () => LiveConnection | null, replay: LiveReplay, throttleMs = 50) {
    this.#connection = connection;
    this.#replay = replay;
    this.#pointer = new Throttle(throttleMs, (p) => this.#connection()?.pointer(round(p.x), round(p.y), true));
    // NOTE: a throttled scroll keeps the page it was aimed at, not the one on screen when it leaves.
    this.#scrollSend = new Throttle(throttleMs, ({ command, aim }) => aim && this.#connection()?.control(command, aim));
  }

  pointerMove(x: number, y: number): void {
    this.#pointer.push({ x, y });
  }

  pointerLeave(): void {
    this.#pointer.cancel();
    this.#connection()?.pointer(0, 0, false);
  }

  // ───────── drawing ─────────

  drawStart(x: number, y: number): void {
    this.drawEnd();
    const stroke: Stroke = {
      id: `s${Date.now().toString(36)}${(strokes++).toString(36)}`,
      points: [[round(x), round(y)]],
      color: DRAW_COLOR,
      width: DRAW_WIDTH,
    };
    this.#stroke = stroke;
    this.#unsent = [...stroke.points];
    this.strokes = [...this.strokes, stroke];
    this.onStrokes();
    this.#scheduleDraw();
  }

  drawMove(x: number, y: number): void {
    const s = this.#stroke;
    if (!s) return;
    const p: [number, number] = [round(x), round(y)];
    const last = s.points.at(-1)!;
    if (Math.abs(last[0] - p[0]) + Math.abs(last[1] - p[1]) < 2) return;
    s.points.push(p);
    this.#unsent.push(p);
    this.strokes = [...this.strokes];
    this.onStrokes();
    if (this.#unsent.length >= MAX_DRAW_POINTS) this.#flushDraw(false);
    else this.#scheduleDraw();
  }

  drawEnd(): void {
    const stroke = this.#stroke;
    if (!stroke) return;
    this.#flushDraw(true);
    this.#stroke = null;
    this.#fades.set(
      stroke.id,
      setTimeout(() => {
        this.#update(stroke.id, { ...stroke, fading: true });
        this.#fades.set(
          stroke.id,
          setTimeout(() => {
            this.#fades.delete(stroke.id);
            this.#update(stroke.id, null);
          }, DRAW_FADE_OUT_MS),
        );
      }, DRAW_FADE_MS),
    );
  }

  clearDrawing(): void {
    this.drawEnd();
    this.#clearFades();
    this.strokes = [];
    this.onStrokes();
    this.#connection()?.drawClear();
  }

  #scheduleDraw(): void {
    this.#drawFlush ??= setTimeout(() => this.#flushDraw(false), 50);
  }

  #flushDraw(done: boolean): void {
    clearTimeout(this.#drawFlush);
    this.#drawFlush = undefined;
    const s = this.#stroke;
    if (!s) return;
    const points = this.#unsent.splice(0, MAX_DRAW_POINTS);
    // `points` must not be empty: a final message repeats the last point.
    if (points.length === 0) {
      if (!done) return;
      points.push(s.points.at(-1)!);
    }
    this.#connection()?.draw({ strokeId: s.id, points, color: s.color, width: s.width, done });
  }

  // ───────── control ─────────

  /** A click on the replay: aimed at the node under the point (coordinates when none). */
  click(x: number, y: number, button: 'left' | 'middle' | 'right' = 'left'): ControlCommand | null {
    const { id } = this.#replay.nodeAt(x, y);
    if (id !== this.focusId) this.#typed = null;
    this.focusId = id;
    const target: ControlTarget = id >= 0 ? { nodeId: id } : { x: round(x), y: round(y) };
    const command: ControlCommand = { action: 'click', target, ...(button !== 'left' ? { button } : {}) };
    return this.#control(command) ? command : null;
  }

  /** A wheel turn over the replay: scrolls the scrollable node under it (or the document). */
  wheel(x: number, y: number, dx: number, dy: number): void {
    const { node } = this.#replay.nodeAt(x, y);
    const scroller = scrollableAncestor(node);
    const doc = this.#replay.iframe?.contentDocument;
    const docEl = doc?.scrollingElement ?? doc?.documentElement ?? null;
    const isDoc = !scroller || scroller === docEl || scroller === doc?.body;
    const id = isDoc ? -1 : this.#replay.idOf(scroller);
    const target: ControlTarget | undefined = id >= 0 ? { nodeId: id } : undefined;
    const sameTarget = this.#scroll && (this.#scroll.target as { nodeId?: number } | undefined)?.nodeId === target?.nodeId;
    if (!this.#scroll || !sameTarget || performance.now() - this.#scroll.at > 400) {
      const el = isDoc ? docEl : scroller;
      this.#scroll = { target, x: el?.scrollLeft ?? 0, y: el?.scrollTop ?? 0, at: 0 };
    }
    const s = this.#scroll;
    s.x = Math.max(0, s.x + dx);
    s.y = Math.max(0, s.y + dy);
    s.at = performance.now();
    const command: ControlCommand = { action: 'scroll', ...(target ? { target } : {}), scrollX: round(s.x), scrollY: round(s.y) };
    this.#scrollSend.push({ command, aim: this.#replay.aim });
  }

  /** A key pressed over the replay: text into the focused field as `input`, other keys as `key`. */
  key(e: Pick<KeyboardEvent, 'key' | 'altKey' | 'ctrlKey' | 'metaKey' | 'shiftKey'>): ControlCommand | null {
    const live = this.#connection();
    if (!live) return null;
    const target: ControlTarget | undefined = this.focusId >= 0 ? { nodeId: this.focusId } : undefined;
    const field = this.#focusedField();
    const plain = !e.ctrlKey && !e.metaKey && !e.altKey;
    if (field && target && plain && (e.key.length === 1 || e.key === 'Backspace')) {
      const before = this.#typed ?? field.value;
      const value = e.key === 'Backspace' ? before.slice(0, -1) : before + e.key;
      this.#typed = value;
      const command: ControlCommand = { action: 'input', target, value };
      return this.#control(command) ? command : null;
    }
    const modifiers = { alt: e.altKey, ctrl: e.ctrlKey, meta: e.metaKey, shift: e.shiftKey };
    const command: ControlCommand = { action: 'key', ...(target ? { target } : {}), key: e.key.slice(0, 32), modifiers };
    return this.#control(command) ? command : null;
  }

  /** Sends a command aimed at the page on screen (none before a page is). */
  #control(command: ControlCommand): boolean {
    const aim = this.#replay.aim;
    return !!aim && !!this.#connection()?.control(command, aim);
  }

  dispose(): void {
    this.#pointer.cancel();
    this.#scrollSend.cancel();
    clearTimeout(this.#drawFlush);
    this.#clearFades();
  }

  /** Replaces (or, with null, removes) one of the advisor's strokes. */
  #update(id: string, next: Stroke | null): void {
    this.strokes = this.strokes.flatMap((s) => (s.id !== id ? [s] : next ? [next] : []));
    this.onStrokes();
  }

  #clearFades(): void {
    for (const timer of this.#fades.values()) clearTimeout(timer);
    this.#fades.clear();
  }

  #focusedField(): HTMLInputElement | HTMLTextAreaElement | null {
    if (this.focusId < 0) return null;
    const node = this.#replay.replayer?.getMirror().getNode(this.focusId) ?? null;
    if (!node || node.nodeType !== 1) return null;
    const el = node as Element;
    const tag = el.tagName;
    if (tag === 'TEXTAREA') return el as HTMLTextAreaElement;
    if (tag === 'INPUT') {
      const type = (el.getAttribute('type') ?? 'text').toLowerCase();
      if (!['checkbox', 'radio', 'submit', 'button', 'reset', 'file', 'image', 'range', 'color'].includes(type)) {
        return el as HTMLInputElement;
      }
    }
    return null;
  }
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

function scrollableAncestor(node: Element | null): Element | null {
  for (let el = node; el; el = el.parentElement) {
    if (el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1) {
      const style = el.ownerDocument.defaultView?.getComputedStyle(el);
      const o = `${style?.overflowY} ${style?.overflowX}`;
      if (/auto|scroll/.test(o) || el === el.ownerDocument.scrollingElement) return el;
    }
  }
  return null;
}
