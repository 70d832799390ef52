/**
 * @module server/protocol/api-constants
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
