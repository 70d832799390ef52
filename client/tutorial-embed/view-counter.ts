/**
 * @module client/tutorial-embed/view-counter
 * A reactive controller counting what the tutorial's authors see in its
 * analytics: one view once the player has been at least half visible for
 * {@link VISIBLE_MS} without a break (IntersectionObserver), one completion
 * when the last step is reached, and each step reached once. Each is sent
 * at most once per element and tutorial (`reset()` when `src` changes).
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ViewKind } from '../../protocol/tutorials.ts';

export const VISIBLE_MS = 3_000;
const VISIBLE_RATIO = 0.5;

export class ViewCounter implements ReactiveController {
  readonly #host: ReactiveControllerHost & HTMLElement;
  readonly #send: (kind: ViewKind, stepId?: string) => void;
  #observer: IntersectionObserver | null = null;
  #timer: ReturnType<typeof setTimeout> | null = null;
  readonly #sent = new Set<string>();
  /** False until the tutorial is loaded: nothing is counted for a link that does not open. */
  #armed = false;
  #visible = false;

  constructor(host: ReactiveControllerHost & HTMLElement, send: (kind: ViewKind, stepId?: string) => void) {
    this.#host = host;
    this.#send = send;
    host.addController(this);
  }

  hostConnected(): void {
    this.#observer = new IntersectionObserver((entries) => this.#onIntersect(entries), { threshold: [0, VISIBLE_RATIO, 1] });
    this.#observer.observe(this.#host);
  }

  hostDisconnected(): void {
    this.#observer?.disconnect();
    this.#observer = null;
    this.#stopTimer();
  }

  /** The tutorial is on screen (or not yet loaded): start counting its view. */
  arm(): void {
    this.#armed = true;
    this.#maybeStart();
  }

  reset(): void {
    this.#armed = false;
    this.#sent.clear();
    this.#stopTimer();
  }

  completed(): void {
    this.#once('complete');
  }

  stepReached(stepId: string): void {
    this.#once('step', stepId);
  }

  #once(kind: ViewKind, stepId?: string): void {
    if (!this.#armed) return;
    const key = stepId ? `${kind}:${stepId}` : kind;
    if (this.#sent.has(key)) return;
    this.#sent.add(key);
    this.#send(kind, stepId);
  }

  #onIntersect(entries: IntersectionObserverEntry[]): void {
    const entry = entries.at(-1);
    if (!entry) return;
    this.#visible = entry.isIntersecting && entry.intersectionRatio >= VISIBLE_RATIO;
    if (this.#visible) this.#maybeStart();
    else this.#stopTimer();
  }

  #maybeStart(): void {
    if (!this.#armed || !this.#visible || this.#timer || this.#sent.has('view')) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#once('view');
    }, VISIBLE_MS);
  }

  #stopTimer(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }
}
