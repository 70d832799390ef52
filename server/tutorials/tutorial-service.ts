/**
 * @module server/tutorials/tutorial-service
 * Changing tutorials: making one from recorded ranges (with the proposed
 * steps), its settings, its steps (add, rename, body, reorder, merge, split,
 * delete), chapters, annotations and redactions, and deleting it. Every
 * function takes the caller's scope and a tutorial found in it
 * (`tutorialInScope`); ids of parts are checked to belong to that tutorial
 * (else 404). Bad input is a 400, never a half-made change: each change is
 * one transaction.
 */
import { randomBytes } from 'node:crypto';
import { and, eq, inArray, max } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { tutorialAnnotations, tutorialChapters, tutorialRedactions, tutorials, tutorialSources, tutorialSteps } from '../../db/schema.ts';
import { badRequest, notFound } from '../errors.ts';
import type { Scope } from '../scope/index.ts';
import { sessionInScope } from '../sessions/session-queries.ts';
import type { z } from 'zod';
import type {
  annotationCreateSchema,
  chapterCreateSchema,
  redactionCreateSchema,
  stepCreateSchema,
  stepUpdateSchema,
  TutorialCreate,
  tutorialUpdateSchema,
} from '../../protocol/tutorials.ts';
import { extractSteps } from './transform/index.ts';
import { cutEvents } from './tutorial-events.ts';
import type { StepRow, TutorialRow } from './tutorial-dto.ts';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** `reset-a-password-k3J9…`: readable, and unguessable (72 random bits) for unlisted tutorials. */
export function newSlug(title: string): string {
  const words = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48)
    .replace(/-+$/, '');
  const random = randomBytes(9).toString('base64url');
  return words ? `${words}-${random}` : random;
}

const touch = (db: Db | Tx, id: string) => db.update(tutorials).set({ updatedAt: new Date() }).where(eq(tutorials.id, id));

/** Makes a tutorial of the ranges (all of sessions in scope, of one site) with the proposed steps; answers its id. */
export async function createTutorial(scope: Scope, input: TutorialCreate): Promise<string> {
  const ranges = [{ sessionId: input.sessionId, startMs: input.startMs, endMs: input.endMs }, ...(input.sources ?? [])].map((r) => ({
    sessionId: r.sessionId.toLowerCase(),
    startMs: r.startMs ?? null,
    endMs: r.endMs ?? null,
  }));
  let siteId: string | undefined;
  for (const r of ranges) {
    const session = await sessionInScope(scope, r.sessionId);
    siteId ??= session.siteId;
    if (session.siteId !== siteId) throw badRequest('every source must be a recording of the same site');
  }
  const events = await cutEvents(scope.db, ranges);
  if (events.length === 0) throw badRequest('the recorded range holds no events');
  const proposed = extractSteps(events);
  return scope.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(tutorials)
      .values({ siteId: siteId!, authorId: scope.advisor.id, title: input.title, slug: newSlug(input.title) })
      .returning({ id: tutorials.id });
    const id = row!.id;
    await tx.insert(tutorialSources).values(ranges.map((r, position) => ({ tutorialId: id, position, ...r })));
    if (proposed.length) {
      await tx.insert(tutorialSteps).values(
        proposed.map((s, position) => ({
          tutorialId: id,
          position,
          title: s.title,
          kind: s.kind,
          t: Math.max(0, Math.round(s.t)),
          url: s.url,
          pageTitle: s.pageTitle ?? null,
          nodeId: s.nodeId ?? null,
          selector: s.selector ?? null,
          box: s.box ?? null,
        })),
      );
    }
    return id;
  });
}

export async function updateTutorial(scope: Scope, row: TutorialRow, change: z.output<typeof tutorialUpdateSchema>): Promise<void> {
  if (change.coverStepId) await stepOf(scope.db, row, change.coverStepId);
  await scope.db
    .update(tutorials)
    .set({
      ...(change.title !== undefined ? { title: change.title } : {}),
      ...(change.coverStepId !== undefined ? { coverStepId: change.coverStepId } : {}),
      ...(change.visibility !== undefined ? { visibility: change.visibility } : {}),
      ...(change.expiresAt !== undefined ? { expiresAt: change.expiresAt === null ? null : new Date(change.expiresAt) } : {}),
      updatedAt: new Date(),
    })
    .where(eq(tutorials.id, row.id));
}

/** Deletes the tutorial with everything it holds (its versions' own events too: the public page answers 404). */
export async function deleteTutorial(scope: Scope, row: TutorialRow): Promise<void> {
  await scope.db.delete(tutorials).where(eq(tutorials.id, row.id));
}

async function stepOf(db: Db | Tx, row: TutorialRow, stepId: string): Promise<StepRow> {
  const [step] = await db
    .select()
    .from(tutorialSteps)
    .where(and(eq(tutorialSteps.id, stepId.toLowerCase()), eq(tutorialSteps.tutorialId, row.id)));
  if (!step) throw notFound('no such step in this tutorial');
  return step;
}

const orderedSteps = (db: Db | Tx, tutorialId: string) =>
  db.select().from(tutorialSteps).where(eq(tutorialSteps.tutorialId, tutorialId)).orderBy(tutorialSteps.position, tutorialSteps.id);

/** Gives the steps positions 0…n-1 in the order of `ids`. */
async function renumber(tx: Tx, ids: readonly string[]): Promise<void> {
  for (const [position, id] of ids.entries()) await tx.update(tutorialSteps).set({ position }).where(eq(tutorialSteps.id, id));
}

async function checkChapter(db: Db | Tx, row: TutorialRow, chapterId: string | null | undefined): Promise<void> {
  if (!chapterId) return;
  const [found] = await db
    .select({ id: tutorialChapters.id })
    .from(tutorialChapters)
    .where(and(eq(tutorialChapters.id, chapterId), eq(tutorialChapters.tutorialId, row.id)));
  if (!found) throw badRequest('no such chapter in this tutorial');
}

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
