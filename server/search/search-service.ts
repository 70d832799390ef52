/**
 * @module server/search/search-service
 * The search itself, on PostgreSQL's full-text search (identical on PGlite):
 *
 * 1. Each term of the parsed query becomes a `tsquery` per configuration
 *    (`german`, `english`, `simple`: a passage carries its language's stems
 *    and the exact words), AND-ed per configuration; a passage matches when
 *    one configuration's query matches it. Excluded terms drop the whole
 *    subject when any of its visible passages has them.
 * 2. The best passage per subject gives the rank (`ts_rank_cd`), the moment
 *    `t` (a session passage's window start) and the snippet (`ts_headline`,
 *    its marks turned into ranges); the score weighs rank by recency.
 * 3. Nothing found: the typo fallback looks for index words within a small
 *    edit distance of each typed word (candidates from the trigram index,
 *    `pg_trgm`), adds them as alternatives and searches again.
 *
 * Every query is limited to the caller's sites, their kind rules
 * (`search-kinds.ts`) and, for internal notes, to helpers.
 */
import { sql, type SQL } from 'drizzle-orm';
import { rows, type Db } from '../../db/client.ts';
import { searchSubjects } from '../../db/schema.ts';
import { SEARCH_KINDS, type SearchLanguage, type SearchResult, type SearchSnippet } from '../../protocol/search-constants.ts';
import type { SearchQuery } from '../../protocol/search.ts';
import { badRequest } from '../errors.ts';
import { scopeCan, scopeSiteIds, type Scope } from '../scope/index.ts';
import { allowedEdits, editDistance, parseSearchQuery, type ParsedQuery, type SearchTerm } from './search-query.ts';
import { SEARCH_KIND_DEFINITIONS } from './search-kinds.ts';
import { HIGHLIGHT_START, HIGHLIGHT_STOP, parseHighlighted } from './search-text.ts';

const CONFIGS: readonly SearchLanguage[] = ['german', 'english', 'simple'];
const DAY_MS = 86_400_000;
/** A month-old result weighs half of today's at equal rank. */
const RECENCY_HALF_DAYS = 30;
const HEADLINE_OPTIONS = `StartSel=${HIGHLIGHT_START}, StopSel=${HIGHLIGHT_STOP}, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "`;
/** Passages scanned for typo candidates, and alternatives kept per word. */
const FUZZY_PASSAGES = 50;
const FUZZY_ALTERNATIVES = 3;
const FUZZY_WORD_SIMILARITY = 0.3;

type Row = Record<string, unknown>;

/** The tsquery of one term in one configuration (its alternatives and prefix OR-ed in). */
function termQuery(config: SearchLanguage, term: SearchTerm): SQL {
  const forms = [term.text, ...term.alternatives].map((text) => {
    const input = term.phrase ? `"${text}"` : text;
    return sql`websearch_to_tsquery(${config}::regconfig, unaccent(${input}))`;
  });
  if (term.prefix) forms.push(sql`to_tsquery('simple', unaccent(${term.text}) || ':*')`);
  return sql`(${sql.join(forms, sql` || `)})`;
}

interface CompiledQuery {
  /** Per configuration, '' when it has no words (all stop words there). */
  include: Partial<Record<SearchLanguage, string>>;
  /** Every configuration's query OR-ed: for ranking and headlines. */
  any: string;
  exclude: string;
}

/** The query's tsqueries, computed once (text form), so the search itself compares with constants the GIN index can use. */
export async function compileQuery(db: Db, parsed: ParsedQuery): Promise<CompiledQuery> {
  const and = (config: SearchLanguage) =>
    sql.join(
      parsed.include.map((t) => termQuery(config, t)),
      sql` && `,
    );
  const excluded = parsed.exclude.flatMap((t) => CONFIGS.map((c) => termQuery(c, t)));
  const [row] = await rows<{ german: string; english: string; simple: string; exclude: string }>(
    db,
    sql`SELECT (${and('german')})::text AS german, (${and('english')})::text AS english, (${and('simple')})::text AS simple,
               ${excluded.length ? sql`(${sql.join(excluded, sql` || `)})::text` : sql`''`} AS exclude`,
  );
  const include: CompiledQuery['include'] = {};
  for (const config of CONFIGS) if (row?.[config]) include[config] = row[config];
  const nonEmpty = Object.values(include);
  return { include, any: nonEmpty.map((q) => `(${q})`).join(' | '), exclude: row?.exclude ?? '' };
}

interface Filters {
  siteIds: string[];
  kind?: SearchQuery['kind'];
  from?: Date;
  to?: Date;
  helper: boolean;
  scope: Scope;
}

/** Which subjects the caller may see beyond site access: each kind's own rule. */
function kindRules(scope: Scope): SQL {
  const rules = SEARCH_KINDS.flatMap((kind) => {
    const rule = SEARCH_KIND_DEFINITIONS[kind].visibleTo(scope);
    return rule ? [sql`(${searchSubjects.kind} <> ${kind} OR ${rule})`] : [];
  });
  return rules.length ? sql.join(rules, sql` AND `) : sql`TRUE`;
}

const inList = (ids: readonly string[]) =>
  sql.join(
    ids.map((id) => sql`${id}::uuid`),
    sql`, `,
  );

interface Hit extends Row {
  kind: SearchResult['kind'];
  subject_id: string;
  entry_id: number;
  start_ms: number | null;
  rank: number;
  title: string;
  occurred_at: Date | string;
  site_id: string;
  lang: SearchLanguage;
}

async function findHits(db: Db, compiled: CompiledQuery, f: Filters, limit: number): Promise<Hit[]> {
  const matches = Object.values(compiled.include).map((q) => sql`e.tsv @@ ${q}::tsquery`);
  if (!matches.length || !f.siteIds.length) return [];
  const visibleEntry = (alias: 'e' | 'x') => {
    const a = sql.raw(alias);
    return sql`${a}.site_id IN (${inList(f.siteIds)}) ${f.helper ? sql`` : sql`AND NOT ${a}.advisors_only`} ${f.kind ? sql`AND ${a}.kind = ${f.kind}` : sql``}`;
  };
  const excluded = compiled.exclude
    ? sql`AND NOT EXISTS (SELECT 1 FROM search_entries x
            WHERE x.kind = h.kind AND x.subject_id = h.subject_id AND ${visibleEntry('x')} AND x.tsv @@ ${compiled.exclude}::tsquery)`
    : sql``;
  const now = Date.now();
  return rows<Hit>(
    db,
    sql`WITH hits AS (
          SELECT DISTINCT ON (e.kind, e.subject_id) e.kind, e.subject_id, e.id AS entry_id, e.start_ms,
                 ts_rank_cd(e.tsv, ${compiled.any}::tsquery) AS rank
            FROM search_entries e
           WHERE (${sql.join(matches, sql` OR `)}) AND ${visibleEntry('e')}
           ORDER BY e.kind, e.subject_id, rank DESC, e.start_ms NULLS LAST)
        SELECT h.*, search_subjects.title, search_subjects.occurred_at, search_subjects.site_id, search_subjects.lang,
               (h.rank / (h.rank + 1)) / (1 + greatest(0, ${now} - extract(epoch from search_subjects.occurred_at) * 1000) / ${DAY_MS * RECENCY_HALF_DAYS}) AS score
          FROM hits h JOIN search_subjects ON search_subjects.kind = h.kind AND search_subjects.subject_id = h.subject_id
         WHERE ${kindRules(f.scope)}
           ${f.from ? sql`AND search_subjects.occurred_at >= ${f.from.toISOString()}::timestamptz` : sql``}
           ${f.to ? sql`AND search_subjects.occurred_at <= ${f.to.toISOString()}::timestamptz` : sql``}
           ${excluded}
         ORDER BY score DESC, search_subjects.occurred_at DESC
         LIMIT ${limit}`,
  );
}

/** `ts_headline` of passages (by id) in their subject's language, as plain text plus highlight ranges. */
export async function headlines(
  db: Db,
  entries: { id: number; lang: SearchLanguage }[],
  query: string,
): Promise<Map<number, SearchSnippet>> {
  if (!entries.length || !query) return new Map();
  const found = await rows<{ id: number; headline: string }>(
    db,
    sql`SELECT e.id, ts_headline(l.lang::regconfig, replace(e.text, '<', '< '), ${query}::tsquery, ${HEADLINE_OPTIONS}) AS headline
          FROM search_entries e JOIN (VALUES ${sql.join(
            entries.map((x) => sql`(${x.id}::bigint, ${x.lang})`),
            sql`, `,
          )}) AS l(id, lang) ON l.id = e.id`,
  );
  return new Map(found.map((r) => [Number(r.id), parseHighlighted(r.headline)]));
}

/** Index words within a few edits of each typed word, from passages the trigram index finds (`pg_trgm`). */
async function typoAlternatives(db: Db, parsed: ParsedQuery, siteIds: string[]): Promise<boolean> {
  let found = false;
  await db.transaction(async (tx) => {
    await tx.execute(sql`SELECT set_config('pg_trgm.word_similarity_threshold', ${String(FUZZY_WORD_SIMILARITY)}, true)`);
    for (const term of parsed.include) {
      if (term.phrase || term.text.length < 3) continue;
      const [{ word } = { word: '' }] = await rows<{ word: string }>(tx, sql`SELECT lower(unaccent(${term.text})) AS word`);
      const candidates = await rows<{ w: string }>(
        tx,
        sql`SELECT DISTINCT w FROM (
              SELECT regexp_split_to_table(lower(unaccent(p.text)), '[^[:alnum:]]+') AS w
                FROM (SELECT e.text FROM search_entries e
                       WHERE e.site_id IN (${inList(siteIds)}) AND ${word} <% e.text LIMIT ${FUZZY_PASSAGES}) p) words
             WHERE length(w) BETWEEN ${word.length - 2} AND ${word.length + 2} AND w <> ${word}`,
      );
      const close = candidates
        .map((c) => ({ w: c.w, d: editDistance(word, c.w) }))
        .filter((c) => c.d <= allowedEdits(word.length))
        .sort((a, b) => a.d - b.d || a.w.localeCompare(b.w))
        .slice(0, FUZZY_ALTERNATIVES);
      if (close.length) found = true;
      term.alternatives = close.map((c) => c.w);
    }
  });
  return found;
}

export async function search(scope: Scope, query: SearchQuery): Promise<SearchResult[]> {
  const parsed = parseSearchQuery(query.q);
  if (!parsed.include.length) throw badRequest('search needs at least one word that is not excluded');
  const allowed = await scopeSiteIds(scope);
  const siteIds = query.siteId ? allowed.filter((id) => id === query.siteId) : allowed;
  const filters: Filters = {
    siteIds,
    kind: query.kind,
    from: query.from,
    to: query.to,
    helper: scopeCan(scope, 'cases.answer'),
    scope,
  };
  if (!siteIds.length) return [];

  let fuzzy = false;
  let compiled = await compileQuery(scope.db, parsed);
  let hits = await findHits(scope.db, compiled, filters, query.limit);
  if (!hits.length && (await typoAlternatives(scope.db, parsed, siteIds))) {
    fuzzy = true;
    compiled = await compileQuery(scope.db, parsed);
    hits = await findHits(scope.db, compiled, filters, query.limit);
  }
  const snippets = await headlines(
    scope.db,
    hits.map((h) => ({ id: Number(h.entry_id), lang: h.lang })),
    compiled.any,
  );
  return hits.map((h) => {
    const highlighted = snippets.get(Number(h.entry_id)) ?? { text: '', highlights: [] };
    return {
      kind: h.kind,
      id: h.subject_id,
      title: h.title,
      snippet: highlighted.text,
      highlighted,
      ...(h.kind === 'session' && h.start_ms !== null ? { t: Number(h.start_ms) } : {}),
      score: Number(h.score),
      occurredAt: new Date(h.occurred_at).toISOString(),
      siteId: h.site_id,
      fuzzy,
    };
  });
}
