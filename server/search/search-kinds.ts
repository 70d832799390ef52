/**
 * @module server/search/search-kinds
 * Everything search knows about each kind of subject, in one table: how to
 * index one, which ones lag behind their source (the catch-up sweep), which
 * indexed ones lost their source, and what a caller may see of the kind
 * beyond site access. A kind is one entry here plus its indexer; the query
 * side is generic.
 */
import { eq, sql, type SQL } from 'drizzle-orm';
import { rows, type Db } from '../../db/client.ts';
import { cases, searchSubjects, sessions, tutorials } from '../../db/schema.ts';
import type { SearchKind } from '../../protocol/search-constants.ts';
import { readsResolvedOnly } from '../cases/case-service.ts';
import type { Scope } from '../scope/index.ts';
import { indexCase } from './case-indexer.ts';
import { indexSession } from './session-indexer.ts';
import { indexTutorial } from './tutorial-indexer.ts';

export interface SearchKindDefinition {
  index(db: Db, id: string): Promise<void>;
  /** Ids whose index is missing or older than their source (at most `limit`, in id order: a sweep that finds the same work finds the same batch). */
  lagging(db: Db, limit: number): Promise<string[]>;
  /** Indexed ids whose source no longer exists. */
  orphans(db: Db, limit: number): Promise<string[]>;
  /** What the caller may see of this kind beyond site access (a condition over `search_subjects`); undefined: all. */
  visibleTo(scope: Scope): SQL | undefined;
}

const ms = (column: SQL) => sql`floor(extract(epoch from ${column}) * 1000)::bigint`;
const subjectOf = (kind: SearchKind, id: unknown) => sql`${searchSubjects.kind} = ${kind} AND ${searchSubjects.subjectId} = ${id}`;

async function ids(db: Db, query: SQL): Promise<string[]> {
  return (await rows<{ id: string }>(db, query)).map((r) => r.id);
}

export const SEARCH_KIND_DEFINITIONS: Record<SearchKind, SearchKindDefinition> = {
  session: {
    index: indexSession,
    lagging: (db, limit) =>
      ids(
        db,
        sql`SELECT s.id FROM ${sessions} s
             LEFT JOIN ${searchSubjects} ON ${subjectOf('session', sql`s.id`)}
            WHERE s.chunk_count > 0 AND (${searchSubjects.subjectId} IS NULL OR ${searchSubjects.sourceVersion} < s.chunk_count)
            ORDER BY s.id
            LIMIT ${limit}`,
      ),
    orphans: (db, limit) =>
      ids(
        db,
        sql`SELECT ${searchSubjects.subjectId} AS id FROM ${searchSubjects}
            WHERE ${searchSubjects.kind} = 'session' AND NOT EXISTS (SELECT 1 FROM ${sessions} s WHERE s.id = ${searchSubjects.subjectId})
            LIMIT ${limit}`,
      ),
    visibleTo: () => undefined,
  },
  case: {
    index: indexCase,
    lagging: (db, limit) =>
      ids(
        db,
        sql`SELECT c.id FROM ${cases} c
             LEFT JOIN ${searchSubjects} ON ${subjectOf('case', sql`c.id`)}
            WHERE ${searchSubjects.subjectId} IS NULL OR ${searchSubjects.sourceVersion} < greatest(
              ${ms(sql`c.updated_at`)},
              (SELECT ${ms(sql`max(m.created_at)`)} FROM case_messages m WHERE m.case_id = c.id),
              (SELECT ${ms(sql`max(e.updated_at)`)} FROM case_enrichments e WHERE e.case_id = c.id))
            ORDER BY c.id
            LIMIT ${limit}`,
      ),
    orphans: (db, limit) =>
      ids(
        db,
        sql`SELECT ${searchSubjects.subjectId} AS id FROM ${searchSubjects}
            WHERE ${searchSubjects.kind} = 'case' AND NOT EXISTS (SELECT 1 FROM ${cases} c WHERE c.id = ${searchSubjects.subjectId})
            LIMIT ${limit}`,
      ),
    // The inbox's own rule: content members read resolved cases only.
    visibleTo: (scope) => (readsResolvedOnly(scope) ? eq(searchSubjects.state, 'resolved') : undefined),
  },
  tutorial: {
    index: indexTutorial,
    lagging: (db, limit) =>
      ids(
        db,
        sql`SELECT t.id FROM ${tutorials} t
             LEFT JOIN ${searchSubjects} ON ${subjectOf('tutorial', sql`t.id`)}
            WHERE t.status = 'published' AND t.published_at IS NOT NULL
              AND (${searchSubjects.subjectId} IS NULL OR ${searchSubjects.sourceVersion} < ${ms(sql`t.published_at`)})
            ORDER BY t.id
            LIMIT ${limit}`,
      ),
    // Deleted, or unpublished (back to a draft): drafts are never found.
    orphans: (db, limit) =>
      ids(
        db,
        sql`SELECT ${searchSubjects.subjectId} AS id FROM ${searchSubjects}
            WHERE ${searchSubjects.kind} = 'tutorial'
              AND NOT EXISTS (SELECT 1 FROM ${tutorials} t WHERE t.id = ${searchSubjects.subjectId} AND t.status = 'published')
            LIMIT ${limit}`,
      ),
    // Only published versions are indexed, and every member may read published tutorials (`tutorials.read`: every role).
    visibleTo: () => undefined,
  },
};
