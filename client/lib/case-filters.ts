/**
 * @module client/lib/case-filters
 * The inbox's filters: what the advisor picked, how they sit in the URL
 * (`/app/cases?status=new&assignee=me&overdue=1`, so a reload or the back
 * button keeps them) and how they become the API's query.
 */
import { CASE_STATUSES, type CaseStatus } from '../../protocol/cases-constants.ts';
import type { CaseListQuery } from '../../protocol/cases.ts';

export interface CaseFilters {
  /** '' = every status but resolved (the to-do, the default); 'all' = every status. */
  status: CaseStatus | '' | 'all';
  /** A topic id, or '' for every topic. */
  topic: string;
  /** '' (anyone), 'me', 'none' (the shared queue) or an advisor id. */
  assignee: string;
  /** Only cases past their due time without an answer. */
  overdue: boolean;
}

export const NO_CASE_FILTERS: CaseFilters = { status: '', topic: '', assignee: '', overdue: false };

const ID = /^[0-9a-f-]{36}$/i;

/** Reads filters from a query string; anything unknown is dropped, not trusted. */
export function parseCaseFilters(search: string): CaseFilters {
  const q = new URLSearchParams(search);
  const status = q.get('status') ?? '';
  const topic = q.get('topic') ?? '';
  const assignee = q.get('assignee') ?? '';
  return {
    status: status === 'all' || (CASE_STATUSES as readonly string[]).includes(status) ? (status as CaseStatus | 'all') : '',
    topic: ID.test(topic) ? topic : '',
    assignee: assignee === 'me' || assignee === 'none' || ID.test(assignee) ? assignee : '',
    overdue: q.get('overdue') === '1',
  };
}

/** The query string of {@link parseCaseFilters} ('' when no filter is set). */
export function caseFiltersSearch(f: CaseFilters): string {
  const q = new URLSearchParams();
  if (f.status) q.set('status', f.status);
  if (f.topic) q.set('topic', f.topic);
  if (f.assignee) q.set('assignee', f.assignee);
  if (f.overdue) q.set('overdue', '1');
  const s = q.toString();
  return s ? `?${s}` : '';
}

export function caseListQuery(f: CaseFilters, limit?: number): CaseListQuery {
  const q: CaseListQuery = {};
  // NOTE: resolved cases keep their old due times: in "every status" they would head the list forever.
  if (f.status === '') q.status = 'unresolved';
  else if (f.status !== 'all') q.status = f.status;
  if (f.topic) q.topic = f.topic;
  if (f.assignee) q.assignee = f.assignee;
  if (f.overdue) q.overdue = 'true';
  if (limit) q.limit = limit;
  return q;
}
