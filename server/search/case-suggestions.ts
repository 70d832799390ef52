/**
 * @module server/search/case-suggestions
 * Similar resolved cases for the one an advisor has open: the same full-text
 * machinery as search, with the case's own question and customer messages
 * as an OR query (any shared word counts, shared rare words and many shared
 * words rank higher), over the questions and answers of the organisation's
 * resolved cases in the caller's sites. Each comes with its accepted answer
 * (the last advisor answer) and why it matched (the shared words, highlighted).
 * The same query over the titles, chapters and steps of the published
 * tutorials in those sites (only published versions are indexed) gives the
 * similar tutorials.
 */
import { and, desc, eq, inArray, ne } from 'drizzle-orm';
import { sql } from 'drizzle-orm';
import { caseMessages, searchSubjects } from '../../db/schema.ts';
import type { CaseSuggestions } from '../../protocol/search-constants.ts';
import type { CaseRow } from '../cases/case-dto.ts';
import { scopeSiteIds, type Scope } from '../scope/index.ts';
import { detectLanguage } from './language.ts';
import { rows } from '../../db/client.ts';
import { headlines } from './search-service.ts';
import { anyWordQuery, bestPerSubject, scoreOf } from './similar-text.ts';

const SUGGESTIONS = 5;
const TUTORIAL_SUGGESTIONS = 3;
/** Words of the open case taken into the query (its start says what it is about). */
const QUERY_CHARS = 2_000;

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

  const hits = await bestPerSubject(db, 'case', ['question', 'message'], query, siteIds, caseRow.id);
  const tutorials = (await bestPerSubject(db, 'tutorial', ['tutorial_title', 'chapter', 'step'], query, siteIds))
    .slice(0, TUTORIAL_SUGGESTIONS)
    .map((h) => ({ id: h.subject_id, title: h.title, score: scoreOf(h.rank) }));
  const best = hits.slice(0, SUGGESTIONS);
  if (!best.length) return { tutorials, cases: [] };

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
    tutorials,
    cases: best.map((h) => ({
      id: h.subject_id,
      question: question.get(h.subject_id) ?? '',
      answer: answer.get(h.subject_id) ?? '',
      score: scoreOf(h.rank),
      why: why.get(Number(h.entry_id)) ?? { text: '', highlights: [] },
    })),
  };
}
