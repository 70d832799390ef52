/**
 * @module server/search/index-store
 * Writes one subject's index: its row and all its passages, replaced in one
 * transaction (so re-running a job for the same subject is idempotent, and a
 * reader sees the old index or the new one, never half). The `tsvector` of a
 * passage is the subject's language stems plus `simple` (exact words, so any
 * language is found by its words), both over unaccented text; titles and
 * questions weigh most.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { searchEntries, searchSubjects } from '../../db/schema.ts';
import type { SearchKind, SearchLanguage, SearchSource } from '../../protocol/search-constants.ts';

export interface IndexedSubject {
  kind: SearchKind;
  subjectId: string;
  siteId: string;
  title: string;
  lang: SearchLanguage;
  state: string | null;
  occurredAt: Date;
  sourceVersion: number;
}

export interface Passage {
  source: SearchSource;
  text: string;
  startMs?: number | null;
  endMs?: number | null;
  advisorsOnly?: boolean;
}

const WEIGHT: Partial<Record<SearchSource, 'A' | 'B' | 'C'>> = {
  page_title: 'A',
  question: 'A',
  tutorial_title: 'A',
  chapter: 'B',
  step: 'B',
  click: 'B',
  console: 'B',
  message: 'B',
  internal_note: 'B',
  chat: 'B',
  comment: 'B',
  page_url: 'C',
  network: 'C',
  enrichment: 'C',
};

const INSERT_BATCH = 200;

/**
 * The text a passage's words come from. PostgreSQL's parser reads a URL as
 * one host and one path token, so `…/payments/authorize` would not be found
 * by "payments": URLs add their words one by one. And it skips anything
 * looking like an HTML tag, so page text showing `<b>` (as text) would lose
 * its words: `<` is set apart ({@link untagged}; snippets do the same).
 */
const wordsOf = (p: Passage) => {
  const text = untagged(p.text);
  return p.source === 'page_url' || p.source === 'network' ? `${text} ${text.replace(/[^\p{L}\p{N}]+/gu, ' ')}` : text;
};

/** Text with `<` set apart, so the parser never takes a stretch of it for an HTML tag. */
export const untagged = (text: string) => text.replaceAll('<', '< ');

/** The `tsvector` SQL of a text in a subject's language (plus exact words). */
export const tsvectorOf = (lang: SearchLanguage, text: string, weight: 'A' | 'B' | 'C' | 'D' = 'D') =>
  sql`setweight(to_tsvector(${lang}::regconfig, unaccent(${text})) || to_tsvector('simple', unaccent(${text})), ${weight}::"char")`;

/**
 * Replaces the subject's index. `lockSource` locks the source row (`FOR
 * SHARE`) and answers whether it still exists: a deletion running meanwhile
 * then waits for this write and removes it after, or came first and this
 * writes nothing — an index never outlives its source.
 */
export async function replaceSubject(
  db: Db,
  subject: IndexedSubject,
  passages: readonly Passage[],
  lockSource: (tx: Db) => Promise<boolean>,
): Promise<void> {
  await db.transaction(async (transaction) => {
    const tx = transaction as unknown as Db;
    const { kind, subjectId, ...rest } = subject;
    if (!(await lockSource(tx))) {
      await removeSubjects(tx, kind, [subjectId]);
      return;
    }
    await tx
      .insert(searchSubjects)
      .values({ ...subject, indexedAt: new Date() })
      .onConflictDoUpdate({ target: [searchSubjects.kind, searchSubjects.subjectId], set: { ...rest, indexedAt: new Date() } });
    await tx.delete(searchEntries).where(and(eq(searchEntries.kind, kind), eq(searchEntries.subjectId, subjectId)));
    for (let i = 0; i < passages.length; i += INSERT_BATCH) {
      await tx.insert(searchEntries).values(
        passages.slice(i, i + INSERT_BATCH).map((p) => ({
          kind,
          subjectId,
          siteId: subject.siteId,
          source: p.source,
          advisorsOnly: p.advisorsOnly ?? false,
          text: p.text,
          startMs: p.startMs ?? null,
          endMs: p.endMs ?? null,
          tsv: tsvectorOf(subject.lang, wordsOf(p), WEIGHT[p.source] ?? 'D'),
        })),
      );
    }
  });
}

/** Removes subjects (and, by cascade, their passages): deleted sessions and cases. */
export async function removeSubjects(db: Db, kind: SearchKind, subjectIds: readonly string[]): Promise<number> {
  if (subjectIds.length === 0) return 0;
  const removed = await db
    .delete(searchSubjects)
    .where(and(eq(searchSubjects.kind, kind), inArray(searchSubjects.subjectId, [...subjectIds])))
    .returning({ id: searchSubjects.subjectId });
  return removed.length;
}
