/**
 * @module db/schema
 * The whole relational model, one table per concept. Timestamps of recorded
 * events are kept as epoch milliseconds (bigint) because that is what rrweb
 * emits and what range reads compare against; wall-clock columns are timestamptz.
 */
import type { AuditDetails } from '../protocol/audit-constants.ts';
import { AUDIT_ACTOR_KINDS } from '../protocol/audit-constants.ts';
import type { CaseAttachment, EnrichmentFields, EnrichmentLink } from '../protocol/cases-constants.ts';
import { CASE_MESSAGE_KINDS, CASE_STATUSES } from '../protocol/cases-constants.ts';
import type { Marker, SessionMetadata } from '../protocol/ingest-constants.ts';
import { MEDIA_TRACK_KINDS_ALL } from '../protocol/media-constants.ts';
import { ORG_ROLES } from '../protocol/permissions.ts';
import type { StepBox, TutorialSnapshot } from '../protocol/tutorials-constants.ts';
import {
  ANNOTATION_KINDS,
  REDACTION_KINDS,
  STEP_KINDS,
  TUTORIAL_STATUSES,
  TUTORIAL_VISIBILITIES,
  VIEW_KINDS,
} from '../protocol/tutorials-constants.ts';
import { SEARCH_KINDS, SEARCH_LANGUAGES, SEARCH_SOURCES } from '../protocol/search-constants.ts';
import { COMMENT_TARGET_KINDS } from '../protocol/comments-constants.ts';
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  check,
  customType,
  doublePrecision,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/** Raw bytes. PGlite hands back Uint8Array and postgres.js a Buffer (a Uint8Array too). */
const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => 'bytea',
});

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

export const sites = pgTable(
  'sites',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** The tenant: everything recorded for the site (sessions, cases, live rooms, settings) belongs to it. */
    orgId: uuid('org_id')
      .notNull()
      .references(() => organisations.id),
    name: text('name').notNull(),
    /** Public: it is embedded in customers' pages. Origins, not secrecy, protect ingest. */
    siteKey: text('site_key').notNull().unique(),
    allowedOrigins: jsonb('allowed_origins').$type<string[]>().notNull().default([]),
    /** The demo shop created on first start; its origins follow the server's own URL. */
    demo: boolean('demo').notNull().default(false),
    /** Live co-browsing: the customer must accept each advisor before they see anything. */
    liveConsentRequired: boolean('live_consent_required').notNull().default(true),
    /**
     * Hosts this site's enrichers and webhooks may call (`crm.example`, `*.example`);
     * empty: any host. Checked when one is saved and again before every call.
     */
    outboundHosts: jsonb('outbound_hosts').$type<string[]>().notNull().default([]),
    /** Sessions older than this many days are deleted with all they hold (the retention job); null: kept forever. */
    retentionDays: integer('retention_days'),
    /** Fetch the stylesheets, images and fonts recordings reference, so replays never ask the site (server/assets). */
    captureAssets: boolean('capture_assets').notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [index('sites_org_idx').on(t.orgId)],
);

export const advisors = pgTable('advisors', {
  id: uuid('id').primaryKey().defaultRandom(),
  /** Stored lower-cased so sign-in is case-insensitive. */
  email: text('email').notNull().unique(),
  name: text('name').notNull(),
  passwordHash: text('password_hash').notNull(),
  /** May create organisations (the ADMIN_EMAIL account, and whoever it makes one). Roles are per organisation: `memberships`. */
  instanceAdmin: boolean('instance_admin').notNull().default(false),
  createdAt: createdAt(),
});

/**
 * Tenants: a brand, or a hotline provider's client. The first start makes the
 * default organisation, owned by the ADMIN_EMAIL account; instance admins make
 * more. Sites belong to one, and everything recorded for a site with it.
 */
export const organisations = pgTable(
  'organisations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    /** The instance's first organisation (at most one row: a partial unique index). */
    isDefault: boolean('is_default').notNull().default(false),
    ownerId: uuid('owner_id').references(() => advisors.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('organisations_one_default_idx')
      .on(t.isDefault)
      .where(sql`${t.isDefault}`),
  ],
);

/**
 * A person in an organisation: their role, the sites they may see (null: all
 * of the organisation's), and whether an admin deactivated them (their tokens
 * are revoked then, and the row stays so the audit log keeps its names).
 */
export const memberships = pgTable(
  'memberships',
  {
    orgId: uuid('org_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    advisorId: uuid('advisor_id')
      .notNull()
      .references(() => advisors.id, { onDelete: 'cascade' }),
    role: text('role', { enum: ORG_ROLES }).notNull(),
    siteIds: jsonb('site_ids').$type<string[] | null>(),
    deactivatedAt: timestamp('deactivated_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.advisorId] }), index('memberships_advisor_idx').on(t.advisorId)],
);

/** An emailed invitation into an organisation; only the link token's SHA-256 is stored. */
export const invitations = pgTable(
  'invitations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    /** Lower-cased. */
    email: text('email').notNull(),
    role: text('role', { enum: ORG_ROLES }).notNull(),
    siteIds: jsonb('site_ids').$type<string[] | null>(),
    tokenHash: text('token_hash').notNull().unique(),
    invitedBy: uuid('invited_by').references(() => advisors.id, { onDelete: 'set null' }),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index('invitations_org_idx').on(t.orgId, t.createdAt)],
);

/**
 * Who did what, when, from where: append-only (no route updates or deletes
 * it, and a trigger refuses UPDATE and DELETE). `actor_id` has no foreign key
 * on purpose, so an entry outlives the account unchanged. The serial id
 * orders entries and is the list's cursor.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organisations.id),
    actorId: uuid('actor_id'),
    actorKind: text('actor_kind', { enum: AUDIT_ACTOR_KINDS }).notNull(),
    action: text('action').notNull(),
    targetType: text('target_type'),
    targetId: text('target_id'),
    details: jsonb('details').$type<AuditDetails>().notNull().default({}),
    clientAddress: text('client_address'),
    /** Set for entries recorded at most once per period (a recording viewed: advisor, session, hour). */
    dedupeKey: text('dedupe_key').unique(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('audit_log_org_idx').on(t.orgId, t.id.desc()),
    index('audit_log_actor_idx').on(t.orgId, t.actorId, t.id.desc()),
    index('audit_log_action_idx').on(t.orgId, t.action, t.id.desc()),
    index('audit_log_target_idx').on(t.orgId, t.targetType, t.targetId),
    index('audit_log_at_idx').on(t.orgId, t.at),
  ],
);

/** Bearer tokens of the advisor API; only their SHA-256 is stored. */
export const authTokens = pgTable(
  'auth_tokens',
  {
    tokenHash: text('token_hash').primaryKey(),
    advisorId: uuid('advisor_id')
      .notNull()
      .references(() => advisors.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
    /** Absolute end of life; the idle timeout counts from `lastUsedAt`. */
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    /** Last request made with the token (written at most once a minute). */
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('auth_tokens_advisor_idx').on(t.advisorId)],
);

/** One-time password-reset links sent through the email outbox; only the token's SHA-256 is stored. */
export const passwordResets = pgTable(
  'password_resets',
  {
    tokenHash: text('token_hash').primaryKey(),
    advisorId: uuid('advisor_id')
      .notNull()
      .references(() => advisors.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
  },
  (t) => [index('password_resets_advisor_idx').on(t.advisorId)],
);

/**
 * Rate-limit counters shared by every server process on this database
 * (rate-limiter-flexible's Drizzle store: a key, its points, when they reset).
 */
export const rateLimits = pgTable('rate_limits', {
  key: text('key').primaryKey(),
  points: integer('points').notNull().default(0),
  expire: timestamp('expire', { withTimezone: true }),
});

export const sessions = pgTable(
  'sessions',
  {
    /** Generated by the recorder (UUID) so a tab can record before the server answers. */
    id: uuid('id').primaryKey(),
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    /** Time of the last event stored so far; null until the first chunk arrives. */
    endedAt: timestamp('ended_at', { withTimezone: true }),
    firstUrl: text('first_url').notNull(),
    /**
     * The customer's visit: every tab of one customer on one site records its
     * own session, and they share this id (derived from the recorder's secret
     * visit key, see `server/sessions/visit-id.ts`). Null when the recorder
     * sent no key.
     */
    visitId: text('visit_id'),
    /**
     * SHA-256 of the session's write secret, handed to the recorder once when
     * it starts the session. Null only for sessions recorded before secrets
     * existed: those accept no more writes.
     */
    tokenHash: text('token_hash'),
    userAgent: text('user_agent').notNull().default(''),
    viewportWidth: integer('viewport_width'),
    viewportHeight: integer('viewport_height'),
    language: text('language'),
    metadata: jsonb('metadata').$type<SessionMetadata>().notNull().default({}),
    chunkCount: integer('chunk_count').notNull().default(0),
    eventCount: integer('event_count').notNull().default(0),
    byteCount: bigint('byte_count', { mode: 'number' }).notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [
    index('sessions_started_idx').on(t.startedAt.desc(), t.id),
    index('sessions_site_started_idx').on(t.siteId, t.startedAt.desc(), t.id),
    index('sessions_visit_idx').on(t.visitId, t.startedAt),
  ],
);

/** Pages a session visited, so the list can be filtered by any of them. */
export const sessionPages = pgTable(
  'session_pages',
  {
    sessionId: uuid('session_id')
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    ts: bigint('ts', { mode: 'number' }).notNull(),
    url: text('url').notNull(),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.ts, t.url] }), index('session_pages_url_idx').on(t.url)],
);

/**
 * One uploaded batch of rrweb events, stored gzip-compressed exactly as the
 * player downloads it. (session_id, seq) is the idempotency key of ingest.
 */
export const eventChunks = pgTable(
  'event_chunks',
  {
    sessionId: uuid('session_id')
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    firstTs: bigint('first_ts', { mode: 'number' }).notNull(),
    lastTs: bigint('last_ts', { mode: 'number' }).notNull(),
    /** True when the chunk opens with a full snapshot: replay may start here. */
    startsWithSnapshot: boolean('starts_with_snapshot').notNull(),
    eventCount: integer('event_count').notNull(),
    /** Size of `data` (compressed). */
    byteSize: integer('byte_size').notNull(),
    /** Size of the JSON before compression. */
    rawSize: integer('raw_size').notNull(),
    /** SHA-256 of the uncompressed JSON: tells a retry from a conflicting chunk. */
    sha256: text('sha256').notNull(),
    markers: jsonb('markers').$type<Marker[]>().notNull().default([]),
    data: bytea('data').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    /** Its events name files to capture (server/assets): the capture sweep looks for such chunks not scanned yet. */
    namesAssets: boolean('names_assets').notNull().default(false),
    /** Compaction has run over it (server/storage), whether or not it kept ingest's gzip as the smaller form. */
    compacted: boolean('compacted').notNull().default(false),
  },
  (t) => [
    primaryKey({ columns: [t.sessionId, t.seq] }),
    index('event_chunks_session_ts_idx').on(t.sessionId, t.firstTs),
    index('event_chunks_snapshot_idx')
      .on(t.sessionId, t.firstTs)
      .where(sql`${t.startsWithSnapshot}`),
    // The catch-up sweeps' lookups (server/jobs/catch-up-sweep.ts): chunks not compacted yet are few (most
    // are within minutes); of the chunks naming files, the capture sweep reads only its last days.
    index('event_chunks_uncompacted_idx')
      .on(t.receivedAt)
      .where(sql`not ${t.compacted}`),
    index('event_chunks_names_assets_idx')
      .on(t.receivedAt)
      .where(sql`${t.namesAssets}`),
  ],
);

/**
 * The bytes of captured assets (stylesheets, images, fonts), stored once per
 * content: the key is the SHA-256 of the bytes as served from `/assets/:hash`
 * (a stylesheet's after its own `url()`s point at stored copies).
 */
export const assetBlobs = pgTable('asset_blobs', {
  hash: text('hash').primaryKey(),
  contentType: text('content_type').notNull(),
  byteSize: integer('byte_size').notNull(),
  data: bytea('data').notNull(),
  createdAt: createdAt(),
});

/**
 * What each URL a session's recording references was when it was captured
 * (server/assets): the stored copy's hash, or why there is none (`error`).
 * Per session, because a site changes its files: an old recording keeps the
 * version it showed. Deleted with the session; blobs nobody references any
 * more go with the last of their rows.
 */
export const sessionAssets = pgTable(
  'session_assets',
  {
    sessionId: uuid('session_id')
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    /** The absolute URL as the recording names it. */
    url: text('url').notNull(),
    hash: text('hash').references(() => assetBlobs.hash),
    byteSize: integer('byte_size').notNull().default(0),
    /** Why no copy was stored (refused host, too large, wrong type, HTTP status, timeout). */
    error: text('error'),
    fetchedAt: timestamp('fetched_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.sessionId, t.url] }),
    index('session_assets_hash_idx').on(t.hash),
    // The site's latest copy of a URL: what a live view, recorded a moment ago, can already point at.
    index('session_assets_site_url_idx').on(t.siteId, t.url, t.fetchedAt),
  ],
);

/**
 * Chunks whose assets were captured (or found to need none): until then a
 * served chunk may still change (its addresses not yet pointing at copies),
 * so it is not cached for good.
 */
export const assetScans = pgTable(
  'asset_scans',
  {
    sessionId: uuid('session_id')
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.seq] })],
);

/**
 * Live rooms, one per recorded session being co-browsed: the registry every
 * server process reads to find a room's home process and to resolve a help
 * code. A row is live while `seen_at` is fresh (the home refreshes it).
 */
export const liveRooms = pgTable(
  'live_rooms',
  {
    sessionId: uuid('session_id')
      .primaryKey()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    /** The process that holds the room (its bus node id). */
    homeNode: text('home_node').notNull(),
    /** The 6-digit help code; unique among rows (expired codes are cleared before a new one is issued). */
    code: text('code').unique(),
    codeExpiresAt: timestamp('code_expires_at', { withTimezone: true }),
    customerConnected: boolean('customer_connected').notNull().default(true),
    viewerCount: integer('viewer_count').notNull().default(0),
    url: text('url'),
    createdAt: createdAt(),
    seenAt: timestamp('seen_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('live_rooms_seen_idx').on(t.seenAt)],
);

/** Chat of live sessions, kept with the recording so the replay can show it. */
export const liveChatMessages = pgTable(
  'live_chat_messages',
  {
    id: uuid('id').primaryKey(),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    /** Epoch ms (server time), comparable with the recording's event timestamps. */
    ts: bigint('ts', { mode: 'number' }).notNull(),
    fromRole: text('from_role', { enum: ['customer', 'advisor'] }).notNull(),
    advisorId: uuid('advisor_id').references(() => advisors.id, { onDelete: 'set null' }),
    authorName: text('author_name').notNull(),
    clientId: text('client_id').notNull(),
    text: text('text').notNull(),
  },
  (t) => [index('live_chat_session_ts_idx').on(t.sessionId, t.ts)],
);

export type MediaTrackKind = 'camera' | 'screen' | 'reply';

/**
 * A recorded media track of a session (camera or screen, one MediaRecorder
 * run), uploaded as numbered WebM chunks beside the DOM chunks.
 * (session_id, track_id) is the idempotency key of the track start.
 */
export const mediaTracks = pgTable(
  'media_tracks',
  {
    sessionId: uuid('session_id')
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    /** Chosen by the recorder (like the session id), so it can upload before the server answers. */
    trackId: text('track_id').notNull(),
    kind: text('kind', { enum: MEDIA_TRACK_KINDS_ALL }).notNull(),
    /** As MediaRecorder reports it, e.g. `video/webm;codecs=vp8`. */
    mimeType: text('mime_type').notNull(),
    /** Epoch ms when recording started: offset 0 of the chunks' start offsets. */
    startedAt: bigint('started_at', { mode: 'number' }).notNull(),
    /** End of the latest chunk (ms from startedAt); grows as chunks arrive. */
    durationMs: integer('duration_ms').notNull().default(0),
    createdAt: createdAt(),
    /** Replies: the advisor who recorded it. */
    advisorId: uuid('advisor_id').references(() => advisors.id, { onDelete: 'set null' }),
    /** Replies: a short caption shown to the customer. */
    title: text('title'),
    /** Replies: when the advisor sent it (all chunks uploaded); the customer sees sent replies only. */
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.trackId] })],
);

/**
 * A customer link to a session's video replies (`/s/:token`). Only the
 * token's SHA-256 is stored; the token itself is shown once, at creation.
 */
export const replyLinks = pgTable(
  'reply_links',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull().unique(),
    createdBy: uuid('created_by').references(() => advisors.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [index('reply_links_session_idx').on(t.sessionId)],
);

/**
 * One uploaded MediaRecorder chunk's metadata. Its bytes live in the media
 * store (disk or `media_chunk_data`); a row here exists only once they do.
 */
export const mediaChunks = pgTable(
  'media_chunks',
  {
    sessionId: uuid('session_id').notNull(),
    trackId: text('track_id').notNull(),
    seq: integer('seq').notNull(),
    /** Start of the chunk's media, ms from the track's startedAt. */
    startOffsetMs: integer('start_offset_ms').notNull(),
    durationMs: integer('duration_ms').notNull(),
    byteSize: integer('byte_size').notNull(),
    /** SHA-256 of the bytes: tells a retry from a conflicting chunk. */
    sha256: text('sha256').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.sessionId, t.trackId, t.seq] }),
    foreignKey({ columns: [t.sessionId, t.trackId], foreignColumns: [mediaTracks.sessionId, mediaTracks.trackId] }).onDelete('cascade'),
  ],
);

/** The PostgreSQL media store's chunk bytes (MEDIA_STORE=postgres). */
export const mediaChunkData = pgTable(
  'media_chunk_data',
  {
    sessionId: uuid('session_id').notNull(),
    trackId: text('track_id').notNull(),
    seq: integer('seq').notNull(),
    sha256: text('sha256').notNull(),
    data: bytea('data').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.sessionId, t.trackId, t.seq] }),
    foreignKey({ columns: [t.sessionId, t.trackId], foreignColumns: [mediaTracks.sessionId, mediaTracks.trackId] }).onDelete('cascade'),
  ],
);

// ---------------------------------------------------------------------------
// Async help: cases, their thread, customer links, routing, enrichment and
// notifications. Background work (enrichers, webhooks, emails, SLA timers)
// runs in the job queue (pg-boss, schema `pgboss`); these tables record it.

const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();

/** Kinds of customer question, per site: their first-answer SLA and the skills they need. */
export const caseTopics = pgTable(
  'case_topics',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** Minutes to the first advisor answer; fractional values are allowed. */
    slaMinutes: doublePrecision('sla_minutes').notNull().default(30),
    requiredSkills: jsonb('required_skills').$type<string[]>().notNull().default([]),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('case_topics_site_name_idx').on(t.siteId, sql`lower(${t.name})`)],
);

/** What an advisor can take: routing matches topics' skills and cases' languages against these. */
export const advisorRouting = pgTable('advisor_routing', {
  advisorId: uuid('advisor_id')
    .primaryKey()
    .references(() => advisors.id, { onDelete: 'cascade' }),
  skills: jsonb('skills').$type<string[]>().notNull().default([]),
  /** Lower-case language tags (`en`, `fr`, `pt-br`). */
  languages: jsonb('languages').$type<string[]>().notNull().default([]),
  /** Last advisor API call on cases: "online" for a customer asking to continue live. */
  lastSeenAt: timestamp('last_seen_at', { withTimezone: true }),
  updatedAt: updatedAt(),
});

export const cases = pgTable(
  'cases',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    /** The recording the customer made while asking; kept null if the recording is deleted. */
    sessionId: uuid('session_id').references(() => sessions.id, { onDelete: 'set null' }),
    question: text('question').notNull(),
    topicId: uuid('topic_id').references(() => caseTopics.id, { onDelete: 'set null' }),
    /** The topic as the customer named it (also when no configured topic matched). */
    topic: text('topic'),
    language: text('language'),
    customerEmail: text('customer_email'),
    status: text('status', { enum: CASE_STATUSES }).notNull().default('new'),
    assigneeId: uuid('assignee_id').references(() => advisors.id, { onDelete: 'set null' }),
    /** First-answer deadline: created + the topic's SLA. */
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    firstAnsweredAt: timestamp('first_answered_at', { withTimezone: true }),
    slaBreachedAt: timestamp('sla_breached_at', { withTimezone: true }),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    /** When the customer last asked to continue live. */
    liveRequestedAt: timestamp('live_requested_at', { withTimezone: true }),
    /** The customer's metadata when the case was opened (the session's, overridden by the request's). */
    metadata: jsonb('metadata').$type<SessionMetadata>().notNull().default({}),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('cases_status_due_idx').on(t.status, t.dueAt),
    index('cases_assignee_status_idx').on(t.assigneeId, t.status),
    index('cases_site_created_idx').on(t.siteId, t.createdAt),
  ],
);

export const caseMessages = pgTable(
  'case_messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id, { onDelete: 'cascade' }),
    fromRole: text('from_role', { enum: ['customer', 'advisor'] }).notNull(),
    advisorId: uuid('advisor_id').references(() => advisors.id, { onDelete: 'set null' }),
    /** `internal_note` is for advisors only: never shown on the customer link. */
    kind: text('kind', { enum: CASE_MESSAGE_KINDS }).notNull(),
    body: text('body').notNull(),
    attachments: jsonb('attachments').$type<CaseAttachment[]>().notNull().default([]),
    createdAt: createdAt(),
  },
  (t) => [index('case_messages_case_idx').on(t.caseId, t.createdAt)],
);

/** Private customer links; only the token's SHA-256 is stored. */
export const caseLinks = pgTable(
  'case_links',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull().unique(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index('case_links_case_idx').on(t.caseId)],
);

/** A site's own system the server asks about a new case (orders, CRM, …). */
export const caseEnrichers = pgTable('case_enrichers', {
  id: uuid('id').primaryKey().defaultRandom(),
  siteId: uuid('site_id')
    .notNull()
    .references(() => sites.id, { onDelete: 'cascade' }),
  name: text('name').notNull(),
  /** `https://crm.example/orders/{metadata.orderId}`: placeholders filled (URL-encoded) from the case's metadata. */
  urlTemplate: text('url_template').notNull(),
  method: text('method', { enum: ['GET', 'POST'] })
    .notNull()
    .default('GET'),
  /** Sent with every call (e.g. an API key); values sealed with SECRET_KEY at rest, shown masked by the API. */
  headers: jsonb('headers').$type<Record<string, string>>().notNull().default({}),
  /** Metadata keys the enricher may receive (URL placeholders and the POST body). */
  metadataKeys: jsonb('metadata_keys').$type<string[]>().notNull().default([]),
  timeoutMs: integer('timeout_ms').notNull().default(5000),
  /** Follow HTTP redirects, and then only to the template's own origin; off: a redirect is a failure. */
  followRedirects: boolean('follow_redirects').notNull().default(false),
  enabled: boolean('enabled').notNull().default(true),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const caseEnrichments = pgTable(
  'case_enrichments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id, { onDelete: 'cascade' }),
    enricherId: uuid('enricher_id')
      .notNull()
      .references(() => caseEnrichers.id, { onDelete: 'cascade' }),
    /** `pending` until an attempt succeeds (`ok`) or the last one fails (`failed`). */
    status: text('status', { enum: ['pending', 'ok', 'failed'] })
      .notNull()
      .default('pending'),
    attempts: integer('attempts').notNull().default(0),
    fields: jsonb('fields').$type<EnrichmentFields>().notNull().default({}),
    links: jsonb('links').$type<EnrichmentLink[]>().notNull().default([]),
    error: text('error'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('case_enrichments_case_enricher_idx').on(t.caseId, t.enricherId)],
);

export type CaseEvent = 'case.created' | 'case.answered' | 'case.customer_replied' | 'case.resolved' | 'case.sla_breached';

export const caseWebhooks = pgTable('case_webhooks', {
  id: uuid('id').primaryKey().defaultRandom(),
  siteId: uuid('site_id')
    .notNull()
    .references(() => sites.id, { onDelete: 'cascade' }),
  url: text('url').notNull(),
  /** HMAC-SHA256 key of the `X-Cobrowse-Signature` header, sealed with SECRET_KEY at rest. */
  secret: text('secret').notNull(),
  events: jsonb('events').$type<CaseEvent[]>().notNull().default([]),
  enabled: boolean('enabled').notNull().default(true),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    webhookId: uuid('webhook_id')
      .notNull()
      .references(() => caseWebhooks.id, { onDelete: 'cascade' }),
    caseId: uuid('case_id').references(() => cases.id, { onDelete: 'set null' }),
    event: text('event').$type<CaseEvent>().notNull(),
    /** The exact JSON body sent (and signed) at every attempt. */
    payload: text('payload').notNull(),
    status: text('status', { enum: ['pending', 'delivered', 'failed'] })
      .notNull()
      .default('pending'),
    attempts: integer('attempts').notNull().default(0),
    responseCode: integer('response_code'),
    lastError: text('last_error'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('webhook_deliveries_status_idx').on(t.status, t.createdAt), index('webhook_deliveries_case_idx').on(t.caseId)],
);

export const emailOutbox = pgTable(
  'email_outbox',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id').references(() => cases.id, { onDelete: 'set null' }),
    to: text('to').notNull(),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    /** `queued` stays queued when no SMTP server is configured: the outbox is then the record. */
    status: text('status', { enum: ['queued', 'sent', 'failed'] })
      .notNull()
      .default('queued'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    createdAt: createdAt(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [index('email_outbox_status_idx').on(t.status, t.createdAt), index('email_outbox_case_idx').on(t.caseId)],
);

// ---------------------------------------------------------------------------
// Tutorials: a solved session made into reusable help (server/tutorials).
// A tutorial belongs to its site's organisation; a published version holds
// its OWN redacted copy of the events, never a pointer into the recording.

export const tutorials = pgTable(
  'tutorials',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    authorId: uuid('author_id').references(() => advisors.id, { onDelete: 'set null' }),
    title: text('title').notNull(),
    status: text('status', { enum: TUTORIAL_STATUSES }).notNull().default('draft'),
    /** The public address `/t/:slug`: made once, kept across versions (and after unpublishing, to answer 410). */
    slug: text('slug').notNull().unique(),
    visibility: text('visibility', { enum: TUTORIAL_VISIBILITIES }).notNull().default('unlisted'),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    coverStepId: uuid('cover_step_id'),
    /** The version `/t/:slug` serves while published (no foreign key: versions point back here). */
    currentVersionId: uuid('current_version_id'),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('tutorials_site_updated_idx').on(t.siteId, t.updatedAt.desc()), index('tutorials_author_idx').on(t.authorId)],
);

/** The recorded ranges a tutorial is cut from, joined in `position` order; they go with the recording (retention, erasure). */
export const tutorialSources = pgTable(
  'tutorial_sources',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tutorialId: uuid('tutorial_id')
      .notNull()
      .references(() => tutorials.id, { onDelete: 'cascade' }),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    /** Epoch ms of the recording's events; null: from its start / to its end. */
    startMs: bigint('start_ms', { mode: 'number' }),
    endMs: bigint('end_ms', { mode: 'number' }),
  },
  (t) => [index('tutorial_sources_tutorial_idx').on(t.tutorialId, t.position), index('tutorial_sources_session_idx').on(t.sessionId)],
);

export const tutorialChapters = pgTable(
  'tutorial_chapters',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tutorialId: uuid('tutorial_id')
      .notNull()
      .references(() => tutorials.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    title: text('title').notNull(),
  },
  (t) => [index('tutorial_chapters_tutorial_idx').on(t.tutorialId, t.position)],
);

export const tutorialSteps = pgTable(
  'tutorial_steps',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tutorialId: uuid('tutorial_id')
      .notNull()
      .references(() => tutorials.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull().default(''),
    kind: text('kind', { enum: STEP_KINDS }).notNull(),
    /** Milliseconds from the start of the tutorial's (joined) events. */
    t: bigint('t', { mode: 'number' }).notNull(),
    url: text('url').notNull(),
    pageTitle: text('page_title'),
    nodeId: integer('node_id'),
    selector: text('selector'),
    box: jsonb('box').$type<StepBox>(),
    chapterId: uuid('chapter_id').references(() => tutorialChapters.id, { onDelete: 'set null' }),
  },
  (t) => [index('tutorial_steps_tutorial_idx').on(t.tutorialId, t.position)],
);

export const tutorialAnnotations = pgTable(
  'tutorial_annotations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tutorialId: uuid('tutorial_id')
      .notNull()
      .references(() => tutorials.id, { onDelete: 'cascade' }),
    stepId: uuid('step_id').references(() => tutorialSteps.id, { onDelete: 'cascade' }),
    t: bigint('t', { mode: 'number' }),
    nodeId: integer('node_id'),
    kind: text('kind', { enum: ANNOTATION_KINDS }).notNull(),
    text: text('text').notNull().default(''),
    createdAt: createdAt(),
  },
  (t) => [index('tutorial_annotations_tutorial_idx').on(t.tutorialId)],
);

/** Elements hidden and texts replaced in everything the tutorial shows; `ignore`: a detected value the editor keeps on purpose. */
export const tutorialRedactions = pgTable(
  'tutorial_redactions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tutorialId: uuid('tutorial_id')
      .notNull()
      .references(() => tutorials.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: REDACTION_KINDS }).notNull(),
    nodeId: integer('node_id'),
    /**
     * A moment on the page the node is hidden on (ms from the start of the tutorial's events): rrweb's node ids
     * start afresh on each page. Null: the id is hidden on every page.
     */
    atMs: bigint('at_ms', { mode: 'number' }),
    text: text('text'),
    createdAt: createdAt(),
  },
  (t) => [index('tutorial_redactions_tutorial_idx').on(t.tutorialId)],
);

/** A published snapshot: what `/t/:slug` serves while it is the tutorial's current version. */
export const tutorialVersions = pgTable(
  'tutorial_versions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tutorialId: uuid('tutorial_id')
      .notNull()
      .references(() => tutorials.id, { onDelete: 'cascade' }),
    number: integer('number').notNull(),
    publishedAt: timestamp('published_at', { withTimezone: true }).notNull().defaultNow(),
    publishedBy: uuid('published_by').references(() => advisors.id, { onDelete: 'set null' }),
    snapshot: jsonb('snapshot').$type<TutorialSnapshot>().notNull(),
  },
  (t) => [uniqueIndex('tutorial_versions_number_idx').on(t.tutorialId, t.number)],
);

/** A version's own redacted events, gzipped JSON arrays like `event_chunks` (dropped when a newer version replaces it). */
export const tutorialVersionChunks = pgTable(
  'tutorial_version_chunks',
  {
    versionId: uuid('version_id')
      .notNull()
      .references(() => tutorialVersions.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    eventCount: integer('event_count').notNull(),
    data: bytea('data').notNull(),
  },
  (t) => [primaryKey({ columns: [t.versionId, t.seq] })],
);

/**
 * The written guide's picture of each step of a published version (PNG, rendered by headless Chromium from the
 * version's own redacted events: server/tutorials/guide). Dropped with the version's events (re-publish, unpublish).
 */
export const tutorialStepPictures = pgTable(
  'tutorial_step_pictures',
  {
    versionId: uuid('version_id')
      .notNull()
      .references(() => tutorialVersions.id, { onDelete: 'cascade' }),
    /** The step's id in the version's snapshot (no foreign key: the draft's steps change after publishing). */
    stepId: uuid('step_id').notNull(),
    png: bytea('png').notNull(),
    width: integer('width').notNull(),
    height: integer('height').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.versionId, t.stepId] })],
);

/** Views of published tutorials (no personal data: the embedding page's origin at most). */
export const tutorialViewEvents = pgTable(
  'tutorial_view_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    tutorialId: uuid('tutorial_id')
      .notNull()
      .references(() => tutorials.id, { onDelete: 'cascade' }),
    versionId: uuid('version_id').references(() => tutorialVersions.id, { onDelete: 'set null' }),
    kind: text('kind', { enum: VIEW_KINDS }).notNull(),
    stepId: uuid('step_id'),
    referrerOrigin: text('referrer_origin'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('tutorial_view_events_tutorial_idx').on(t.tutorialId, t.kind)],
);

// Comments (server/comments): the organisation's own notes on a moment of a session or a
// tutorial, never public. The target is one of two foreign keys (as `target_kind` says),
// so a comment goes with its session or tutorial by cascade (retention, erasure, deletion).

export const comments = pgTable(
  'comments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    /** The target's site: the scope filter needs no join. */
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    targetKind: text('target_kind', { enum: COMMENT_TARGET_KINDS }).notNull(),
    sessionId: uuid('session_id').references(() => sessions.id, { onDelete: 'cascade' }),
    tutorialId: uuid('tutorial_id').references(() => tutorials.id, { onDelete: 'cascade' }),
    /** Ms into the target (a session: since its first event; a tutorial: from the start of its events). */
    t: bigint('t', { mode: 'number' }).notNull(),
    /** The element pointed at: rrweb node id in the replay, with a selector and a label to find and name it. */
    nodeId: integer('node_id'),
    selector: text('selector'),
    label: text('label'),
    body: text('body').notNull(),
    authorId: uuid('author_id').references(() => advisors.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    editedAt: timestamp('edited_at', { withTimezone: true }),
  },
  (t) => [
    index('comments_session_idx').on(t.sessionId, t.t),
    index('comments_tutorial_idx').on(t.tutorialId, t.t),
    check(
      'comments_one_target',
      sql`(${t.targetKind} = 'session' AND ${t.sessionId} IS NOT NULL AND ${t.tutorialId} IS NULL) OR (${t.targetKind} = 'tutorial' AND ${t.tutorialId} IS NOT NULL AND ${t.sessionId} IS NULL)`,
    ),
  ],
);

export const schema = {
  sites,
  advisors,
  organisations,
  memberships,
  invitations,
  auditLog,
  authTokens,
  passwordResets,
  rateLimits,
  sessions,
  sessionPages,
  eventChunks,
  liveRooms,
  liveChatMessages,
  mediaTracks,
  mediaChunks,
  mediaChunkData,
  replyLinks,
  caseTopics,
  advisorRouting,
  cases,
  caseMessages,
  caseLinks,
  caseEnrichers,
  caseEnrichments,
  caseWebhooks,
  webhookDeliveries,
  emailOutbox,
  tutorials,
  tutorialSources,
  tutorialChapters,
  tutorialSteps,
  tutorialAnnotations,
  tutorialRedactions,
  tutorialVersions,
  tutorialVersionChunks,
  tutorialStepPictures,
  tutorialViewEvents,
  comments,
};

// The stored JSON shapes and enums are defined by the wire protocol; re-exported for the code that reads rows.
export type { AuditActorKind, AuditDetails } from '../protocol/audit-constants.ts';
export type { CaseAttachment, CaseMessageKind, CaseStatus, EnrichmentFields, EnrichmentLink } from '../protocol/cases-constants.ts';
export type { Marker, SessionMetadata } from '../protocol/ingest-constants.ts';

// ── Search (docs/search.md) ───────────────────────────────────────────────
// NOTE: kept in its own block (not in `schema` above): nothing reads these
// through drizzle's relational queries, only through `server/search/`.

/** A `tsvector` column: written with `to_tsvector(...)` in SQL, never read back as a value. */
const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/**
 * One searchable thing (a session, a case; tutorials later): who may see it
 * (its site; `state` for the kind's own rules, e.g. a case's status), what
 * it is called in results, its detected language, and how far its source
 * was indexed (`source_version`: a session's chunk count, a case's last
 * change in ms), which the catch-up sweep compares with the source.
 */
export const searchSubjects = pgTable(
  'search_subjects',
  {
    kind: text('kind', { enum: SEARCH_KINDS }).notNull(),
    subjectId: uuid('subject_id').notNull(),
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    /** The text search configuration its text was stemmed with (`german`, `english` or `simple`). */
    lang: text('lang', { enum: SEARCH_LANGUAGES }).notNull(),
    state: text('state'),
    /** When it happened (a session's start, a case's creation): recency and the `from`/`to` filter. */
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    sourceVersion: bigint('source_version', { mode: 'number' }).notNull(),
    indexedAt: timestamp('indexed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.kind, t.subjectId] }), index('search_subjects_site_occurred_idx').on(t.siteId, t.occurredAt)],
);

/**
 * One passage of a subject's text: the text a session's page showed during
 * one time window (ms into the session), a page title, a case's question or
 * one message. Masked content never gets here (see `server/search/`).
 */
export const searchEntries = pgTable(
  'search_entries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    kind: text('kind', { enum: SEARCH_KINDS }).notNull(),
    subjectId: uuid('subject_id').notNull(),
    /** Copied from the subject so the scope filter needs no join. */
    siteId: uuid('site_id').notNull(),
    source: text('source', { enum: SEARCH_SOURCES }).notNull(),
    /** Internal notes: advisors and admins only. */
    advisorsOnly: boolean('advisors_only').notNull().default(false),
    text: text('text').notNull(),
    /** When the text was on screen, ms into the session (null: not a moment, e.g. a case's question). */
    startMs: integer('start_ms'),
    endMs: integer('end_ms'),
    /** The subject's language stems plus `simple` (exact words), over unaccented text. */
    tsv: tsvector('tsv').notNull(),
  },
  (t) => [
    foreignKey({ columns: [t.kind, t.subjectId], foreignColumns: [searchSubjects.kind, searchSubjects.subjectId] }).onDelete('cascade'),
    index('search_entries_subject_idx').on(t.kind, t.subjectId),
    index('search_entries_tsv_idx').using('gin', t.tsv),
    index('search_entries_text_trgm_idx').using('gin', sql`${t.text} gin_trgm_ops`),
  ],
);

/**
 * A customer who opened a tutorial suggested in the Ask-for-help form and
 * left without sending their question (docs/search.md, "Deflections"): the
 * tutorial's analytics count them, the recurring-questions report groups
 * them by question. `session_id` is the recording the form was on (when the
 * server knew it), so retention and erasure take the row with the session;
 * the retention sweep also drops rows older than the site's period.
 */
export const suggestionDeflections = pgTable(
  'suggestion_deflections',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    tutorialId: uuid('tutorial_id')
      .notNull()
      .references(() => tutorials.id, { onDelete: 'cascade' }),
    sessionId: uuid('session_id').references(() => sessions.id, { onDelete: 'cascade' }),
    /** What the customer had typed (the question they did not need to send). */
    question: text('question').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index('suggestion_deflections_tutorial_idx').on(t.tutorialId),
    index('suggestion_deflections_org_created_idx').on(t.orgId, t.createdAt),
    index('suggestion_deflections_session_idx').on(t.sessionId),
  ],
);
