/**
 * @module server/tutorials/tutorial-rows
 * What the tutorial services share when they change a tutorial: the
 * transaction type, marking it changed, and finding its steps and chapters
 * (ids of another tutorial's parts are not found).
 */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { tutorialChapters, tutorials, tutorialSteps } from '../../db/schema.ts';
import { badRequest, notFound } from '../errors.ts';
import type { StepRow, TutorialRow } from './tutorial-dto.ts';

/** A transaction (or the database) a change runs in. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Marks the tutorial changed now (the list's order and `updatedSince`). */
export const touch = (db: Db | Tx, id: string) => db.update(tutorials).set({ updatedAt: new Date() }).where(eq(tutorials.id, id));
/** The step `stepId` of this tutorial, else 404 (another tutorial's step too). */
export async function stepOf(db: Db | Tx, row: TutorialRow, stepId: string): Promise<StepRow> {
  const [step] = await db
    .select()
    .from(tutorialSteps)
    .where(and(eq(tutorialSteps.id, stepId.toLowerCase()), eq(tutorialSteps.tutorialId, row.id)));
  if (!step) throw notFound('no such step in this tutorial');
  return step;
}

/** The tutorial's steps in their order. */
export const orderedSteps = (db: Db | Tx, tutorialId: string) =>
  db.select().from(tutorialSteps).where(eq(tutorialSteps.tutorialId, tutorialId)).orderBy(tutorialSteps.position, tutorialSteps.id);

/** Gives the steps positions 0…n-1 in the order of `ids`. */
export async function renumber(tx: Tx, ids: readonly string[]): Promise<void> {
  for (const [position, id] of ids.entries()) await tx.update(tutorialSteps).set({ position }).where(eq(tutorialSteps.id, id));
}

/** A chapter id given in a body must be one of this tutorial's (else 400). */
export async function checkChapter(db: Db | Tx, row: TutorialRow, chapterId: string | null | undefined): Promise<void> {
  if (!chapterId) return;
  const [found] = await db
    .select({ id: tutorialChapters.id })
    .from(tutorialChapters)
    .where(and(eq(tutorialChapters.id, chapterId), eq(tutorialChapters.tutorialId, row.id)));
  if (!found) throw badRequest('no such chapter in this tutorial');
}
