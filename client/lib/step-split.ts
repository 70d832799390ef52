/**
 * @module client/lib/step-split
 * Where the editor's Split cuts a step: the server takes a time after the
 * step's own and before the next step's (in the list's order).
 */
import type { TutorialStep } from '../../protocol/tutorials.ts';

/** Without a next step, a split this long after the step's time (the step runs to the end). */
export const SPLIT_AFTER_LAST_MS = 1_000;

/**
 * The cursor (ms of the tutorial) when it lies inside the step, else halfway
 * to the next step (or {@link SPLIT_AFTER_LAST_MS} after the last step's
 * time); null when the step has no room for a cut (the next step is at or
 * before it, or within a millisecond).
 */
export function splitPoint(step: Pick<TutorialStep, 't'>, next: Pick<TutorialStep, 't'> | undefined, cursor: number): number | null {
  const until = next ? next.t : Infinity;
  if (cursor > step.t && cursor < until) return Math.round(cursor);
  const t = Number.isFinite(until) ? Math.round((step.t + until) / 2) : step.t + SPLIT_AFTER_LAST_MS;
  return t > step.t && t < until ? t : null;
}
