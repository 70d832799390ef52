/**
 * @module server/orgs/orgs.routes
 * `/api/orgs` (bearer token): the caller's organisations with their role,
 * and the org-scoped admin routes under `/api/orgs/:orgId`: the audit log and
 * customer erasure (see protocol/audit.ts). An organisation the caller does
 * not belong to answers 404 as if it did not exist; a member who is not an
 * admin gets 403.
 */
import { Hono, type MiddlewareHandler } from 'hono';
import type { Db } from '../../db/client.ts';
import { audit, requestScope } from '../audit/index.ts';
import { listAudit } from '../audit/audit-queries.ts';
import { eraseCustomer, erasureFingerprint } from '../data-deletion/erasure.ts';
import { forbidden, notFound } from '../errors.ts';
import { isUuid, readJson, readQuery } from '../lib/request.ts';
import { bearerAuth } from '../middleware/bearer-auth/index.ts';
import type { OrgRole } from '../../protocol/audit-constants.ts';
import {
  auditQuerySchema,
  erasureQuerySchema,
  erasureRequestSchema,
  type AuditPage,
  type ErasureResult,
  type Organisation,
} from '../../protocol/audit.ts';
import type { AppDeps } from '../types.ts';
import { isOrgAdmin, orgRole, orgsOf, type OrgRow } from './default-org.ts';

declare module 'hono' {
  interface ContextVariableMap {
    /** Set by the org-scope middleware of `/api/orgs/:orgId/…`: the organisation and the caller's role in it. */
    org: { row: OrgRow; role: OrgRole };
  }
}

const toOrganisation = (row: OrgRow, role: OrgRole): Organisation => ({
  id: row.id,
  name: row.name,
  role,
  isDefault: row.isDefault,
  createdAt: row.createdAt.toISOString(),
});

/** Resolves `:orgId` among the caller's organisations (404 otherwise) and requires an admin role (403). */
function orgAdmin(db: Db): MiddlewareHandler {
  return async function orgAdmin(c, next) {
    const id = c.req.param('orgId') ?? '';
    const advisor = c.get('advisor');
    const row = isUuid(id) ? (await orgsOf(db, advisor)).find((o) => o.id === id.toLowerCase()) : undefined;
    if (!row) throw notFound('no such organisation');
    const role = orgRole(row, advisor);
    if (!isOrgAdmin(role)) throw forbidden('only an admin of this organisation can do this');
    c.set('org', { row, role });
    await next();
  };
}

export function orgsRoutes({ database: { db }, config, media, secrets }: AppDeps) {
  return new Hono()
    .use(bearerAuth(db, config))
    .get('/', async (c) => {
      const advisor = c.get('advisor');
      const rows = await orgsOf(db, advisor);
      return c.json<{ orgs: Organisation[] }>({ orgs: rows.map((o) => toOrganisation(o, orgRole(o, advisor))) });
    })
    .use('/:orgId/*', orgAdmin(db))
    .get('/:orgId/audit', async (c) => {
      const query = readQuery(c, auditQuerySchema);
      return c.json<AuditPage>(await listAudit(db, c.get('org').row.id, query));
    })
    .post('/:orgId/erasure', async (c) => {
      const { dryRun } = readQuery(c, erasureQuerySchema);
      const request = await readJson(c, erasureRequestSchema);
      const result = await eraseCustomer(db, media.store, request, dryRun === 'true');
      if (!result.dryRun) {
        const scope = { ...requestScope(c, db), orgId: c.get('org').row.id };
        await audit(scope, 'erasure.performed', { type: 'customer', id: erasureFingerprint(secrets, request) }, {
          byCustomerId: request.customerId !== undefined,
          byEmail: request.email !== undefined,
          counts: result.counts,
        });
      }
      return c.json<ErasureResult>(result);
    });
}
