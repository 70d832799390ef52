/**
 * @module server/search/customer-suggestions
 * Tutorials for the customer while they type their question into the
 * recorder's Ask-for-help form: the site's published tutorials whose title,
 * chapters or steps share words with the question (the same OR query as the
 * advisor's suggestions), limited to what the customer may open without an
 * account — public or unlisted, not expired — best match first, at most
 * three, with their absolute `/t/:slug` address.
 */
import { and, eq, gt, inArray, isNull, or } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { tutorials } from '../../db/schema.ts';
import { CUSTOMER_SUGGESTIONS_MAX, type CustomerSuggestions } from '../../protocol/search-constants.ts';
import { tutorialUrl } from '../tutorials/tutorial-dto.ts';
import { detectLanguage } from './language.ts';
import { anyWordQuery, bestPerSubject } from './similar-text.ts';

/** Candidates ranked before the visibility filter (an `org` tutorial may rank first). */
const CANDIDATES = 20;

export async function customerSuggestions(db: Db, siteId: string, question: string, publicUrl: string): Promise<CustomerSuggestions> {
  const query = await anyWordQuery(db, detectLanguage(question), question);
  if (!query) return { tutorials: [] };
  const hits = (await bestPerSubject(db, 'tutorial', ['tutorial_title', 'chapter', 'step'], query, [siteId])).slice(0, CANDIDATES);
  if (!hits.length) return { tutorials: [] };
  const open = await db
    .select({ id: tutorials.id, title: tutorials.title, slug: tutorials.slug })
    .from(tutorials)
    .where(
      and(
        inArray(
          tutorials.id,
          hits.map((h) => h.subject_id),
        ),
        eq(tutorials.siteId, siteId),
        eq(tutorials.status, 'published'),
        inArray(tutorials.visibility, ['public', 'unlisted']),
        or(isNull(tutorials.expiresAt), gt(tutorials.expiresAt, new Date())),
      ),
    );
  const byId = new Map(open.map((t) => [t.id, t]));
  return {
    tutorials: hits
      .flatMap((h) => {
        const t = byId.get(h.subject_id);
        // The published title (the index's), not a draft title being edited.
        return t ? [{ title: h.title, url: tutorialUrl(publicUrl, t.slug), slug: t.slug }] : [];
      })
      .slice(0, CUSTOMER_SUGGESTIONS_MAX),
  };
}
