/**
 * @module server/tutorials/tutorial-service
 * Making a tutorial from recorded ranges (with the proposed steps), changing
 * its settings, deleting it. Its parts: `step-service.ts` (steps) and
 * `part-service.ts` (chapters, annotations, redactions). Every function
 * takes the caller's scope and a tutorial found in it (`tutorialInScope`);
 * bad input is a 400, never a half-made change: each change is one
 * transaction.
 */
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import { tutorials, tutorialSources, tutorialSteps } from '../../db/schema.ts';
import { badRequest } from '../errors.ts';
import type { Scope } from '../scope/index.ts';
import { sessionInScope } from '../sessions/session-queries.ts';
import type { TutorialCreate, tutorialUpdateSchema } from '../../protocol/tutorials.ts';
import { extractSteps } from './transform/index.ts';
import type { TutorialRow } from './tutorial-dto.ts';
import { cutEvents } from './tutorial-events.ts';
import { stepOf } from './tutorial-rows.ts';

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
