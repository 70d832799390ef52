/**
 * @module server/storage/chunk-codec
 * The forms a stored chunk (`event_chunks.data`) takes, and the one way to
 * read any of them back as the JSON text ingest stored. Ingest stores gzip
 * (the recorder's bytes, or its own); compaction (`chunk-compaction.ts`)
 * later rewrites a settled session's chunks as zstd, each compressed against
 * the session's first snapshot chunk as a dictionary: pages of a site repeat
 * their head, navigation and styles, and a chunk alone (gzip) cannot see the
 * snapshot it repeats. Forms, told apart by their first bytes:
 *
 * - gzip (`1f 8b`): as ingest stored it;
 * - zstd (`28 b5 2f fd`): a frame on its own (the dictionary chunk itself);
 * - `CBZD` + the dictionary chunk's seq (uint32, big endian) + a zstd frame
 *   compressed against that chunk's JSON;
 * - `CBZI` + the dictionary chunk's seq (or {@link NO_DICTIONARY}) + a zstd
 *   frame of the JSON with its node ids written as deltas (`id-deltas.ts`),
 *   compressed against the dictionary chunk's JSON rewritten the same way:
 *   what compaction writes now (ids were a third of the compressed bytes);
 *   the two forms above are read as before.
 *
 * Every reader goes through {@link storedChunkJson}, so players, exports,
 * search, tutorials and asset capture see exactly the JSON ingest stored.
 */
import { promisify } from 'node:util';
import {
  constants,
  gunzip as gunzipCb,
  gunzipSync,
  zstdCompress as zstdCompressCb,
  zstdDecompress as zstdDecompressCb,
  zstdDecompressSync,
} from 'node:zlib';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { eventChunks } from '../../db/schema.ts';
import { deltaIds, restoreIds } from './id-deltas.ts';

const gunzip = promisify(gunzipCb);
const zstdCompress = promisify(zstdCompressCb);
const zstdDecompress = promisify(zstdDecompressCb);

const GZIP = Buffer.from([0x1f, 0x8b]);
const ZSTD = Buffer.from([0x28, 0xb5, 0x2f, 0xfd]);
const WITH_DICTIONARY = Buffer.from('CBZD');
const ID_DELTAS = Buffer.from('CBZI');
/** The seq a `CBZI` chunk compressed alone names. */
const NO_DICTIONARY = 0xffffffff;
const HEADER = WITH_DICTIONARY.length + 4;
/** How many first bytes tell a stored chunk's form (and its dictionary's seq). */
export const FORM_BYTES = HEADER;
/** Stored chunks up to this size are decoded on the event loop (see storedChunkJson). */
const DECODE_INLINE_BYTES = 32 * 1024;
/** Slow to write (a background job, once per chunk), as fast as any level to read. */
const LEVEL = 19;

const startsWith = (data: Uint8Array, magic: Buffer) =>
  Buffer.from(data.buffer, data.byteOffset, data.byteLength).subarray(0, magic.length).equals(magic);

/** Whether the stored bytes are gzip (ingest's form: the player may be sent them as they are). */
export const isGzip = (data: Uint8Array) => startsWith(data, GZIP);

/** Whether the stored bytes are already compacted (zstd, with or without a dictionary). */
export const isCompacted = (data: Uint8Array) => startsWith(data, ZSTD) || startsWith(data, WITH_DICTIONARY) || startsWith(data, ID_DELTAS);

/** The seq of the chunk a compacted chunk was compressed against, or null. */
export function dictionarySeq(data: Uint8Array): number | null {
  if (!startsWith(data, WITH_DICTIONARY) && !startsWith(data, ID_DELTAS)) return null;
  const seq = Buffer.from(data.buffer, data.byteOffset, data.byteLength).readUInt32BE(WITH_DICTIONARY.length);
  return seq === NO_DICTIONARY ? null : seq;
}

/** A dictionary's JSON with its ids as deltas: compaction compresses every chunk of a session against the same one. */
const deltaDictionaries = new WeakMap<Uint8Array, Buffer>();
function deltaDictionary(json: Uint8Array): Buffer {
  let deltas = deltaDictionaries.get(json);
  if (!deltas) deltaDictionaries.set(json, (deltas = deltaIds(json)));
  return deltas;
}

/** Compresses a chunk's JSON as compaction stores it: against `dictionary` (the JSON of chunk `dictionarySeq`) or alone. */
export async function compactChunk(json: Uint8Array, dictionary?: { seq: number; json: Uint8Array }): Promise<Buffer> {
  const params = { [constants.ZSTD_c_compressionLevel]: LEVEL };
  const deltas = deltaIds(json);
  // Always true for JSON.stringify's output; anything else is stored without the rewrite.
  if (!restoreIds(deltas).equals(json)) {
    if (!dictionary) return zstdCompress(json, { params });
    return withHeader(WITH_DICTIONARY, dictionary.seq, await zstdCompress(json, { params, dictionary: dictionary.json }));
  }
  if (!dictionary) return withHeader(ID_DELTAS, NO_DICTIONARY, await zstdCompress(deltas, { params }));
  const frame = await zstdCompress(deltas, { params, dictionary: deltaDictionary(dictionary.json) });
  return withHeader(ID_DELTAS, dictionary.seq, frame);
}

function withHeader(magic: Buffer, seq: number, frame: Buffer): Buffer {
  const header = Buffer.alloc(HEADER);
  magic.copy(header);
  header.writeUInt32BE(seq, magic.length);
  return Buffer.concat([header, frame]);
}

/**
 * The dictionaries read lately (a session's replay reads many chunks against
 * the same one). A dictionary chunk never changes once others depend on it,
 * so keeping its JSON (and that JSON with its ids as deltas) is safe;
 * bounded by count.
 */
const dictionaries = new Map<string, Promise<Buffer>>();
const MAX_DICTIONARIES = 32;

/** The JSON of dictionary chunk `seq`, with its ids as deltas for a `CBZI` chunk. */
async function dictionaryOf(db: Db, sessionId: string, seq: number, asDeltas: boolean): Promise<Buffer> {
  const key = `${sessionId}:${seq}:${asDeltas ? 'ids' : 'json'}`;
  let json = dictionaries.get(key);
  if (!json) {
    json = (async () => {
      if (asDeltas) return deltaIds(await dictionaryOf(db, sessionId, seq, false));
      const [row] = await db
        .select({ data: eventChunks.data })
        .from(eventChunks)
        .where(and(eq(eventChunks.sessionId, sessionId), eq(eventChunks.seq, seq)));
      if (!row) throw new Error(`stored chunk ${sessionId}/${seq} names a missing dictionary chunk ${seq}`);
      if (dictionarySeq(row.data) !== null) throw new Error(`dictionary chunk ${sessionId}/${seq} has a dictionary itself`);
      return storedChunkJson(db, sessionId, row.data);
    })();
    dictionaries.set(key, json);
    json.catch(() => dictionaries.delete(key));
    if (dictionaries.size > MAX_DICTIONARIES) dictionaries.delete(dictionaries.keys().next().value!);
  }
  return json;
}

/** The JSON text of a stored chunk of `sessionId`, whatever its form. */
export async function storedChunkJson(db: Db, sessionId: string, data: Uint8Array): Promise<Buffer> {
  // Most chunks are a few KiB and decode in microseconds: on the event loop, that is cheaper than a
  // thread-pool round trip per chunk (a replay reads hundreds). Large ones go to the pool.
  const inline = data.byteLength <= DECODE_INLINE_BYTES;
  if (isGzip(data)) return inline ? gunzipSync(data) : gunzip(data);
  if (startsWith(data, ZSTD)) return inline ? zstdDecompressSync(data) : zstdDecompress(data);
  const frame = Buffer.from(data.buffer, data.byteOffset, data.byteLength).subarray(HEADER);
  const seq = dictionarySeq(data);
  if (startsWith(data, ID_DELTAS)) {
    const options = seq === null ? {} : { dictionary: await dictionaryOf(db, sessionId, seq, true) };
    return restoreIds(inline ? zstdDecompressSync(frame, options) : await zstdDecompress(frame, options));
  }
  if (seq === null) throw new Error(`stored chunk of ${sessionId} is in no known form`);
  const dictionary = await dictionaryOf(db, sessionId, seq, false);
  return inline ? zstdDecompressSync(frame, { dictionary }) : zstdDecompress(frame, { dictionary });
}
