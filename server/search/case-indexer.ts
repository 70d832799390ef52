/**
 * @module server/search/case-indexer
 * Indexes one case: its question, every message of the thread (internal
 * notes marked advisors-only), and its enrichment fields. The case's status
 * is the subject's `state` (content members find resolved cases only), and
 * its `source_version` the last change to any of these, in ms.
 */
import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { caseEnrichments, caseMessages, cases } from '../../db/schema.ts';
import type { SearchLanguage } from '../../protocol/search-constants.ts';
import { detectLanguage } from './language.ts';
import { replaceSubject, removeSubjects, type Passage } from './index-store.ts';
import { indexableText } from './search-text.ts';

const TITLE_CHARS = 200;

export async function indexCase(db: Db, caseId: string): Promise<void> {
  const [row] = await db.select().from(cases).where(eq(cases.id, caseId));
  if (!row) {
    await removeSubjects(db, 'case', [caseId]);
    return;
  }
  const messages = await db.select().from(caseMessages).where(eq(caseMessages.caseId, caseId)).orderBy(asc(caseMessages.createdAt));
  const enrichments = await db.select().from(caseEnrichments).where(eq(caseEnrichments.caseId, caseId));

  const passages: Passage[] = [];
  const push = (passage: Passage) => {
    const text = indexableText(passage.text);
    if (text) passages.push({ ...passage, text });
  };
  push({ source: 'question', text: row.question });
  for (const m of messages) {
    push({ source: m.kind === 'internal_note' ? 'internal_note' : 'message', text: m.body, advisorsOnly: m.kind === 'internal_note' });
  }
  for (const e of enrichments) {
    const fields = Object.entries(e.fields).filter(([, v]) => v !== null && v !== '');
    if (fields.length) push({ source: 'enrichment', text: fields.map(([k, v]) => `${k}: ${String(v)}`).join('\n') });
  }

  const versions = [row.updatedAt, ...messages.map((m) => m.createdAt), ...enrichments.map((e) => e.updatedAt)].map((d) => d.getTime());
  await replaceSubject(
    db,
    {
      kind: 'case',
      subjectId: row.id,
      siteId: row.siteId,
      title: indexableText(row.question).slice(0, TITLE_CHARS),
      lang: caseLanguage(row.language, passages.map((p) => p.text).join(' ')),
      state: row.status,
      occurredAt: row.createdAt,
      sourceVersion: Math.max(...versions),
    },
    passages,
    async (tx) => (await tx.select({ id: cases.id }).from(cases).where(eq(cases.id, caseId)).for('share')).length > 0,
  );
}

/** Detected from the text; when that cannot tell, the customer's language tag if it names one we stem. */
function caseLanguage(tag: string | null, text: string): SearchLanguage {
  const detected = detectLanguage(text);
  if (detected !== 'simple') return detected;
  const primary = tag?.split('-')[0];
  return primary === 'de' ? 'german' : primary === 'en' ? 'english' : 'simple';
}
