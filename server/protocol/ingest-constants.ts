/**
 * @module server/protocol/ingest-constants
 * The ingest protocol's plain constants, kept apart from the zod schemas in
 * `ingest.ts` (which re-exports them) so the browser recorder can import them
 * without pulling zod into its bundle.
 */
export const INGEST_BASE = '/ingest/v1';
export const SITE_KEY_HEADER = 'x-cobrowse-site-key';
export const SITE_KEY_QUERY = 'siteKey';

export const CHUNK_CONTENT_TYPE_GZIP = 'application/gzip';
export const CHUNK_CONTENT_TYPE_JSON = 'application/json';

/** Largest chunk body accepted, as sent (compressed or not). */
export const MAX_CHUNK_BYTES = 4 * 1024 * 1024;
/** Largest chunk once decompressed: guards against gzip bombs. */
export const MAX_CHUNK_RAW_BYTES = 32 * 1024 * 1024;
export const MAX_EVENTS_PER_CHUNK = 100_000;
/** Sequence numbers start at 0 and are per session, not per page. */
export const MAX_SEQ = 2_000_000_000;

/**
 * Every write to a session (its chunks, its video, the live customer socket,
 * attaching it to a case) must present the session's secret, handed out once
 * as `SessionAck.sessionToken`: as `Authorization: Bearer <token>`
 * ({@link SESSION_TOKEN_SCHEME}), or as this query parameter where no header
 * can be set (keepalive/sendBeacon fallbacks, WebSocket URLs).
 */
export const SESSION_TOKEN_QUERY = 'sessionToken';
export const SESSION_TOKEN_SCHEME = 'Bearer';
/** Length of a session token: 32 random bytes, base64url (256 bits). */
export const SESSION_TOKEN_LENGTH = 43;
