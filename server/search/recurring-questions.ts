/**
 * @module server/search/recurring-questions
 * The recurring-questions report (`GET /api/orgs/:orgId/recurring`,
 * docs/search.md): the cases of the caller's sites asked in the last weeks,
 * grouped by what they ask (`recurring-clusters.ts` over
 * `recurring-features.ts`), each group with its volume per week, the median
 * time to resolve, a published tutorial covering it (one whose title,
 * chapters or steps hold the group's key words), how often advisors sent a
 * tutorial in its cases, how many questions that tutorial answered before
 * they were sent (deflections from the Ask-for-help suggestions), and its
 * best-solved case (to make a tutorial from).
 */
import { sql } from 'drizzle-orm';
import { rows, type Db } from '../../db/client.ts';
import type { RecurringGroup, RecurringReport } from '../../protocol/recurring-constants.ts';
import { readsResolvedOnly } from '../cases/case-service.ts';
import { scopeSiteIds, type Scope } from '../scope/index.ts';
import { clusterCases, median, type Cluster } from './recurring-clusters.ts';
import { caseFeatures, windowCases, type WindowCase } from './recurring-features.ts';

const WEEK_MS = 7 * 24 * 3_600_000;
/** Groups answered at most (largest first). */
const GROUPS_MAX = 50;
/** Key words a group is described and matched to tutorials by. */
const KEY_WORDS = 4;
const LABEL_CHARS = 160;

/** The Monday 00:00 UTC starting the week of `at`. */
export function weekStart(at: Date): Date {
  const day = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
  return new Date(day.getTime() - ((day.getUTCDay() + 6) % 7) * 24 * 3_600_000);
}

export async function recurringQuestions(scope: Scope, weeks: number, now = new Date()): Promise<RecurringReport> {
  const { db } = scope;
  const firstWeek = new Date(weekStart(now).getTime() - (weeks - 1) * WEEK_MS);
  const siteIds = await scopeSiteIds(scope);
  const cases = await windowCases(db, siteIds, firstWeek, readsResolvedOnly(scope));
  const { features, words } = await caseFeatures(db, cases);
  const byId = new Map(cases.map((c) => [c.id, c]));
  // Largest first; equal sizes: the one asked last first (ids: oldest first).
  const lastAsked = (ids: string[]) => byId.get(ids[ids.length - 1]!)!.createdAt.getTime();
  const clusters = clusterCases(features)
    .sort((a, b) => b.ids.length - a.ids.length || lastAsked(b.ids) - lastAsked(a.ids))
    .slice(0, GROUPS_MAX);
  const groupIds = clusters.flatMap((g) => g.ids);
  const sends = await tutorialSends(db, groupIds);
  const answered = await answeredCases(db, groupIds);
  const deflected = await deflections(db, siteIds, firstWeek);

  const groups: RecurringGroup[] = [];
  for (const cluster of clusters) {
    const members = cluster.ids.map((id) => byId.get(id)!);
    const keyStems = cluster.topWords.slice(0, KEY_WORDS);
    const tutorial = await coveringTutorial(db, siteIds, keyStems);
    const best = bestSolved(members, answered);
    groups.push({
      label: byId.get(cluster.representative)!.question.replace(/\s+/g, ' ').trim().slice(0, LABEL_CHARS),
      keyWords: keyStems.map((stem) => surfaceWord(cluster, words, stem)),
      caseIds: [...cluster.ids].reverse(),
      perWeek: Array.from({ length: weeks }, (_, i) => {
        const start = firstWeek.getTime() + i * WEEK_MS;
        return {
          week: new Date(start).toISOString().slice(0, 10),
          count: members.filter((c) => c.createdAt.getTime() >= start && c.createdAt.getTime() < start + WEEK_MS).length,
        };
      }),
      medianResolveMs: median(
        members.flatMap((c) => (c.status === 'resolved' && c.resolvedAt ? [c.resolvedAt.getTime() - c.createdAt.getTime()] : [])),
      ),
      ...(tutorial ? { tutorialId: tutorial.id, tutorialTitle: tutorial.title } : {}),
      tutorialSends: cluster.ids.reduce((n, id) => n + (sends.get(id) ?? 0), 0),
      deflections: tutorial ? (deflected.get(tutorial.id) ?? 0) : 0,
      ...(best ? { bestCaseId: best.id, ...(best.sessionId ? { bestSessionId: best.sessionId } : {}) } : {}),
    });
  }
  return { weeks, groups };
}

/** The word customers wrote most for a stem in the group (the stem itself is no word to show). */
function surfaceWord(cluster: Cluster, words: Map<string, { word: string; stem: string }[]>, stem: string): string {
  const counts = new Map<string, number>();
  for (const id of cluster.ids) for (const w of words.get(id) ?? []) if (w.stem === stem) counts.set(w.word, (counts.get(w.word) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0] ?? stem;
}

/** Resolved, with an advisor's answer, fastest; one with a recording first (a tutorial is made from a recording). */
function bestSolved(members: readonly WindowCase[], answered: ReadonlySet<string>): WindowCase | undefined {
  const resolveMs = (c: WindowCase) => c.resolvedAt!.getTime() - c.createdAt.getTime();
  return members
    .filter((c) => c.status === 'resolved' && c.resolvedAt && answered.has(c.id))
    .sort((a, b) => Number(!a.sessionId) - Number(!b.sessionId) || resolveMs(a) - resolveMs(b) || (a.id < b.id ? -1 : 1))[0];
}

const idList = (ids: readonly string[]) =>
  sql.join(
    ids.map((id) => sql`${id}::uuid`),
    sql`, `,
  );

/** Tutorial links advisors sent per case: Tutorial link messages and answers with a tutorial's `/t/` link inserted. */
async function tutorialSends(db: Db, caseIds: readonly string[]): Promise<Map<string, number>> {
  if (!caseIds.length) return new Map();
  const found = await rows<{ case_id: string; n: number }>(
    db,
    sql`SELECT case_id, count(*)::int AS n FROM case_messages
         WHERE case_id IN (${idList(caseIds)}) AND from_role = 'advisor'
           AND (kind = 'tutorial_link' OR (kind = 'text' AND body ~ '/t/[A-Za-z0-9_-]+'))
         GROUP BY case_id`,
  );
  return new Map(found.map((r) => [r.case_id, Number(r.n)]));
}

/** Deflections per tutorial in the sites since `since` (docs/search.md: a suggestion opened, the question not sent). */
async function deflections(db: Db, siteIds: readonly string[], since: Date): Promise<Map<string, number>> {
  if (!siteIds.length) return new Map();
  const found = await rows<{ tutorial_id: string; n: number }>(
    db,
    sql`SELECT tutorial_id, count(*)::int AS n FROM suggestion_deflections
         WHERE site_id IN (${idList(siteIds)}) AND created_at >= ${since.toISOString()}::timestamptz
         GROUP BY tutorial_id`,
  );
  return new Map(found.map((r) => [r.tutorial_id, Number(r.n)]));
}

/** The cases with an advisor's answer to the customer (not only notes). */
async function answeredCases(db: Db, caseIds: readonly string[]): Promise<Set<string>> {
  if (!caseIds.length) return new Set();
  const found = await rows<{ case_id: string }>(
    db,
    sql`SELECT DISTINCT case_id FROM case_messages
         WHERE case_id IN (${idList(caseIds)}) AND from_role = 'advisor' AND kind <> 'internal_note'`,
  );
  return new Set(found.map((r) => r.case_id));
}

/**
 * The published tutorial (in the sites) holding most of the group's key
 * stems, at least two of them (or the only one): a tutorial sharing one
 * common word with the group does not cover it. Ties: the better ranked.
 */
async function coveringTutorial(
  db: Db,
  siteIds: readonly string[],
  keyStems: readonly string[],
): Promise<{ id: string; title: string } | undefined> {
  if (!keyStems.length || !siteIds.length) return undefined;
  const needed = Math.min(2, keyStems.length);
  const [hit] = await rows<{ id: string; title: string; n: number }>(
    db,
    sql`SELECT e.subject_id AS id, s.title, count(DISTINCT k.stem)::int AS n, sum(ts_rank_cd(e.tsv, quote_literal(k.stem)::tsquery)) AS rank
          FROM search_entries e
          JOIN search_subjects s ON s.kind = e.kind AND s.subject_id = e.subject_id
          CROSS JOIN unnest(ARRAY[${sql.join(
            keyStems.map((k) => sql`${k}`),
            sql`, `,
          )}]::text[]) AS k(stem)
         WHERE e.kind = 'tutorial' AND e.site_id IN (${idList(siteIds)}) AND e.tsv @@ quote_literal(k.stem)::tsquery
         GROUP BY e.subject_id, s.title
        HAVING count(DISTINCT k.stem) >= ${needed}
         ORDER BY n DESC, rank DESC, e.subject_id
         LIMIT 1`,
  );
  return hit ? { id: hit.id, title: hit.title } : undefined;
}
