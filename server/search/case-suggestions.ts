/**
 * @module server/search/case-suggestions
 * Similar resolved cases for the one an advisor has open: the same full-text
 * machinery as search, with the case's own question and customer messages
 * as an OR query (any shared word counts, shared rare words and many shared
 * words rank higher), over the questions and answers of the organisation's
 * resolved cases in the caller's sites. Each comes with its accepted answer
 * (the last advisor answer) and why it matched (the shared words, highlighted).
 *
 * TODO(tutorials, issue 13 part 2): `tutorials` stays empty until published
 * tutorials are indexed as the `tutorial` kind (`search-kinds.ts`); then the
 * same query runs over them.
 */
import { and, desc, eq, inArray, ne } from 'drizzle-orm';
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { caseMessages, searchSubjects } from '../../db/schema.ts';
import type { CaseSuggestions, SearchLanguage } from '../../protocol/search-constants.ts';
import type { CaseRow } from '../cases/case-dto.ts';
import { scopeSiteIds, type Scope } from '../scope/index.ts';
import { detectLanguage } from './language.ts';
import { headlines, rows } from './search-service.ts';

const SUGGESTIONS = 5;
/** Words of the open case taken into the query (its start says what it is about). */
const QUERY_CHARS = 2_000;

/** An OR query of the text's words (stemmed in `lang`, and exact), '' when it has none. */
async function anyWordQuery(db: Db, lang: SearchLanguage, text: string): Promise<string> {
  const [row] = await rows<{ q: string }>(
    db,
    sql`SELECT regexp_replace(
              (plainto_tsquery(${lang}::regconfig, unaccent(${text})) || plainto_tsquery('simple', unaccent(${text})))::text,
              '<[0-9-]+>|&', '|', 'g') AS q`,
  );
  return row?.q ?? '';
}

export async function caseSuggestions(scope: Scope, caseRow: CaseRow): Promise<CaseSuggestions> {
  const { db } = scope;
  const customerWords = await db
    .select({ body: caseMessages.body })
    .from(caseMessages)
    .where(and(eq(caseMessages.caseId, caseRow.id), eq(caseMessages.fromRole, 'customer')));
  const text = [caseRow.question, ...customerWords.map((m) => m.body)].join('\n').slice(0, QUERY_CHARS);
  const [subject] = await db
    .select({ lang: searchSubjects.lang })
    .from(searchSubjects)
    .where(and(eq(searchSubjects.kind, 'case'), eq(searchSubjects.subjectId, caseRow.id)));
  const query = await anyWordQuery(db, subject?.lang ?? detectLanguage(text), text);
  const siteIds = await scopeSiteIds(scope);
  if (!query || !siteIds.length) return { tutorials: [], cases: [] };

  const hits = await rows<{ subject_id: string; rank: number; entry_id: number; lang: SearchLanguage }>(
    db,
    sql`SELECT DISTINCT ON (e.subject_id) e.subject_id, e.id AS entry_id, s.lang,
               sum(ts_rank_cd(e.tsv, ${query}::tsquery)) OVER (PARTITION BY e.subject_id) AS rank
          FROM search_entries e JOIN search_subjects s ON s.kind = e.kind AND s.subject_id = e.subject_id
         WHERE e.kind = 'case' AND e.source IN ('question', 'message') AND s.state = 'resolved'
           AND e.subject_id <> ${caseRow.id}::uuid
           AND e.site_id IN (${sql.join(
             siteIds.map((id) => sql`${id}::uuid`),
             sql`, `,
           )})
           AND e.tsv @@ ${query}::tsquery
         ORDER BY e.subject_id, ts_rank_cd(e.tsv, ${query}::tsquery) DESC`,
  );
  const best = hits.sort((a, b) => Number(b.rank) - Number(a.rank)).slice(0, SUGGESTIONS);
  if (!best.length) return { tutorials: [], cases: [] };

  const why = await headlines(
    db,
    best.map((h) => ({ id: Number(h.entry_id), lang: h.lang })),
    query,
  );
  const ids = best.map((h) => h.subject_id);
  const questions = await rows<{ id: string; question: string }>(
    db,
    sql`SELECT id, question FROM cases WHERE id IN (${sql.join(
      ids.map((id) => sql`${id}::uuid`),
      sql`, `,
    )})`,
  );
  const answers = await db
    .select({ caseId: caseMessages.caseId, body: caseMessages.body })
    .from(caseMessages)
    .where(and(inArray(caseMessages.caseId, ids), eq(caseMessages.fromRole, 'advisor'), ne(caseMessages.kind, 'internal_note')))
    .orderBy(desc(caseMessages.createdAt));
  const question = new Map(questions.map((q) => [q.id, q.question]));
  const answer = new Map<string, string>();
  for (const a of answers) if (!answer.has(a.caseId)) answer.set(a.caseId, a.body);

  return {
    // TODO(tutorials): published tutorials of the organisation, once indexed (see the module comment).
    tutorials: [],
    cases: best.map((h) => {
      const rank = Number(h.rank);
      return {
        id: h.subject_id,
        question: question.get(h.subject_id) ?? '',
        answer: answer.get(h.subject_id) ?? '',
        score: rank / (rank + 1),
        why: why.get(Number(h.entry_id)) ?? { text: '', highlights: [] },
      };
    }),
  };
}
