/**
 * @module server/tutorials/part-service
 * A tutorial's chapters (a step names its chapter), annotations (on a step
 * or a moment) and redactions (elements on every page or one, texts,
 * values ignored on purpose; repeats skipped). Ids of another tutorial's
 * parts are a 404; each change is one transaction.
 */
import { and, eq, inArray, max } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { tutorialAnnotations, tutorialChapters, tutorialRedactions, tutorialSteps } from '../../db/schema.ts';
import { notFound } from '../errors.ts';
import type { Scope } from '../scope/index.ts';
import type { annotationCreateSchema, chapterCreateSchema, redactionCreateSchema } from '../../protocol/tutorials.ts';
import type { TutorialRow } from './tutorial-dto.ts';
import { stepOf, touch } from './tutorial-rows.ts';

export async function addChapter(scope: Scope, row: TutorialRow, input: z.output<typeof chapterCreateSchema>): Promise<string> {
  const stepIds = [...new Set(input.stepIds ?? [])];
  for (const id of stepIds) await stepOf(scope.db, row, id);
  return scope.db.transaction(async (tx) => {
    const [last] = await tx
      .select({ n: max(tutorialChapters.position) })
      .from(tutorialChapters)
      .where(eq(tutorialChapters.tutorialId, row.id));
    const [created] = await tx
      .insert(tutorialChapters)
      .values({ tutorialId: row.id, title: input.title, position: (last?.n ?? -1) + 1 })
      .returning({ id: tutorialChapters.id });
    if (stepIds.length) await tx.update(tutorialSteps).set({ chapterId: created!.id }).where(inArray(tutorialSteps.id, stepIds));
    await touch(tx, row.id);
    return created!.id;
  });
}

async function chapterOf(db: Db, row: TutorialRow, chapterId: string) {
  const [chapter] = await db
    .select()
    .from(tutorialChapters)
    .where(and(eq(tutorialChapters.id, chapterId.toLowerCase()), eq(tutorialChapters.tutorialId, row.id)));
  if (!chapter) throw notFound('no such chapter in this tutorial');
  return chapter;
}

export async function renameChapter(scope: Scope, row: TutorialRow, chapterId: string, title: string): Promise<void> {
  const chapter = await chapterOf(scope.db, row, chapterId);
  await scope.db.transaction(async (tx) => {
    await tx.update(tutorialChapters).set({ title }).where(eq(tutorialChapters.id, chapter.id));
    await touch(tx, row.id);
  });
}

/** Deletes a chapter; its steps stay, in no chapter. */
export async function deleteChapter(scope: Scope, row: TutorialRow, chapterId: string): Promise<void> {
  const chapter = await chapterOf(scope.db, row, chapterId);
  await scope.db.transaction(async (tx) => {
    await tx.delete(tutorialChapters).where(eq(tutorialChapters.id, chapter.id));
    await touch(tx, row.id);
  });
}

export async function addAnnotation(scope: Scope, row: TutorialRow, input: z.output<typeof annotationCreateSchema>): Promise<string> {
  if (input.stepId) await stepOf(scope.db, row, input.stepId);
  return scope.db.transaction(async (tx) => {
    const [created] = await tx
      .insert(tutorialAnnotations)
      .values({
        tutorialId: row.id,
        stepId: input.stepId ?? null,
        t: input.t ?? null,
        nodeId: input.nodeId ?? null,
        kind: input.kind,
        text: input.text,
      })
      .returning({ id: tutorialAnnotations.id });
    await touch(tx, row.id);
    return created!.id;
  });
}

export async function deleteAnnotation(scope: Scope, row: TutorialRow, annotationId: string): Promise<void> {
  const deleted = await scope.db
    .delete(tutorialAnnotations)
    .where(and(eq(tutorialAnnotations.id, annotationId.toLowerCase()), eq(tutorialAnnotations.tutorialId, row.id)))
    .returning({ id: tutorialAnnotations.id });
  if (!deleted.length) throw notFound('no such annotation in this tutorial');
  await touch(scope.db, row.id);
}

/** Adds the redactions (repeats of existing ones are skipped); answers how many of each kind were new. */
export async function addRedactions(
  scope: Scope,
  row: TutorialRow,
  input: z.output<typeof redactionCreateSchema>,
): Promise<{ nodes: number; texts: number; ignored: number }> {
  return scope.db.transaction(async (tx) => {
    const existing = await tx.select().from(tutorialRedactions).where(eq(tutorialRedactions.tutorialId, row.id));
    const nodeKey = (id: number, atMs: number | null) => `${id}@${atMs ?? '*'}`;
    const known = new Set(existing.flatMap((r) => (r.kind === 'node' && r.nodeId !== null ? [nodeKey(r.nodeId, r.atMs)] : [])));
    const nodes = new Map<string, { nodeId: number; atMs: number | null }>();
    for (const n of [...(input.nodeIds ?? []).map((id) => ({ id, atMs: null })), ...(input.nodes ?? [])]) {
      const key = nodeKey(n.id, n.atMs);
      if (!known.has(key)) nodes.set(key, { nodeId: n.id, atMs: n.atMs });
    }
    const has = (kind: string, value: string) => existing.some((r) => r.kind === kind && r.text?.toLowerCase() === value.toLowerCase());
    const unique = (list: string[] | undefined, kind: string) =>
      [...new Map((list ?? []).map((t) => [t.toLowerCase(), t])).values()].filter((t) => !has(kind, t));
    const texts = unique(input.texts, 'text');
    const ignored = unique(input.ignore, 'ignore');
    const values = [
      ...[...nodes.values()].map((n) => ({ tutorialId: row.id, kind: 'node' as const, ...n })),
      ...texts.map((text) => ({ tutorialId: row.id, kind: 'text' as const, text })),
      ...ignored.map((text) => ({ tutorialId: row.id, kind: 'ignore' as const, text })),
    ];
    if (values.length) await tx.insert(tutorialRedactions).values(values);
    await touch(tx, row.id);
    return { nodes: nodes.size, texts: texts.length, ignored: ignored.length };
  });
}

export async function deleteRedaction(scope: Scope, row: TutorialRow, redactionId: string): Promise<void> {
  const deleted = await scope.db
    .delete(tutorialRedactions)
    .where(and(eq(tutorialRedactions.id, redactionId.toLowerCase()), eq(tutorialRedactions.tutorialId, row.id)))
    .returning({ id: tutorialRedactions.id });
  if (!deleted.length) throw notFound('no such redaction in this tutorial');
  await touch(scope.db, row.id);
}
