/**
 * @module server/data-deletion/erasure
 * Erasure of one customer (a right-to-erasure request): every session whose
 * metadata carries the customer id or email `identify()` gave, every case
 * opened with that email or metadata or on one of those sessions, the
 * sessions of those cases, and everything derived from them: threads,
 * customer links, enrichments, webhook deliveries and emails about the cases
 * (they carry the customer's words and address), media bytes. A dry run
 * counts the same things and deletes nothing.
 *
 * Only within the caller's scope: the sessions and cases of the sites of the
 * organisation the erasure runs in (those the admin may see). The same
 * customer id or email in another organisation is another organisation's
 * customer, and its data is theirs to erase.
 *
 * Tutorials made from any of those sessions are deleted too, drafts and
 * published ones alike, with their versions' own (redacted) copies of the
 * events: redaction is an editor's judgement, and an erasure promises the
 * customer's recording is gone in every form (counted as `tutorials`). The
 * retention sweep, unlike erasure, keeps published tutorials (their own
 * copy is what they were published with); it deletes only their sources.
 *
 * The audit entry names the request by a keyed fingerprint of what was
 * asked (so two erasures of one person can be recognised) and the counts,
 * never the email or id itself.
 */
import { and, count, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import {
  caseEnrichments,
  caseLinks,
  caseMessages,
  cases,
  emailOutbox,
  sessions,
  tutorials,
  tutorialSources,
  webhookDeliveries,
} from '../../db/schema.ts';
import type { MediaStore } from '../media-store/index.ts';
import type { DeletionCounts, ErasureRequest, ErasureResult } from '../../protocol/audit.ts';
import { inScope, type Scope } from '../scope/index.ts';
import type { SecretBox } from '../secrets/secret-box.ts';
import { removeSubjects } from '../search/index-store.ts';
import { addCounts, countSessionData, DELETION_BATCH, deleteSessions } from './session-deletion.ts';

/** Every table holding a case's data (cascading from cases, or set null and so deleted first). */
const CASE_TABLES = [
  ['case_messages', caseMessages, caseMessages.caseId],
  ['case_links', caseLinks, caseLinks.caseId],
  ['case_enrichments', caseEnrichments, caseEnrichments.caseId],
  ['webhook_deliveries', webhookDeliveries, webhookDeliveries.caseId],
  ['email_outbox', emailOutbox, emailOutbox.caseId],
] as const;

/** The request for the audit log: equal requests give equal fingerprints, and it reveals neither value. */
export function erasureFingerprint(secrets: SecretBox, request: ErasureRequest): string {
  return secrets.fingerprint(JSON.stringify(['erasure', request.customerId ?? null, request.email?.toLowerCase() ?? null]));
}

function metadataMatches(column: typeof sessions.metadata | typeof cases.metadata, request: ErasureRequest): SQL[] {
  const conditions: SQL[] = [];
  // NOTE: ->> gives numbers as text too, so customerId 42 and "42" are one customer.
  if (request.customerId !== undefined) conditions.push(sql`${column} ->> 'customerId' = ${request.customerId}`);
  if (request.email !== undefined) conditions.push(sql`lower(${column} ->> 'email') = ${request.email.toLowerCase()}`);
  return conditions;
}

/** The customer's sessions and cases (ids) in the caller's sites. */
export async function findCustomerData(scope: Scope, request: ErasureRequest): Promise<{ sessionIds: string[]; caseIds: string[] }> {
  const { db } = scope;
  const sessionsInScope = await inScope(scope, sessions.siteId);
  const sessionRows = await db
    .select({ id: sessions.id })
    .from(sessions)
    .where(and(sessionsInScope, or(...metadataMatches(sessions.metadata, request))));
  const sessionIds = new Set(sessionRows.map((r) => r.id));
  const caseConditions = metadataMatches(cases.metadata, request);
  if (request.email !== undefined) caseConditions.push(sql`lower(${cases.customerEmail}) = ${request.email.toLowerCase()}`);
  if (sessionIds.size) caseConditions.push(inArray(cases.sessionId, [...sessionIds]));
  const caseRows = await db
    .select({ id: cases.id, sessionId: cases.sessionId })
    .from(cases)
    .where(and(await inScope(scope, cases.siteId), or(...caseConditions)));
  // A case's recording is of its own site (intake checks it); asked again, so nothing outside the scope can slip in.
  const caseSessions = caseRows.flatMap((c) => (c.sessionId && !sessionIds.has(c.sessionId) ? [c.sessionId] : []));
  if (caseSessions.length) {
    const rows = await db
      .select({ id: sessions.id })
      .from(sessions)
      .where(and(sessionsInScope, inArray(sessions.id, caseSessions)));
    for (const r of rows) sessionIds.add(r.id);
  }
  return { sessionIds: [...sessionIds].sort(), caseIds: caseRows.map((c) => c.id).sort() };
}

async function countCaseData(db: Db, caseIds: string[]): Promise<DeletionCounts> {
  const counts: DeletionCounts = { cases: caseIds.length };
  for (const [name, table, column] of CASE_TABLES) {
    if (caseIds.length === 0) {
      counts[name] = 0;
      continue;
    }
    const [row] = await db.select({ n: count() }).from(table).where(inArray(column, caseIds));
    counts[name] = Number(row?.n ?? 0);
  }
  return counts;
}

/** The tutorials made from any of these sessions (ids). */
async function tutorialsFrom(db: Db, sessionIds: string[]): Promise<string[]> {
  if (sessionIds.length === 0) return [];
  const rows = await db
    .selectDistinct({ id: tutorialSources.tutorialId })
    .from(tutorialSources)
    .where(inArray(tutorialSources.sessionId, sessionIds));
  return rows.map((r) => r.id);
}

/** Deletes (or, with `dryRun`, counts) the customer's data in the caller's sites. */
export async function eraseCustomer(scope: Scope, store: MediaStore, request: ErasureRequest, dryRun: boolean): Promise<ErasureResult> {
  const { db } = scope;
  const { sessionIds, caseIds } = await findCustomerData(scope, request);
  const counts = await countCaseData(db, caseIds);
  const tutorialIds = await tutorialsFrom(db, sessionIds);
  counts.tutorials = tutorialIds.length;
  if (dryRun) {
    addCounts(counts, await countSessionData(db, store, sessionIds));
    return { dryRun, sessionIds, caseIds, counts };
  }
  if (caseIds.length) {
    await db.transaction(async (tx) => {
      // Not cascading (set null on delete): their payloads and addresses would outlive the case.
      await tx.delete(webhookDeliveries).where(inArray(webhookDeliveries.caseId, caseIds));
      await tx.delete(emailOutbox).where(inArray(emailOutbox.caseId, caseIds));
      await tx.delete(cases).where(inArray(cases.id, caseIds));
      await removeSubjects(tx, 'case', caseIds);
    });
  }
  // Before the sessions: their cascade would take the sources, and then nothing would name these tutorials.
  if (tutorialIds.length) await db.delete(tutorials).where(inArray(tutorials.id, tutorialIds));
  for (let i = 0; i < sessionIds.length; i += DELETION_BATCH) {
    addCounts(counts, await deleteSessions(db, store, sessionIds.slice(i, i + DELETION_BATCH)));
  }
  if (sessionIds.length === 0) addCounts(counts, await countSessionData(db, store, []));
  return { dryRun, sessionIds, caseIds, counts };
}
