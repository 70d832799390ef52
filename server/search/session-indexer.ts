/**
 * @module server/search/session-indexer
 * Indexes one recorded session: reads its stored chunks in order, extracts
 * the text it showed with `session-text.ts`, groups texts that were on screen
 * during the same window into one passage (so a page is a handful of rows,
 * not one per text node), adds the live chat and the advisors' comments
 * (at their moments; `comments/comments.routes.ts` asks for a re-index on
 * every change), and replaces the session's index. Its `source_version` is the number of chunks read.
 */
import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { comments, eventChunks, liveChatMessages, sessions } from '../../db/schema.ts';
import { storedChunkJson } from '../storage/chunk-codec.ts';
import { detectLanguage } from './language.ts';
import { replaceSubject, removeSubjects, type Passage } from './index-store.ts';
import { sessionTexts, type TimedText } from './session-text.ts';
import { indexableText, MAX_PASSAGE_CHARS } from './search-text.ts';

/** More passages than this: windows starting in the same bucket merge (the smallest bucket that fits). */
const MAX_PASSAGES = 2_000;
const BUCKETS_MS = [1_000, 5_000, 15_000, 60_000, 300_000, 3_600_000];
const TITLE_CHARS = 200;

export async function indexSession(db: Db, sessionId: string): Promise<void> {
  const [session] = await db.select().from(sessions).where(eq(sessions.id, sessionId));
  if (!session) {
    await removeSubjects(db, 'session', [sessionId]);
    return;
  }
  const chunks = await db
    .select({ data: eventChunks.data })
    .from(eventChunks)
    .where(eq(eventChunks.sessionId, sessionId))
    .orderBy(asc(eventChunks.seq));
  const events: { type: number; timestamp: number }[] = [];
  for (const c of chunks) events.push(...(JSON.parse((await storedChunkJson(db, sessionId, c.data)).toString('utf8')) as typeof events));
  const texts = sessionTexts(events);
  const origin = events[0]?.timestamp ?? session.startedAt.getTime();
  const chat = await db
    .select({ ts: liveChatMessages.ts, text: liveChatMessages.text })
    .from(liveChatMessages)
    .where(eq(liveChatMessages.sessionId, sessionId));
  for (const m of chat) {
    const text = indexableText(m.text);
    if (text) texts.push({ source: 'chat', text, startMs: m.ts - origin, endMs: m.ts - origin });
  }
  // A comment's `t` is already ms since the session's first event.
  const notes = await db.select({ t: comments.t, body: comments.body }).from(comments).where(eq(comments.sessionId, sessionId));
  for (const c of notes) {
    const text = indexableText(c.body);
    if (text) texts.push({ source: 'comment', text, startMs: c.t, endMs: c.t });
  }

  const passages = groupWindows(texts);
  const lang = detectLanguage(passages.map((p) => p.text).join(' '));
  const title = texts.find((t) => t.source === 'page_title')?.text ?? session.firstUrl;
  await replaceSubject(
    db,
    {
      kind: 'session',
      subjectId: session.id,
      siteId: session.siteId,
      title: title.slice(0, TITLE_CHARS),
      lang,
      state: null,
      occurredAt: session.startedAt,
      sourceVersion: chunks.length,
    },
    passages,
    async (tx) => (await tx.select({ id: sessions.id }).from(sessions).where(eq(sessions.id, sessionId)).for('share')).length > 0,
  );
}

/**
 * Texts of one source on screen over the same window become one passage
 * (distinct texts, in order); its window spans its members' (so a merged
 * passage's start may precede a member's appearance by up to one bucket).
 */
export function groupWindows(texts: readonly TimedText[]): Passage[] {
  const key = (t: TimedText, bucketMs: number) =>
    bucketMs ? `${t.source} ${Math.floor(t.startMs / bucketMs)}` : `${t.source} ${t.startMs} ${t.endMs}`;
  let groups = group(texts, (t) => key(t, 0));
  for (const bucketMs of BUCKETS_MS) {
    if (groups.length <= MAX_PASSAGES) break;
    groups = group(texts, (t) => key(t, bucketMs));
  }
  return groups.map((members) => {
    const distinct = [...new Set(members.map((m) => m.text))];
    return {
      source: members[0]!.source,
      text: distinct.join('\n').slice(0, MAX_PASSAGE_CHARS),
      startMs: Math.max(0, Math.min(...members.map((m) => m.startMs))),
      endMs: Math.max(0, ...members.map((m) => m.endMs)),
    };
  });
}

function group(texts: readonly TimedText[], keyOf: (t: TimedText) => string): TimedText[][] {
  const groups = new Map<string, TimedText[]>();
  for (const t of texts) {
    const k = keyOf(t);
    const list = groups.get(k);
    if (list) list.push(t);
    else groups.set(k, [t]);
  }
  return [...groups.values()];
}
