/**
 * @module recorder/compress
 * Gzip in the browser with `CompressionStream`; where that is missing the
 * chunk goes as plain JSON (the protocol accepts both).
 */
import { CHUNK_CONTENT_TYPE_GZIP, CHUNK_CONTENT_TYPE_JSON } from '../protocol/ingest-constants.ts';

export interface EncodedBody {
  body: ArrayBuffer;
  contentType: typeof CHUNK_CONTENT_TYPE_GZIP | typeof CHUNK_CONTENT_TYPE_JSON;
}

export function canGzip(): boolean {
  return typeof CompressionStream === 'function';
}

export async function encodeChunk(json: string): Promise<EncodedBody> {
  const raw = new Blob([json], { type: CHUNK_CONTENT_TYPE_JSON });
  if (!canGzip()) return { body: await raw.arrayBuffer(), contentType: CHUNK_CONTENT_TYPE_JSON };
  const gzipped = raw.stream().pipeThrough(new CompressionStream('gzip'));
  return { body: await new Response(gzipped).arrayBuffer(), contentType: CHUNK_CONTENT_TYPE_GZIP };
}
