/**
 * @module server/sessions/session-export
 * A whole session as one JSON array of rrweb events (`eventWithTime[]`, what
 * rrweb-player and Replayer take), streamed chunk by chunk in seq order: each
 * stored chunk is already a JSON array, so we read it back (server/storage), cut its outer
 * brackets and join the insides with commas. Memory stays at one chunk
 * however long the session is.
 */
import { and, asc, eq } from 'drizzle-orm';
import { eventChunks } from '../../db/schema.ts';
import type { Scope } from '../scope/index.ts';
import type { SessionRow } from './session-dto.ts';
import type { ChunkRewriter } from '../assets/asset-rewrite.ts';
import { storedChunkJson } from '../storage/chunk-codec.ts';

const encoder = new TextEncoder();
const OPEN = 0x5b; // [
const CLOSE = 0x5d; // ]

/**
 * `row`: a session found in the caller's scope (`sessionInScope`);
 * `rewrite`: its addresses pointed at the server's stored copies
 * (`server/assets`), so stock rrweb tools replay the export without the site.
 */
export function exportSessionStream(scope: Scope, row: SessionRow, rewrite?: ChunkRewriter): ReadableStream<Uint8Array> {
  const { db } = scope;
  const sessionId = row.id;
  let seqs: number[] | undefined;
  let next = 0;
  let wroteEvents = false;

  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!seqs) {
        const rows = await db
          .select({ seq: eventChunks.seq })
          .from(eventChunks)
          .where(eq(eventChunks.sessionId, sessionId))
          .orderBy(asc(eventChunks.seq));
        seqs = rows.map((r) => r.seq);
        controller.enqueue(encoder.encode('['));
        return;
      }
      const seq = seqs[next++];
      if (seq === undefined) {
        controller.enqueue(encoder.encode(']\n'));
        controller.close();
        return;
      }
      const [row] = await db
        .select({ data: eventChunks.data })
        .from(eventChunks)
        .where(and(eq(eventChunks.sessionId, sessionId), eq(eventChunks.seq, seq)));
      if (!row) return;
      const stored = await storedChunkJson(db, sessionId, row.data);
      const raw = rewrite ? Buffer.from(await rewrite(stored)) : stored;
      // Stored chunks were validated as non-empty JSON arrays, so both brackets exist.
      const inner = raw.subarray(raw.indexOf(OPEN) + 1, raw.lastIndexOf(CLOSE));
      if (wroteEvents) controller.enqueue(encoder.encode(','));
      controller.enqueue(inner);
      wroteEvents = true;
    },
  });
}
