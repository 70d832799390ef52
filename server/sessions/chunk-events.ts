/**
 * @module server/sessions/chunk-events
 * Several stored chunks as one JSON answer for the player: `[[events of the
 * first seq asked], [events of the next], …]`, gzipped once for the wire
 * (`Content-Encoding: gzip`), so the browser inflates it natively in one go.
 *
 * NOTE: why not the stored gzip bytes back to back (`chunk-data`): the
 * browser can only inflate those one `DecompressionStream` per chunk, about
 * a millisecond each, and a seek far from the loaded window needs hundreds of
 * one-second chunks: that alone was half of a seek's time.
 */
import { promisify } from 'node:util';
import { constants, gzip as gzipCb } from 'node:zlib';

const gzip = promisify(gzipCb);
const COMMA = Buffer.from(',');
const OPEN = Buffer.from('[');
const CLOSE = Buffer.from(']');

/**
 * The JSON text `[chunk, chunk, …]` of chunks (each a JSON array, validated
 * at ingest, as served: `servedChunks` inflated them and pointed their
 * addresses at stored assets), in the order given; gzipped (fast level: the
 * answer is read once, by a player on the other side of a fast link or a
 * proxy that compresses again) unless `gzipped` is false.
 */
export async function chunkEventsBody(parts: readonly Uint8Array[], gzipped: boolean): Promise<Uint8Array> {
  const json = Buffer.concat([OPEN, ...parts.flatMap((p, i) => (i === 0 ? [p] : [COMMA, p])), CLOSE]);
  return gzipped ? gzip(json, { level: constants.Z_BEST_SPEED }) : json;
}
