/**
 * @module server/sessions/import-chunks
 * Cuts an imported recording into chunks the way the recorder's batches
 * look to the player: a new chunk at every full snapshot (with the Meta
 * event before it), so replay can start there without older chunks, and a
 * new one every {@link IMPORT_CHUNK_SPAN_MS} or {@link IMPORT_CHUNK_RAW_BYTES}
 * of JSON, so the player loads a time window rather than the whole file.
 * Events keep their order; joining the chunks gives the recording back.
 */
import type { ChunkEvent } from '../ingest/chunk-body.ts';
import { payloadTooLarge } from '../errors.ts';
import { IMPORT_CHUNK_RAW_BYTES, IMPORT_CHUNK_SPAN_MS } from '../../protocol/api.ts';
import { MAX_CHUNK_RAW_BYTES, MAX_EVENTS_PER_CHUNK } from '../../protocol/ingest.ts';

const FULL_SNAPSHOT = 2;
const META = 4;

export interface CutChunk {
  events: ChunkEvent[];
  /** The chunk's JSON (an array of its events), as it will be stored. */
  raw: Buffer;
}

export interface CutLimits {
  spanMs: number;
  rawBytes: number;
  events: number;
}

const DEFAULT_LIMITS: CutLimits = { spanMs: IMPORT_CHUNK_SPAN_MS, rawBytes: IMPORT_CHUNK_RAW_BYTES, events: MAX_EVENTS_PER_CHUNK };

/** 413 when one event alone is larger than any chunk may be. */
export function cutIntoChunks(events: ChunkEvent[], limits: CutLimits = DEFAULT_LIMITS): CutChunk[] {
  const chunks: CutChunk[] = [];
  let current: ChunkEvent[] = [];
  let parts: string[] = [];
  let bytes = 2; // the brackets
  let firstTs = 0;

  const close = () => {
    if (current.length === 0) return;
    const raw = Buffer.from(`[${parts.join(',')}]`);
    // Only a Meta event and a huge snapshot together get here: still one chunk's cap.
    if (raw.byteLength > MAX_CHUNK_RAW_BYTES)
      throw payloadTooLarge(`a full snapshot and its Meta event are over ${MAX_CHUNK_RAW_BYTES} bytes`);
    chunks.push({ events: current, raw });
    current = [];
    parts = [];
    bytes = 2;
  };

  for (const [i, event] of events.entries()) {
    const json = JSON.stringify(event);
    const size = Buffer.byteLength(json);
    if (size + 2 > MAX_CHUNK_RAW_BYTES) throw payloadTooLarge(`event ${i} alone is over ${MAX_CHUNK_RAW_BYTES} bytes`);

    const opensSnapshot =
      (event.type === META && events[i + 1]?.type === FULL_SNAPSHOT) || (event.type === FULL_SNAPSHOT && events[i - 1]?.type !== META);
    const followsItsMeta = event.type === FULL_SNAPSHOT && events[i - 1]?.type === META;
    const full = bytes + size + 1 > limits.rawBytes || current.length >= limits.events || event.timestamp - firstTs > limits.spanMs;
    // A full snapshot stays with the Meta event before it, whatever the limits.
    if (opensSnapshot || (full && !followsItsMeta)) close();

    if (current.length === 0) firstTs = event.timestamp;
    current.push(event);
    parts.push(json);
    bytes += size + 1;
  }
  close();
  return chunks;
}
