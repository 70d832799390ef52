/**
 * @module protocol/cases
 * Async help: the customer asks once (with a recording) and leaves; the case
 * waits in a queue for a suitable advisor, who answers with full context; the
 * customer comes back through a private link.
 *
 * Customer side (site key + allowed Origin, like ingest):
 *   POST {INGEST_BASE}/cases               CaseCreate              -> CaseCreated (201)
 *        (with `Authorization: Bearer <sessionToken>` of the recording: 401
 *        `invalid_session_token` for a recording the caller did not start)
 *        (a retry — same recording and question within 10 minutes — answers 200
 *        with the same case and a fresh link; no second case is opened;
 *        too many new cases from this address or for this site → 429
 *        `rate_limited` with `Retry-After` (seconds), nothing stored)
 *   GET  {INGEST_BASE}/topics                                      -> PublicTopicList
 *        (the site's topic names, for the recorder's "Ask for help" form)
 *
 * Customer link (the token in the path is the only credential; unknown →
 * 404 `link_not_found`, expired → 410 `link_expired`, revoked → 410
 * `link_revoked`; internal notes never appear):
 *   GET  /c/:token                                                 -> the customer's HTML page
 *        (unknown → 404, expired or revoked → 410: a plain page that says so, no case data)
 *   GET  /c/:token/api                                             -> CustomerCaseView
 *   POST /c/:token/api/messages            CustomerReply           -> PublicCaseMessage (201)
 *        (a reply with `sessionId` presents that recording's `Authorization:
 *        Bearer <sessionToken>`, or gets 401 `invalid_session_token`)
 *   POST /c/:token/api/live                                        -> CustomerLiveAnswer
 *   GET  /c/:token/api/media/:sessionId/:trackId                   -> WebM (Range)
 *        (only an advisor video reply attached to a message of this case)
 * The `api` routes answer CORS for the origins the case's site allows, so the
 * recorder on the site can add a recording or ask to continue live.
 *
 * Advisor (bearer token):
 *   GET  /api/cases?CaseListQuery                                  -> CaseList
 *   GET  /api/cases/advisors                                       -> { advisors: Advisor[] }  (to assign and name assignees)
 *   GET  /api/cases/topics                                         -> { topics: Topic[] }      (to filter by)
 *   GET  /api/cases/:id                                            -> CaseDetail
 *   POST /api/cases/:id/claim | /release                           -> CaseSummary
 *   POST /api/cases/:id/assign             CaseAssign              -> CaseSummary
 *   POST /api/cases/:id/status             CaseStatusChange        -> CaseSummary
 *   POST /api/cases/:id/messages           AdvisorMessageCreate    -> CaseMessage (201)
 *   POST /api/cases/:id/links                                      -> CaseLinkCreated (201)
 *   DELETE /api/cases/:id/links/:linkId                            -> CaseLinkInfo
 * All in the caller's organisation and sites (anything else: 404); `content`
 * members see resolved cases only and may not act (403); acting on a case
 * someone else holds needs `cases.reassign` (403). See docs/permissions.md.
 *
 * Admin (bearer token of an admin; the organisation's sites and members only):
 *   GET|POST /api/admin/topics, PATCH|DELETE /api/admin/topics/:id          Topic
 *   GET /api/admin/routing, PUT /api/admin/routing/:advisorId              AdvisorRouting
 *   GET|POST /api/admin/enrichers, PATCH|DELETE /api/admin/enrichers/:id    Enricher
 *   GET|POST /api/admin/webhooks, PATCH|DELETE /api/admin/webhooks/:id      Webhook
 *   GET /api/admin/jobs                                                     JobsOverview
 *
 * Statuses: a case starts `new`; a claim makes it `open`; an advisor answer
 * (any kind but `internal_note`) makes it `waiting_on_customer`; a customer
 * reply makes it `open` again, or `reopened` when it was `resolved`.
 *
 * Routing: a new case goes to the advisor whose skills cover the topic's
 * required skills and whose languages include the case's language, the least
 * loaded first (fewest unresolved cases); nobody fits → unassigned (shared queue).
 *
 * SLA: `dueAt` = creation + the topic's `slaMinutes` (default
 * {@link DEFAULT_SLA_MINUTES}). Unanswered at `dueAt` → `slaBreachedAt` is
 * set and `case.sla_breached` is sent.
 *
 * ## Webhooks
 * `POST <webhook url>` with a JSON {@link WebhookPayload} and headers
 * `X-Cobrowse-Event`, `X-Cobrowse-Delivery` (the delivery id: the same at
 * every retry, use it to drop duplicates) and
 * `X-Cobrowse-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + body)>`.
 * To verify: split the header on `,` into `t` and `v1`, compute the HMAC of
 * the string `${t}.${rawBody}` (the raw bytes as received, before any JSON
 * parsing) with the webhook's secret, compare with `v1` in constant time, and
 * refuse a `t` more than {@link WEBHOOK_TOLERANCE_SECONDS} from now.
 * Any 2xx is success. A timeout, a network error, 408, 429 or a 5xx is retried
 * with exponential backoff; other 4xx are final. Every delivery is recorded
 * (status, attempts, last response code and error) and shown to admins.
 *
 * ## Enrichers
 * For a new case, each enabled enricher of its site is called once (in the
 * background, retried with backoff): `GET` (or `POST` with a JSON body
 * `{ caseId, topic, language, metadata }` holding only `metadataKeys`) to the
 * URL template with `{metadata.key}` placeholders filled URL-encoded from the
 * case's metadata (only keys in `metadataKeys`). The answer must be JSON:
 * `{ "fields": { "Order status": "shipped" }, "links": [{ "label": "Order", "url": "https://…" }] }`
 * (an object without `fields` has its scalar properties taken as fields).
 * Bad JSON, a non-2xx answer or a timeout is retried; after the last attempt
 * the result is recorded `failed` with the error. The case is never affected.
 *
 * Each metadata value fills its placeholder percent-encoded (`encodeURIComponent`),
 * so `/`, `?`, `#` or `%2e%2e` stay inside that one segment or query value; a
 * value that would make a whole `.` or `..` path segment is refused (failed,
 * not sent). Redirects are not followed unless `followRedirects` is set, and
 * then only to the same origin, at most 3 hops; otherwise a 3xx is a failure.
 *
 * ## Outbound destinations (enrichers and webhooks)
 * A site's `outboundHosts` (exact hosts or `*.example.com`; empty = any host)
 * lists where its enrichers and webhooks may call: an enricher or webhook
 * whose host is not on it is refused when saved (400) and every call is
 * checked again (refused: recorded `failed` with the reason, not retried).
 * With `OUTBOUND_BLOCK_PRIVATE=true` the server also refuses hosts that
 * resolve to a private, loopback, link-local, unique-local or unspecified
 * address (IPv4-mapped IPv6 included).
 */
import { z } from 'zod';
import { text } from './text.ts';
import type { CaseAttachment, EnrichmentFields, EnrichmentLink } from './cases-constants.ts';
import type { SessionMetadata } from './ingest-constants.ts';
import type { SessionDetail } from './api.ts';
import {
  CASE_EVENTS,
  CASE_MESSAGE_KINDS,
  CASE_PAGE_SIZE_DEFAULT,
  CASE_PAGE_SIZE_MAX,
  CASE_STATUSES,
  type CaseEvent,
  type CaseMessageKind,
  type CaseStatus,
} from './cases-constants.ts';
import { sessionMetadataSchema } from './ingest.ts';

export * from './cases-constants.ts';
export type { CaseAttachment, EnrichmentFields, EnrichmentLink };

const uuid = z
  .string()
  .uuid()
  .transform((v) => v.toLowerCase());
const language = text()
  .trim()
  .min(2)
  .max(35)
  .regex(/^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/, 'must be a language tag such as en or pt-BR')
  .transform((v) => v.toLowerCase());
const httpUrl = text()
  .max(2048)
  .url()
  .refine((v) => /^https?:$/.test(new URL(v).protocol), 'must be an http(s) URL');

export const caseAttachmentSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('session'), sessionId: uuid }),
  z.object({ type: z.literal('media'), sessionId: uuid, trackId: text().min(1).max(100) }),
  z.object({ type: z.literal('link'), url: httpUrl, title: text().max(300).optional() }),
]);

// --- customer side ---------------------------------------------------------

export const caseCreateSchema = z.object({
  /** The recording made while asking (already started through ingest, same site, by this caller: see the bearer token above). */
  sessionId: uuid,
  question: text().trim().min(1).max(5000),
  /** A topic name of the site (case-insensitive); unknown names are kept, with the default SLA. */
  topic: text().trim().min(1).max(200).optional(),
  language: language.optional(),
  email: text().trim().toLowerCase().pipe(z.email()).optional(),
  /** Merged over the session's metadata into the case's snapshot. */
  metadata: sessionMetadataSchema.optional(),
});
export type CaseCreate = z.input<typeof caseCreateSchema>;

export const caseCreatedSchema = z.object({
  caseId: z.string(),
  /** The customer's private URL (absolute). */
  link: z.string(),
  /** The token in that URL (for `GET /c/:token/api`). */
  linkToken: z.string(),
  linkExpiresAt: z.string(),
  status: z.enum(CASE_STATUSES),
  dueAt: z.string(),
  /**
   * A confirmation email to `email` was queued. False without an email, on a
   * retry, or when the site's or this client's email limit is reached (the
   * case is opened all the same).
   */
  emailQueued: z.boolean(),
});
export type CaseCreated = z.output<typeof caseCreatedSchema>;

/** A thread message as the customer sees it (never an internal note). */
export interface PublicCaseMessage {
  id: string;
  from: 'customer' | 'advisor';
  kind: Exclude<CaseMessageKind, 'internal_note'>;
  body: string;
  attachments: CaseAttachment[];
  /** The advisor's display name on advisor messages. */
  authorName: string | null;
  createdAt: string;
}

export interface CustomerCaseView {
  id: string;
  question: string;
  topic: string | null;
  status: CaseStatus;
  createdAt: string;
  /** When an advisor first answered; null while waiting. */
  firstAnsweredAt: string | null;
  thread: PublicCaseMessage[];
}

export const customerReplySchema = z.object({
  body: text().trim().min(1).max(5000),
  /** Another recording of the same site made for this reply, by this caller (its session token as bearer). */
  sessionId: uuid.optional(),
});
export type CustomerReply = z.input<typeof customerReplySchema>;

export const customerLiveAnswerSchema = z.object({
  /** Some advisor used the advisor app in the last few minutes. */
  advisorOnline: z.boolean(),
  /** The case's own advisor did. */
  assigneeOnline: z.boolean(),
  /**
   * Where to go back to for live help: the origin of the page the case was
   * asked from (its recorder's Get help shows a code); null when unknown.
   */
  siteUrl: z.string().nullable(),
});
export type CustomerLiveAnswer = z.output<typeof customerLiveAnswerSchema>;

/** A topic as the customer may see it: its name only (no SLA, no skills). */
export const publicTopicSchema = z.object({ name: z.string() });
export type PublicTopic = z.output<typeof publicTopicSchema>;

export const publicTopicListSchema = z.object({
  /** By name. */
  topics: z.array(publicTopicSchema),
});
export type PublicTopicList = z.output<typeof publicTopicListSchema>;

// --- advisor side ----------------------------------------------------------

export const caseListQuerySchema = z.object({
  /** One status, or `unresolved` (every status but `resolved`: the advisor's to-do); absent: every status. */
  status: z.enum([...CASE_STATUSES, 'unresolved']).optional(),
  /** A topic id. */
  topic: uuid.optional(),
  /** An advisor id, `me`, or `none` (the shared queue). */
  assignee: z.union([z.literal('me'), z.literal('none'), uuid]).optional(),
  /** `true`: only cases past their due time without an answer. */
  overdue: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  siteId: uuid.optional(),
  limit: z.coerce.number().int().min(1).max(CASE_PAGE_SIZE_MAX).default(CASE_PAGE_SIZE_DEFAULT),
});
export type CaseListQuery = {
  status?: CaseStatus | 'unresolved';
  topic?: string;
  assignee?: string;
  overdue?: 'true' | 'false';
  siteId?: string;
  limit?: number;
};

export interface CaseSummary {
  id: string;
  siteId: string;
  sessionId: string | null;
  question: string;
  topicId: string | null;
  topic: string | null;
  language: string | null;
  customerEmail: string | null;
  status: CaseStatus;
  assigneeId: string | null;
  dueAt: string;
  /** Past due without an answer (at the time of the request). */
  overdue: boolean;
  firstAnsweredAt: string | null;
  slaBreachedAt: string | null;
  resolvedAt: string | null;
  liveRequestedAt: string | null;
  metadata: SessionMetadata;
  createdAt: string;
  updatedAt: string;
}

export interface CaseList {
  /** Ordered by due time, soonest first. */
  cases: CaseSummary[];
  /** Cases per status under the same filters except `status`. */
  counts: Record<CaseStatus, number>;
}

export interface CaseMessage extends Omit<PublicCaseMessage, 'kind'> {
  kind: CaseMessageKind;
  advisorId: string | null;
}

export interface EnrichmentResult {
  enricherId: string;
  enricherName: string;
  status: 'pending' | 'ok' | 'failed';
  attempts: number;
  fields: EnrichmentFields;
  links: EnrichmentLink[];
  error: string | null;
  updatedAt: string;
}

export interface WebhookDeliveryInfo {
  id: string;
  webhookId: string;
  caseId: string | null;
  event: CaseEvent;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  responseCode: number | null;
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface EmailInfo {
  id: string;
  caseId: string | null;
  to: string;
  subject: string;
  status: 'queued' | 'sent' | 'failed';
  attempts: number;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}

export const caseLinkInfoSchema = z.object({
  id: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
  revokedAt: z.string().nullable(),
});
export type CaseLinkInfo = z.output<typeof caseLinkInfoSchema>;

export const caseLinkCreatedSchema = caseLinkInfoSchema.extend({
  link: z.string(),
  token: z.string(),
});
export type CaseLinkCreated = z.output<typeof caseLinkCreatedSchema>;

export interface CaseDetail extends CaseSummary {
  /** The whole thread, internal notes included, oldest first. */
  thread: CaseMessage[];
  enrichments: EnrichmentResult[];
  webhookDeliveries: WebhookDeliveryInfo[];
  emails: EmailInfo[];
  links: CaseLinkInfo[];
  /** The recording's context (pages, markers, device); null when it is gone. */
  session: SessionDetail | null;
}

export const caseAssignSchema = z.object({ advisorId: uuid.nullable() });
export type CaseAssign = z.input<typeof caseAssignSchema>;

export const caseStatusChangeSchema = z.object({ status: z.enum(CASE_STATUSES) });
export type CaseStatusChange = z.input<typeof caseStatusChangeSchema>;

export const advisorMessageCreateSchema = z.object({
  kind: z.enum(CASE_MESSAGE_KINDS).default('text'),
  body: text().trim().min(1).max(20_000),
  attachments: z.array(caseAttachmentSchema).max(20).default([]),
  /** Status after this message; default: `waiting_on_customer` for an answer, unchanged for a note. */
  status: z.enum(CASE_STATUSES).optional(),
});
export type AdvisorMessageCreate = z.input<typeof advisorMessageCreateSchema>;

// --- admin -----------------------------------------------------------------

const skills = z.array(text().trim().toLowerCase().min(1).max(100)).max(50);

// NOTE: update schemas are built from fields without defaults: zod keeps a
// default through .partial(), which would reset every field a PATCH omits.
const topicFields = {
  name: text().trim().min(1).max(200),
  /** Minutes to the first answer (fractions allowed, e.g. 0.5). */
  slaMinutes: z
    .number()
    .positive()
    .max(60 * 24 * 365),
  requiredSkills: skills,
};
export const topicCreateSchema = z.object({
  siteId: uuid,
  ...topicFields,
  slaMinutes: topicFields.slaMinutes.default(30),
  requiredSkills: skills.default([]),
});
export const topicUpdateSchema = z
  .object(topicFields)
  .partial()
  .refine((u) => Object.keys(u).length > 0, 'nothing to update');
export type TopicCreate = z.input<typeof topicCreateSchema>;
export type TopicUpdate = z.input<typeof topicUpdateSchema>;
export interface Topic {
  id: string;
  siteId: string;
  name: string;
  slaMinutes: number;
  requiredSkills: string[];
  createdAt: string;
}

export const advisorRoutingSchema = z.object({
  skills,
  languages: z.array(language).max(50),
});
export type AdvisorRoutingUpdate = z.input<typeof advisorRoutingSchema>;
export interface AdvisorRouting {
  advisorId: string;
  email: string;
  name: string;
  skills: string[];
  languages: string[];
  lastSeenAt: string | null;
}

const headerName = text().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$/, 'must be an HTTP header name');
const enricherFields = {
  name: text().trim().min(1).max(200),
  urlTemplate: text()
    .max(2048)
    .refine((v) => /^https?:\/\//i.test(v), 'must start with http:// or https://'),
  method: z.enum(['GET', 'POST']),
  metadataKeys: z.array(text().min(1).max(100)).max(50),
  timeoutMs: z.number().int().min(100).max(60_000),
  enabled: z.boolean(),
  /** Follow the enricher's redirects, same origin only (at most 3). Default false: a 3xx is a failure. */
  followRedirects: z.boolean(),
};
export const enricherCreateSchema = z.object({
  siteId: uuid,
  ...enricherFields,
  method: enricherFields.method.default('GET'),
  headers: z.record(headerName, text().max(4096)).default({}),
  metadataKeys: enricherFields.metadataKeys.default([]),
  timeoutMs: enricherFields.timeoutMs.default(5000),
  enabled: enricherFields.enabled.default(true),
  followRedirects: enricherFields.followRedirects.default(false),
});
export const enricherUpdateSchema = z
  .object(enricherFields)
  .partial()
  .extend({
    /** Replaces the headers; a null value keeps that header's stored value. */
    headers: z.record(headerName, text().max(4096).nullable()).optional(),
  })
  .refine((u) => Object.keys(u).length > 0, 'nothing to update');
export type EnricherCreate = z.input<typeof enricherCreateSchema>;
export type EnricherUpdate = z.input<typeof enricherUpdateSchema>;
export interface Enricher {
  id: string;
  siteId: string;
  name: string;
  urlTemplate: string;
  method: 'GET' | 'POST';
  /** Values masked: only their last characters are shown. */
  headers: Record<string, string>;
  metadataKeys: string[];
  timeoutMs: number;
  enabled: boolean;
  followRedirects: boolean;
  createdAt: string;
}

const webhookFields = {
  url: httpUrl,
  events: z.array(z.enum(CASE_EVENTS)).min(1),
  /** Default: generated, and shown once in the creation answer. */
  secret: text().min(16).max(200),
  enabled: z.boolean(),
};
export const webhookCreateSchema = z.object({
  siteId: uuid,
  ...webhookFields,
  secret: webhookFields.secret.optional(),
  enabled: webhookFields.enabled.default(true),
});
export const webhookUpdateSchema = z
  .object(webhookFields)
  .partial()
  .refine((u) => Object.keys(u).length > 0, 'nothing to update');
export type WebhookCreate = z.input<typeof webhookCreateSchema>;
export type WebhookUpdate = z.input<typeof webhookUpdateSchema>;
export interface Webhook {
  id: string;
  siteId: string;
  url: string;
  events: CaseEvent[];
  enabled: boolean;
  /** Masked, except in the answer to the creation (or a secret change). */
  secret: string;
  createdAt: string;
}

export interface JobsOverview {
  /** Enrichments not `ok` (pending or failed), newest first. */
  enrichments: (EnrichmentResult & { caseId: string })[];
  /** Deliveries not `delivered`, newest first. */
  webhookDeliveries: WebhookDeliveryInfo[];
  /** The email outbox, newest first. */
  emails: EmailInfo[];
  /** Jobs waiting or running per queue. */
  queues: { name: string; pending: number }[];
}

/** The body of every webhook call. */
export interface WebhookPayload {
  /** The delivery id (also in `X-Cobrowse-Delivery`). */
  id: string;
  event: CaseEvent;
  /** When the event happened (ISO 8601). */
  occurredAt: string;
  case: CaseSummary;
}
