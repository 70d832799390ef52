/**
 * @module protocol/ingest-constants
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
 * Most page visits (rrweb Meta events with an `href`, counted once per
 * distinct time and URL) one chunk may carry. A real tab opens a page, or
 * takes a periodic checkout, a few times a minute at most; beyond this the
 * chunk is refused whole (400 `invalid_events`).
 */
export const MAX_PAGES_PER_CHUNK = 500;

/**
 * Event times must lie in the session's plausible window: from its
 * `startedAt` minus this tolerance (the recorder's clock reads are not
 * strictly ordered across a reload) …
 */
export const EVENT_TIME_TOLERANCE_MS = 5 * 60_000;
/**
 * … to "now" on the customer's clock plus this margin. The customer's clock
 * may be off: "now" there is the server's clock shifted by the skew the
 * session start showed (its `startedAt` against when the server received it),
 * when that skew is ahead. A chunk outside is refused with 400 `invalid_events`.
 */
export const CLOCK_SKEW_MARGIN_MS = 15 * 60_000;
/**
 * The farthest a new session's `startedAt` may be ahead of the server's clock
 * (customers' clocks are sometimes hours off); further is a 400 `bad_request`.
 */
export const MAX_CLOCK_AHEAD_MS = 24 * 3600_000;
/**
 * Oldest `startedAt` a *new* session may have. The recorder's outbox keeps
 * a session's record 30 days (its chunks 7), so a late upload still fits; an
 * existing session re-announced by a long-lived tab is always accepted.
 */
export const MAX_SESSION_START_AGE_MS = 30 * 24 * 3600_000;

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
/**
 * A session's secret: 32 random bytes, base64url. The server makes one for a
 * new session, unless the start proposes its own (presented like the secret
 * on every later write), which must have this form.
 */
export const SESSION_TOKEN_PATTERN = new RegExp(`^[A-Za-z0-9_-]{${SESSION_TOKEN_LENGTH}}$`);

/**
 * A visit key (`SessionStart.visitKey`): at least 128 random bits,
 * base64url or hex. The recorder makes one per customer and site.
 */
export const VISIT_KEY_PATTERN = /^[A-Za-z0-9_-]{22,128}$/;

/**
 * A timeline marker derived at ingest. `error`: a console error or uncaught
 * exception (label: its message); `network`: a failed request (label:
 * method, status and redacted URL); `control`: a live control hand-over
 * (label: who took it, or that it ended). `chat` markers are not stored
 * here: the session detail adds them from `live_chat_messages`.
 */
export const MARKER_KINDS = ['click', 'input', 'navigation', 'error', 'network', 'control', 'chat'] as const;
export type MarkerKind = (typeof MARKER_KINDS)[number];
export type Marker = {
  ts: number;
  kind: MarkerKind;
  label?: string;
};
/** What the page said about the customer (`identify()`, `setMetadata()`): flat, scalar values. */
export type SessionMetadata = Record<string, string | number | boolean | null>;
