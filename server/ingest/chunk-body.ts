/**
 * @module server/ingest/chunk-body
 * Turns an uploaded chunk body into validated rrweb events: content type,
 * gunzip with a hard output cap (gzip bombs), strict UTF-8, JSON, schema.
 * Each failure is a 4xx with its own error code; nothing here touches the
 * database.
 */
import { promisify } from 'node:util';
import { gunzip as gunzipCb, gzip as gzipCb } from 'node:zlib';
import type { z } from 'zod';
import { ApiError, badRequest, payloadTooLarge } from '../errors.ts';
import { issuesMessage, summarizeIssues } from '../lib/zod-issues.ts';
import { ErrorCode } from '../../protocol/errors.ts';
import { CHUNK_CONTENT_TYPE_GZIP, CHUNK_CONTENT_TYPE_JSON, MAX_CHUNK_RAW_BYTES, chunkEventsSchema } from '../../protocol/ingest.ts';

const gunzip = promisify(gunzipCb);
const gzip = promisify(gzipCb);

export type ChunkEvent = z.output<typeof chunkEventsSchema>[number];
export type ChunkEncoding = 'gzip' | 'json';

/**
 * 415 unless the body is declared gzip or JSON (parameters such as charset
 * are ignored). `what` names the body in the message (the import endpoint
 * reads its body the same way).
 */
export function chunkEncoding(contentType: string | undefined, what = 'chunk body'): ChunkEncoding {
  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase();
  if (mediaType === CHUNK_CONTENT_TYPE_GZIP || mediaType === 'application/x-gzip') return 'gzip';
  if (mediaType === CHUNK_CONTENT_TYPE_JSON) return 'json';
  throw new ApiError(
    415,
    ErrorCode.UnsupportedMediaType,
    `${what} must be ${CHUNK_CONTENT_TYPE_GZIP} or ${CHUNK_CONTENT_TYPE_JSON}, got ${contentType ?? 'none'}`,
  );
}

/** The uncompressed JSON bytes of a body: 413 past `maxRawBytes` (a chunk's cap unless given), 400 for broken gzip. */
export async function decompress(
  body: Uint8Array,
  encoding: ChunkEncoding,
  maxRawBytes = MAX_CHUNK_RAW_BYTES,
  what = 'chunk',
): Promise<Buffer> {
  if (encoding === 'json') {
    if (body.byteLength > maxRawBytes) throw payloadTooLarge(`${what} is over ${maxRawBytes} bytes`);
    return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  }
  try {
    return await gunzip(body, { maxOutputLength: maxRawBytes });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) {
      throw payloadTooLarge(`${what} decompresses to more than ${maxRawBytes} bytes`);
    }
    throw badRequest(`${what} body is not valid gzip`);
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Strict UTF-8 JSON, or 400 `invalid_json`. */
export function parseJson(raw: Uint8Array, what = 'chunk'): unknown {
  try {
    return JSON.parse(utf8.decode(raw));
  } catch {
    throw new ApiError(400, ErrorCode.InvalidJson, `${what} is not valid UTF-8 JSON`);
  }
}

/** Parses and validates the events: 400 `invalid_json` or 400 `invalid_events`. */
export function parseEvents(raw: Uint8Array): ChunkEvent[] {
  const value = parseJson(raw);
  const parsed = chunkEventsSchema.safeParse(value);
  if (!parsed.success) {
    throw new ApiError(
      400,
      ErrorCode.InvalidEvents,
      `chunk is not an array of rrweb events: ${issuesMessage(parsed.error)}`,
      summarizeIssues(parsed.error),
    );
  }
  return parsed.data;
}

/**
 * The gzip bytes to store. A browser's CompressionStream gives one clean gzip
 * member, which we keep as sent (no CPU spent recompressing). Anything else
 * (plain JSON, or gzip with extra members or trailing bytes, which Node
 * accepts but a browser's DecompressionStream may not) is recompressed.
 */
export async function gzipForStorage(body: Uint8Array, encoding: ChunkEncoding, raw: Buffer): Promise<Uint8Array> {
  if (encoding === 'gzip' && isSingleCleanMember(body, raw.byteLength)) return body;
  return gzip(raw);
}

/** Checks gzip's trailer: ISIZE (last 4 bytes) is the uncompressed length mod 2^32 of the last member. */
function isSingleCleanMember(body: Uint8Array, rawLength: number): boolean {
  if (body.byteLength < 18 || body[0] !== 0x1f || body[1] !== 0x8b) return false;
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  return view.getUint32(body.byteLength - 4, true) === rawLength % 2 ** 32;
}
