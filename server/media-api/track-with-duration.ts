/**
 * @module server/media-api/track-with-duration
 * A stored track as the server serves it: its contiguous chunks with the
 * WebM head patched to carry the track's Duration (`protocol/webm-duration`),
 * so a `<video>` knows the length and can seek before it plays. The duration
 * is the end of the last served chunk (the recorder's timing, in the chunk
 * index), so it always describes exactly the bytes served, also while a
 * track still grows.
 *
 * Byte ranges are over the patched file: [patched head][original bytes from
 * the end of Info]. A track whose head is not a WebM this knows how to patch
 * is served as stored.
 */
import type { MediaStore } from '../media-store/media-store.ts';
import { WEBM_HEAD_BYTES, webmDurationPatch, type WebmDurationPatch } from '../../protocol/webm-duration.ts';
import { trackStream, type IndexedChunk } from './track-stream.ts';

export interface TimedChunk extends IndexedChunk {
  /** ms from the track's start. */
  startMs: number;
  durationMs: number;
}

export interface ServedTrack {
  /** Bytes of the served (patched) file. */
  size: number;
  /** The duration written into the head, ms (0 when not patched). */
  durationMs: number;
  /** Bytes [start, end] of the served file, inclusive, `end < size`. */
  stream(start: number, end: number): ReadableStream<Uint8Array>;
}

/** `run` is the track's contiguous run (`contiguousRun`), with its byte offsets. */
export async function trackWithDuration(
  store: MediaStore,
  key: { sessionId: string; trackId: string },
  run: (TimedChunk & { byteStart: number })[],
): Promise<ServedTrack> {
  const storedSize = run.reduce((n, r) => n + r.byteSize, 0);
  const durationMs = run.reduce((end, r) => Math.max(end, r.startMs + r.durationMs), 0);
  const original = (start: number, end: number) => trackStream(store, key, run, start, end);
  const patch =
    storedSize > 0 ? webmDurationPatch(await readAll(original(0, Math.min(storedSize, WEBM_HEAD_BYTES) - 1)), durationMs) : undefined;
  if (!patch) return { size: storedSize, durationMs: 0, stream: original };
  return {
    size: storedSize + patch.head.length - patch.replacedLength,
    durationMs,
    stream: (start, end) => patchedRange(patch, original, start, end),
  };
}

/** Bytes [start, end] of [patch.head][original from patch.replacedLength]. */
function patchedRange(
  patch: WebmDurationPatch,
  original: (start: number, end: number) => ReadableStream<Uint8Array>,
  start: number,
  end: number,
): ReadableStream<Uint8Array> {
  const { head } = patch;
  const shift = head.length - patch.replacedLength;
  const fromHead = start < head.length ? head.slice(start, Math.min(end, head.length - 1) + 1) : undefined;
  const rest = end >= head.length ? original(Math.max(start, head.length) - shift, end - shift) : undefined;
  if (!fromHead) return rest!;
  if (!rest) return new Blob([fromHead]).stream();
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(fromHead);
    },
    async pull(controller) {
      reader ??= rest.getReader();
      const { done, value } = await reader.read();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    async cancel(reason) {
      await (reader ?? rest).cancel(reason);
    },
  });
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}
