/**
 * @module server/cases/case-queries
 * Reading cases: the advisor's inbox (filters, due-time order, counts per
 * status), a case's full detail, the organisation's members and topics the
 * inbox filters and assigns by, and the customer's public view. The
 * advisor's reads take the caller's scope first (their sites; resolved cases
 * only for `content`).
 */
import { and, asc, count, desc, eq, isNull, lte, ne, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import {
  advisors,
  caseEnrichers,
  caseEnrichments,
  caseLinks,
  caseMessages,
  cases,
  caseTopics,
  emailOutbox,
  memberships,
  webhookDeliveries,
} from '../../db/schema.ts';
import { toAdvisor } from '../auth/advisor-dto.ts';
import { inScope } from '../scope/index.ts';
import type { Advisor } from '../../protocol/api.ts';
import type { Topic } from '../../protocol/cases.ts';
import { readsResolvedOnly } from './case-service.ts';
import { findSession, sessionDetail } from '../sessions/session-queries.ts';
import type { Scope } from '../scope/index.ts';
import { toTopic } from './case-dto.ts';
import { CASE_STATUSES, type CaseStatus } from '../../protocol/cases-constants.ts';
import type { CaseDetail, CaseList, CustomerCaseView } from '../../protocol/cases.ts';
import {
  toCaseMessage,
  toCaseSummary,
  toDeliveryInfo,
  toEmailInfo,
  toEnrichmentResult,
  toLinkInfo,
  toPublicMessage,
  type CaseRow,
} from './case-dto.ts';

export interface CaseFilters {
  status?: CaseStatus | 'unresolved';
  topic?: string;
  /** An advisor id, or `none`. */
  assignee?: string;
  overdue?: boolean;
  siteId?: string;
  limit: number;
}

export async function listCases(scope: Scope, f: CaseFilters): Promise<CaseList> {
  const { db } = scope;
  const now = new Date();
  const common: SQL[] = [await inScope(scope, cases.siteId)];
  if (readsResolvedOnly(scope)) common.push(eq(cases.status, 'resolved'));
  if (f.topic) common.push(eq(cases.topicId, f.topic));
  if (f.siteId) common.push(eq(cases.siteId, f.siteId));
  if (f.assignee === 'none') common.push(isNull(cases.assigneeId));
  else if (f.assignee) common.push(eq(cases.assigneeId, f.assignee));
  if (f.overdue) common.push(isNull(cases.firstAnsweredAt), ne(cases.status, 'resolved'), lte(cases.dueAt, now));
  const byStatus = !f.status ? [] : f.status === 'unresolved' ? [ne(cases.status, 'resolved')] : [eq(cases.status, f.status)];
  const where = [...common, ...byStatus];

  const rows = await db
    .select()
    .from(cases)
    .where(and(...where))
    .orderBy(asc(cases.dueAt), asc(cases.createdAt), asc(cases.id))
    .limit(f.limit);
  const perStatus = await db
    .select({ status: cases.status, n: count() })
    .from(cases)
    .where(and(...common))
    .groupBy(cases.status);
  const counts = Object.fromEntries(CASE_STATUSES.map((s) => [s, 0])) as Record<CaseStatus, number>;
  for (const r of perStatus) counts[r.status] = Number(r.n);
  return { cases: rows.map((r) => toCaseSummary(r, now.getTime())), counts };
}

async function threadRows(db: Db, caseId: string) {
  return db
    .select({ message: caseMessages, authorName: advisors.name })
    .from(caseMessages)
    .leftJoin(advisors, eq(advisors.id, caseMessages.advisorId))
    .where(eq(caseMessages.caseId, caseId))
    .orderBy(asc(caseMessages.createdAt), asc(caseMessages.id));
}

export async function caseDetail(scope: Scope, row: CaseRow): Promise<CaseDetail> {
  const { db } = scope;
  const [thread, enrichments, deliveries, emails, links, session] = await Promise.all([
    threadRows(db, row.id),
    db
      .select({ result: caseEnrichments, name: caseEnrichers.name })
      .from(caseEnrichments)
      .innerJoin(caseEnrichers, eq(caseEnrichers.id, caseEnrichments.enricherId))
      .where(eq(caseEnrichments.caseId, row.id))
      .orderBy(asc(caseEnrichers.name)),
    db.select().from(webhookDeliveries).where(eq(webhookDeliveries.caseId, row.id)).orderBy(desc(webhookDeliveries.createdAt)),
    db.select().from(emailOutbox).where(eq(emailOutbox.caseId, row.id)).orderBy(desc(emailOutbox.createdAt)),
    db.select().from(caseLinks).where(eq(caseLinks.caseId, row.id)).orderBy(asc(caseLinks.createdAt)),
    row.sessionId ? findSession(scope, row.sessionId) : Promise.resolve(undefined),
  ]);
  return {
    ...toCaseSummary(row),
    thread: thread.map((t) => toCaseMessage(t.message, t.authorName)),
    enrichments: enrichments.map((e) => toEnrichmentResult(e.result, e.name)),
    webhookDeliveries: deliveries.map(toDeliveryInfo),
    emails: emails.map(toEmailInfo),
    links: links.map(toLinkInfo),
    session: session ? await sessionDetail(scope, session) : null,
  };
}

export async function customerView(db: Db, row: CaseRow): Promise<CustomerCaseView> {
  const thread = await threadRows(db, row.id);
  return {
    id: row.id,
    question: row.question,
    topic: row.topic,
    status: row.status,
    createdAt: row.createdAt.toISOString(),
    firstAnsweredAt: row.firstAnsweredAt?.toISOString() ?? null,
    thread: thread.flatMap((t) => toPublicMessage(t.message, t.authorName) ?? []),
  };
}

/** The organisation's active members: whom a case can be assigned to (and the inbox's assignee filter). */
export async function orgMembers(scope: Scope): Promise<Advisor[]> {
  const rows = await scope.db
    .select({ advisor: advisors, role: memberships.role })
    .from(memberships)
    .innerJoin(advisors, eq(advisors.id, memberships.advisorId))
    .where(and(eq(memberships.orgId, scope.org.id), isNull(memberships.deactivatedAt)))
    .orderBy(asc(advisors.name), asc(advisors.email));
  return rows.map((r) => toAdvisor(r.advisor, { org: scope.org, role: r.role }));
}

/** The topics of the caller's sites. */
export async function scopeTopics(scope: Scope): Promise<Topic[]> {
  const rows = await scope.db
    .select()
    .from(caseTopics)
    .where(await inScope(scope, caseTopics.siteId))
    .orderBy(asc(caseTopics.name), asc(caseTopics.siteId));
  return rows.map(toTopic);
}
