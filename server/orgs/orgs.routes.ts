/**
 * @module server/orgs/orgs.routes
 * `/api/orgs` (bearer token): the caller's organisations with their role,
 * creating one (instance admins), and the org-scoped admin routes under
 * `/api/orgs/:orgId`: invitations and members (protocol/orgs.ts), the audit
 * log and customer erasure (protocol/audit.ts), and the recurring-questions
 * report (protocol/recurring.ts, `search/recurring-questions.ts`). An organisation the caller
 * does not belong to answers 404 as if it did not exist; a member whose role
 * lacks the permission gets 403.
 */
import { Hono } from 'hono';
import { audit, requestScope, type AuditScope } from '../audit/index.ts';
import { listAudit } from '../audit/audit-queries.ts';
import { CaseNotifier } from '../cases/case-notifier.ts';
import { eraseCustomer, erasureFingerprint } from '../data-deletion/erasure.ts';
import { notFound } from '../errors.ts';
import { isUuid, readJson, readQuery } from '../lib/request.ts';
import { activeMemberships } from '../scope/index.ts';
import { z } from 'zod';
import { uuids } from '../contracts/params.ts';
import { route, type RouteContract } from '../contracts/route.ts';
import type { Permission } from '../../protocol/permissions.ts';
import type { Context } from 'hono';
import {
  auditPageSchema,
  auditQuerySchema,
  erasureQuerySchema,
  erasureRequestSchema,
  erasureResultSchema,
  type AuditPage,
  organisationSchema,
  type ErasureResult,
  type Organisation,
} from '../../protocol/audit.ts';
import {
  invitationCreateSchema,
  invitationCreatedSchema,
  memberListSchema,
  memberSchema,
  pendingInvitationSchema,
  memberPatchSchema,
  orgCreateSchema,
  type InvitationCreated,
  type Member,
  type MemberList,
  type PendingInvitation,
} from '../../protocol/orgs.ts';
import { recurringQuerySchema, recurringReportSchema, type RecurringReport } from '../../protocol/recurring.ts';
import { recurringQuestions } from '../search/recurring-questions.ts';
import type { AppDeps } from '../types.ts';
import { Invitations } from './invitations.ts';
import { changeMember, listMembers, type LiveViews } from './members.ts';
import { createOrganisation, toOrganisation } from './org-service.ts';

/** `live`: cuts a deactivated (or narrowed) member's open live views; absent without a live hub. */
export function orgsRoutes({ database: { db }, config, logger, jobs, media, rateLimits, secrets }: AppDeps, live?: LiveViews) {
  const notifier = new CaseNotifier({ db, jobs, logger, sendsEmail: Boolean(config.smtpUrl) });
  const invites = new Invitations({ db, config, rateLimits, notifier });
  /** Audit entries of org-scoped routes belong to the organisation in the path. */
  const orgAudit = (c: Context): AuditScope => ({ ...requestScope(c, db), orgId: c.get('scope').org.id });
  const idParam = (c: Context, name: string, what: string) => {
    const id = c.req.param(name) ?? '';
    if (!isUuid(id)) throw notFound(`no such ${what}`);
    return id.toLowerCase();
  };

  /** A route of one organisation (`:orgId`): `authenticate` resolved it from the path, not a member → 404. */
  const inOrg = (summary: string, access: Permission, responses: RouteContract['responses'], more: Partial<RouteContract> = {}) =>
    route({ summary, tags: ['orgs'], access, params: uuids('orgId'), responses, ...more });

  return (
    new Hono()
      .get(
        '/',
        ...route({
          summary: "The caller's organisations, with their role in each",
          tags: ['orgs'],
          access: 'signed-in',
          responses: { 200: z.object({ orgs: z.array(organisationSchema) }) },
        }),
        async (c) => {
          const mine = await activeMemberships(db, c.get('advisor').id);
          return c.json<{ orgs: Organisation[] }>({ orgs: mine.map((m) => toOrganisation(m.org, m.role)) });
        },
      )
      .post(
        '/',
        ...route({
          summary: 'Create an organisation (the caller owns it)',
          tags: ['orgs'],
          access: 'instance-admin',
          body: orgCreateSchema,
          responses: { 201: organisationSchema },
        }),
        async (c) => {
          const { name } = await readJson(c, orgCreateSchema);
          const org = await createOrganisation(db, c.get('advisor').id, name);
          await audit({ ...requestScope(c, db), orgId: org.id }, 'org.created', { type: 'org', id: org.id });
          return c.json<Organisation>(org, 201);
        },
      )
      // `authenticate` resolved `:orgId` from the path: not a member → 404.
      .post(
        '/:orgId/invitations',
        ...inOrg(
          'Invite someone by a one-time link (shown once, and e-mailed)',
          'members.manage',
          { 201: invitationCreatedSchema },
          { body: invitationCreateSchema, errors: { 409: 'Already a member.', 429: 'Too many invitations (`Retry-After`).' } },
        ),
        async (c) => {
          const input = await readJson(c, invitationCreateSchema);
          const { org, advisor } = c.get('scope');
          const { row, ...created } = await invites.create(org, advisor, input);
          // NOTE: the email is personal data: the entry names the invitation (whose row holds it), the role and sites.
          await audit(orgAudit(c), 'member.invited', { type: 'invitation', id: row.id }, { role: row.role, siteIds: row.siteIds ?? null });
          return c.json<InvitationCreated>(created, 201);
        },
      )
      .get(
        '/:orgId/invitations',
        ...inOrg('Pending invitations', 'members.manage', { 200: z.object({ invitations: z.array(pendingInvitationSchema) }) }),
        async (c) => {
          return c.json<{ invitations: PendingInvitation[] }>({ invitations: await invites.listPending(c.get('scope').org.id) });
        },
      )
      .delete(
        '/:orgId/invitations/:id',
        ...inOrg('Revoke a pending invitation', 'members.manage', { 204: { description: 'Revoked.' } }, { params: uuids('orgId', 'id') }),
        async (c) => {
          const row = await invites.revoke(c.get('scope').org.id, idParam(c, 'id', 'pending invitation'));
          await audit(orgAudit(c), 'invitation.revoked', { type: 'invitation', id: row.id });
          return c.body(null, 204);
        },
      )
      .get(
        '/:orgId/members',
        ...inOrg('Members: roles, site access, deactivation', 'members.manage', { 200: memberListSchema }),
        async (c) => {
          return c.json<MemberList>({ members: await listMembers(db, c.get('scope').org.id) });
        },
      )
      .patch(
        '/:orgId/members/:advisorId',
        ...inOrg(
          "Change a member's role or site access, deactivate or reactivate them",
          'members.manage',
          { 200: memberSchema },
          { params: uuids('orgId', 'advisorId'), body: memberPatchSchema, errors: { 409: 'The owner cannot be changed this way.' } },
        ),
        async (c) => {
          const patch = await readJson(c, memberPatchSchema);
          const { org, advisor } = c.get('scope');
          const advisorId = idParam(c, 'advisorId', 'member');
          const change = await changeMember(db, org.id, advisor.id, advisorId, patch);
          const target = { type: 'advisor', id: advisorId };
          if (change.roleChanged) await audit(orgAudit(c), 'member.role_changed', target, change.roleChanged);
          if (change.sitesChanged) await audit(orgAudit(c), 'member.sites_changed', target, change.sitesChanged);
          if (change.deactivated) await audit(orgAudit(c), 'member.deactivated', target, change.deactivated);
          if (change.reactivated) await audit(orgAudit(c), 'member.reactivated', target);
          if (change.cutsLiveViews) {
            try {
              await live?.disconnectAdvisor?.(advisorId, org.id);
            } catch (err) {
              // The change stands (and a deactivated member's tokens are gone, which live sockets re-check).
              logger.error({ err, advisorId }, 'members: could not cut live views');
            }
          }
          return c.json<Member>(change.member);
        },
      )
      .get(
        '/:orgId/audit',
        ...inOrg("The organisation's audit log (filters, pages)", 'audit.read', { 200: auditPageSchema }, { query: auditQuerySchema }),
        async (c) => {
          const query = readQuery(c, auditQuerySchema);
          return c.json<AuditPage>(await listAudit(db, c.get('scope').org.id, query));
        },
      )
      .get(
        '/:orgId/recurring',
        ...inOrg(
          'Recurring questions: the cases of the last weeks grouped by what they ask',
          'recurring.read',
          { 200: recurringReportSchema },
          {
            query: recurringQuerySchema,
            description:
              "Groups the organisation's cases (in the caller's sites; `content`: resolved ones) asked in the last `weeks` weeks by the words of their question (stemmed in their language) and the pages and elements of their recordings; each group of two or more with its volume per week, median time to resolve, a published tutorial covering it, tutorial links sent and the best-solved case (docs/search.md).",
          },
        ),
        async (c) => {
          const { weeks } = readQuery(c, recurringQuerySchema);
          return c.json<RecurringReport>(await recurringQuestions(c.get('scope'), weeks));
        },
      )
      .post(
        '/:orgId/erasure',
        ...inOrg(
          "Erase one customer's data (or preview it with dryRun)",
          'erasure.run',
          { 200: erasureResultSchema },
          { query: erasureQuerySchema, body: erasureRequestSchema },
        ),
        async (c) => {
          const { dryRun } = readQuery(c, erasureQuerySchema);
          const request = await readJson(c, erasureRequestSchema);
          const result = await eraseCustomer(c.get('scope'), media.store, request, dryRun === 'true');
          if (!result.dryRun) {
            await audit(
              orgAudit(c),
              'erasure.performed',
              { type: 'customer', id: erasureFingerprint(secrets, request) },
              {
                byCustomerId: request.customerId !== undefined,
                byEmail: request.email !== undefined,
                counts: result.counts,
              },
            );
          }
          return c.json<ErasureResult>(result);
        },
      )
  );
}
