/**
 * @module server/protocol/api-constants
 * The advisor API's plain constants, apart from the zod schemas in `api.ts`
 * (which re-exports them) so the advisor app imports them without zod.
 */
export const API_BASE = '/api';
export const SESSION_PAGE_SIZE_DEFAULT = 25;
export const SESSION_PAGE_SIZE_MAX = 100;
/** Most chunks one `GET /api/sessions/:id/chunk-data?seqs=…` may ask for. */
export const MAX_CHUNKS_PER_BATCH = 500;
