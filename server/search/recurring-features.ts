/**
 * @module server/search/recurring-features
 * What the recurring-questions report groups cases by, read from the
 * database: the case rows of the window in the caller's sites, the stems of
 * each question's words (stemmed in the case's language — the search index's
 * — with the same text search configurations, stop words of German and
 * English left out, German participles as their infinitive) and, from the search index of the case's recording, the
 * pages it went through (`page_url`: the path, without query or ids) and the
 * elements clicked (`click`: their accessible names).
 */
import { sql } from 'drizzle-orm';
import { rows, type Db } from '../../db/client.ts';
import type { SearchLanguage } from '../../protocol/search-constants.ts';
import { infinitiveOf } from './german-verb-forms.ts';
import type { CaseFeatures } from './recurring-clusters.ts';

/** The newest cases of the window taken into the report at most (the report stays cheap for a busy organisation). */
export const RECURRING_CASES_MAX = 2_000;

export interface WindowCase {
  id: string;
  question: string;
  status: string;
  sessionId: string | null;
  createdAt: Date;
  resolvedAt: Date | null;
}

const idList = (ids: readonly string[]) =>
  sql.join(
    ids.map((id) => sql`${id}::uuid`),
    sql`, `,
  );

/** The cases asked since `since` in `siteIds`, oldest first (`resolvedOnly`: a `content` member's view). */
export async function windowCases(db: Db, siteIds: readonly string[], since: Date, resolvedOnly: boolean): Promise<WindowCase[]> {
  if (!siteIds.length) return [];
  const found = await rows<{
    id: string;
    question: string;
    status: string;
    session_id: string | null;
    created_at: string;
    resolved_at: string | null;
  }>(
    db,
    sql`SELECT id, question, status, session_id, created_at, resolved_at FROM cases
         WHERE site_id IN (${idList(siteIds)}) AND created_at >= ${since.toISOString()}::timestamptz
           ${resolvedOnly ? sql`AND status = 'resolved'` : sql``}
         ORDER BY created_at DESC, id DESC LIMIT ${RECURRING_CASES_MAX}`,
  );
  return found.reverse().map((r) => ({
    id: r.id,
    question: r.question,
    status: r.status,
    sessionId: r.session_id,
    createdAt: new Date(r.created_at),
    resolvedAt: r.resolved_at ? new Date(r.resolved_at) : null,
  }));
}

/**
 * Each question's words with their stems (stop words have none and are left
 * out). German participles are stemmed as their infinitive ("heruntergeladen"
 * as "herunterladen", `german-verb-forms.ts`), so the two forms group.
 */
export async function questionStems(db: Db, caseIds: readonly string[]): Promise<Map<string, { word: string; stem: string }[]>> {
  const out = new Map<string, { word: string; stem: string }[]>();
  if (!caseIds.length) return out;
  const questions = await rows<{ id: string; question: string; lang: SearchLanguage }>(
    db,
    sql`SELECT c.id, c.question, coalesce(s.lang, 'simple') AS lang
          FROM cases c LEFT JOIN search_subjects s ON s.kind = 'case' AND s.subject_id = c.id
         WHERE c.id IN (${idList(caseIds)})`,
  );
  const words = questions.map((q) => ({
    id: q.id,
    lang: q.lang,
    words: (q.question.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => w.length > 1 && !/^[0-9]+$/.test(w)),
  }));
  const infinitive = (lang: SearchLanguage, word: string) => (lang === 'german' ? infinitiveOf(word) : null);
  // Every distinct (language, form) once: the word, and for German a participle's infinitive.
  const forms = new Map<string, { lang: SearchLanguage; form: string }>();
  const add = (lang: SearchLanguage, form: string) => forms.set(`${lang} ${form}`, { lang, form });
  for (const q of words) {
    for (const w of q.words) {
      add(q.lang, w);
      const base = infinitive(q.lang, w);
      if (base) add(q.lang, base);
    }
  }
  const stemmed = await rows<{ lang: string; form: string; stem: string | null }>(
    db,
    sql`SELECT f.lang, f.form,
               CASE WHEN numnode(plainto_tsquery('english', f.form)) > 0 AND numnode(plainto_tsquery('german', f.form)) > 0
                    THEN (tsvector_to_array(to_tsvector(f.lang::regconfig, unaccent(f.form))))[1] END AS stem
          FROM jsonb_to_recordset(${JSON.stringify([...forms.values()])}::jsonb) AS f(lang text, form text)`,
  );
  const stemOf = new Map(stemmed.map((r) => [`${r.lang} ${r.form}`, r.stem]));
  for (const q of words) {
    const list: { word: string; stem: string }[] = [];
    for (const w of q.words) {
      const base = infinitive(q.lang, w);
      // NOTE: an infinitive that is a stop word ("geändert" → "ändern", German's "andern") keeps the participle's own stem.
      const stem = (base ? stemOf.get(`${q.lang} ${base}`) : null) ?? stemOf.get(`${q.lang} ${w}`);
      if (stem) list.push({ word: w, stem });
    }
    out.set(q.id, list);
  }
  return out;
}

/** A recorded URL as a page: its path, numbers and ids replaced (`/orders/1234` and `/orders/9876` are one page). */
export function pageOf(url: string): string | null {
  try {
    const path = new URL(url).pathname
      .split('/')
      .map((part) => (/\d/.test(part) && part.length > 3 ? ':id' : part.toLowerCase()))
      .join('/');
    return path || '/';
  } catch {
    return null;
  }
}

/** Each recording's pages and clicked elements, as features (`page:/path`, `click:name`). */
export async function recordingFeatures(db: Db, sessionIds: readonly string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (!sessionIds.length) return out;
  const found = await rows<{ subject_id: string; source: string; text: string }>(
    db,
    sql`SELECT subject_id, source, text FROM search_entries
         WHERE kind = 'session' AND source IN ('page_url', 'click') AND subject_id IN (${idList(sessionIds)})
         ORDER BY subject_id, id`,
  );
  for (const r of found) {
    const list = out.get(r.subject_id) ?? [];
    for (const line of r.text.split('\n')) {
      const value = r.source === 'page_url' ? pageOf(line) : line.trim().toLowerCase().slice(0, 80);
      if (value) list.push(`${r.source === 'page_url' ? 'page' : 'click'}:${value}`);
    }
    out.set(r.subject_id, list);
  }
  return out;
}

/** Features of the cases, in their order. */
export async function caseFeatures(
  db: Db,
  cases: readonly WindowCase[],
): Promise<{ features: CaseFeatures[]; words: Map<string, { word: string; stem: string }[]> }> {
  const words = await questionStems(
    db,
    cases.map((c) => c.id),
  );
  const recordings = await recordingFeatures(
    db,
    cases.flatMap((c) => (c.sessionId ? [c.sessionId] : [])),
  );
  return {
    words,
    features: cases.map((c) => ({
      id: c.id,
      words: (words.get(c.id) ?? []).map((w) => w.stem),
      recording: c.sessionId ? (recordings.get(c.sessionId) ?? []) : [],
    })),
  };
}
