/**
 * @module server/search/suggestion-deflections
 * Deflections: a customer opened a tutorial suggested in the Ask-for-help
 * form (`customer-suggestions.ts`) and left without sending their question.
 * Recorded for a tutorial the customer could have been suggested — the
 * site's own, published, public or unlisted, not expired — and counted per
 * tutorial for its analytics. Rows live in `suggestion_deflections`
 * (docs/search.md); the recurring-questions report reads them too.
 */
import { and, count, eq, gt, inArray, isNull, or } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { sessions, suggestionDeflections, tutorials } from '../../db/schema.ts';
import { ErrorCode } from '../../protocol/errors.ts';
import type { CustomerDeflection } from '../../protocol/search-constants.ts';
import { ApiError } from '../errors.ts';
import type { SiteRow } from '../sites/site-dto.ts';

/**
 * Stores one deflection on `site`. 404 `tutorial_not_found` when the slug is
 * not a tutorial this site suggests to customers (another site's, a draft,
 * members-only, expired): nothing is stored. A `sessionId` that is not a
 * recording of this site is left out (the row then goes by age only).
 */
export async function recordDeflection(db: Db, site: Pick<SiteRow, 'id' | 'orgId'>, input: CustomerDeflection): Promise<void> {
  const [tutorial] = await db
    .select({ id: tutorials.id })
    .from(tutorials)
    .where(
      and(
        eq(tutorials.slug, input.tutorial),
        eq(tutorials.siteId, site.id),
        eq(tutorials.status, 'published'),
        inArray(tutorials.visibility, ['public', 'unlisted']),
        or(isNull(tutorials.expiresAt), gt(tutorials.expiresAt, new Date())),
      ),
    );
  if (!tutorial) throw new ApiError(404, ErrorCode.TutorialNotFound, 'no such tutorial is suggested on this site');
  const session = input.sessionId
    ? await db
        .select({ id: sessions.id })
        .from(sessions)
        .where(and(eq(sessions.id, input.sessionId), eq(sessions.siteId, site.id)))
    : [];
  await db.insert(suggestionDeflections).values({
    orgId: site.orgId,
    siteId: site.id,
    tutorialId: tutorial.id,
    sessionId: session[0]?.id ?? null,
    question: input.question,
  });
}

/** How many customers a tutorial deflected (the caller has checked the tutorial is in scope). */
export async function deflectionCount(db: Db, tutorialId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(suggestionDeflections).where(eq(suggestionDeflections.tutorialId, tutorialId));
  return Number(row?.n ?? 0);
}
