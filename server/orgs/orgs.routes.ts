/**
 * @module server/orgs/orgs.routes
 * `/api/orgs` (bearer token): the caller's organisations with their role,
 * and the org-scoped admin routes under `/api/orgs/:orgId`: the audit log and
 * customer erasure (see protocol/audit.ts). An organisation the caller does
 * not belong to answers 404 as if it did not exist; a member who is not an
 * admin gets 403.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { audit, requestScope } from '../audit/index.ts';
import { listAudit } from '../audit/audit-queries.ts';
import { eraseCustomer, erasureFingerprint } from '../data-deletion/erasure.ts';
import { readJson, readQuery } from '../lib/request.ts';
import { activeMemberships, type OrgRow } from '../scope/index.ts';
import { uuids } from '../contracts/params.ts';
import { route } from '../contracts/route.ts';
import type { OrgRole } from '../../protocol/audit-constants.ts';
import {
  auditQuerySchema,
  erasureQuerySchema,
  erasureRequestSchema,
  organisationSchema,
  type AuditPage,
  type ErasureResult,
  type Organisation,
} from '../../protocol/audit.ts';
import type { AppDeps } from '../types.ts';


const toOrganisation = (row: OrgRow, role: OrgRole): Organisation => ({
  id: row.id,
  name: row.name,
  role,
  isDefault: row.isDefault,
  createdAt: row.createdAt.toISOString(),
});

export function orgsRoutes({ database: { db }, media, secrets }: AppDeps) {
  const json = (description: string) => ({ description, media: 'application/json' });
  return new Hono()
    .get('/', ...route({
      summary: "The caller's organisations, with their role in each",
      tags: ['orgs'],
      access: 'signed-in',
      responses: { 200: z.object({ orgs: z.array(organisationSchema) }) },
    }), async (c) => {
      const mine = await activeMemberships(db, c.get('advisor').id);
      return c.json<{ orgs: Organisation[] }>({ orgs: mine.map((m) => toOrganisation(m.org, m.role)) });
    })
    // `authenticate` resolved `:orgId` from the path: not a member → 404.
    .get('/:orgId/audit', ...route({
      summary: "The organisation's audit log (filters, pages)",
      tags: ['orgs'],
      access: 'audit.read',
      params: uuids('orgId'),
      query: auditQuerySchema,
      responses: { 200: json('`AuditPage` (protocol/audit.ts).') },
    }), async (c) => {
      const query = readQuery(c, auditQuerySchema);
      return c.json<AuditPage>(await listAudit(db, c.get('scope').org.id, query));
    })
    .post('/:orgId/erasure', ...route({
      summary: "Erase one customer's data (or preview it with dryRun)",
      tags: ['orgs'],
      access: 'erasure.run',
      params: uuids('orgId'),
      query: erasureQuerySchema,
      body: erasureRequestSchema,
      responses: { 200: json('`ErasureResult` (protocol/audit.ts): what was (or would be) erased.') },
    }), async (c) => {
      const { dryRun } = readQuery(c, erasureQuerySchema);
      const request = await readJson(c, erasureRequestSchema);
      const result = await eraseCustomer(db, media.store, request, dryRun === 'true');
      if (!result.dryRun) {
        const scope = { ...requestScope(c, db), orgId: c.get('scope').org.id };
        await audit(scope, 'erasure.performed', { type: 'customer', id: erasureFingerprint(secrets, request) }, {
          byCustomerId: request.customerId !== undefined,
          byEmail: request.email !== undefined,
          counts: result.counts,
        });
      }
      return c.json<ErasureResult>(result);
    });
}
