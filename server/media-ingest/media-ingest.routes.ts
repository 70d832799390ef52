/**
 * @module server/media-ingest/media-ingest.routes
 * The recorder's media endpoints, as `protocol/media.ts` defines them (POST
 * is accepted as an alias of PUT, as for DOM ingest). The site key, allowed
 * origin and CORS (preflights included) are checked for every ingest path by
 * `ingest/ingest-api.ts`. Every call presents the session's secret
 * (`middleware/session-token`).
 */
import { createHash } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { bodyLimit } from 'hono/body-limit';
import { ApiError, badRequest, notFound, payloadTooLarge } from '../errors.ts';
import { isUuid, parseIntParam, readJson, readQuery } from '../lib/request.ts';
import { MAX_TIMESTAMP_MS } from '../lib/text.ts';
import type { MediaStore } from '../media-store/media-store.ts';
import { sessionToken } from '../middleware/session-token/index.ts';
import { ErrorCode } from '../../protocol/errors.ts';
import { MAX_SEQ } from '../../protocol/ingest.ts';
import {
  MAX_MEDIA_CHUNK_BYTES,
  MEDIA_CHUNK_CONTENT_TYPES,
  MEDIA_TRACK_ID_PATTERN,
  mediaChunkAckSchema,
  mediaChunkQuerySchema,
  mediaTrackAckSchema,
  mediaTrackStartSchema,
  type MediaChunkAck,
  type MediaTrackAck,
} from '../../protocol/media.ts';
import type { AppDeps } from '../types.ts';
import { seqParam, trackIdParam, uuidParam } from '../contracts/params.ts';
import { route } from '../contracts/route.ts';
import { findTrack, putChunk, putTrack } from './media-track-store.ts';

const MAX_TRACK_START_BYTES = 4 * 1024;
const TRACK_ID = new RegExp(MEDIA_TRACK_ID_PATTERN);

export function mediaIngestRoutes({ database: { db } }: AppDeps, store: MediaStore) {
  const app = new Hono();

  const params = (c: Context) => {
    const sessionId = c.req.param('sessionId') ?? '';
    const trackId = c.req.param('trackId') ?? '';
    if (!isUuid(sessionId)) throw badRequest('session id must be a UUID');
    if (!TRACK_ID.test(trackId)) throw badRequest('track id must be 1-64 letters, digits, _ or -');
    return { sessionId: sessionId.toLowerCase(), trackId };
  };

  // Before any body is read: the session exists on this site and the caller holds its secret.
  const owner = sessionToken(db, (c) => params(c).sessionId);

  const trackLimit = bodyLimit({
    maxSize: MAX_TRACK_START_BYTES,
    onError: () => {
      throw payloadTooLarge(`media track start is over ${MAX_TRACK_START_BYTES} bytes`);
    },
  });
  const chunkLimit = bodyLimit({
    maxSize: MAX_MEDIA_CHUNK_BYTES,
    onError: () => {
      throw payloadTooLarge(`media chunk is over ${MAX_MEDIA_CHUNK_BYTES} bytes`);
    },
  });

  app.on(
    ['PUT', 'POST'],
    '/sessions/:sessionId/media/:trackId',
    ...route({
      summary: 'Start a camera, screen or audio track of a session',
      description: 'Idempotent: the same start again answers 200. POST is an alias of PUT.',
      tags: ['ingest', 'media'],
      access: 'ingest',
      params: z.object({ sessionId: uuidParam, trackId: trackIdParam }),
      body: mediaTrackStartSchema,
      responses: { 200: mediaTrackAckSchema, 201: mediaTrackAckSchema },
      errors: { 404: 'No such session on this site.', 409: 'The track exists with another start.', 413: 'The body is over 4 KB.' },
    }),
    owner,
    trackLimit,
    async (c) => {
      const { sessionId, trackId } = params(c);
      const start = await readJson(c, mediaTrackStartSchema);
      if (start.startedAt > MAX_TIMESTAMP_MS) throw badRequest('startedAt is not a plausible epoch-ms time');
      const { created } = await putTrack(db, { sessionId, trackId, ...start });
      return c.json<MediaTrackAck>({ sessionId, trackId, created }, created ? 201 : 200);
    },
  );

  app.on(
    ['PUT', 'POST'],
    '/sessions/:sessionId/media/:trackId/chunks/:seq',
    ...route({
      summary: 'Upload one WebM segment of a track',
      description: 'Idempotent on (track, seq): the same bytes again answer 200 `duplicate`, others 409. POST is an alias of PUT.',
      tags: ['ingest', 'media'],
      access: 'ingest',
      params: z.object({ sessionId: uuidParam, trackId: trackIdParam, seq: seqParam }),
      query: mediaChunkQuerySchema,
      body: { media: MEDIA_CHUNK_CONTENT_TYPES, description: 'The segment as MediaRecorder produced it.' },
      responses: { 200: mediaChunkAckSchema, 201: mediaChunkAckSchema },
      errors: {
        404: 'No such session or track.',
        409: 'This seq is stored with other bytes.',
        413: 'The body is too large.',
        415: 'Not WebM.',
      },
    }),
    owner,
    chunkLimit,
    async (c) => {
      const { sessionId, trackId } = params(c);
      const seq = parseIntParam(c.req.param('seq') ?? '', 'seq', MAX_SEQ);
      const mediaType = c.req.header('content-type')?.split(';')[0]?.trim().toLowerCase();
      if (!MEDIA_CHUNK_CONTENT_TYPES.some((t) => t === mediaType)) {
        throw new ApiError(
          415,
          ErrorCode.UnsupportedMediaType,
          `media chunk body must be ${MEDIA_CHUNK_CONTENT_TYPES.join(' or ')}, got ${c.req.header('content-type') ?? 'none'}`,
        );
      }
      const timing = readQuery(c, mediaChunkQuerySchema);
      // Cheap refusal before reading a body nobody will store.
      if (!(await findTrack(db, sessionId, trackId))) throw notFound('unknown media track: PUT the track before its chunks');

      const bytes = new Uint8Array(await c.req.arrayBuffer());
      if (bytes.byteLength === 0) throw badRequest('media chunk body is empty');
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const { duplicate } = await putChunk(db, store, { sessionId, trackId, seq, ...timing, sha256, bytes });
      return c.json<MediaChunkAck>({ sessionId, trackId, seq, duplicate }, duplicate ? 200 : 201);
    },
  );

  return app;
}
