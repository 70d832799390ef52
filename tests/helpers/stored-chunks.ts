/**
 * A session's stored chunks as the JSON text ingest stored (whatever form
 * compaction left them in: server/storage/chunk-codec.ts), in seq order: for
 * tests that look at every stored byte (what was recorded, what was kept out).
 */
import { asc, eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { eventChunks } from '../../db/schema.ts';
import { storedChunkJson } from '../../server/storage/chunk-codec.ts';

export async function storedChunkTexts(database: Database, sessionId: string): Promise<string[]> {
  const rows = await database.db
    .select({ data: eventChunks.data })
    .from(eventChunks)
    .where(eq(eventChunks.sessionId, sessionId))
    .orderBy(asc(eventChunks.seq));
  const texts: string[] = [];
  for (const r of rows) texts.push((await storedChunkJson(database.db, sessionId, r.data)).toString('utf8'));
  return texts;
}
