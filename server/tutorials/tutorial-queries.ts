/**
 * @module server/tutorials/tutorial-queries
 * Reading tutorials: one in the caller's scope (its site is one of theirs),
 * the filtered list, a tutorial with all its parts, and the public lookup by
 * slug. The only code reading the tutorial tables for the advisor API; every
 * read takes the caller's scope first (out of scope: 404).
 */
import { and, asc, desc, eq, gte, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import {
  advisors,
  tutorialAnnotations,
  tutorialChapters,
  tutorialRedactions,
  tutorials,
  tutorialSources,
  tutorialSteps,
  tutorialVersions,
} from '../../db/schema.ts';
import { notFound } from '../errors.ts';
import { isUuid } from '../lib/request.ts';
import { inScope, type Scope } from '../scope/index.ts';
import type { Tutorial, TutorialList, TutorialStatus } from '../../protocol/tutorials.ts';
import { toTutorial, toTutorialSummary, type TutorialParts, type TutorialRow } from './tutorial-dto.ts';

export interface TutorialFilters {
  siteId?: string | undefined;
  authorId?: string | undefined;
  status?: TutorialStatus | undefined;
  updatedSince?: number | undefined;
  limit: number;
}

function selectTutorials(db: Db) {
  return db
    .select({ tutorial: tutorials, authorName: advisors.name, versionNumber: tutorialVersions.number })
    .from(tutorials)
    .leftJoin(advisors, eq(advisors.id, tutorials.authorId))
    .leftJoin(tutorialVersions, eq(tutorialVersions.id, tutorials.currentVersionId));
}

const toRow = (r: { tutorial: typeof tutorials.$inferSelect; authorName: string | null; versionNumber: number | null }): TutorialRow => ({
  ...r.tutorial,
  authorName: r.authorName,
  versionNumber: r.versionNumber,
});

/** The tutorial `id` (as given in a path: anything) if its site is one of the caller's; else 404. */
export async function tutorialInScope(scope: Scope, id: string): Promise<TutorialRow> {
  if (!isUuid(id)) throw notFound('no such tutorial');
  const [row] = await selectTutorials(scope.db)
    .where(and(eq(tutorials.id, id.toLowerCase()), await inScope(scope, tutorials.siteId)))
    .limit(1);
  if (!row) throw notFound('no such tutorial');
  return toRow(row);
}

export async function listTutorials(scope: Scope, f: TutorialFilters, publicUrl: string): Promise<TutorialList> {
  const where: SQL[] = [await inScope(scope, tutorials.siteId)];
  if (f.siteId) where.push(eq(tutorials.siteId, f.siteId));
  if (f.authorId) where.push(eq(tutorials.authorId, f.authorId));
  if (f.status) where.push(eq(tutorials.status, f.status));
  if (f.updatedSince !== undefined) where.push(gte(tutorials.updatedAt, new Date(f.updatedSince)));
  const rows = await selectTutorials(scope.db)
    .where(and(...where))
    .orderBy(desc(tutorials.updatedAt), asc(tutorials.id))
    .limit(f.limit);
  return { tutorials: rows.map((r) => toTutorialSummary(toRow(r), publicUrl)) };
}

/** A tutorial's sources, steps, chapters, annotations and redactions, each in its order. */
export async function tutorialParts(db: Db, tutorialId: string): Promise<TutorialParts> {
  const [sources, steps, chapters, annotations, redactions] = await Promise.all([
    db.select().from(tutorialSources).where(eq(tutorialSources.tutorialId, tutorialId)).orderBy(asc(tutorialSources.position)),
    db
      .select()
      .from(tutorialSteps)
      .where(eq(tutorialSteps.tutorialId, tutorialId))
      .orderBy(asc(tutorialSteps.position), asc(tutorialSteps.id)),
    db
      .select()
      .from(tutorialChapters)
      .where(eq(tutorialChapters.tutorialId, tutorialId))
      .orderBy(asc(tutorialChapters.position), asc(tutorialChapters.id)),
    db
      .select()
      .from(tutorialAnnotations)
      .where(eq(tutorialAnnotations.tutorialId, tutorialId))
      .orderBy(asc(tutorialAnnotations.createdAt), asc(tutorialAnnotations.id)),
    db
      .select()
      .from(tutorialRedactions)
      .where(eq(tutorialRedactions.tutorialId, tutorialId))
      .orderBy(asc(tutorialRedactions.createdAt), asc(tutorialRedactions.id)),
  ]);
  return { sources, steps, chapters, annotations, redactions };
}

/** The whole tutorial as the API answers it (re-read: after a change, what is stored now). */
export async function tutorialDetail(scope: Scope, id: string, publicUrl: string): Promise<Tutorial> {
  const row = await tutorialInScope(scope, id);
  return toTutorial(row, await tutorialParts(scope.db, row.id), publicUrl);
}

/** The tutorial at `/t/:slug`, whatever its state (the public routes tell unknown, unpublished and expired apart). */
export async function tutorialBySlug(db: Db, slug: string): Promise<TutorialRow | undefined> {
  const [row] = await selectTutorials(db).where(eq(tutorials.slug, slug)).limit(1);
  return row ? toRow(row) : undefined;
}
