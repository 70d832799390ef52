/**
 * @module protocol/api-constants
 * The advisor API's plain constants, apart from the zod schemas in `api.ts`
 * (which re-exports them) so the advisor app imports them without zod.
 */
export const API_BASE = '/api';
export const SESSION_PAGE_SIZE_DEFAULT = 25;
export const SESSION_PAGE_SIZE_MAX = 100;
/** A visit id (`SessionSummary.visitId`): 32 lowercase hex characters, derived by the server. */
export const VISIT_ID_PATTERN = /^[0-9a-f]{32}$/;
/** Most chunks one `GET /api/sessions/:id/chunk-data?seqs=…` may ask for. */
export const MAX_CHUNKS_PER_BATCH = 500;
/** Shortest advisor password (new passwords, resets, ADMIN_PASSWORD). */
export const PASSWORD_MIN_LENGTH = 8;
/** Longest accepted password: scrypt's cost grows with it, so unbounded input is CPU at the sender's asking. */
export const PASSWORD_MAX_LENGTH = 1024;
/** The advisor app's page a password-reset email links to; the token follows in the fragment (`#token=…`). */
export const RESET_PASSWORD_PATH = '/app/reset-password';

/** `POST /api/sessions/import`: the largest body as sent (gzip or JSON; `npm run import` always gzips). */
export const MAX_IMPORT_BYTES = 32 * 1024 * 1024;
/** … and once decompressed: about three hours of a busy page's rrweb JSON. */
export const MAX_IMPORT_RAW_BYTES = 128 * 1024 * 1024;
/** Most rrweb events one import may hold (all its windows together). */
export const MAX_IMPORT_EVENTS = 1_000_000;
/** Most windows (tabs) a PostHog export may hold: each becomes a session of its own. */
export const MAX_IMPORT_WINDOWS = 50;
