/**
 * @module protocol/api
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
 *   PATCH /api/me         body: AdvisorProfile ({name}, the display name customers see) -> Advisor
 *   GET  /api/sites                                                   -> { sites: Site[] }
 *   POST /api/sites                      SiteCreate                   -> Site (201)      (admin)
 *   PATCH /api/sites/:id                 SiteUpdate                   -> Site            (admin; retentionDays too)
 *   /api/orgs…: organisations, audit log, erasure (see audit.ts)
 *   GET  /api/sessions?SessionListQuery                               -> SessionPage
 *                                        (`visitId=`: the tabs of one customer's visit)
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
 *   POST /api/sessions/import?siteId=    a recording made elsewhere (body: see
 *                                        "Importing recordings" below)  -> SessionImport (201) (admin)
 *   GET  /healthz                                                     -> { ok: true }
 *
 * Times in query strings and bodies are epoch milliseconds.
 *
 * Importing recordings (`POST /api/sessions/import?siteId=<site uuid>`, admins
 * only). The body is `application/json`, or the same JSON gzip-compressed as
 * `application/gzip`; at most {@link MAX_IMPORT_BYTES} as sent and
 * {@link MAX_IMPORT_RAW_BYTES} decompressed (413 `payload_too_large`). It is
 * one of:
 * - an rrweb recording: a JSON array of `eventWithTime` (what
 *   `GET /api/sessions/:id/export` gives, what rrweb's `record` emits);
 * - a PostHog "Export to file" recording, version `2023-04-28`:
 *   `{ version, data: { id?, person?, snapshots: [eventWithTime & { windowId }] } }`;
 * - the older PostHog file, version `2022-12-02`:
 *   `{ version, data: { person?, snapshotsByWindowId: { [windowId]: eventWithTime[] } } }`.
 * A PostHog window is one browser tab: each becomes a session of its own
 * (together one visit), holding that window's events in file order without
 * PostHog's `windowId`. PostHog events still compressed by posthog-js (a
 * `cv` field, as its raw snapshot API serves them) are refused: export from
 * PostHog's player, which decompresses them. Every event needs a numeric
 * `type` (0–6) and `timestamp` (epoch ms, not in the future); the server cuts
 * each session into chunks at full snapshots (and every {@link IMPORT_CHUNK_SPAN_MS}
 * or {@link IMPORT_CHUNK_RAW_BYTES}) and stores them as recorded ones, so
 * markers, pages and bounds are derived alike, and the export gives the
 * imported events back. Anything refused (400 `invalid_json`,
 * `invalid_events`, `bad_request`; 404 `not_found` for an unknown site) stores
 * nothing. Imported sessions have no session secret: nothing can be added to
 * them through ingest.
 */
import { z } from 'zod';
import { text } from './text.ts';
import { RETENTION_DAYS_MAX } from './audit-constants.ts';
import { rrwebEventSchema } from './ingest.ts';
import { ORG_ROLES } from './permissions.ts';
import { MARKER_KINDS, type Marker, type SessionMetadata } from './ingest-constants.ts';

export type { Marker, SessionMetadata };

export {
  API_BASE,
  MAX_CHUNKS_PER_BATCH,
  MAX_IMPORT_BYTES,
  MAX_IMPORT_EVENTS,
  MAX_IMPORT_RAW_BYTES,
  MAX_IMPORT_WINDOWS,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  RESET_PASSWORD_PATH,
  SESSION_PAGE_SIZE_DEFAULT,
  SESSION_PAGE_SIZE_MAX,
  VISIT_ID_PATTERN,
} from './api-constants.ts';
import {
  MAX_IMPORT_EVENTS,
  MAX_IMPORT_WINDOWS,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  SESSION_PAGE_SIZE_DEFAULT,
  SESSION_PAGE_SIZE_MAX,
  VISIT_ID_PATTERN,
} from './api-constants.ts';

export const tokenRequestSchema = z.object({
  email: z.string().email().max(320),
  password: z.string().min(1).max(PASSWORD_MAX_LENGTH),
});
export type TokenRequest = z.infer<typeof tokenRequestSchema>;

const newPassword = z.string().min(PASSWORD_MIN_LENGTH, `must be at least ${PASSWORD_MIN_LENGTH} characters`).max(PASSWORD_MAX_LENGTH);

/** `POST /api/auth/password`: a wrong current password is a 403 `wrong_password` and counts as a failed sign-in. */
export const passwordChangeSchema = z.object({
  currentPassword: z.string().min(1).max(PASSWORD_MAX_LENGTH),
  newPassword,
});
export type PasswordChange = z.infer<typeof passwordChangeSchema>;

export const passwordResetRequestSchema = z.object({ email: z.string().email().max(320) });
export type PasswordResetRequest = z.infer<typeof passwordResetRequestSchema>;
/** Always this answer (202), so it never tells whether an account exists. */
export const passwordResetRequestedSchema = z.object({ accepted: z.literal(true) });
export type PasswordResetRequested = z.output<typeof passwordResetRequestedSchema>;

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

export const advisorSchema = z.object({
  id: z.string(),
  email: z.string(),
  /** The display name customers see (live help, replies, emails). */
  name: z.string(),
  /** Their role in the organisation the request acted in (`x-cobrowse-org`, else their first); null: a member of none. */
  role: z.enum(ORG_ROLES).nullable(),
  /** That organisation's id. */
  orgId: z.string().nullable(),
  /** May create organisations. */
  instanceAdmin: z.boolean(),
});
export type Advisor = z.output<typeof advisorSchema>;

export const tokenResponseSchema = z.object({
  token: z.string(),
  expiresAt: z.string(),
  advisor: advisorSchema,
});
export type TokenResponse = z.output<typeof tokenResponseSchema>;

/** `PATCH /api/me`: the signed-in advisor's own display name (strict: a role or email in it is refused, not ignored). */
export const advisorProfileSchema = z.strictObject({
  name: text().trim().min(1).max(80),
});
export type AdvisorProfile = z.infer<typeof advisorProfileSchema>;

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
    /** Days a session is kept (the retention job deletes older ones with all they hold); null: unlimited (the default). */
    retentionDays: z.number().int().min(1).max(RETENTION_DAYS_MAX).nullable(),
    /** Fetch the stylesheets, images and fonts recordings reference from the site's origins, so replays never ask the site (on by default). */
    captureAssets: z.boolean(),
  })
  .partial()
  .refine((u) => Object.keys(u).length > 0, 'nothing to update');
export type SiteUpdate = z.infer<typeof siteUpdateSchema>;

export const siteSchema = z.object({
  id: z.string(),
  name: z.string(),
  siteKey: z.string(),
  allowedOrigins: z.array(z.string()),
  liveConsentRequired: z.boolean(),
  /** Where enrichers and webhooks may call (see siteCreateSchema); empty: anywhere. */
  outboundHosts: z.array(z.string()),
  /** Sessions older than this many days are deleted; null: kept forever. */
  retentionDays: z.number().int().nullable(),
  /** Replays use the server's copies of the site's stylesheets, images and fonts (docs/replay.md). */
  captureAssets: z.boolean(),
  createdAt: z.string(),
});
export type Site = z.output<typeof siteSchema>;

export const sessionListQuerySchema = z.object({
  siteId: z.string().uuid().optional(),
  /** Substring of any page URL the session visited (case-insensitive). */
  url: text().max(2048).optional(),
  /** Only the sessions (tabs) of this visit. */
  visitId: z.string().regex(VISIT_ID_PATTERN).optional(),
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
  visitId?: string;
  from?: number;
  to?: number;
  limit?: number;
  cursor?: string;
};

/** Session (and case) metadata as answered; what the page may send is `sessionMetadataSchema` (ingest.ts). */
export const storedMetadataSchema = z
  .record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))
  .describe('What the page said about the customer (`identify()`, `setMetadata()`): flat, scalar values.');

/** A timeline marker (see `MARKER_KINDS`). */
export const markerSchema = z.object({
  ts: z.number().describe('Epoch ms.'),
  kind: z.enum(MARKER_KINDS),
  label: z.string().optional(),
});

export const sessionSummarySchema = z.object({
  id: z.string(),
  siteId: z.string(),
  siteName: z.string(),
  startedAt: z.string(),
  endedAt: z.string().nullable().describe('Time of the last stored event; null before the first chunk.'),
  durationMs: z.number(),
  firstUrl: z.string(),
  visitId: z
    .string()
    .nullable()
    .describe("The customer's visit: sessions (one per tab) sharing it are one customer's tabs; null when unknown."),
  visitTabs: z.number().int().describe('How many sessions (tabs) with recorded events the visit has (at least 1; 1 without a visit).'),
  userAgent: z.string(),
  viewport: z.object({ width: z.number(), height: z.number() }).nullable(),
  language: z.string().nullable(),
  metadata: storedMetadataSchema,
  chunkCount: z.number().int(),
  eventCount: z.number().int(),
  byteCount: z.number().int(),
});
export type SessionSummary = z.output<typeof sessionSummarySchema>;

export const sessionPageSchema = z.object({
  sessions: z.array(sessionSummarySchema),
  nextCursor: z.string().nullable().describe("The next page's `cursor`; null on the last page."),
});
export type SessionPage = z.output<typeof sessionPageSchema>;

/** A live chat message of the session, as stored by the server. */
export const sessionChatMessageSchema = z.object({
  ts: z.number().describe('Epoch ms (server time).'),
  from: z.enum(['customer', 'advisor']),
  name: z.string(),
  text: z.string(),
});
export type SessionChatMessage = z.output<typeof sessionChatMessageSchema>;

export const sessionDetailSchema = sessionSummarySchema.extend({
  firstEventTs: z.number().nullable().describe("Epoch ms of the first stored event: the replay timeline's start."),
  lastEventTs: z.number().nullable().describe("Epoch ms of the last stored event: the replay timeline's end."),
  pages: z.array(z.object({ ts: z.number(), url: z.string() })),
  markers: z.array(markerSchema).describe('Ingest-derived markers, plus a `chat` marker per chat message (label: "name: text", cut).'),
  chat: z.array(sessionChatMessageSchema).describe('The live chat, oldest first (at most MAX_SESSION_CHAT).'),
});
export type SessionDetail = z.output<typeof sessionDetailSchema>;

export const chunkRangeQuerySchema = z.object({
  from: z.coerce.number().nonnegative().optional(),
  to: z.coerce.number().nonnegative().optional(),
});

export const chunkRefSchema = z.object({
  seq: z.number().int(),
  firstTs: z.number(),
  lastTs: z.number(),
  startsWithSnapshot: z.boolean(),
  eventCount: z.number().int(),
  byteSize: z.number().int().describe('Stored (gzip) bytes: how `chunk-data` answers are cut apart.'),
});
export type ChunkRef = z.output<typeof chunkRefSchema>;

/**
 * The chunks a player needs to show [from, to]: starting at the last chunk
 * that opens with a full snapshot at or before `from`, through the last
 * chunk that begins at or before `to`, in replay order.
 */
export const chunkRangeSchema = z
  .object({
    sessionId: z.string(),
    from: z.number(),
    to: z.number(),
    chunks: z.array(chunkRefSchema),
  })
  .describe(
    'The chunks a player needs to show [from, to]: from the last chunk opening with a full snapshot at or before `from` through the last chunk beginning at or before `to`, in replay order.',
  );
export type ChunkRange = z.output<typeof chunkRangeSchema>;

/** `GET /api/sessions/:id/chunk-events`: each chunk's rrweb events, one array per chunk in the order asked. */
export const chunkEventListsSchema = z
  .array(z.array(rrwebEventSchema))
  .describe('An array per chunk asked for (in the order asked) of its rrweb events (gzip if accepted).');

/** `GET /api/sessions/:id/export`: the whole session as one rrweb event array (what the import takes back). */
export const sessionExportSchema = z.array(rrwebEventSchema).describe('The rrweb events, in recorded order, as a download.');

/** An imported session is cut into chunks spanning at most this long … */
export const IMPORT_CHUNK_SPAN_MS = 10_000;
/** … and holding at most this much JSON (the recorder's own batch size), a new chunk at every full snapshot. */
export const IMPORT_CHUNK_RAW_BYTES = 512 * 1024;

export const sessionImportQuerySchema = z.object({ siteId: z.string().uuid() });
export type SessionImportQuery = z.infer<typeof sessionImportQuerySchema>;

/** An rrweb recording, the first import format. */
export const importEventsSchema = z.array(rrwebEventSchema).min(1).max(MAX_IMPORT_EVENTS);

const windowId = z.union([text().max(200), z.number()]);

/** PostHog's "Export to file", version 2023-04-28 (`ExportedSessionRecordingFileV2` in PostHog's frontend). */
export const posthogExportV2Schema = z.object({
  version: z.literal('2023-04-28'),
  data: z.looseObject({
    snapshots: z
      .array(z.looseObject({ windowId: windowId.optional() }))
      .min(1)
      .max(MAX_IMPORT_EVENTS),
  }),
});

/** PostHog's older export file, version 2022-12-02 (`ExportedSessionRecordingFileV1`). */
export const posthogExportV1Schema = z.object({
  version: z.literal('2022-12-02'),
  data: z.looseObject({
    snapshotsByWindowId: z
      .record(text().max(200), z.array(z.unknown()))
      .refine((w) => Object.keys(w).length >= 1, 'no windows')
      .refine((w) => Object.keys(w).length <= MAX_IMPORT_WINDOWS, `at most ${MAX_IMPORT_WINDOWS} windows`),
  }),
});

export const IMPORT_FORMATS = ['rrweb', 'posthog-2023-04-28', 'posthog-2022-12-02'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

export const importedSessionSchema = z.object({
  sessionId: z.string(),
  windowId: z.string().nullable().describe("PostHog's window the session was made of; null for an rrweb recording."),
  eventCount: z.number().int(),
  chunkCount: z.number().int(),
  firstEventTs: z.number(),
  lastEventTs: z.number(),
  firstUrl: z.string().describe("The first page's URL (from the first rrweb Meta event), '' when none."),
});
export type ImportedSession = z.output<typeof importedSessionSchema>;

/** `POST /api/sessions/import` (201): the sessions created, in window order (one for an rrweb recording). */
export const sessionImportSchema = z
  .object({
    format: z.enum(IMPORT_FORMATS),
    siteId: z.string(),
    sessions: z.array(importedSessionSchema),
  })
  .describe('The sessions created, in window order (one for an rrweb recording).');
export type SessionImport = z.output<typeof sessionImportSchema>;
