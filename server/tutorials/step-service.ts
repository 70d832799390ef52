/**
 * @module server/tutorials/step-service
 * A tutorial's steps: add, rename and body (and chapter), delete, reorder
 * (every step once), merge (neighbours only), split at a time. Positions
 * stay 0…n-1 after every change; each change is one transaction.
 */
import { eq, inArray } from 'drizzle-orm';
import type { z } from 'zod';
import { tutorials, tutorialSteps } from '../../db/schema.ts';
import { badRequest, notFound } from '../errors.ts';
import type { Scope } from '../scope/index.ts';
import type { stepCreateSchema, stepUpdateSchema } from '../../protocol/tutorials.ts';
import type { TutorialRow } from './tutorial-dto.ts';
import { checkChapter, orderedSteps, renumber, stepOf, touch } from './tutorial-rows.ts';

export async function addStep(scope: Scope, row: TutorialRow, input: z.output<typeof stepCreateSchema>): Promise<string> {
  await checkChapter(scope.db, row, input.chapterId);
  return scope.db.transaction(async (tx) => {
    const steps = await orderedSteps(tx, row.id);
    const at = input.position ?? steps.filter((s) => s.t <= input.t).length;
    const [created] = await tx
      .insert(tutorialSteps)
      .values({
        tutorialId: row.id,
        position: steps.length,
        title: input.title,
        body: input.body ?? '',
        kind: input.kind,
        t: input.t,
        url: input.url,
        pageTitle: input.pageTitle ?? null,
        nodeId: input.nodeId ?? null,
        selector: input.selector ?? null,
        box: input.box ?? null,
        chapterId: input.chapterId ?? null,
      })
      .returning({ id: tutorialSteps.id });
    const ids = steps.map((s) => s.id);
    ids.splice(Math.min(at, ids.length), 0, created!.id);
    await renumber(tx, ids);
    await touch(tx, row.id);
    return created!.id;
  });
}

export async function updateStep(scope: Scope, row: TutorialRow, stepId: string, change: z.output<typeof stepUpdateSchema>) {
  const step = await stepOf(scope.db, row, stepId);
  await checkChapter(scope.db, row, change.chapterId);
  await scope.db.transaction(async (tx) => {
    await tx
      .update(tutorialSteps)
      .set({
        ...(change.title !== undefined ? { title: change.title } : {}),
        ...(change.body !== undefined ? { body: change.body } : {}),
        ...(change.chapterId !== undefined ? { chapterId: change.chapterId } : {}),
      })
      .where(eq(tutorialSteps.id, step.id));
    await touch(tx, row.id);
  });
}

export async function deleteStep(scope: Scope, row: TutorialRow, stepId: string): Promise<void> {
  const step = await stepOf(scope.db, row, stepId);
  await scope.db.transaction(async (tx) => {
    await tx.delete(tutorialSteps).where(eq(tutorialSteps.id, step.id));
    if (row.coverStepId === step.id) await tx.update(tutorials).set({ coverStepId: null }).where(eq(tutorials.id, row.id));
    await renumber(
      tx,
      (await orderedSteps(tx, row.id)).map((s) => s.id),
    );
    await touch(tx, row.id);
  });
}

export async function reorderSteps(scope: Scope, row: TutorialRow, stepIds: readonly string[]): Promise<void> {
  await scope.db.transaction(async (tx) => {
    const current = new Set((await orderedSteps(tx, row.id)).map((s) => s.id));
    const given = new Set(stepIds);
    if (given.size !== stepIds.length || given.size !== current.size || [...given].some((id) => !current.has(id))) {
      throw badRequest("stepIds must name each of the tutorial's steps exactly once");
    }
    await renumber(tx, stepIds);
    await touch(tx, row.id);
  });
}

/** Neighbouring steps become the first: its time and element, the given title (or its own), the bodies joined. */
export async function mergeSteps(scope: Scope, row: TutorialRow, stepIds: readonly string[], title?: string): Promise<void> {
  await scope.db.transaction(async (tx) => {
    const steps = await orderedSteps(tx, row.id);
    const indexes = stepIds.map((id) => steps.findIndex((s) => s.id === id));
    if (indexes.some((i) => i < 0)) throw notFound('no such step in this tutorial');
    if (new Set(indexes).size !== indexes.length) throw badRequest('stepIds must be different steps');
    const sorted = [...indexes].sort((a, b) => a - b);
    if (sorted.some((i, k) => k > 0 && i !== sorted[k - 1]! + 1)) throw badRequest('only neighbouring steps can be merged');
    const merged = sorted.map((i) => steps[i]!);
    const [first, ...rest] = merged;
    const body = merged
      .map((s) => s.body.trim())
      .filter(Boolean)
      .join('\n\n');
    await tx
      .update(tutorialSteps)
      .set({ title: title ?? first!.title, body })
      .where(eq(tutorialSteps.id, first!.id));
    const restIds = rest.map((s) => s.id);
    await tx.delete(tutorialSteps).where(inArray(tutorialSteps.id, restIds));
    if (row.coverStepId && restIds.includes(row.coverStepId)) {
      await tx.update(tutorials).set({ coverStepId: first!.id }).where(eq(tutorials.id, row.id));
    }
    await renumber(
      tx,
      steps.filter((s) => !restIds.includes(s.id)).map((s) => s.id),
    );
    await touch(tx, row.id);
  });
}

/** Cuts a step at `t`: a new step right after it, from `t`, same page and chapter; answers its id. */
export async function splitStep(scope: Scope, row: TutorialRow, stepId: string, t: number, title?: string): Promise<string> {
  const step = await stepOf(scope.db, row, stepId);
  if (t <= step.t) throw badRequest("t must be after the step's own time");
  return scope.db.transaction(async (tx) => {
    const steps = await orderedSteps(tx, row.id);
    const next = steps[steps.findIndex((s) => s.id === step.id) + 1];
    if (next && t >= next.t) throw badRequest('t must be before the next step');
    const [created] = await tx
      .insert(tutorialSteps)
      .values({
        tutorialId: row.id,
        position: steps.length,
        title: title ?? `${step.title} (continued)`.slice(0, 300),
        kind: step.kind,
        t,
        url: step.url,
        pageTitle: step.pageTitle,
        chapterId: step.chapterId,
      })
      .returning({ id: tutorialSteps.id });
    const ids = steps.map((s) => s.id);
    ids.splice(ids.indexOf(step.id) + 1, 0, created!.id);
    await renumber(tx, ids);
    await touch(tx, row.id);
    return created!.id;
  });
}
