/**
 * @module server/tutorials/tutorial-analytics
 * Counting views of published tutorials and reading the counts back: views,
 * completions, how many reached each step, views by embedding origin, and in
 * how many cases the tutorial's link was sent to the customer, and how many
 * customers it deflected (`search/suggestion-deflections.ts`). Views carry
 * no personal data: the kind, the step, the embedding page's origin.
 */
import { and, count, countDistinct, eq, isNotNull, like, ne } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { caseMessages, cases, tutorialVersions, tutorialViewEvents } from '../../db/schema.ts';
import { inScope, type Scope } from '../scope/index.ts';
import { TUTORIAL_PAGE_BASE, type TutorialAnalytics, type ViewKind } from '../../protocol/tutorials.ts';
import { deflectionCount } from '../search/suggestion-deflections.ts';
import type { TutorialRow } from './tutorial-dto.ts';

export interface ViewInput {
  kind: ViewKind;
  stepId?: string | undefined;
  referrerOrigin: string | null;
}

export async function recordView(db: Db, row: TutorialRow, view: ViewInput): Promise<void> {
  await db.insert(tutorialViewEvents).values({
    tutorialId: row.id,
    versionId: row.currentVersionId,
    kind: view.kind,
    stepId: view.stepId ?? null,
    referrerOrigin: view.referrerOrigin,
  });
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (m) => `\\${m}`);

export async function tutorialAnalytics(scope: Scope, row: TutorialRow, ownOrigin: string): Promise<TutorialAnalytics> {
  const { db } = scope;
  const ofTutorial = eq(tutorialViewEvents.tutorialId, row.id);
  const [kinds, stepRows, embedRows, sent, version, deflections] = await Promise.all([
    db.select({ kind: tutorialViewEvents.kind, n: count() }).from(tutorialViewEvents).where(ofTutorial).groupBy(tutorialViewEvents.kind),
    db
      .select({ stepId: tutorialViewEvents.stepId, n: count() })
      .from(tutorialViewEvents)
      .where(and(ofTutorial, eq(tutorialViewEvents.kind, 'step')))
      .groupBy(tutorialViewEvents.stepId),
    db
      .select({ origin: tutorialViewEvents.referrerOrigin, n: count() })
      .from(tutorialViewEvents)
      .where(
        and(
          ofTutorial,
          eq(tutorialViewEvents.kind, 'view'),
          isNotNull(tutorialViewEvents.referrerOrigin),
          ne(tutorialViewEvents.referrerOrigin, ownOrigin),
        ),
      )
      .groupBy(tutorialViewEvents.referrerOrigin),
    // The link as an answer sends it: `…/t/<slug>` in a message the customer sees (not an internal note).
    db
      .select({ n: countDistinct(caseMessages.caseId) })
      .from(caseMessages)
      .innerJoin(cases, eq(cases.id, caseMessages.caseId))
      .where(
        and(
          await inScope(scope, cases.siteId),
          ne(caseMessages.kind, 'internal_note'),
          like(caseMessages.body, `%${escapeLike(`${TUTORIAL_PAGE_BASE}/${row.slug}`)}%`),
        ),
      ),
    row.currentVersionId
      ? db.select({ snapshot: tutorialVersions.snapshot }).from(tutorialVersions).where(eq(tutorialVersions.id, row.currentVersionId))
      : Promise.resolve([]),
    deflectionCount(db, row.id),
  ]);
  const byKind = new Map(kinds.map((k) => [k.kind, Number(k.n)]));
  const reached = new Map(stepRows.map((s) => [s.stepId, Number(s.n)]));
  const stepIds = version[0]?.snapshot.steps.map((s) => s.id) ?? [];
  // Steps of older versions that were reached keep their counts too (after the current ones).
  for (const id of reached.keys()) if (id && !stepIds.includes(id)) stepIds.push(id);
  return {
    views: byKind.get('view') ?? 0,
    completions: byKind.get('complete') ?? 0,
    steps: stepIds.map((stepId) => ({ stepId, reached: reached.get(stepId) ?? 0 })),
    embeds: embedRows
      .map((e) => ({ origin: e.origin!, views: Number(e.n) }))
      .sort((a, b) => b.views - a.views || a.origin.localeCompare(b.origin)),
    sentInCases: Number(sent[0]?.n ?? 0),
    deflections,
  };
}
