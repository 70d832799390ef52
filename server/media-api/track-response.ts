/**
 * @module server/media-api/track-response
 * Answers a GET of one stored track's WebM: the contiguous run of its chunks,
 * its head patched to carry the Duration (`track-with-duration.ts`), with
 * `Accept-Ranges`, 206/416 for Range requests over the patched bytes, never
 * cached stale (the stream grows while recording goes on: a cache must not
 * keep a shorter copy). Shared by the advisor media API, the customer reply
 * link (`/s/`) and the customer case link (`/c/`).
 */
import type { Context } from 'hono';
import type { Db } from '../../db/client.ts';
import { trackChunks } from '../media-ingest/media-track-store.ts';
import type { MediaStore } from '../media-store/media-store.ts';
import { parseRange } from './byte-range.ts';
import { contiguousRun } from './track-stream.ts';
import { trackWithDuration } from './track-with-duration.ts';

export async function trackResponse(
  c: Context,
  db: Db,
  store: MediaStore,
  track: { sessionId: string; trackId: string; mimeType: string },
): Promise<Response> {
  const { sessionId, trackId } = track;
  const served = await trackWithDuration(store, { sessionId, trackId }, contiguousRun(await trackChunks(db, sessionId, trackId)));
  const { size } = served;
  c.header('Accept-Ranges', 'bytes');
  c.header('Content-Type', track.mimeType);
  c.header('Cache-Control', 'private, no-cache');
  const range = parseRange(c.req.header('range'), size);
  if (range.kind === 'unsatisfiable') {
    c.header('Content-Range', `bytes */${size}`);
    return c.body(null, 416);
  }
  const [start, end, status] = range.kind === 'partial' ? [range.start, range.end, 206 as const] : [0, size - 1, 200 as const];
  if (status === 206) c.header('Content-Range', `bytes ${start}-${end}/${size}`);
  c.header('Content-Length', String(Math.max(0, end - start + 1)));
  if (size === 0) return c.body(null, 200);
  return c.body(served.stream(start, end), status);
}
