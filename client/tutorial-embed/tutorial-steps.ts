/**
 * @module client/tutorial-embed/tutorial-steps
 * The published steps as the player walks them (pure): which step a moment
 * of the replay is at, which annotations go with a step, and the steps
 * grouped under their chapters for the list.
 */
import type { PublishedAnnotation, PublishedStep, PublicTutorial } from '../../protocol/tutorials.ts';

/** The last step whose time is at or before `t` (ms from the start of the events); -1 before the first. */
export function stepIndexAt(steps: readonly PublishedStep[], t: number): number {
  let found = -1;
  steps.forEach((s, i) => {
    if (s.t <= t) found = i;
  });
  return found;
}

/**
 * While playing: the step shown next, given the one shown now. Time moving
 * forward only ever advances it (two steps at the same moment are both
 * visited by next/previous, never skipped back); going back in time follows.
 */
export function followPlayback(steps: readonly PublishedStep[], current: number, t: number): number {
  const at = stepIndexAt(steps, t);
  const shown = steps[current];
  if (at > current) return shown && steps[at]!.t === shown.t ? current : at;
  return shown && t < shown.t ? at : current;
}

/** The step's annotations: those attached to it, and those placed by time within it (until the next step). */
export function annotationsOf(tutorial: PublicTutorial, index: number): PublishedAnnotation[] {
  const step = tutorial.steps[index];
  if (!step) return [];
  const next = tutorial.steps[index + 1];
  return tutorial.annotations.filter((a) => (a.stepId ? a.stepId === step.id : a.t !== null && a.t >= step.t && (!next || a.t < next.t)));
}

export interface StepGroup {
  chapter: { id: string; title: string } | null;
  steps: { step: PublishedStep; index: number }[];
}

/** Consecutive steps of the same chapter (or of none) as one group, in step order. */
export function stepGroups(tutorial: PublicTutorial): StepGroup[] {
  const chapters = new Map(tutorial.chapters.map((c) => [c.id, c]));
  const groups: StepGroup[] = [];
  tutorial.steps.forEach((step, index) => {
    const chapter = (step.chapterId && chapters.get(step.chapterId)) || null;
    const last = groups.at(-1);
    if (last && last.chapter?.id === chapter?.id) last.steps.push({ step, index });
    else groups.push({ chapter, steps: [{ step, index }] });
  });
  return groups;
}

export { titleParts } from '../../protocol/tutorials-constants.ts';
