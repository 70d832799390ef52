/**
 * @module server/scope/scope
 * The caller's scope: who asks, in which organisation, with which role and
 * which sites. Every service and query that reads or writes tenant data takes
 * it first, so "what may this caller see" is answered in one way everywhere.
 *
 * Everything recorded hangs off a site (sessions, cases, live rooms, topics,
 * enrichers, webhooks), and a site belongs to one organisation: a resource is
 * in scope when its site is one of {@link scopeSiteIds}. Out of scope answers
 * 404 (never 403), so ids of other tenants cannot be probed.
 */
import { and, eq, inArray, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client.ts';
import { sites } from '../../db/schema.ts';
import { can, type OrgRole, type Permission } from '../../protocol/permissions.ts';
import type { AdvisorRow } from '../auth/tokens.ts';
import type { OrgRow } from './memberships.ts';

export interface Scope {
  db: Db;
  advisor: AdvisorRow;
  org: OrgRow;
  role: OrgRole;
  /** The sites the member may see; null: all of the organisation's. */
  siteIds: readonly string[] | null;
}

export const scopeCan = (scope: Scope, permission: Permission) => can(scope.role, permission);

// NOTE: one lookup per scope object (a request), not per query.
const siteIdCache = new WeakMap<Scope, Promise<string[]>>();

/** The ids of the sites the caller may see (their organisation's, narrowed by their site access). */
export function scopeSiteIds(scope: Scope): Promise<string[]> {
  let ids = siteIdCache.get(scope);
  if (!ids) {
    const restricted = scope.siteIds ? [...scope.siteIds] : null;
    ids =
      restricted?.length === 0
        ? Promise.resolve([])
        : scope.db
            .select({ id: sites.id })
            .from(sites)
            .where(restricted ? and(eq(sites.orgId, scope.org.id), inArray(sites.id, restricted)) : eq(sites.orgId, scope.org.id))
            .then((rows) => rows.map((r) => r.id));
    siteIdCache.set(scope, ids);
  }
  return ids;
}

/** `column IN (the caller's sites)`: the condition every tenant query adds. */
export async function inScope(scope: Scope, siteIdColumn: PgColumn): Promise<SQL> {
  const ids = await scopeSiteIds(scope);
  // NOTE: an empty IN list is invalid SQL; a caller without sites sees nothing.
  return ids.length ? inArray(siteIdColumn, ids) : eq(siteIdColumn, '00000000-0000-0000-0000-000000000000');
}

/** Whether a site (by id) is one the caller may see. */
export async function siteInScope(scope: Scope, siteId: string): Promise<boolean> {
  return (await scopeSiteIds(scope)).includes(siteId.toLowerCase());
}
