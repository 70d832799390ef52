/**
 * @module client/api/api-client
 * A small typed client of the advisor API (see protocol/api.ts): fetch
 * with the bearer token, JSON in and out, the protocol's error body turned
 * into {@link ApiError}, and a hook for 401 so the app can return to sign-in.
 * Covers sessions, media and replies, live, async-help cases (see
 * protocol/cases.ts) and their admin settings, organisations, members and
 * invitations (protocol/orgs.ts), the audit log and erasure (protocol/audit.ts).
 * Every call names the organisation the advisor acts in (`x-cobrowse-org`,
 * from `getOrgId`), so the switcher's choice holds for every screen. Every
 * request's method and path come from the one route table,
 * `protocol/api-routes.ts`, which the server's OpenAPI document is checked against.
 */
import type {
  Advisor,
  AdvisorProfile,
  ChunkRef,
  ChunkRange,
  PasswordChange,
  PasswordResetComplete,
  PasswordResetRequest,
  PasswordResetRequested,
  SessionDetail,
  SessionListQuery,
  SessionPage,
  Site,
  SiteUpdate,
  TokenRequest,
  TokenResponse,
} from '../../protocol/api.ts';
import type { eventWithTime } from '@rrweb/types';
import type {
  AdvisorMessageCreate,
  AdvisorRouting,
  AdvisorRoutingUpdate,
  CaseDetail,
  CaseLinkCreated,
  CaseLinkInfo,
  CaseList,
  CaseListQuery,
  CaseMessage,
  CaseStatus,
  CaseSummary,
  Enricher,
  EnricherCreate,
  EnricherUpdate,
  JobsOverview,
  Topic,
  TopicCreate,
  TopicUpdate,
  Webhook,
  WebhookCreate,
  WebhookUpdate,
} from '../../protocol/cases.ts';
import type { Comment, CommentCreate, CommentList, CommentUpdate } from '../../protocol/comments.ts';
import type { CommentTargetKind } from '../../protocol/comments-constants.ts';
import type { AuditPage, AuditQuery, ErasureRequest, ErasureResult, Organisation } from '../../protocol/audit.ts';
import type { LiveSessionSummary } from '../../protocol/live.ts';
import type {
  InvitationAccept,
  InvitationCreate,
  InvitationCreated,
  InvitationPreview,
  Member,
  MemberList,
  MemberPatch,
  OrgCreate,
  PendingInvitation,
} from '../../protocol/orgs.ts';
import { ORG_HEADER } from '../../protocol/permissions.ts';
import type { CaseSuggestions, SearchKind, SearchResponse } from '../../protocol/search-constants.ts';
import type { RecurringReport } from '../../protocol/recurring-constants.ts';
import type { z } from 'zod';
import type {
  annotationCreateSchema,
  redactionCreateSchema,
  Tutorial,
  TutorialAnalytics,
  TutorialCreate,
  TutorialFindingList,
  tutorialListQuerySchema,
  tutorialPublishSchema,
  TutorialPublished,
  TutorialSummary,
  tutorialUpdateSchema,
} from '../../protocol/tutorials.ts';
import { GUIDE_PICTURES_HEADER, type GuidePictures } from '../../protocol/tutorials-constants.ts';
import type { MediaTrackList, ReplyLinkCreated, ReplyLinkList, ReplyList, ReplyStart, ReplySent } from '../../protocol/media.ts';
import { API_BASE } from '../../protocol/api-constants.ts';
import { API_ROUTES, apiRequest } from '../../protocol/api-routes.ts';
import { ApiError } from './api-error.ts';
import { gunzipJson } from './gunzip.ts';

export interface ApiClientOptions {
  /** Origin (or prefix) the API lives under; '' for same origin. */
  baseUrl?: string;
  getToken: () => string | null;
  /** The organisation calls act in (the `x-cobrowse-org` header); null: the server's default for the advisor. */
  getOrgId?: () => string | null;
  /** Called when an authenticated call answers 401 (token expired or revoked). */
  onUnauthorized?: (err: ApiError) => void;
  fetch?: typeof fetch;
}

export interface RequestOptions {
  signal?: AbortSignal;
}

export class ApiClient {
  readonly #origin: string;
  readonly #baseUrl: string;
  readonly #getToken: () => string | null;
  readonly #getOrgId: () => string | null;
  readonly #onUnauthorized: ((err: ApiError) => void) | undefined;
  readonly #fetch: typeof fetch;

  constructor(options: ApiClientOptions) {
    this.#origin = options.baseUrl ?? '';
    this.#baseUrl = this.#origin + API_BASE;
    this.#getToken = options.getToken;
    this.#getOrgId = options.getOrgId ?? (() => null);
    this.#onUnauthorized = options.onUnauthorized;
    this.#fetch = options.fetch ?? ((input, init) => fetch(input, init));
  }

  /** POST /api/auth/token. A 401 here means wrong credentials, not an expired session. */
  signIn(body: TokenRequest, opts?: RequestOptions): Promise<TokenResponse> {
    return this.#json(apiRequest(API_ROUTES.signIn, {}), { body, auth: false, ...opts });
  }

  /** POST /api/auth/sign-out: the server stops accepting the current token. */
  async signOut(opts?: RequestOptions): Promise<void> {
    await this.#send(apiRequest(API_ROUTES.signOut, {}), opts);
  }

  /**
   * POST /api/auth/password: the current token keeps working, the advisor's
   * others stop. A wrong current password is a 403 `wrong_password`.
   */
  async changePassword(body: PasswordChange, opts?: RequestOptions): Promise<void> {
    await this.#send(apiRequest(API_ROUTES.changePassword, {}), { body, ...opts });
  }

  /** POST /api/auth/password-reset: the same answer whether or not the address has an account. */
  requestPasswordReset(body: PasswordResetRequest, opts?: RequestOptions): Promise<PasswordResetRequested> {
    return this.#json(apiRequest(API_ROUTES.requestPasswordReset, {}), { body, auth: false, ...opts });
  }

  /** POST /api/auth/password-reset/complete with the emailed link's token: signs in with the new password. */
  completePasswordReset(body: PasswordResetComplete, opts?: RequestOptions): Promise<TokenResponse> {
    return this.#json(apiRequest(API_ROUTES.completePasswordReset, {}), { body, auth: false, ...opts });
  }

  me(opts?: RequestOptions): Promise<Advisor> {
    return this.#json(apiRequest(API_ROUTES.me, {}), opts);
  }

  /** PATCH /api/me: the display name customers see. */
  updateProfile(body: AdvisorProfile, opts?: RequestOptions): Promise<Advisor> {
    return this.#json(apiRequest(API_ROUTES.updateProfile, {}), { body, ...opts });
  }

  async sites(opts?: RequestOptions): Promise<Site[]> {
    const res = await this.#json<{ sites: Site[] }>(apiRequest(API_ROUTES.sites, {}), opts);
    return res.sites;
  }

  /** PATCH /sites/:id (admins): any subset of a site's settings, e.g. `{ retentionDays }`. */
  updateSite(id: string, body: SiteUpdate, opts?: RequestOptions): Promise<Site> {
    return this.#json(apiRequest(API_ROUTES.updateSite, { id }), { body, ...opts });
  }

  sessions(query: SessionListQuery = {}, opts?: RequestOptions): Promise<SessionPage> {
    return this.#json(apiRequest(API_ROUTES.sessions, {}, toQuery(query)), opts);
  }

  session(id: string, opts?: RequestOptions): Promise<SessionDetail> {
    return this.#json(apiRequest(API_ROUTES.session, { id }), opts);
  }

  chunkRange(id: string, from: number, to: number, opts?: RequestOptions): Promise<ChunkRange> {
    const q = toQuery({ from: Math.max(0, Math.floor(from)), to: Math.max(0, Math.ceil(to)) });
    return this.#json(apiRequest(API_ROUTES.chunkRange, { id }, q), opts);
  }

  /** Downloads one chunk (gzip bytes) and decompresses it in the browser. */
  async chunkEvents(id: string, seq: number, opts?: RequestOptions): Promise<eventWithTime[]> {
    const res = await this.#send(apiRequest(API_ROUTES.chunk, { id, seq }), opts);
    return gunzipJson<eventWithTime[]>(res);
  }

  /**
   * Downloads several chunks in one request: one JSON answer that the browser
   * inflates natively (`Content-Encoding: gzip`); events per chunk, in the order given.
   */
  async chunkEventsBatch(id: string, chunks: ChunkRef[], opts?: RequestOptions): Promise<eventWithTime[][]> {
    const seqs = chunks.map((c) => c.seq).join(',');
    const lists = await this.#json<eventWithTime[][]>(apiRequest(API_ROUTES.chunkEvents, { id }, `?seqs=${seqs}`), opts);
    if (!Array.isArray(lists) || lists.length !== chunks.length) {
      throw new ApiError(200, 'http_error', `expected ${chunks.length} chunks, got ${Array.isArray(lists) ? lists.length : 'no list'}`);
    }
    return lists;
  }

  /** URL of the whole-session export (for a download link; needs the token, so fetch it). */
  async exportSession(id: string, opts?: RequestOptions): Promise<Blob> {
    const res = await this.#send(apiRequest(API_ROUTES.exportSession, { id }), opts);
    return res.blob();
  }

  /** A server path (such as a signed media `url`) as a URL this client can fetch or a `<video>` can load. */
  resolveUrl(path: string): string {
    return /^https?:/i.test(path) ? path : this.#origin + path;
  }

  /** GET /api/sessions/:id/media: recorded video tracks (and replies) with their signed URLs. */
  media(id: string, opts?: RequestOptions): Promise<MediaTrackList> {
    return this.#json(apiRequest(API_ROUTES.media, { id }), opts);
  }

  /** GET /api/sessions/:id/replies: the advisors' video replies of a session. */
  replies(id: string, opts?: RequestOptions): Promise<ReplyList> {
    return this.#json(apiRequest(API_ROUTES.replies, { id }), opts);
  }

  /** PUT /api/sessions/:id/replies/:replyId: starts (or re-announces) a reply. */
  startReply(id: string, replyId: string, body: ReplyStart, opts?: RequestOptions): Promise<unknown> {
    return this.#json(apiRequest(API_ROUTES.startReply, { id, replyId }), { body, ...opts });
  }

  /** PUT one WebM chunk of a reply (idempotent, like ingest). */
  async putReplyChunk(
    id: string,
    replyId: string,
    seq: number,
    chunk: { startMs: number; durationMs: number; body: Blob },
    opts?: RequestOptions,
  ): Promise<void> {
    const q = toQuery({ startMs: Math.round(chunk.startMs), durationMs: Math.round(chunk.durationMs) });
    await this.#send(apiRequest(API_ROUTES.putReplyChunk, { id, replyId, seq }, q), {
      raw: { body: chunk.body, contentType: chunk.body.type || 'video/webm' },
      ...opts,
    });
  }

  /** POST …/replies/:replyId/send: the reply is complete; the customer can see it. */
  sendReply(id: string, replyId: string, chunks: number, opts?: RequestOptions): Promise<ReplySent> {
    return this.#json(apiRequest(API_ROUTES.sendReply, { id, replyId }), {
      body: { chunks },
      ...opts,
    });
  }

  /** DELETE …/replies/:replyId. */
  async deleteReply(id: string, replyId: string, opts?: RequestOptions): Promise<void> {
    await this.#send(apiRequest(API_ROUTES.deleteReply, { id, replyId }), opts);
  }

  /** POST /api/sessions/:id/reply-links: a customer link to the session's replies (the token is shown once). */
  createReplyLink(id: string, ttlMs?: number, opts?: RequestOptions): Promise<ReplyLinkCreated> {
    return this.#json(apiRequest(API_ROUTES.createReplyLink, { id }), { body: ttlMs ? { ttlMs } : {}, ...opts });
  }

  replyLinks(id: string, opts?: RequestOptions): Promise<ReplyLinkList> {
    return this.#json(apiRequest(API_ROUTES.replyLinks, { id }), opts);
  }

  async revokeReplyLink(id: string, linkId: string, opts?: RequestOptions): Promise<void> {
    await this.#send(apiRequest(API_ROUTES.revokeReplyLink, { id, linkId }), opts);
  }

  /** GET /api/live/sessions: sessions whose customer is (or was just) connected live. */
  async liveSessions(opts?: RequestOptions): Promise<LiveSessionSummary[]> {
    const res = await this.#json<{ sessions: LiveSessionSummary[] }>(apiRequest(API_ROUTES.liveSessions, {}), opts);
    return res.sessions;
  }

  // --- search ---------------------------------------------------------------

  /** GET /api/search: sessions and cases by their words, newest-relevant first. */
  search(query: { q: string; kind?: SearchKind; limit?: number }, opts?: RequestOptions): Promise<SearchResponse> {
    return this.#json(apiRequest(API_ROUTES.search, {}, toQuery(query)), opts);
  }

  /** GET /api/cases/:id/suggestions: similar resolved cases with their answers. */
  caseSuggestions(id: string, opts?: RequestOptions): Promise<CaseSuggestions> {
    return this.#json(apiRequest(API_ROUTES.caseSuggestions, { id }), opts);
  }

  /** GET /api/orgs/:orgId/recurring: the cases of the last `weeks` weeks grouped by what they ask. */
  recurring(orgId: string, weeks: number, opts?: RequestOptions): Promise<RecurringReport> {
    return this.#json(apiRequest(API_ROUTES.recurring, { orgId }, `?weeks=${weeks}`), opts);
  }

  // --- async help: cases (any advisor) ---------------------------------------

  /** GET /api/cases: the inbox, soonest due first, with counts per status. */
  cases(query: CaseListQuery = {}, opts?: RequestOptions): Promise<CaseList> {
    return this.#json(apiRequest(API_ROUTES.cases, {}, toQuery(query)), opts);
  }

  /** GET /api/cases/:id: the case with its thread (notes included), enrichments, links and recording. */
  caseDetail(id: string, opts?: RequestOptions): Promise<CaseDetail> {
    return this.#json(apiRequest(API_ROUTES.case, { id }), opts);
  }

  /** GET /api/cases/advisors: everyone a case can be assigned to. */
  async caseAdvisors(opts?: RequestOptions): Promise<Advisor[]> {
    return (await this.#json<{ advisors: Advisor[] }>(apiRequest(API_ROUTES.caseAdvisors, {}), opts)).advisors;
  }

  /** GET /api/cases/topics: every site's topics (to filter the inbox). */
  async caseTopics(opts?: RequestOptions): Promise<Topic[]> {
    return (await this.#json<{ topics: Topic[] }>(apiRequest(API_ROUTES.caseTopics, {}), opts)).topics;
  }

  /** POST …/claim: takes the case (409 when another advisor has it). */
  claimCase(id: string, opts?: RequestOptions): Promise<CaseSummary> {
    return this.#json(apiRequest(API_ROUTES.claimCase, { id }), opts);
  }

  /** POST …/release: back to the shared queue. */
  releaseCase(id: string, opts?: RequestOptions): Promise<CaseSummary> {
    return this.#json(apiRequest(API_ROUTES.releaseCase, { id }), opts);
  }

  /** POST …/assign: to an advisor, or to nobody (null). */
  assignCase(id: string, advisorId: string | null, opts?: RequestOptions): Promise<CaseSummary> {
    return this.#json(apiRequest(API_ROUTES.assignCase, { id }), { body: { advisorId }, ...opts });
  }

  setCaseStatus(id: string, status: CaseStatus, opts?: RequestOptions): Promise<CaseSummary> {
    return this.#json(apiRequest(API_ROUTES.setCaseStatus, { id }), { body: { status }, ...opts });
  }

  /** POST …/messages: an answer (text, video reply, tutorial link) or an internal note. */
  addCaseMessage(id: string, message: AdvisorMessageCreate, opts?: RequestOptions): Promise<CaseMessage> {
    return this.#json(apiRequest(API_ROUTES.addCaseMessage, { id }), { body: message, ...opts });
  }

  /** POST …/links: a new private link for the customer (its URL is shown only in this answer). */
  createCaseLink(id: string, opts?: RequestOptions): Promise<CaseLinkCreated> {
    return this.#json(apiRequest(API_ROUTES.createCaseLink, { id }), opts);
  }

  revokeCaseLink(id: string, linkId: string, opts?: RequestOptions): Promise<CaseLinkInfo> {
    return this.#json(apiRequest(API_ROUTES.revokeCaseLink, { id, linkId }), opts);
  }

  // --- async help: admin settings (admins only) ------------------------------

  async topics(opts?: RequestOptions): Promise<Topic[]> {
    return (await this.#json<{ topics: Topic[] }>(apiRequest(API_ROUTES.adminTopics, {}), opts)).topics;
  }

  createTopic(body: TopicCreate, opts?: RequestOptions): Promise<Topic> {
    return this.#json(apiRequest(API_ROUTES.createTopic, {}), { body, ...opts });
  }

  updateTopic(id: string, body: TopicUpdate, opts?: RequestOptions): Promise<Topic> {
    return this.#json(apiRequest(API_ROUTES.updateTopic, { id }), { body, ...opts });
  }

  async deleteTopic(id: string, opts?: RequestOptions): Promise<void> {
    await this.#send(apiRequest(API_ROUTES.deleteTopic, { id }), opts);
  }

  async routing(opts?: RequestOptions): Promise<AdvisorRouting[]> {
    return (await this.#json<{ advisors: AdvisorRouting[] }>(apiRequest(API_ROUTES.routing, {}), opts)).advisors;
  }

  setRouting(advisorId: string, body: AdvisorRoutingUpdate, opts?: RequestOptions): Promise<AdvisorRouting> {
    return this.#json(apiRequest(API_ROUTES.setRouting, { id: advisorId }), { body, ...opts });
  }

  async enrichers(opts?: RequestOptions): Promise<Enricher[]> {
    return (await this.#json<{ enrichers: Enricher[] }>(apiRequest(API_ROUTES.enrichers, {}), opts)).enrichers;
  }

  createEnricher(body: EnricherCreate, opts?: RequestOptions): Promise<Enricher> {
    return this.#json(apiRequest(API_ROUTES.createEnricher, {}), { body, ...opts });
  }

  updateEnricher(id: string, body: EnricherUpdate, opts?: RequestOptions): Promise<Enricher> {
    return this.#json(apiRequest(API_ROUTES.updateEnricher, { id }), { body, ...opts });
  }

  async deleteEnricher(id: string, opts?: RequestOptions): Promise<void> {
    await this.#send(apiRequest(API_ROUTES.deleteEnricher, { id }), opts);
  }

  async webhooks(opts?: RequestOptions): Promise<Webhook[]> {
    return (await this.#json<{ webhooks: Webhook[] }>(apiRequest(API_ROUTES.webhooks, {}), opts)).webhooks;
  }

  /** The answer carries the secret in clear, this once. */
  createWebhook(body: WebhookCreate, opts?: RequestOptions): Promise<Webhook> {
    return this.#json(apiRequest(API_ROUTES.createWebhook, {}), { body, ...opts });
  }

  updateWebhook(id: string, body: WebhookUpdate, opts?: RequestOptions): Promise<Webhook> {
    return this.#json(apiRequest(API_ROUTES.updateWebhook, { id }), { body, ...opts });
  }

  async deleteWebhook(id: string, opts?: RequestOptions): Promise<void> {
    await this.#send(apiRequest(API_ROUTES.deleteWebhook, { id }), opts);
  }

  /** GET /api/admin/jobs: failed or pending enrichments and deliveries, the email outbox, queue depths. */
  jobs(opts?: RequestOptions): Promise<JobsOverview> {
    return this.#json(apiRequest(API_ROUTES.jobs, {}), opts);
  }

  // --- organisations: audit log and erasure (org admins) ---------------------

  async orgs(opts?: RequestOptions): Promise<Organisation[]> {
    return (await this.#json<{ orgs: Organisation[] }>(apiRequest(API_ROUTES.orgs, {}), opts)).orgs;
  }

  /** POST /api/orgs (instance admins): the caller owns the new organisation. */
  createOrg(body: OrgCreate, opts?: RequestOptions): Promise<Organisation> {
    return this.#json(apiRequest(API_ROUTES.createOrg, {}), { body, ...opts });
  }

  /** The link is in the answer this once (and in the invitee's email). */
  invite(orgId: string, body: InvitationCreate, opts?: RequestOptions): Promise<InvitationCreated> {
    return this.#json(apiRequest(API_ROUTES.invite, { orgId }), { body, ...opts });
  }

  async invitations(orgId: string, opts?: RequestOptions): Promise<PendingInvitation[]> {
    return (await this.#json<{ invitations: PendingInvitation[] }>(apiRequest(API_ROUTES.invitations, { orgId }), opts)).invitations;
  }

  async revokeInvitation(orgId: string, id: string, opts?: RequestOptions): Promise<void> {
    await this.#send(apiRequest(API_ROUTES.revokeInvitation, { orgId, id }), opts);
  }

  async members(orgId: string, opts?: RequestOptions): Promise<Member[]> {
    return (await this.#json<MemberList>(apiRequest(API_ROUTES.members, { orgId }), opts)).members;
  }

  /** Role, site access, `active: false` (deactivate) or `true` (reactivate). */
  updateMember(orgId: string, advisorId: string, body: MemberPatch, opts?: RequestOptions): Promise<Member> {
    return this.#json(apiRequest(API_ROUTES.changeMember, { orgId, advisorId }), { body, ...opts });
  }

  /** GET /api/invitations/:token (no sign-in): who invites whom. */
  invitationPreview(token: string, opts?: RequestOptions): Promise<InvitationPreview> {
    return this.#json(apiRequest(API_ROUTES.invitation, { token }), { auth: false, ...opts });
  }

  /** POST /api/invitations/:token/accept (no sign-in): joins, and signs in acting in the invited organisation. */
  acceptInvitation(token: string, body: InvitationAccept, opts?: RequestOptions): Promise<TokenResponse> {
    return this.#json(apiRequest(API_ROUTES.acceptInvitation, { token }), { body, auth: false, ...opts });
  }

  audit(orgId: string, query: AuditQuery = {}, opts?: RequestOptions): Promise<AuditPage> {
    return this.#json(apiRequest(API_ROUTES.audit, { orgId }, toQuery(query)), opts);
  }

  /** `dryRun`: what would be deleted, nothing deleted. */
  erasure(orgId: string, body: ErasureRequest, dryRun: boolean, opts?: RequestOptions): Promise<ErasureResult> {
    return this.#json(apiRequest(API_ROUTES.erasure, { orgId }, dryRun ? '?dryRun=true' : ''), { body, ...opts });
  }

  // --- tutorials (tutorials.read to read, tutorials.write to change) ---------

  /** POST /api/tutorials: a draft from a session's range, with proposed steps. */
  createTutorial(body: TutorialCreate, opts?: RequestOptions): Promise<Tutorial> {
    return this.#json(apiRequest(API_ROUTES.createTutorial, {}), { body, ...opts });
  }

  /** GET /api/tutorials: the organisation's tutorials, most recently changed first. */
  async tutorials(query: TutorialListQuery = {}, opts?: RequestOptions): Promise<TutorialSummary[]> {
    const q = toQuery(query as Record<string, string | number | undefined>);
    return (await this.#json<{ tutorials: TutorialSummary[] }>(apiRequest(API_ROUTES.tutorials, {}, q), opts)).tutorials;
  }

  tutorial(id: string, opts?: RequestOptions): Promise<Tutorial> {
    return this.#json(apiRequest(API_ROUTES.tutorial, { id }), opts);
  }

  updateTutorial(id: string, body: TutorialUpdate, opts?: RequestOptions): Promise<Tutorial> {
    return this.#json(apiRequest(API_ROUTES.updateTutorial, { id }), { body, ...opts });
  }

  async deleteTutorial(id: string, opts?: RequestOptions): Promise<void> {
    await this.#send(apiRequest(API_ROUTES.deleteTutorial, { id }), opts);
  }

  /** PATCH …/steps/:stepId: rename, body, chapter (null: none). */
  updateStep(
    id: string,
    stepId: string,
    body: { title?: string; body?: string; chapterId?: string | null },
    opts?: RequestOptions,
  ): Promise<Tutorial> {
    return this.#json(apiRequest(API_ROUTES.updateStep, { id, stepId }), { body, ...opts });
  }

  deleteStep(id: string, stepId: string, opts?: RequestOptions): Promise<Tutorial> {
    return this.#json(apiRequest(API_ROUTES.deleteStep, { id, stepId }), opts);
  }

  /** Every step id, once each, in the new order. */
  reorderSteps(id: string, stepIds: string[], opts?: RequestOptions): Promise<Tutorial> {
    return this.#json(apiRequest(API_ROUTES.reorderSteps, { id }), { body: { stepIds }, ...opts });
  }

  /** Neighbouring steps become the first of them. */
  mergeSteps(id: string, stepIds: string[], opts?: RequestOptions): Promise<Tutorial> {
    return this.#json(apiRequest(API_ROUTES.mergeSteps, { id }), { body: { stepIds }, ...opts });
  }

  /** Cuts the step at `t` (ms of the tutorial, after the step's own time, before the next step's). */
  splitStep(id: string, stepId: string, t: number, opts?: RequestOptions): Promise<Tutorial> {
    return this.#json(apiRequest(API_ROUTES.splitStep, { id, stepId }), { body: { t: Math.round(t) }, ...opts });
  }

  createChapter(id: string, body: { title: string; stepIds?: string[] }, opts?: RequestOptions): Promise<Tutorial> {
    return this.#json(apiRequest(API_ROUTES.createChapter, { id }), { body, ...opts });
  }

  updateChapter(id: string, chapterId: string, title: string, opts?: RequestOptions): Promise<Tutorial> {
    return this.#json(apiRequest(API_ROUTES.updateChapter, { id, chapterId }), { body: { title }, ...opts });
  }

  deleteChapter(id: string, chapterId: string, opts?: RequestOptions): Promise<Tutorial> {
    return this.#json(apiRequest(API_ROUTES.deleteChapter, { id, chapterId }), opts);
  }

  createAnnotation(id: string, body: AnnotationCreate, opts?: RequestOptions): Promise<Tutorial> {
    return this.#json(apiRequest(API_ROUTES.createAnnotation, { id }), { body, ...opts });
  }

  deleteAnnotation(id: string, annotationId: string, opts?: RequestOptions): Promise<Tutorial> {
    return this.#json(apiRequest(API_ROUTES.deleteAnnotation, { id, annotationId }), opts);
  }

  /** Texts to replace, elements to hide, detected values to keep on purpose (`ignore`). */
  createRedaction(id: string, body: RedactionCreate, opts?: RequestOptions): Promise<Tutorial> {
    return this.#json(apiRequest(API_ROUTES.createRedaction, { id }), { body, ...opts });
  }

  deleteRedaction(id: string, redactionId: string, opts?: RequestOptions): Promise<Tutorial> {
    return this.#json(apiRequest(API_ROUTES.deleteRedaction, { id, redactionId }), opts);
  }

  /** GET …/findings: what the scan detects in the tutorial's (cut, redacted) events. */
  tutorialFindings(id: string, opts?: RequestOptions): Promise<TutorialFindingList> {
    return this.#json(apiRequest(API_ROUTES.tutorialFindings, { id }), opts);
  }

  /** GET …/events: the tutorial's events as the editor previews them (cut, joined, redacted). */
  tutorialEvents(id: string, opts?: RequestOptions): Promise<eventWithTime[]> {
    return this.#json(apiRequest(API_ROUTES.tutorialEvents, { id }), opts);
  }

  /** POST …/publish: refused (409 `sensitive_data_unredacted`, the values in `details.findings`) while a detected value is open. */
  publishTutorial(id: string, body: TutorialPublish, opts?: RequestOptions): Promise<TutorialPublished> {
    return this.#json(apiRequest(API_ROUTES.publishTutorial, { id }), { body, ...opts });
  }

  unpublishTutorial(id: string, opts?: RequestOptions): Promise<Tutorial> {
    return this.#json(apiRequest(API_ROUTES.unpublishTutorial, { id }), opts);
  }

  tutorialAnalytics(id: string, opts?: RequestOptions): Promise<TutorialAnalytics> {
    return this.#json(apiRequest(API_ROUTES.tutorialAnalytics, { id }), opts);
  }

  /**
   * GET …/guide.md or …/guide.html: the published version as a written guide (a file to save: it needs the token),
   * and whether its step pictures are all there (`X-Guide-Pictures`).
   */
  async tutorialGuide(id: string, format: 'md' | 'html', opts?: RequestOptions): Promise<{ file: Blob; pictures: GuidePictures }> {
    const route = format === 'md' ? API_ROUTES.tutorialGuideMarkdown : API_ROUTES.tutorialGuideHtml;
    const res = await this.#send(apiRequest(route, { id }), opts);
    const pictures = res.headers.get(GUIDE_PICTURES_HEADER) as GuidePictures | null;
    return { file: await res.blob(), pictures: pictures ?? 'unavailable' };
  }

  /** The comments on a session or a tutorial (`id`), by moment. */
  comments(kind: CommentTargetKind, id: string, opts?: RequestOptions): Promise<CommentList> {
    return this.#json(apiRequest(kind === 'session' ? API_ROUTES.sessionComments : API_ROUTES.tutorialComments, { id }), opts);
  }

  createComment(kind: CommentTargetKind, id: string, body: CommentCreate, opts?: RequestOptions): Promise<Comment> {
    const route = kind === 'session' ? API_ROUTES.createSessionComment : API_ROUTES.createTutorialComment;
    return this.#json(apiRequest(route, { id }), { body, ...opts });
  }

  updateComment(id: string, body: CommentUpdate, opts?: RequestOptions): Promise<Comment> {
    return this.#json(apiRequest(API_ROUTES.updateComment, { id }), { body, ...opts });
  }

  async deleteComment(id: string, opts?: RequestOptions): Promise<void> {
    await this.#send(apiRequest(API_ROUTES.deleteComment, { id }), opts);
  }

  async #json<T>(request: { method: string; path: string }, opts: SendOptions = {}): Promise<T> {
    const res = await this.#send(request, opts);
    return (await res.json()) as T;
  }

  async #send({ method, path }: { method: string; path: string }, opts: SendOptions = {}): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json' };
    const auth = opts.auth ?? true;
    if (auth) {
      const token = this.#getToken();
      if (token) headers.authorization = `Bearer ${token}`;
      const orgId = this.#getOrgId();
      if (orgId) headers[ORG_HEADER] = orgId;
    }
    let body: BodyInit | undefined;
    if (opts.raw) {
      headers['content-type'] = opts.raw.contentType;
      body = opts.raw.body;
    } else if (opts.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(opts.body);
    }
    let res: Response;
    try {
      res = await this.#fetch(this.#baseUrl + path, { method, headers, body, signal: opts.signal });
    } catch (err) {
      if (err instanceof DOMException && err.name === 'AbortError') throw err;
      throw new ApiError(0, 'network_error', 'The server could not be reached.');
    }
    if (!res.ok) {
      const err = await ApiError.fromResponse(res);
      if (res.status === 401 && auth) this.#onUnauthorized?.(err);
      throw err;
    }
    return res;
  }
}

// NOTE: the request bodies as the protocol's schemas take them (types only: nothing of zod is bundled).
export type TutorialListQuery = Partial<z.input<typeof tutorialListQuerySchema>>;
export type TutorialUpdate = z.input<typeof tutorialUpdateSchema>;
export type AnnotationCreate = z.input<typeof annotationCreateSchema>;
export type RedactionCreate = z.input<typeof redactionCreateSchema>;
export type TutorialPublish = z.input<typeof tutorialPublishSchema>;

interface SendOptions extends RequestOptions {
  body?: unknown;
  /** A non-JSON body (media bytes). */
  raw?: { body: BodyInit; contentType: string };
  auth?: boolean;
}

/** Relative to the API base, like every other path here. */

function toQuery(params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '') continue;
    q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}
