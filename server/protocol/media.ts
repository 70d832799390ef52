/**
 * @module server/protocol/media
 * Recorded video: what the recorder uploads beside the DOM chunks, and what
 * the advisor app reads back.
 *
 * Ingest (same site key + allowed origin as DOM ingest, same guarantees):
 *
 *   PUT {INGEST_BASE}/sessions/:sessionId/media/:trackId          body: MediaTrackStart (JSON) -> MediaTrackAck
 *   PUT {INGEST_BASE}/sessions/:sessionId/media/:trackId/chunks/:seq?startMs=&durationMs=
 *                                                                 body: WebM bytes             -> MediaChunkAck
 *
 * A track is one MediaRecorder run (camera or screen); its chunks are the
 * `dataavailable` blobs in order, numbered from 0, which concatenate into one
 * WebM stream. `startMs`/`durationMs` place the chunk on the track's timeline
 * (ms from the track's `startedAt`). The track start and every chunk are
 * idempotent: the same body again answers 200 with `duplicate: true` /
 * `created: false`; a different body under a stored seq (or a different
 * track start under a stored track id) answers 409. The session must exist
 * (PUT it first): 404 `unknown_session`; so must the track: 404 `not_found`.
 *
 * Advisor API (bearer auth, or a signed URL for the media itself):
 *
 *   GET /api/sessions/:id/media                  -> MediaTrackList (each track with its chunk index and a signed `url`)
 *   GET /api/sessions/:id/media/:trackId[?token=] the track's WebM stream; HTTP Range (206/416) so a <video> can seek
 *
 * The stream is the contiguous run of chunks from seq 0: a chunk after a
 * missing seq is served only once the gap is filled, so byte offsets never
 * move under a player.
 */
import { z } from 'zod';
import { MAX_MEDIA_OFFSET_MS, MAX_REPLY_MS, MEDIA_TRACK_KINDS, REPLY_LINK_MAX_TTL_MS } from './media-constants.ts';

export * from './media-constants.ts';

export const mediaTrackStartSchema = z.object({
  kind: z.enum(MEDIA_TRACK_KINDS),
  /** As MediaRecorder reports it, e.g. `video/webm;codecs=vp8,opus`. */
  mimeType: z
    .string()
    .max(200)
    .regex(/^(video|audio)\/webm(;.*)?$/i, 'must be video/webm or audio/webm (with optional parameters)'),
  /** Wall-clock epoch ms when recording started. */
  startedAt: z.number().int().nonnegative(),
});
export type MediaTrackStart = z.input<typeof mediaTrackStartSchema>;

export interface MediaTrackAck {
  sessionId: string;
  trackId: string;
  /** False when the track already existed with the same start (a retry). */
  created: boolean;
}

import type { MediaTrackKind } from './media-constants.ts';

export const mediaChunkQuerySchema = z.object({
  startMs: z.coerce.number().int().min(0).max(MAX_MEDIA_OFFSET_MS),
  durationMs: z.coerce.number().int().min(0).max(MAX_MEDIA_OFFSET_MS),
});

export interface MediaChunkAck {
  sessionId: string;
  trackId: string;
  seq: number;
  duplicate: boolean;
}

export interface MediaChunkRef {
  seq: number;
  /** ms from the track's startedAt. */
  startMs: number;
  durationMs: number;
  /** Where the chunk starts in the served stream (only for chunks in the contiguous run from seq 0). */
  byteStart: number | null;
  byteSize: number;
}

export interface MediaTrackInfo {
  trackId: string;
  kind: MediaTrackKind;
  mimeType: string;
  startedAt: number;
  durationMs: number;
  /** Bytes the stream serves now (the contiguous run from seq 0). */
  byteSize: number;
  chunks: MediaChunkRef[];
  /** Signed URL of the stream (path and query, relative to the server), usable by a <video> without a bearer header. */
  url: string;
  urlExpiresAt: number;
}

export interface MediaTrackList {
  sessionId: string;
  tracks: MediaTrackInfo[];
}
