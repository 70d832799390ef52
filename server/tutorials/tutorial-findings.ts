/**
 * @module server/tutorials/tutorial-findings
 * What the scan finds in a tutorial's (cut, joined, redacted) events:
 * `detectSensitive` over them, told the customer's own data besides (the
 * identity the recordings' metadata carries, the e-mail of cases asked with
 * them), with each finding marked `ignored` when the editor keeps it on
 * purpose. Open findings block publishing.
 */
import type { eventWithTime } from '@rrweb/types';
import { inArray, isNotNull, and } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { cases, sessions } from '../../db/schema.ts';
import type { TutorialFinding } from '../../protocol/tutorials.ts';
import { detectSensitive } from './transform/index.ts';
import type { RedactionRow } from './tutorial-dto.ts';

/** Metadata keys naming who the customer is (what `identify()` and sites' `setMetadata()` carry). */
const IDENTITY_KEY = /e-?mail|name|phone|customer|user|account|(^|_)id$|Id$/i;
const MIN_KNOWN = 3;

/** The customer data known for these recordings: identity values of their metadata, and their cases' e-mails. */
export async function knownCustomerData(db: Db, sessionIds: readonly string[]): Promise<string[]> {
  if (sessionIds.length === 0) return [];
  const ids = [...new Set(sessionIds)];
  const [metadata, caseEmails] = await Promise.all([
    db.select({ metadata: sessions.metadata }).from(sessions).where(inArray(sessions.id, ids)),
    db
      .select({ email: cases.customerEmail, metadata: cases.metadata })
      .from(cases)
      .where(and(inArray(cases.sessionId, ids), isNotNull(cases.sessionId))),
  ]);
  const known = new Set<string>();
  const fromMetadata = (m: Record<string, unknown>) => {
    for (const [key, value] of Object.entries(m)) {
      const v = typeof value === 'number' ? String(value) : value;
      if (typeof v === 'string' && IDENTITY_KEY.test(key) && v.trim().length >= MIN_KNOWN) known.add(v.trim());
    }
  };
  for (const row of metadata) fromMetadata(row.metadata);
  for (const row of caseEmails) {
    fromMetadata(row.metadata);
    if (row.email) known.add(row.email);
  }
  return [...known];
}

/** The findings of `events`, each marked `ignored` when an `ignore` redaction names its value (in any case, any of its spellings). */
export function findingsOf(events: eventWithTime[], known: readonly string[], redactions: readonly RedactionRow[]): TutorialFinding[] {
  const ignored = new Set(redactions.flatMap((r) => (r.kind === 'ignore' && r.text ? [r.text.toLowerCase()] : [])));
  return detectSensitive(events, [...known]).map((f) => ({
    kind: f.kind,
    value: f.value,
    count: f.count,
    firstT: f.firstT,
    status: [f.value, ...(f.variants ?? [])].some((v) => ignored.has(v.toLowerCase())) ? 'ignored' : 'open',
  }));
}
