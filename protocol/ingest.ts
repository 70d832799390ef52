/**
 * @module protocol/ingest
 * What the recorder sends and what the server answers.
 *
 * Flow: the recorder picks a session id (UUID) per tab, `PUT`s the session
 * once, then `PUT`s numbered chunks. Both calls are idempotent, so the
 * recorder simply retries until it gets a 2xx.
 *
 * The session's secret: the answer that creates a session (201) carries
 * `sessionToken`, 32 random bytes the server keeps only as a SHA-256 hash.
 * It is the only proof that a request comes from the tab that started the
 * session (the session id is not secret: customers read it out as a support
 * id, and the site key is in every page). Every later write presents it as
 * `Authorization: Bearer <sessionToken>` (or `?sessionToken=` where no header
 * can be set): chunks, video tracks and chunks, the live customer socket,
 * and attaching the recording to a case. Missing or wrong: 401
 * `invalid_session_token`, nothing stored.
 * The token is handed out exactly once. A second `PUT` of an existing session
 * answers 200 `created: false` (without the token) only when it presents the
 * right token, and 401 `invalid_session_token` otherwise; so a recorder whose
 * first answer was lost can never get it back and starts a new session.
 * Sessions recorded before secrets existed have none and accept no writes.
 *
 *   PUT  {INGEST_BASE}/sessions/:sessionId             body: SessionStart (JSON)   -> SessionAck
 *   PUT  {INGEST_BASE}/sessions/:sessionId/chunks/:seq  body: chunk (see below)     -> ChunkAck
 *
 * Every ingest call names its site by the `x-cobrowse-site-key` header (or the
 * `siteKey` query parameter) and must come from one of the site's allowed
 * origins (checked on the `Origin` header; CORS preflights are answered).
 *
 * A chunk body is a JSON array of rrweb `eventWithTime`, either gzip-compressed
 * (`Content-Type: application/gzip`, the normal path, compressed in the browser
 * by CompressionStream) or plain (`Content-Type: application/json`, used for
 * the last chunk when the page is being closed and there is no time to compress).
 * The server validates it, derives every piece of metadata itself (first/last
 * timestamp, whether it opens with a full snapshot, markers) and stores gzip.
 * Every event's timestamp must lie in the session's plausible window, from
 * its `startedAt` minus {@link EVENT_TIME_TOLERANCE_MS} to "now" on the
 * customer's clock (the server's, shifted by how far ahead the session start
 * showed the customer's clock to be) plus {@link CLOCK_SKEW_MARGIN_MS}, and a
 * chunk carries at most {@link MAX_PAGES_PER_CHUNK} page visits; otherwise
 * 400 `invalid_events`, nothing stored. A session's own `startedAt` may not be
 * more than {@link MAX_CLOCK_AHEAD_MS} ahead of the server's clock, nor (for a
 * new session) older than {@link MAX_SESSION_START_AGE_MS}.
 *
 * Text anywhere in a body may not hold NUL: it is stripped (see `text.ts`).
 * Re-sending the same (session, seq) with the same events answers 200 with
 * `duplicate: true`; different events under a stored seq answer 409.
 */
import { z } from 'zod';
import { text } from './text.ts';
import { MAX_EVENTS_PER_CHUNK, VISIT_KEY_PATTERN } from './ingest-constants.ts';

export {
  INGEST_BASE,
  SESSION_TOKEN_QUERY,
  SESSION_TOKEN_PATTERN,
  SESSION_TOKEN_SCHEME,
  SITE_KEY_HEADER,
  SITE_KEY_QUERY,
  CHUNK_CONTENT_TYPE_GZIP,
  CHUNK_CONTENT_TYPE_JSON,
  MAX_CHUNK_BYTES,
  MAX_CHUNK_RAW_BYTES,
  MAX_EVENTS_PER_CHUNK,
  MAX_SEQ,
  MAX_PAGES_PER_CHUNK,
  EVENT_TIME_TOLERANCE_MS,
  CLOCK_SKEW_MARGIN_MS,
  MAX_CLOCK_AHEAD_MS,
  MAX_SESSION_START_AGE_MS,
  VISIT_KEY_PATTERN,
} from './ingest-constants.ts';

const metadataValue = z.union([text().max(1000), z.number(), z.boolean(), z.null()]);

export const sessionMetadataSchema = z
  .record(text().min(1).max(100), metadataValue)
  .refine((m) => Object.keys(m).length <= 50, 'at most 50 metadata keys');

export const sessionStartSchema = z.object({
  /** Wall-clock ms when the tab started recording (see the window above). */
  startedAt: z.number().int().nonnegative(),
  url: text().url().max(4096),
  userAgent: text().max(1024).default(''),
  viewport: z.object({ width: z.number().int().nonnegative(), height: z.number().int().nonnegative() }).optional(),
  language: text().max(64).optional(),
  metadata: sessionMetadataSchema.default({}),
  /**
   * The customer's visit key: random, kept by the recorder for the site
   * (localStorage) and sent by every tab, so the customer's tabs are one
   * visit. A secret like the session token (it is never shown; the server
   * stores only an id derived from it), since a visit's tabs share live help.
   */
  visitKey: z.string().regex(VISIT_KEY_PATTERN).optional(),
});
export type SessionStart = z.input<typeof sessionStartSchema>;

export const sessionAckSchema = z.object({
  sessionId: z.string(),
  /** False when the session already existed (a retried start, or a new page of the same tab). */
  created: z.boolean(),
  /**
   * The session's secret, only in the answer that created the session (201):
   * the one the start proposed (presented like the secret, as
   * `Authorization: Bearer`; `SESSION_TOKEN_PATTERN`), else a new one.
   * A recorder that proposes one and keeps it first can send a start whose
   * answer it lost again. Keep it with the session (same tab only) and
   * present it on every write; never put it in the recording.
   */
  sessionToken: z.string().optional(),
});
export type SessionAck = z.output<typeof sessionAckSchema>;

export const chunkAckSchema = z.object({
  sessionId: z.string(),
  seq: z.number().int(),
  /** True when this seq was already stored with the same events. */
  duplicate: z.boolean(),
});
export type ChunkAck = z.output<typeof chunkAckSchema>;

/** The minimal shape every rrweb event must have; the rest is rrweb's business. */
export const rrwebEventSchema = z.looseObject({
  type: z.number().int().min(0).max(6),
  timestamp: z.number().nonnegative(),
  data: z.unknown(),
});
export const chunkEventsSchema = z.array(rrwebEventSchema).min(1).max(MAX_EVENTS_PER_CHUNK);
