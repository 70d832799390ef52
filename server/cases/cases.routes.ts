/**
 * @module server/cases/cases.routes
 * The advisor's cases (`/api/cases`, bearer token): inbox, detail, claim,
 * release, assign, status, messages, and the customer's links; plus the
 * advisors and topics the inbox filters and assigns by (readable by every
 * advisor, unlike the admin routes). Every call also marks the advisor
 * online (for customers asking to continue live). Answers, assignment
 * changes and resolving are audited. Everything in the caller's scope, with
 * the role rules of `case-service.ts` (404 out of scope, 403 for an action
 * the role may not take).
 */
import { Hono, type Context } from 'hono';
import { audit, requestScope } from '../audit/index.ts';
import { readJson, readQuery } from '../lib/request.ts';
import { uuids } from '../contracts/params.ts';
import { route, type RouteContract } from '../contracts/route.ts';
import type { Permission } from '../../protocol/permissions.ts';
import { advisorSchema, type Advisor } from '../../protocol/api.ts';
import { z } from 'zod';
import {
  advisorMessageCreateSchema,
  caseAssignSchema,
  caseLinkCreatedSchema,
  caseLinkInfoSchema,
  caseDetailSchema,
  caseListQuerySchema,
  caseListSchema,
  caseMessageSchema,
  caseStatusChangeSchema,
  caseSummarySchema,
  topicListSchema,
  type CaseDetail,
  type CaseLinkCreated,
  type CaseLinkInfo,
  type CaseList,
  type CaseMessage,
  type CaseSummary,
  type TopicList,
} from '../../protocol/cases.ts';
import type { AppDeps } from '../types.ts';
import { toCaseMessage, toCaseSummary, toLinkInfo } from './case-dto.ts';
import { caseDetail, listCases, orgMembers, scopeTopics } from './case-queries.ts';
import { presenceTracker } from './case-routing.ts';
import {
  addAdvisorMessage,
  assignCase,
  changeStatus,
  claimCase,
  createCustomerLink,
  findCase,
  releaseCase,
  revokeCustomerLink,
} from './case-service.ts';
import { caseContext } from './case-work.ts';

export function casesRoutes(deps: AppDeps) {
  const ctx = caseContext(deps);
  const { db } = ctx;
  const seen = presenceTracker(db);
  const existingCase = (c: Context) => findCase(c.get('scope'), c.req.param('id') ?? '');

  /** Claim, release and assign: audited when the assignee actually changed. */
  const reassigned = async (
    c: Context,
    via: string,
    before: { id: string; assigneeId: string | null },
    after: { assigneeId: string | null },
  ) => {
    if (before.assigneeId === after.assigneeId) return;
    await audit(
      requestScope(c, db),
      'case.reassigned',
      { type: 'case', id: before.id },
      {
        via,
        from: before.assigneeId,
        to: after.assigneeId,
      },
    );
  };

  const summaryAnswer = { 200: caseSummarySchema };
  /** A route on one case: `access` from the permission table, the case id in the path. */
  const onCase = (summary: string, access: Permission, more: Partial<RouteContract> = {}) =>
    route({ summary, tags: ['cases'], access, params: uuids('id'), responses: summaryAnswer, ...more });

  return (
    new Hono()
      // After the route: only callers the route let in count as advisors online.
      .use(async function markOnline(c, next) {
        await next();
        const advisor = c.get('advisor');
        if (advisor && c.res.ok) await seen(advisor.id).catch((err) => ctx.logger.warn({ err }, 'presence update failed'));
      })
      .get(
        '/',
        ...route({
          summary: 'The inbox: cases by due time, with filters and status counts',
          tags: ['cases'],
          access: 'cases.read',
          query: caseListQuerySchema,
          responses: { 200: caseListSchema },
        }),
        async (c) => {
          const q = readQuery(c, caseListQuerySchema);
          const assignee = q.assignee === 'me' ? c.get('advisor').id : q.assignee;
          return c.json<CaseList>(await listCases(c.get('scope'), { ...q, assignee }));
        },
      )
      // NOTE: before `/:id`, which would answer these paths with 404.
      .get(
        '/advisors',
        ...route({
          summary: "The organisation's active members (whom a case can go to)",
          tags: ['cases'],
          access: 'cases.read',
          responses: { 200: z.object({ advisors: z.array(advisorSchema) }) },
        }),
        async (c) => c.json<{ advisors: Advisor[] }>({ advisors: await orgMembers(c.get('scope')) }),
      )
      .get(
        '/topics',
        ...route({
          summary: 'The topics of the sites the caller may see',
          tags: ['cases'],
          access: 'cases.read',
          responses: { 200: topicListSchema },
        }),
        async (c) => c.json<TopicList>({ topics: await scopeTopics(c.get('scope')) }),
      )
      .get(
        '/:id',
        ...onCase('One case: context, thread, enrichments, links, deliveries', 'cases.read', {
          responses: { 200: caseDetailSchema },
        }),
        async (c) => c.json<CaseDetail>(await caseDetail(c.get('scope'), await existingCase(c))),
      )
      .post(
        '/:id/claim',
        ...onCase("Claim a case (take it as one's own)", 'cases.answer', { errors: { 409: 'Someone else holds it.' } }),
        async (c) => {
          const row = await existingCase(c);
          const updated = await claimCase(c.get('scope'), ctx, row);
          await reassigned(c, 'claim', row, updated);
          return c.json<CaseSummary>(toCaseSummary(updated));
        },
      )
      .post('/:id/release', ...onCase('Release a case one holds', 'cases.answer'), async (c) => {
        const row = await existingCase(c);
        const updated = await releaseCase(c.get('scope'), ctx, row);
        await reassigned(c, 'release', row, updated);
        return c.json<CaseSummary>(toCaseSummary(updated));
      })
      .post(
        '/:id/assign',
        ...onCase('Assign a case to a member (or to nobody)', 'cases.answer', {
          description: "An unassigned case (or one's own); a case someone else holds needs `cases.reassign` too.",
          body: caseAssignSchema,
        }),
        async (c) => {
          const row = await existingCase(c);
          const { advisorId } = await readJson(c, caseAssignSchema);
          const updated = await assignCase(c.get('scope'), ctx, row, advisorId);
          await reassigned(c, 'assign', row, updated);
          return c.json<CaseSummary>(toCaseSummary(updated));
        },
      )
      .post('/:id/status', ...onCase("Change a case's status", 'cases.answer', { body: caseStatusChangeSchema }), async (c) => {
        const row = await existingCase(c);
        const { status } = await readJson(c, caseStatusChangeSchema);
        const updated = await changeStatus(c.get('scope'), ctx, row, status);
        if (status === 'resolved' && row.status !== 'resolved') {
          await audit(requestScope(c, db), 'case.resolved', { type: 'case', id: row.id });
        }
        return c.json<CaseSummary>(toCaseSummary(updated));
      })
      .post(
        '/:id/messages',
        ...onCase('Answer the customer, or add an internal note', 'cases.answer', {
          body: advisorMessageCreateSchema,
          responses: { 201: caseMessageSchema },
        }),
        async (c) => {
          const row = await existingCase(c);
          const input = await readJson(c, advisorMessageCreateSchema);
          const advisor = c.get('advisor');
          const message = await addAdvisorMessage(c.get('scope'), ctx, row, input);
          if (message.kind !== 'internal_note') {
            await audit(requestScope(c, db), 'case.answered', { type: 'case', id: row.id }, { kind: message.kind });
          }
          if (input.status === 'resolved' && row.status !== 'resolved') {
            await audit(requestScope(c, db), 'case.resolved', { type: 'case', id: row.id });
          }
          return c.json<CaseMessage>(toCaseMessage(message, advisor.name), 201);
        },
      )
      .post(
        '/:id/links',
        ...onCase('Make a new private link for the customer (its token is shown once)', 'cases.answer', {
          responses: { 201: caseLinkCreatedSchema },
        }),
        async (c) => {
          const row = await existingCase(c);
          const link = await createCustomerLink(c.get('scope'), ctx, row);
          return c.json<CaseLinkCreated>({ ...toLinkInfo(link.row), link: link.url, token: link.token }, 201);
        },
      )
      .delete(
        '/:id/links/:linkId',
        ...onCase("Revoke one of the customer's links", 'cases.answer', {
          params: uuids('id', 'linkId'),
          responses: { 200: caseLinkInfoSchema },
        }),
        async (c) => {
          const row = await existingCase(c);
          return c.json<CaseLinkInfo>(toLinkInfo(await revokeCustomerLink(c.get('scope'), row, c.req.param('linkId'))));
        },
      )
  );
}
