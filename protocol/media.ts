/**
 * @module protocol/media
 * Recorded video: what the recorder uploads beside the DOM chunks, and what
 * the advisor app reads back.
 *
 * Ingest (same site key + allowed origin as DOM ingest, same guarantees, and
 * the session's secret as `Authorization: Bearer <sessionToken>`, else 401
 * `invalid_session_token`):
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
 *
 * Advisor video replies (kind `reply`; bearer auth; same chunk rules and
 * idempotency as ingest, stored as media tracks of the session):
 *
 *   PUT    /api/sessions/:id/replies/:replyId          body: ReplyStart (JSON) -> ReplyInfo (201, 200 on a retry)
 *   PUT    /api/sessions/:id/replies/:replyId/chunks/:seq?startMs=&durationMs=
 *                                                      body: WebM bytes        -> MediaChunkAck
 *   POST   /api/sessions/:id/replies/:replyId/send     body: ReplySend         -> ReplyInfo (409 while chunks are missing)
 *   GET    /api/sessions/:id/replies                                          -> ReplyList (with signed URLs)
 *   DELETE /api/sessions/:id/replies/:replyId                                 -> 204
 *
 * Customer links (the token is the only credential; shown once; expiring, revocable):
 *
 *   POST   /api/sessions/:id/reply-links               body: ReplyLinkCreate   -> ReplyLinkCreated (201)
 *   GET    /api/sessions/:id/reply-links                                      -> ReplyLinkList
 *   DELETE /api/sessions/:id/reply-links/:linkId                              -> ReplyLinkInfo (revoked)
 *   GET    /s/:token                                   a self-contained page that plays the sent replies
 *   GET    /s/:token/replies                                                  -> CustomerReplyView
 *   GET    /s/:token/replies/:replyId                  the reply's WebM (HTTP Range)
 *
 * Unknown token → 404 `link_not_found`; expired → 410 `link_expired`;
 * revoked → 410 `link_revoked`. The customer side shows sent replies only,
 * nothing else of the session or the site.
 */
import { z } from 'zod';
import { text } from './text.ts';
import { MAX_MEDIA_OFFSET_MS, MAX_REPLY_MS, MEDIA_TRACK_KINDS, MEDIA_TRACK_KINDS_ALL, REPLY_LINK_MAX_TTL_MS } from './media-constants.ts';

export * from './media-constants.ts';

export const mediaTrackStartSchema = z.object({
  kind: z.enum(MEDIA_TRACK_KINDS),
  /** As MediaRecorder reports it, e.g. `video/webm;codecs=vp8,opus`. */
  mimeType: text()
    .max(200)
    .regex(/^(video|audio)\/webm(;.*)?$/i, 'must be video/webm or audio/webm (with optional parameters)'),
  /** Wall-clock epoch ms when recording started. */
  startedAt: z.number().int().nonnegative(),
});
export type MediaTrackStart = z.input<typeof mediaTrackStartSchema>;

export const mediaTrackAckSchema = z.object({
  sessionId: z.string(),
  trackId: z.string(),
  /** False when the track already existed with the same start (a retry). */
  created: z.boolean(),
});
export type MediaTrackAck = z.output<typeof mediaTrackAckSchema>;

export const mediaChunkQuerySchema = z.object({
  startMs: z.coerce.number().int().min(0).max(MAX_MEDIA_OFFSET_MS),
  durationMs: z.coerce.number().int().min(0).max(MAX_MEDIA_OFFSET_MS),
});

export const mediaChunkAckSchema = z.object({
  sessionId: z.string(),
  trackId: z.string(),
  seq: z.number().int(),
  duplicate: z.boolean(),
});
export type MediaChunkAck = z.output<typeof mediaChunkAckSchema>;

export const mediaChunkRefSchema = z.object({
  seq: z.number().int(),
  /** ms from the track's startedAt. */
  startMs: z.number(),
  durationMs: z.number(),
  /**
   * Where the chunk starts among the stored bytes (only for chunks in the
   * contiguous run from seq 0). The served stream's head is longer by a
   * fixed few bytes (the Duration it carries, `webm-duration.ts`).
   */
  byteStart: z.number().nullable(),
  byteSize: z.number(),
});
export type MediaChunkRef = z.output<typeof mediaChunkRefSchema>;

export const mediaTrackInfoSchema = z.object({
  trackId: z.string(),
  kind: z.enum(MEDIA_TRACK_KINDS_ALL),
  mimeType: z.string(),
  startedAt: z.number(),
  durationMs: z.number(),
  /** Bytes stored in the contiguous run from seq 0 (the stream serves them with a Duration in its head: a few bytes more). */
  byteSize: z.number(),
  chunks: z.array(mediaChunkRefSchema),
  /** Signed URL of the stream (path and query, relative to the server), usable by a <video> without a bearer header. */
  url: z.string(),
  urlExpiresAt: z.number(),
});
export type MediaTrackInfo = z.output<typeof mediaTrackInfoSchema>;

export const mediaTrackListSchema = z.object({
  sessionId: z.string(),
  tracks: z.array(mediaTrackInfoSchema),
});
export type MediaTrackList = z.output<typeof mediaTrackListSchema>;

export const replyStartSchema = z.object({
  mimeType: mediaTrackStartSchema.shape.mimeType,
  startedAt: z.number().int().nonnegative(),
  title: text().trim().max(200).optional(),
});
export type ReplyStart = z.input<typeof replyStartSchema>;

export const replyChunkQuerySchema = z.object({
  startMs: z.coerce.number().int().min(0).max(MAX_REPLY_MS),
  durationMs: z.coerce.number().int().min(0).max(MAX_REPLY_MS),
});

export const replySendSchema = z.object({
  /** How many chunks the advisor uploaded (seq 0…chunks-1): the server checks it has them all. */
  chunks: z.number().int().min(1).max(100_000),
});
export type ReplySend = z.input<typeof replySendSchema>;

export const replyInfoSchema = z.object({
  replyId: z.string(),
  sessionId: z.string(),
  title: z.string().nullable(),
  mimeType: z.string(),
  startedAt: z.number(),
  durationMs: z.number(),
  byteSize: z.number(),
  advisorName: z.string().nullable(),
  /** ISO time it was sent, or null while it is a draft (uploading). */
  sentAt: z.string().nullable(),
  /** Signed URL of the WebM (path and query). */
  url: z.string(),
  urlExpiresAt: z.number(),
});
export type ReplyInfo = z.output<typeof replyInfoSchema>;
export type ReplySent = ReplyInfo;

export const replyListSchema = z.object({
  sessionId: z.string(),
  replies: z.array(replyInfoSchema),
});
export type ReplyList = z.output<typeof replyListSchema>;

export const replyLinkCreateSchema = z.object({
  ttlMs: z.number().int().min(60_000).max(REPLY_LINK_MAX_TTL_MS).optional(),
});
export type ReplyLinkCreate = z.input<typeof replyLinkCreateSchema>;

export const replyLinkInfoSchema = z.object({
  id: z.string(),
  sessionId: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
  revokedAt: z.string().nullable(),
});
export type ReplyLinkInfo = z.output<typeof replyLinkInfoSchema>;

export const replyLinkCreatedSchema = replyLinkInfoSchema.extend({
  /** The credential: shown once, never stored in clear. */
  token: z.string(),
  /** `/s/:token`, relative to the server. */
  path: z.string(),
});
export type ReplyLinkCreated = z.output<typeof replyLinkCreatedSchema>;

export const replyLinkListSchema = z.object({ links: z.array(replyLinkInfoSchema) });
export type ReplyLinkList = z.output<typeof replyLinkListSchema>;

/** What the customer's link shows: the sent replies, nothing else. */
export const customerReplyViewSchema = z.object({
  expiresAt: z.string(),
  replies: z.array(
    z.object({
      replyId: z.string(),
      title: z.string().nullable(),
      advisorName: z.string().nullable(),
      durationMs: z.number(),
      sentAt: z.string(),
      mimeType: z.string(),
      /** `/s/:token/replies/:replyId`. */
      url: z.string(),
    }),
  ),
});
export type CustomerReplyView = z.output<typeof customerReplyViewSchema>;
