/**
 * @module server/media-api/media.routes
 * The advisor's media endpoints under `/api/sessions` (see
 * `protocol/media.ts`): the track list with chunk indexes and signed URLs
 * (bearer auth), and each track's WebM stream with HTTP Range support
 * (bearer auth or a signed URL's token).
 *
 * Bearer: the session must be in the caller's scope (else 404), and only
 * then are signed URLs minted. A signed URL grants its one session and
 * track, whoever holds it, until it expires: the signature is the scope.
 *
 * Joined with the sessions routes in `sessions/sessions-api.ts`.
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { sessionInScope } from '../sessions/session-queries.ts';
import { notFound, unauthorized } from '../errors.ts';
import type { MediaStore } from '../media-store/media-store.ts';
import { listTracks, findTrack } from '../media-ingest/media-track-store.ts';
import { trackIdParam, uuidParam } from '../contracts/params.ts';
import { contract, route } from '../contracts/route.ts';
import { API_BASE } from '../../protocol/api-constants.ts';
import {
  MEDIA_TOKEN_QUERY,
  MEDIA_TRACK_ID_PATTERN,
  mediaTrackListSchema,
  type MediaTrackInfo,
  type MediaTrackList,
} from '../../protocol/media.ts';
import type { AppDeps } from '../types.ts';
import { mediaUrlExpiry, type MediaUrlSigner } from './media-url.ts';
import { trackResponse } from './track-response.ts';
import { contiguousRun } from './track-stream.ts';

const TRACK_ID = new RegExp(MEDIA_TRACK_ID_PATTERN);

declare module 'hono' {
  interface ContextVariableMap {
    /** The request carries a verified signed URL for its session and track (no bearer scope needed). */
    signedMediaUrl: boolean;
  }
}

export function mediaApiRoutes({ database: { db } }: AppDeps, store: MediaStore, signer: MediaUrlSigner) {
  const stream = contract({
    summary: "A track's WebM stream (HTTP Range; Duration patched into its head)",
    tags: ['media'],
    access: 'sessions.read',
    signedUrlAlternative: true,
    params: z.object({ id: uuidParam, trackId: trackIdParam }),
    query: z.object({ [MEDIA_TOKEN_QUERY]: z.string().optional().describe("A signed URL's token, instead of the bearer header.") }),
    responses: {
      200: { description: 'The whole stream.', media: 'video/webm', binary: true },
      206: { description: 'The range asked for.', media: 'video/webm', binary: true },
    },
    errors: { 416: 'The range is outside the stream.' },
  });

  /** The session of the path: one in the caller's scope (bearer), or the one a verified signed URL names. */
  const sessionParam = async (c: Context) => {
    if (c.get('signedMediaUrl')) return (c.req.param('id') ?? '').toLowerCase();
    return (await sessionInScope(c.get('scope'), c.req.param('id') ?? '')).id;
  };

  return new Hono()
    .get(
      '/:id/media',
      ...route({
        summary: "A session's recorded tracks, their chunk indexes and signed stream URLs",
        tags: ['media'],
        access: 'sessions.read',
        params: z.object({ id: uuidParam }),
        responses: { 200: mediaTrackListSchema },
      }),
      async (c) => {
        const sessionId = await sessionParam(c);
        const expiresAt = mediaUrlExpiry();
        const tracks = (await listTracks(db, sessionId)).map((t): MediaTrackInfo => {
          const run = contiguousRun(t.chunks);
          const starts = new Map(run.map((r) => [r.seq, r.byteStart]));
          const token = signer.sign(sessionId, t.trackId, expiresAt);
          return {
            trackId: t.trackId,
            kind: t.kind,
            mimeType: t.mimeType,
            startedAt: t.startedAt,
            durationMs: t.durationMs,
            byteSize: run.reduce((n, r) => n + r.byteSize, 0),
            chunks: t.chunks.map((ch) => ({
              seq: ch.seq,
              startMs: ch.startMs,
              durationMs: ch.durationMs,
              byteStart: starts.get(ch.seq) ?? null,
              byteSize: ch.byteSize,
            })),
            url: `${API_BASE}/sessions/${sessionId}/media/${encodeURIComponent(t.trackId)}?${MEDIA_TOKEN_QUERY}=${token}`,
            urlExpiresAt: expiresAt,
          };
        });
        c.header('Cache-Control', 'private, no-cache');
        return c.json<MediaTrackList>({ sessionId, tracks });
      },
    )
    .get(
      '/:id/media/:trackId',
      stream.describe,
      async (c, next) => {
        // A signed URL's token, else the bearer header.
        const token = c.req.query(MEDIA_TOKEN_QUERY);
        if (token === undefined) return stream.guard!(c, next);
        const id = (c.req.param('id') ?? '').toLowerCase();
        if (!signer.verify(id, c.req.param('trackId') ?? '', token)) throw unauthorized('invalid or expired media URL');
        c.set('signedMediaUrl', true);
        await next();
      },
      async (c) => {
        const sessionId = await sessionParam(c);
        const trackId = c.req.param('trackId');
        const track = TRACK_ID.test(trackId) ? await findTrack(db, sessionId, trackId) : undefined;
        if (!track) throw notFound('no such media track');
        return trackResponse(c, db, store, track);
      },
    );
}
