/**
 * @module server/storage/chunk-compaction
 * Compaction of a session's stored chunks as a pg-boss job,
 * `chunk-compaction` (a singleton per session, queued by ingest with the
 * same settle delay as search indexing, so a burst of chunks shares one
 * run). Each gzip chunk is rewritten as zstd compressed against the
 * session's first snapshot chunk, its node ids as deltas first
 * (`chunk-codec.ts`, `id-deltas.ts`): the pages of a site repeat their head,
 * navigation and styles, which per-chunk gzip stores again in every
 * snapshot, and rrweb's sequential ids are noise to zstd. The request that stored a chunk never waits for
 * this, and a chunk is replaced only when the new form is smaller.
 *
 * Ingest asks for runs through a per-session throttle
 * (`server/ingest/ingest-jobs.ts`): at most one send per settle delay while
 * chunks arrive, and a trailing one after the last, so a session's final
 * chunks are compacted too. A crash can lose a held request: the catch-up
 * sweep queued at every start (`chunk-compaction-sweep`) finds the chunks
 * compaction has not run over (`event_chunks.compacted`) and queues their
 * sessions.
 *
 * The dictionary chunk is chosen once per session and kept: the first chunk
 * that starts with a full snapshot (else the first chunk); it is compacted
 * alone. Later runs reuse the one already chosen.
 */
import { and, asc, eq, lt, not, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { eventChunks } from '../../db/schema.ts';
import { startCatchUpSweep, type SweepBatch } from '../jobs/catch-up-sweep.ts';
import type { JobQueue, RetryPolicy } from '../jobs/job-queue.ts';
import type { Logger } from '../logger.ts';
import { compactChunk, dictionarySeq, FORM_BYTES, storedChunkJson } from './chunk-codec.ts';

export const COMPACTION_JOB = 'chunk-compaction';
/** Queued at every start: compaction of the sessions whose request was lost. */
export const COMPACTION_SWEEP_JOB = 'chunk-compaction-sweep';

export interface CompactionJob {
  sessionId: string;
}

/** Queues compaction of a session's chunks (after `delayMs`); never throws. */
export async function requestCompaction(jobs: JobQueue, logger: Logger, sessionId: string, delayMs = 0): Promise<void> {
  try {
    await jobs.send(COMPACTION_JOB, { sessionId } satisfies CompactionJob, {
      singletonKey: sessionId,
      ...(delayMs > 0 ? { startAfter: new Date(Date.now() + delayMs) } : {}),
    });
  } catch (err) {
    logger.warn({ err, sessionId }, 'storage: compaction not queued');
  }
}

/** Compacts the session's chunks not compacted yet; answers how many bytes it saved. */
export async function compactSession(db: Db, sessionId: string): Promise<{ chunks: number; saved: number }> {
  // Only each chunk's first bytes (its form): a long session is not read whole on every run.
  const rows = await db
    .select({
      seq: eventChunks.seq,
      startsWithSnapshot: eventChunks.startsWithSnapshot,
      compacted: eventChunks.compacted,
      head: sql<Uint8Array>`substring(${eventChunks.data} from 1 for ${FORM_BYTES})`,
    })
    .from(eventChunks)
    .where(eq(eventChunks.sessionId, sessionId))
    .orderBy(asc(eventChunks.seq));
  const dataOf = async (seq: number) => {
    const [row] = await db
      .select({ data: eventChunks.data })
      .from(eventChunks)
      .where(and(eq(eventChunks.sessionId, sessionId), eq(eventChunks.seq, seq)));
    return row?.data;
  };

  const heads = rows.map((r) => ({ ...r, head: Buffer.from(r.head) }));
  // Marked in the same update that rewrites a chunk (and by migration 0016 for the chunks before it).
  const pending = heads.filter((r) => !r.compacted).map((r) => r.seq);
  if (pending.length === 0) return { chunks: 0, saved: 0 };
  const chosen = heads.map((r) => dictionarySeq(r.head)).find((seq) => seq !== null);
  const dictSeq = chosen ?? (heads.find((r) => r.startsWithSnapshot) ?? heads[0]!).seq;
  const dictData = await dataOf(dictSeq);
  if (!dictData) return { chunks: 0, saved: 0 };
  const dictionary = { seq: dictSeq, json: await storedChunkJson(db, sessionId, dictData) };

  let chunks = 0;
  let saved = 0;
  for (const seq of pending) {
    const data = seq === dictSeq ? dictData : await dataOf(seq);
    if (!data) continue;
    const json = seq === dictSeq ? dictionary.json : await storedChunkJson(db, sessionId, data);
    const packed = await compactChunk(json, seq === dictSeq ? undefined : dictionary);
    // Kept as ingest stored it when that is smaller; marked either way, so no later run (or sweep) tries it again.
    const smaller = packed.byteLength < data.byteLength;
    // Only over the bytes read: a chunk nobody else rewrote meanwhile.
    const updated = await db
      .update(eventChunks)
      .set(smaller ? { data: packed, byteSize: packed.byteLength, compacted: true } : { compacted: true })
      .where(and(eq(eventChunks.sessionId, sessionId), eq(eventChunks.seq, seq), eq(eventChunks.byteSize, data.byteLength)))
      .returning({ seq: eventChunks.seq });
    if (smaller && updated.length) {
      chunks++;
      saved += data.byteLength - packed.byteLength;
    }
  }
  return { chunks, saved };
}

/** Sessions queued per sweep run; a bigger backlog continues in a follow-up run. */
const SWEEP_BATCH = 1_000;

/**
 * One catch-up sweep (`server/jobs/catch-up-sweep.ts`): queues compaction of
 * every session with a chunk compaction has not run over (its request was
 * lost in a crash, or it was stored before compaction existed), among the
 * chunks received before `startedAt` (this server's start: later ones are
 * this server's own requests).
 */
export async function sweepCompaction(db: Db, jobs: JobQueue, logger: Logger, startedAt: Date): Promise<SweepBatch> {
  const rows = await db
    .selectDistinct({ sessionId: eventChunks.sessionId })
    .from(eventChunks)
    .where(and(not(eventChunks.compacted), lt(eventChunks.receivedAt, startedAt)))
    // A stable order, so a run that finds the same work finds the same batch (catch-up-sweep.ts paces on that).
    .orderBy(asc(eventChunks.sessionId))
    .limit(SWEEP_BATCH);
  for (const { sessionId } of rows) await requestCompaction(jobs, logger, sessionId);
  if (rows.length) logger.info({ sessions: rows.length }, 'storage: compaction sweep');
  return { queued: rows.map((r) => r.sessionId), full: rows.length === SWEEP_BATCH };
}

export async function startCompaction(deps: { db: Db; jobs: JobQueue; logger: Logger; retry: RetryPolicy }): Promise<void> {
  const { db, jobs, retry } = deps;
  const logger = deps.logger.child({ module: 'storage' });
  await jobs.define<CompactionJob>({
    name: COMPACTION_JOB,
    ...retry,
    expireInSeconds: 900,
    concurrency: 1,
    async handler({ sessionId }) {
      const { chunks, saved } = await compactSession(db, sessionId);
      if (chunks) logger.debug({ sessionId, chunks, saved }, 'storage: chunks compacted');
    },
  });
  await startCatchUpSweep(
    { db, jobs, retry, logger },
    { name: COMPACTION_SWEEP_JOB, run: (startedAt) => sweepCompaction(db, jobs, logger, startedAt) },
  );
}
