/**
 * @module server/cases/cases.routes
 * The advisor's cases (`/api/cases`, bearer token): inbox, detail, claim,
 * release, assign, status, messages, and the customer's links; plus the
 * advisors and topics the inbox filters and assigns by (readable by every
 * advisor, unlike the admin routes). Every call also marks the advisor
 * online (for customers asking to continue live). Answers, assignment
 * changes and resolving are audited.
 */
import { and, asc, eq, isNull } from 'drizzle-orm';
import { Hono, type Context } from 'hono';
import { advisors, caseLinks, caseTopics, memberships } from '../../db/schema.ts';
import { toAdvisor } from '../auth/advisor-dto.ts';
import { audit, requestScope } from '../audit/index.ts';
import { notFound } from '../errors.ts';
import { isUuid, readJson, readQuery } from '../lib/request.ts';
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
  caseListQuerySchema,
  caseStatusChangeSchema,
  type CaseDetail,
  type CaseLinkCreated,
  type CaseLinkInfo,
  type CaseList,
  type CaseMessage,
  type CaseSummary,
  type Topic,
} from '../../protocol/cases.ts';
import type { AppDeps } from '../types.ts';
import { toCaseMessage, toCaseSummary, toLinkInfo, toTopic } from './case-dto.ts';
import { createCaseLink } from './case-links.ts';
import { caseDetail, listCases } from './case-queries.ts';
import { presenceTracker } from './case-routing.ts';
import { addAdvisorMessage, assignCase, claimCase, findCase, releaseCase, setStatus } from './case-service.ts';
import { caseContext } from './case-work.ts';

export function casesRoutes(deps: AppDeps) {
  const ctx = caseContext(deps);
  const { db } = ctx;
  const seen = presenceTracker(db);
  const existingCase = (c: Context) => {
    const id = c.req.param('id') ?? '';
    if (!isUuid(id)) throw notFound('no such case');
    return findCase(db, id.toLowerCase());
  };

  /** Claim, release and assign: audited when the assignee actually changed. */
  const reassigned = async (c: Context, via: string, before: { id: string; assigneeId: string | null }, after: { assigneeId: string | null }) => {
    if (before.assigneeId === after.assigneeId) return;
    await audit(requestScope(c, db), 'case.reassigned', { type: 'case', id: before.id }, {
      via,
      from: before.assigneeId,
      to: after.assigneeId,
    });
  };

  const json = (description: string) => ({ description, media: 'application/json' });
  const summaryAnswer = { 200: json('`CaseSummary` (protocol/cases.ts).') };
  /** A route on one case: `access` from the permission table, the case id in the path. */
  const onCase = (summary: string, access: Permission, more: Partial<RouteContract> = {}) =>
    route({ summary, tags: ['cases'], access, params: uuids('id'), responses: summaryAnswer, ...more });

  return new Hono()
    // After the route: only callers the route let in count as advisors online.
    .use(async function markOnline(c, next) {
      await next();
      const advisor = c.get('advisor');
      if (advisor && c.res.ok) await seen(advisor.id).catch((err) => ctx.logger.warn({ err }, 'presence update failed'));
    })
    .get('/', ...route({
      summary: 'The inbox: cases by due time, with filters and status counts',
      tags: ['cases'],
      access: 'cases.read',
      query: caseListQuerySchema,
      responses: { 200: json('`CaseList` (protocol/cases.ts).') },
    }), async (c) => {
      const q = readQuery(c, caseListQuerySchema);
      const assignee = q.assignee === 'me' ? c.get('advisor').id : q.assignee;
      return c.json<CaseList>(await listCases(db, { ...q, assignee }));
    })
    // NOTE: before `/:id`, which would answer these paths with 404.
    .get('/advisors', ...route({ summary: "The organisation's active members (whom a case can go to)", tags: ['cases'], access: 'cases.read', responses: { 200: z.object({ advisors: z.array(advisorSchema) }) } }), async (c) => {
      // The organisation's active members: whom a case can be assigned to.
      const scope = c.get('scope');
      const rows = await db
        .select({ advisor: advisors, role: memberships.role })
        .from(memberships)
        .innerJoin(advisors, eq(advisors.id, memberships.advisorId))
        .where(and(eq(memberships.orgId, scope.org.id), isNull(memberships.deactivatedAt)))
        .orderBy(asc(advisors.name), asc(advisors.email));
      return c.json<{ advisors: Advisor[] }>({ advisors: rows.map((r) => toAdvisor(r.advisor, { org: scope.org, role: r.role })) });
    })
    .get('/topics', ...route({ summary: 'The topics of the sites the caller may see', tags: ['cases'], access: 'cases.read', responses: { 200: json('`{ topics: Topic[] }` (protocol/cases.ts).') } }), async (c) => {
      const rows = await db.select().from(caseTopics).orderBy(asc(caseTopics.name), asc(caseTopics.siteId));
      return c.json<{ topics: Topic[] }>({ topics: rows.map(toTopic) });
    })
    .get('/:id', ...onCase('One case: context, thread, enrichments, links, deliveries', 'cases.read', { responses: { 200: json('`CaseDetail` (protocol/cases.ts).') } }), async (c) => c.json<CaseDetail>(await caseDetail(db, await existingCase(c))))
    .post('/:id/claim', ...onCase('Claim a case (take it as one\'s own)', 'cases.answer', { errors: { 409: 'Someone else holds it.' } }), async (c) => {
      const row = await existingCase(c);
      const updated = await claimCase(ctx, row, c.get('advisor'));
      await reassigned(c, 'claim', row, updated);
      return c.json<CaseSummary>(toCaseSummary(updated));
    })
    .post('/:id/release', ...onCase('Release a case one holds', 'cases.answer'), async (c) => {
      const row = await existingCase(c);
      const updated = await releaseCase(ctx, row, c.get('scope'));
      await reassigned(c, 'release', row, updated);
      return c.json<CaseSummary>(toCaseSummary(updated));
    })
    .post('/:id/assign', ...onCase('Assign a case to a member (or to nobody)', 'cases.answer', {
      description: 'An unassigned case (or one\'s own); a case someone else holds needs `cases.reassign` too.',
      body: caseAssignSchema,
    }), async (c) => {
      const row = await existingCase(c);
      const { advisorId } = await readJson(c, caseAssignSchema);
      const updated = await assignCase(ctx, row, advisorId);
      await reassigned(c, 'assign', row, updated);
      return c.json<CaseSummary>(toCaseSummary(updated));
    })
    .post('/:id/status', ...onCase("Change a case's status", 'cases.answer', { body: caseStatusChangeSchema }), async (c) => {
      const row = await existingCase(c);
      const { status } = await readJson(c, caseStatusChangeSchema);
      const updated = await setStatus(ctx, row, status);
      if (status === 'resolved' && row.status !== 'resolved') {
        await audit(requestScope(c, db), 'case.resolved', { type: 'case', id: row.id });
      }
      return c.json<CaseSummary>(toCaseSummary(updated));
    })
    .post('/:id/messages', ...onCase('Answer the customer, or add an internal note', 'cases.answer', { body: advisorMessageCreateSchema, responses: { 201: json('`CaseMessage` (protocol/cases.ts).') } }), async (c) => {
      const row = await existingCase(c);
      const input = await readJson(c, advisorMessageCreateSchema);
      const advisor = c.get('advisor');
      const message = await addAdvisorMessage(ctx, row, advisor, input);
      if (message.kind !== 'internal_note') {
        await audit(requestScope(c, db), 'case.answered', { type: 'case', id: row.id }, { kind: message.kind });
      }
      if (input.status === 'resolved' && row.status !== 'resolved') {
        await audit(requestScope(c, db), 'case.resolved', { type: 'case', id: row.id });
      }
      return c.json<CaseMessage>(toCaseMessage(message, advisor.name), 201);
    })
    .post('/:id/links', ...onCase('Make a new private link for the customer (its token is shown once)', 'cases.answer', { responses: { 201: caseLinkCreatedSchema } }), async (c) => {
      const row = await existingCase(c);
      const link = await createCaseLink(db, row.id, ctx.publicUrl());
      return c.json<CaseLinkCreated>({ ...toLinkInfo(link.row), link: link.url, token: link.token }, 201);
    })
    .delete('/:id/links/:linkId', ...onCase("Revoke one of the customer's links", 'cases.answer', { params: uuids('id', 'linkId'), responses: { 200: caseLinkInfoSchema } }), async (c) => {
      const row = await existingCase(c);
      const linkId = c.req.param('linkId');
      if (!isUuid(linkId)) throw notFound('no such link');
      const where = and(eq(caseLinks.id, linkId.toLowerCase()), eq(caseLinks.caseId, row.id));
      await db.update(caseLinks).set({ revokedAt: new Date() }).where(and(where, isNull(caseLinks.revokedAt)));
      const [link] = await db.select().from(caseLinks).where(where);
      if (!link) throw notFound('no such link');
      return c.json<CaseLinkInfo>(toLinkInfo(link));
    });
}
