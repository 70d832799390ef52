/**
 * @module protocol/api-routes
 * The advisor API's operations as one table, `METHOD /path/:param` under
 * `API_BASE`, in the server's own path syntax. The advisor app builds every
 * request from it (`apiRequest`), and `tests/api/openapi.test.ts` checks each
 * entry against the operations of the server's `/api/openapi.json`, so the
 * client cannot call a route the server does not have.
 *
 * Zod-free: the advisor app imports it as is.
 */
import { API_BASE } from './api-constants.ts';

export const API_ROUTES = {
  signIn: 'POST /auth/token',
  signOut: 'POST /auth/sign-out',
  changePassword: 'POST /auth/password',
  requestPasswordReset: 'POST /auth/password-reset',
  completePasswordReset: 'POST /auth/password-reset/complete',
  me: 'GET /me',
  updateProfile: 'PATCH /me',
  sites: 'GET /sites',
  updateSite: 'PATCH /sites/:id',
  sessions: 'GET /sessions',
  session: 'GET /sessions/:id',
  chunkRange: 'GET /sessions/:id/chunks',
  chunk: 'GET /sessions/:id/chunks/:seq',
  chunkEvents: 'GET /sessions/:id/chunk-events',
  exportSession: 'GET /sessions/:id/export',
  media: 'GET /sessions/:id/media',
  replies: 'GET /sessions/:id/replies',
  startReply: 'PUT /sessions/:id/replies/:replyId',
  putReplyChunk: 'PUT /sessions/:id/replies/:replyId/chunks/:seq',
  sendReply: 'POST /sessions/:id/replies/:replyId/send',
  deleteReply: 'DELETE /sessions/:id/replies/:replyId',
  createReplyLink: 'POST /sessions/:id/reply-links',
  replyLinks: 'GET /sessions/:id/reply-links',
  revokeReplyLink: 'DELETE /sessions/:id/reply-links/:linkId',
  liveSessions: 'GET /live/sessions',
  cases: 'GET /cases',
  case: 'GET /cases/:id',
  caseSuggestions: 'GET /cases/:id/suggestions',
  search: 'GET /search',
  caseAdvisors: 'GET /cases/advisors',
  caseTopics: 'GET /cases/topics',
  claimCase: 'POST /cases/:id/claim',
  releaseCase: 'POST /cases/:id/release',
  assignCase: 'POST /cases/:id/assign',
  setCaseStatus: 'POST /cases/:id/status',
  addCaseMessage: 'POST /cases/:id/messages',
  createCaseLink: 'POST /cases/:id/links',
  revokeCaseLink: 'DELETE /cases/:id/links/:linkId',
  adminTopics: 'GET /admin/topics',
  createTopic: 'POST /admin/topics',
  updateTopic: 'PATCH /admin/topics/:id',
  deleteTopic: 'DELETE /admin/topics/:id',
  routing: 'GET /admin/routing',
  setRouting: 'PUT /admin/routing/:id',
  enrichers: 'GET /admin/enrichers',
  createEnricher: 'POST /admin/enrichers',
  updateEnricher: 'PATCH /admin/enrichers/:id',
  deleteEnricher: 'DELETE /admin/enrichers/:id',
  webhooks: 'GET /admin/webhooks',
  createWebhook: 'POST /admin/webhooks',
  updateWebhook: 'PATCH /admin/webhooks/:id',
  deleteWebhook: 'DELETE /admin/webhooks/:id',
  jobs: 'GET /admin/jobs',
  orgs: 'GET /orgs',
  createOrg: 'POST /orgs',
  invite: 'POST /orgs/:orgId/invitations',
  invitations: 'GET /orgs/:orgId/invitations',
  revokeInvitation: 'DELETE /orgs/:orgId/invitations/:id',
  members: 'GET /orgs/:orgId/members',
  changeMember: 'PATCH /orgs/:orgId/members/:advisorId',
  audit: 'GET /orgs/:orgId/audit',
  erasure: 'POST /orgs/:orgId/erasure',
  recurring: 'GET /orgs/:orgId/recurring',
  invitation: 'GET /invitations/:token',
  acceptInvitation: 'POST /invitations/:token/accept',
  createTutorial: 'POST /tutorials',
  tutorials: 'GET /tutorials',
  tutorial: 'GET /tutorials/:id',
  updateTutorial: 'PATCH /tutorials/:id',
  deleteTutorial: 'DELETE /tutorials/:id',
  updateStep: 'PATCH /tutorials/:id/steps/:stepId',
  deleteStep: 'DELETE /tutorials/:id/steps/:stepId',
  reorderSteps: 'POST /tutorials/:id/steps/reorder',
  mergeSteps: 'POST /tutorials/:id/steps/merge',
  splitStep: 'POST /tutorials/:id/steps/:stepId/split',
  createChapter: 'POST /tutorials/:id/chapters',
  updateChapter: 'PATCH /tutorials/:id/chapters/:chapterId',
  deleteChapter: 'DELETE /tutorials/:id/chapters/:chapterId',
  createAnnotation: 'POST /tutorials/:id/annotations',
  deleteAnnotation: 'DELETE /tutorials/:id/annotations/:annotationId',
  createRedaction: 'POST /tutorials/:id/redactions',
  deleteRedaction: 'DELETE /tutorials/:id/redactions/:redactionId',
  tutorialFindings: 'GET /tutorials/:id/findings',
  tutorialEvents: 'GET /tutorials/:id/events',
  publishTutorial: 'POST /tutorials/:id/publish',
  unpublishTutorial: 'POST /tutorials/:id/unpublish',
  tutorialAnalytics: 'GET /tutorials/:id/analytics',
  tutorialGuideMarkdown: 'GET /tutorials/:id/guide.md',
  tutorialGuideHtml: 'GET /tutorials/:id/guide.html',
  sessionComments: 'GET /sessions/:id/comments',
  createSessionComment: 'POST /sessions/:id/comments',
  tutorialComments: 'GET /tutorials/:id/comments',
  createTutorialComment: 'POST /tutorials/:id/comments',
  updateComment: 'PATCH /comments/:id',
  deleteComment: 'DELETE /comments/:id',
} as const;

export type ApiRoute = (typeof API_ROUTES)[keyof typeof API_ROUTES];

/** The `:name`s of a route, e.g. `'id' | 'replyId'`. */
export type RouteParams<R extends string> = R extends `${string}:${infer Name}/${infer Rest}`
  ? Name | RouteParams<`/${Rest}`>
  : R extends `${string}:${infer Name}`
    ? Name
    : never;

/** A route's method and its path under `API_BASE` with every parameter filled (URI-encoded) and the query appended. */
export function apiRequest<R extends ApiRoute>(
  route: R,
  params: Record<RouteParams<R>, string | number>,
  query = '',
): { method: string; path: string } {
  const [method, pattern] = route.split(' ') as [string, string];
  const values = params as Record<string, string | number>;
  const path = pattern.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`${route}: no value for :${name}`);
    return encodeURIComponent(String(value));
  });
  return { method, path: path + query };
}

/** A route as the server's OpenAPI document names it: `GET /api/sessions/{id}`. */
export const openApiOperation = (route: ApiRoute): string => {
  const [method, pattern] = route.split(' ') as [string, string];
  return `${method} ${API_BASE}${pattern.replace(/:([A-Za-z]+)/g, '{$1}')}`;
};
