/**
 * @module recorder/compress
 * Gzip in the browser with `CompressionStream`, in a worker off the page's
 * main thread (`compress-worker.ts`) where the page allows one, else on the
 * main thread; where `CompressionStream` is missing the chunk goes as plain
 * JSON (the protocol accepts both).
 */
import { CHUNK_CONTENT_TYPE_GZIP, CHUNK_CONTENT_TYPE_JSON } from '../protocol/ingest-constants.ts';
import { CompressWorker } from './compress-worker.ts';

export type { WorkerRequestInit, WorkerResponse } from './compress-worker.ts';

export interface EncodedBody {
  body: ArrayBuffer;
  contentType: typeof CHUNK_CONTENT_TYPE_GZIP | typeof CHUNK_CONTENT_TYPE_JSON;
}

export function canGzip(): boolean {
  return typeof CompressionStream === 'function';
}

/** The page's worker: made at the first chunk; `null` once refused (then the main thread encodes). */
let worker: CompressWorker | null | undefined;

export async function encodeChunk(json: string): Promise<EncodedBody> {
  if (!canGzip()) return { body: await new Blob([json]).arrayBuffer(), contentType: CHUNK_CONTENT_TYPE_JSON };
  worker ??= CompressWorker.create();
  if (worker && !worker.failed) {
    try {
      return { body: await worker.gzip(json), contentType: CHUNK_CONTENT_TYPE_GZIP };
    } catch {
      // Refused or broken (it says so from now on): this chunk, and the next ones, are gzipped here.
    }
  }
  return { body: await gzipHere(json), contentType: CHUNK_CONTENT_TYPE_GZIP };
}

/**
 * The page's worker if it runs (it answered a gzip) and may make the ingest
 * requests (`ingest-client.ts`); else `undefined`: the main thread makes them.
 */
export function requestWorker(): CompressWorker | undefined {
  return worker?.canFetch ? worker : undefined;
}

function gzipHere(json: string): Promise<ArrayBuffer> {
  const gzipped = new Blob([json]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Response(gzipped).arrayBuffer();
}
