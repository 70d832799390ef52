/**
 * @module server/search/similar-text
 * "Similar to this text", on the search index: the text's words as an OR
 * query (stemmed in its language, and exact, without stop words), and the subjects of one kind
 * whose passages match it, ranked by the sum of `ts_rank_cd` over their
 * matching passages (shared rare words and many shared words rank higher).
 * Used by the advisor's case suggestions and the customer's suggestions.
 */
import { sql } from 'drizzle-orm';
import { rows, type Db } from '../../db/client.ts';
import type { SearchKind, SearchLanguage, SearchSource } from '../../protocol/search-constants.ts';
import { otherVerbForms } from './german-verb-forms.ts';

/**
 * An OR query of the text's words (stemmed in `lang`, and exact; German
 * verbs also in their other forms), '' when it has none. German and English stop words are left out of the exact words
 * (and a `simple` text is not stemmed at all): "how do I … the … my" would
 * otherwise make every text similar to every question.
 */
export async function anyWordQuery(db: Db, lang: SearchLanguage, question: string): Promise<string> {
  // German participles and infinitives find each other ("heruntergeladen" ↔ "herunterladen"), which Snowball does not join.
  const text = lang === 'german' ? `${question} ${otherVerbForms(question)}` : question;
  const stemmed = lang === 'simple' ? sql`''::tsquery` : sql`plainto_tsquery(${lang}::regconfig, unaccent(${text}))`;
  const [row] = await rows<{ q: string }>(
    db,
    sql`SELECT regexp_replace(
              (${stemmed} || plainto_tsquery('simple', coalesce((
                 SELECT string_agg(w, ' ') FROM regexp_split_to_table(unaccent(${text}), '[^[:alnum:]]+') AS w
                  WHERE w <> '' AND numnode(plainto_tsquery('english', w)) > 0 AND numnode(plainto_tsquery('german', w)) > 0), '')))::text,
              '<[0-9-]+>|&', '|', 'g') AS q`,
  );
  return row?.q ?? '';
}

export const scoreOf = (rank: number | string) => Number(rank) / (Number(rank) + 1);

interface SubjectHit extends Record<string, unknown> {
  subject_id: string;
  rank: number;
  entry_id: number;
  lang: SearchLanguage;
  title: string;
}

/**
 * The subjects of `kind` in the sites whose `sources` passages match the OR
 * query, best first: rank is the sum over the matching passages, the entry
 * the best of them. Cases count when resolved; `exclude` is the open case.
 */
export async function bestPerSubject(
  db: Db,
  kind: SearchKind,
  sources: readonly SearchSource[],
  query: string,
  siteIds: readonly string[],
  exclude?: string,
): Promise<SubjectHit[]> {
  const hits = await rows<SubjectHit>(
    db,
    sql`SELECT DISTINCT ON (e.subject_id) e.subject_id, e.id AS entry_id, s.lang, s.title,
               sum(ts_rank_cd(e.tsv, ${query}::tsquery)) OVER (PARTITION BY e.subject_id) AS rank
          FROM search_entries e JOIN search_subjects s ON s.kind = e.kind AND s.subject_id = e.subject_id
         WHERE e.kind = ${kind} AND e.source IN (${sql.join(
           sources.map((source) => sql`${source}`),
           sql`, `,
         )})
           ${kind === 'case' ? sql`AND s.state = 'resolved'` : sql``}
           ${exclude ? sql`AND e.subject_id <> ${exclude}::uuid` : sql``}
           AND e.site_id IN (${sql.join(
             siteIds.map((id) => sql`${id}::uuid`),
             sql`, `,
           )})
           AND e.tsv @@ ${query}::tsquery
         ORDER BY e.subject_id, ts_rank_cd(e.tsv, ${query}::tsquery) DESC`,
  );
  return hits.sort((a, b) => Number(b.rank) - Number(a.rank));
}
