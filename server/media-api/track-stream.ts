/**
 * @module server/media-api/track-stream
 * A track's bytes [start, end] as a stream over its chunk index: only the
 * chunks that overlap the range are read, one slice at a time, so serving
 * minute 50 of a long recording touches minute 50's chunks only and memory
 * stays at one chunk whatever the track's size.
 */
import type { MediaStore } from '../media-store/media-store.ts';

export interface IndexedChunk {
  seq: number;
  byteSize: number;
}

/** The contiguous run from seq 0 (what the stream serves): a later chunk waits for the gap to fill. */
export function contiguousRun<T extends IndexedChunk>(chunks: T[]): (T & { byteStart: number })[] {
  const out: (T & { byteStart: number })[] = [];
  let byteStart = 0;
  for (const [i, chunk] of chunks.entries()) {
    if (chunk.seq !== i) break;
    out.push({ ...chunk, byteStart });
    byteStart += chunk.byteSize;
  }
  return out;
}

export function trackStream(
  store: MediaStore,
  key: { sessionId: string; trackId: string },
  run: (IndexedChunk & { byteStart: number })[],
  start: number,
  end: number,
): ReadableStream<Uint8Array> {
  const parts = run.filter((c) => c.byteStart + c.byteSize > start && c.byteStart <= end);
  let i = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const chunk = parts[i++];
      if (!chunk) {
        controller.close();
        return;
      }
      const from = Math.max(start, chunk.byteStart) - chunk.byteStart;
      const to = Math.min(end, chunk.byteStart + chunk.byteSize - 1) - chunk.byteStart;
      const bytes = await store.read({ ...key, seq: chunk.seq }, from, to - from + 1);
      if (bytes.byteLength !== to - from + 1) {
        controller.error(new Error(`media chunk ${chunk.seq} of ${key.trackId} is shorter than its index says`));
        return;
      }
      controller.enqueue(bytes);
    },
  });
}
