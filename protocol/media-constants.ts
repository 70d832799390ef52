/**
 * @module protocol/media-constants
 * The media protocol's plain constants, apart from the zod schemas in
 * `media.ts` (which re-exports them) so the recorder and the advisor app can
 * import them without zod.
 */
/** Largest media chunk body accepted (a few seconds of camera or screen at a high bitrate). */
export const MAX_MEDIA_CHUNK_BYTES = 8 * 1024 * 1024;
/** Track ids are the recorder's choice: letters, digits, `_` and `-`, up to 64. */
export const MEDIA_TRACK_ID_PATTERN = '^[A-Za-z0-9_-]{1,64}$';
/** What the recorder uploads through ingest. */
export const MEDIA_TRACK_KINDS = ['camera', 'screen'] as const;
/** An advisor's recorded video message, uploaded through the advisor API (never through ingest). */
export const REPLY_TRACK_KIND = 'reply';
export type RecordedTrackKind = (typeof MEDIA_TRACK_KINDS)[number];
export type MediaTrackKind = RecordedTrackKind | typeof REPLY_TRACK_KIND;
/** Every stored track kind: recorded by the customer, or an advisor's reply. */
export const MEDIA_TRACK_KINDS_ALL = [...MEDIA_TRACK_KINDS, REPLY_TRACK_KIND] as const;
/** Longest advisor reply, ms. */
export const MAX_REPLY_MS = 10 * 60 * 1000;
/** Default and longest life of a customer link to a session's replies. */
export const REPLY_LINK_DEFAULT_TTL_MS = 14 * 24 * 60 * 60 * 1000;
export const REPLY_LINK_MAX_TTL_MS = 90 * 24 * 60 * 60 * 1000;
/** Public path of a customer link: `/s/:token`. */
export const REPLY_LINK_BASE = '/s';
/** Chunk body content types: WebM as MediaRecorder makes it (parameters such as codecs are allowed). */
export const MEDIA_CHUNK_CONTENT_TYPES = ['video/webm', 'audio/webm'] as const;
/** Query parameters of a chunk upload (query, not headers, so CORS preflights need no extra allowed header). */
export const MEDIA_START_MS_QUERY = 'startMs';
export const MEDIA_DURATION_MS_QUERY = 'durationMs';
/** Query parameter carrying a signed media URL's token (a `<video>` cannot send a bearer header). */
export const MEDIA_TOKEN_QUERY = 'token';
/** How long a signed media URL stays valid at least (its expiry is rounded up to an hour: see media-api/media-url). */
export const MEDIA_URL_TTL_MS = 6 * 60 * 60 * 1000;
/** Largest start offset or duration of a chunk, ms (a day). */
export const MAX_MEDIA_OFFSET_MS = 24 * 60 * 60 * 1000;
