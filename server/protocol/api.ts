/**
 * @module server/protocol/api
 * The advisor API: JSON over HTTP under `/api`, authenticated by
 * `Authorization: Bearer <token>` (from `POST /api/auth/token`).
 *
 *   POST /api/auth/token                 TokenRequest                 -> TokenResponse   (no auth)
 *   POST /api/auth/sign-out                                           -> 204 (revokes the presented token)
 *   POST /api/auth/password              PasswordChange               -> 204 (revokes the advisor's other tokens)
 *   POST /api/auth/password-reset        PasswordResetRequest         -> 202 PasswordResetRequested (no auth;
 *                                        the same answer whether or not the address has an account)
 *   POST /api/auth/password-reset/complete
 *                                        PasswordResetComplete        -> TokenResponse   (no auth; revokes every
 *                                        other token of the advisor)
 *   GET  /api/me                                                      -> Advisor
 *   GET  /api/sites                                                   -> { sites: Site[] }
 *   POST /api/sites                      SiteCreate                   -> Site (201)      (admin)
 *   PATCH /api/sites/:id                 SiteUpdate                   -> Site            (admin)
 *   GET  /api/sessions?SessionListQuery                               -> SessionPage
 *   GET  /api/sessions/:id                                            -> SessionDetail
 *   GET  /api/sessions/:id/chunks?from=&to=                           -> ChunkRange
 *   GET  /api/sessions/:id/chunks/:seq   gzip bytes of a JSON array of rrweb events
 *                                        (Content-Type: application/gzip)
 *   GET  /api/sessions/:id/chunk-data?seqs=3,4,5
 *                                        several chunks in one answer: their stored gzip
 *                                        bytes one after the other, in the order asked,
 *                                        each exactly ChunkRef.byteSize long (so the
 *                                        player cuts them apart and gunzips each)
 *   GET  /api/sessions/:id/chunk-events?seqs=3,4,5
 *                                        the same chunks as JSON, `eventWithTime[][]` (events
 *                                        per chunk, in the order asked), sent with
 *                                        Content-Encoding: gzip when accepted: what the
 *                                        player uses (the browser inflates it in one go)
 *   GET  /api/sessions/:id/export        the whole session as one rrweb JSON array
 *   GET  /healthz                                                     -> { ok: true }
 *
 * Times in query strings and bodies are epoch milliseconds.
 */
import { z } from 'zod';
import { text } from './text.ts';
import type { Marker, SessionMetadata } from '../../db/schema.ts';

export type { Marker, SessionMetadata };

export {
  API_BASE,
  MAX_CHUNKS_PER_BATCH,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  RESET_PASSWORD_PATH,
  SESSION_PAGE_SIZE_DEFAULT,
  SESSION_PAGE_SIZE_MAX,
} from './api-constants.ts';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, SESSION_PAGE_SIZE_DEFAULT, SESSION_PAGE_SIZE_MAX } from './api-constants.ts';

export const tokenRequestSchema = z.object({
  email: z.string().email().max(320),
  password: z.string().min(1).max(PASSWORD_MAX_LENGTH),
});
export type TokenRequest = z.infer<typeof tokenRequestSchema>;
export interface TokenResponse {
  token: string;
  expiresAt: string;
  advisor: Advisor;
}

const newPassword = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `must be at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(PASSWORD_MAX_LENGTH);

/** `POST /api/auth/password`: a wrong current password is a 403 `wrong_password` and counts as a failed sign-in. */
export const passwordChangeSchema = z.object({
  currentPassword: z.string().min(1).max(PASSWORD_MAX_LENGTH),
  newPassword,
});
export type PasswordChange = z.infer<typeof passwordChangeSchema>;

export const passwordResetRequestSchema = z.object({ email: z.string().email().max(320) });
export type PasswordResetRequest = z.infer<typeof passwordResetRequestSchema>;
/** Always this answer (202), so it never tells whether an account exists. */
export interface PasswordResetRequested {
  accepted: true;
}

/**
 * `POST /api/auth/password-reset/complete`, with the token of the emailed link.
 * Refusals: 400 `reset_token_invalid` (unknown), 410 `reset_token_expired`,
 * 410 `reset_token_used`.
 */
export const passwordResetCompleteSchema = z.object({
  token: z.string().regex(/^[A-Za-z0-9_-]{16,128}$/, 'not a reset token'),
  newPassword,
});
export type PasswordResetComplete = z.infer<typeof passwordResetCompleteSchema>;

export interface Advisor {
  id: string;
  email: string;
  name: string;
  role: 'admin' | 'advisor';
}

/**
 * Hosts the site's enrichers and webhooks may call: exact host names or IP
 * addresses, or `*.example.com` (any subdomain of example.com, not itself);
 * empty (the default) = any host. Checked when an enricher or webhook is
 * saved and before every call.
 */
const outboundHosts = z.array(text().max(260)).max(100);

export const siteCreateSchema = z.object({
  name: text().trim().min(1).max(200),
  /** Exact origins (`https://shop.example`), no paths; `*` is refused. */
  allowedOrigins: z.array(text().max(300)).max(100),
  outboundHosts: outboundHosts.default([]),
});
export type SiteCreate = z.input<typeof siteCreateSchema>;

/** `PATCH /api/sites/:id` (admin): any subset of the site's settings. */
export const siteUpdateSchema = z
  .object({
    name: text().trim().min(1).max(200),
    allowedOrigins: z.array(text().max(300)).max(100),
    /**
     * Whether a customer must accept before an advisor sees their page live.
     * On by default; a site may turn it off (e.g. for its own employees).
     */
    liveConsentRequired: z.boolean(),
    outboundHosts,
  })
  .partial()
  .refine((u) => Object.keys(u).length > 0, 'nothing to update');
export type SiteUpdate = z.infer<typeof siteUpdateSchema>;

export interface Site {
  id: string;
  name: string;
  siteKey: string;
  allowedOrigins: string[];
  liveConsentRequired: boolean;
  /** Where enrichers and webhooks may call (see siteCreateSchema); empty: anywhere. */
  outboundHosts: string[];
  createdAt: string;
}


export const sessionListQuerySchema = z.object({
  siteId: z.string().uuid().optional(),
  /** Substring of any page URL the session visited (case-insensitive). */
  url: text().max(2048).optional(),
  /** Sessions started at or after / before these times (epoch ms). */
  from: z.coerce.number().int().nonnegative().optional(),
  to: z.coerce.number().int().nonnegative().optional(),
  limit: z.coerce.number().int().min(1).max(SESSION_PAGE_SIZE_MAX).default(SESSION_PAGE_SIZE_DEFAULT),
  /** Opaque keyset cursor from the previous page's `nextCursor`. */
  cursor: text().max(200).optional(),
});
/**
 * What a client may put in the list's query string. Spelled out rather than
 * `z.input` because zod's coerce inputs are `unknown`, useless to a caller.
 */
export type SessionListQuery = {
  siteId?: string;
  url?: string;
  from?: number;
  to?: number;
  limit?: number;
  cursor?: string;
};

export interface SessionSummary {
  id: string;
  siteId: string;
  siteName: string;
  startedAt: string;
  /** Time of the last stored event; null before the first chunk. */
  endedAt: string | null;
  durationMs: number;
  firstUrl: string;
  /** The customer's visit: sessions (one per tab) sharing it are one customer's tabs; null when unknown. */
  visitId: string | null;
  userAgent: string;
  viewport: { width: number; height: number } | null;
  language: string | null;
  metadata: SessionMetadata;
  chunkCount: number;
  eventCount: number;
  byteCount: number;
}

export interface SessionPage {
  sessions: SessionSummary[];
  nextCursor: string | null;
}

/** A live chat message of the session, as stored by the server. */
export interface SessionChatMessage {
  /** Epoch ms (server time). */
  ts: number;
  from: 'customer' | 'advisor';
  name: string;
  text: string;
}

export interface SessionDetail extends SessionSummary {
  /** Epoch ms of the first and last stored events: the replay timeline's bounds. */
  firstEventTs: number | null;
  lastEventTs: number | null;
  pages: { ts: number; url: string }[];
  /** Ingest-derived markers, plus a `chat` marker per chat message (label: "name: text", cut). */
  markers: Marker[];
  /** The live chat, oldest first (at most MAX_SESSION_CHAT). */
  chat: SessionChatMessage[];
}

export const chunkRangeQuerySchema = z.object({
  from: z.coerce.number().nonnegative().optional(),
  to: z.coerce.number().nonnegative().optional(),
});

export interface ChunkRef {
  seq: number;
  firstTs: number;
  lastTs: number;
  startsWithSnapshot: boolean;
  eventCount: number;
  byteSize: number;
}

/**
 * The chunks a player needs to show [from, to]: starting at the last chunk
 * that opens with a full snapshot at or before `from`, through the last
 * chunk that begins at or before `to`, in replay order.
 */
export interface ChunkRange {
  sessionId: string;
  from: number;
  to: number;
  chunks: ChunkRef[];
}
