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
import { sessionDetailSchema, storedMetadataSchema } from './api.ts';
import {
  CASE_EVENTS,
  CASE_MESSAGE_KINDS,
  CASE_PAGE_SIZE_DEFAULT,
  CASE_PAGE_SIZE_MAX,
  CASE_STATUSES,
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

/** What a message carries besides its text, as answered (the input side is `caseAttachmentSchema`). */
export const storedAttachmentSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('session'), sessionId: z.string().describe('Another recording of the same site.') }),
  z.object({ type: z.literal('media'), sessionId: z.string(), trackId: z.string().describe('A recorded video reply.') }),
  z.object({ type: z.literal('link'), url: z.string(), title: z.string().optional() }),
]);

const authorName = z.string().nullable().describe("The advisor's display name on advisor messages.");

/** A thread message as the customer sees it (never an internal note). */
export const publicCaseMessageSchema = z.object({
  id: z.string(),
  from: z.enum(['customer', 'advisor']),
  kind: z.enum(CASE_MESSAGE_KINDS).exclude(['internal_note']),
  body: z.string(),
  attachments: z.array(storedAttachmentSchema),
  authorName,
  createdAt: z.string(),
});
export type PublicCaseMessage = z.output<typeof publicCaseMessageSchema>;

export const customerCaseViewSchema = z.object({
  id: z.string(),
  question: z.string(),
  topic: z.string().nullable(),
  status: z.enum(CASE_STATUSES),
  createdAt: z.string(),
  firstAnsweredAt: z.string().nullable().describe('When an advisor first answered; null while waiting.'),
  thread: z.array(publicCaseMessageSchema).describe('Oldest first, without internal notes.'),
});
export type CustomerCaseView = z.output<typeof customerCaseViewSchema>;

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

export const caseSummarySchema = z.object({
  id: z.string(),
  siteId: z.string(),
  sessionId: z.string().nullable().describe('The recording made while asking; null once it is deleted.'),
  question: z.string(),
  topicId: z.string().nullable(),
  topic: z.string().nullable(),
  language: z.string().nullable(),
  customerEmail: z.string().nullable(),
  status: z.enum(CASE_STATUSES),
  assigneeId: z.string().nullable(),
  dueAt: z.string(),
  overdue: z.boolean().describe('Past due without an answer (at the time of the request).'),
  firstAnsweredAt: z.string().nullable(),
  slaBreachedAt: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  liveRequestedAt: z.string().nullable(),
  metadata: storedMetadataSchema,
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type CaseSummary = z.output<typeof caseSummarySchema>;

export const caseListSchema = z.object({
  cases: z.array(caseSummarySchema).describe('Ordered by due time, soonest first.'),
  counts: z
    .object(Object.fromEntries(CASE_STATUSES.map((s) => [s, z.number().int()])) as Record<CaseStatus, z.ZodNumber>)
    .describe('Cases per status under the same filters except `status`.'),
});
export type CaseList = z.output<typeof caseListSchema>;

/** A thread message as advisors see it (internal notes included). */
export const caseMessageSchema = publicCaseMessageSchema.extend({
  kind: z.enum(CASE_MESSAGE_KINDS),
  advisorId: z.string().nullable(),
});
export type CaseMessage = z.output<typeof caseMessageSchema>;

export const enrichmentResultSchema = z.object({
  enricherId: z.string(),
  enricherName: z.string(),
  status: z.enum(['pending', 'ok', 'failed']),
  attempts: z.number().int(),
  fields: z
    .record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))
    .describe('What the enricher answered: label → value (e.g. `{ "Order status": "shipped" }`).'),
  links: z.array(z.object({ label: z.string(), url: z.string() })),
  error: z.string().nullable(),
  updatedAt: z.string(),
});
export type EnrichmentResult = z.output<typeof enrichmentResultSchema>;

export const webhookDeliveryInfoSchema = z.object({
  id: z.string().describe('Also sent as `X-Cobrowse-Delivery`.'),
  webhookId: z.string(),
  caseId: z.string().nullable(),
  event: z.enum(CASE_EVENTS),
  status: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.number().int(),
  responseCode: z.number().int().nullable().describe("The last attempt's HTTP status; null when none answered."),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type WebhookDeliveryInfo = z.output<typeof webhookDeliveryInfoSchema>;

export const emailInfoSchema = z.object({
  id: z.string(),
  caseId: z.string().nullable(),
  to: z.string(),
  subject: z.string(),
  status: z.enum(['queued', 'sent', 'failed']),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
});
export type EmailInfo = z.output<typeof emailInfoSchema>;

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

export const caseDetailSchema = caseSummarySchema.extend({
  thread: z.array(caseMessageSchema).describe('The whole thread, internal notes included, oldest first.'),
  enrichments: z.array(enrichmentResultSchema),
  webhookDeliveries: z.array(webhookDeliveryInfoSchema),
  emails: z.array(emailInfoSchema),
  links: z.array(caseLinkInfoSchema).describe("The customer's private links, oldest first."),
  session: sessionDetailSchema.nullable().describe("The recording's context (pages, markers, device); null when it is gone."),
});
export type CaseDetail = z.output<typeof caseDetailSchema>;

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
export const topicSchema = z.object({
  id: z.string(),
  siteId: z.string(),
  name: z.string(),
  slaMinutes: z.number().describe('Minutes to the first answer.'),
  requiredSkills: z.array(z.string()).describe('Skills an advisor needs to be routed its cases.'),
  createdAt: z.string(),
});
export type Topic = z.output<typeof topicSchema>;

export const topicListSchema = z.object({ topics: z.array(topicSchema) });
export type TopicList = z.output<typeof topicListSchema>;

export const advisorRoutingSchema = z.object({
  skills,
  languages: z.array(language).max(50),
});
export type AdvisorRoutingUpdate = z.input<typeof advisorRoutingSchema>;
/** A member's routing profile. */
export const advisorRoutingInfoSchema = z.object({
  advisorId: z.string(),
  email: z.string(),
  name: z.string(),
  skills: z.array(z.string()),
  languages: z.array(z.string()),
  lastSeenAt: z.string().nullable().describe('Last use of the advisor app; null: never.'),
});
export type AdvisorRouting = z.output<typeof advisorRoutingInfoSchema>;

export const advisorRoutingListSchema = z.object({ advisors: z.array(advisorRoutingInfoSchema) });
export type AdvisorRoutingList = z.output<typeof advisorRoutingListSchema>;

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
export const enricherSchema = z.object({
  id: z.string(),
  siteId: z.string(),
  name: z.string(),
  urlTemplate: z.string(),
  method: z.enum(['GET', 'POST']),
  headers: z.record(z.string(), z.string()).describe('Values masked: only their last characters are shown.'),
  metadataKeys: z.array(z.string()),
  timeoutMs: z.number().int(),
  enabled: z.boolean(),
  followRedirects: z.boolean(),
  createdAt: z.string(),
});
export type Enricher = z.output<typeof enricherSchema>;

export const enricherListSchema = z.object({ enrichers: z.array(enricherSchema) });
export type EnricherList = z.output<typeof enricherListSchema>;

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
export const webhookSchema = z.object({
  id: z.string(),
  siteId: z.string(),
  url: z.string(),
  events: z.array(z.enum(CASE_EVENTS)),
  enabled: z.boolean(),
  secret: z.string().describe('Masked, except in the answer to the creation (or a secret change).'),
  createdAt: z.string(),
});
export type Webhook = z.output<typeof webhookSchema>;

export const webhookListSchema = z.object({ webhooks: z.array(webhookSchema) });
export type WebhookList = z.output<typeof webhookListSchema>;

export const jobsOverviewSchema = z.object({
  enrichments: z
    .array(enrichmentResultSchema.extend({ caseId: z.string() }))
    .describe('Enrichments not `ok` (pending or failed), newest first.'),
  webhookDeliveries: z.array(webhookDeliveryInfoSchema).describe('Deliveries not `delivered`, newest first.'),
  emails: z.array(emailInfoSchema).describe('The email outbox, newest first.'),
  queues: z.array(z.object({ name: z.string(), pending: z.number().int() })).describe('Jobs waiting or running per queue.'),
});
export type JobsOverview = z.output<typeof jobsOverviewSchema>;

/** The body of every webhook call (not an API answer: what the site's receiver gets, see "Webhooks" above). */
export const webhookPayloadSchema = z.object({
  id: z.string().describe('The delivery id (also in `X-Cobrowse-Delivery`): the same at every retry.'),
  event: z.enum(CASE_EVENTS),
  occurredAt: z.string().describe('When the event happened (ISO 8601).'),
  case: caseSummarySchema,
});
export type WebhookPayload = z.output<typeof webhookPayloadSchema>;
