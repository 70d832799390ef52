/**
 * @module server/orgs/site-access
 * A member's or invitation's site access: null (every site of the
 * organisation) or a list that must name only that organisation's sites.
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { sites } from '../../db/schema.ts';
import { badRequest } from '../errors.ts';

/** The list without duplicates, each a site of `orgId`; 400 naming the others. */
export async function checkSiteAccess(db: Db, orgId: string, siteIds: readonly string[] | null | undefined): Promise<string[] | null> {
  if (siteIds === null || siteIds === undefined) return null;
  const wanted = [...new Set(siteIds)];
  if (!wanted.length) return [];
  const found = await db
    .select({ id: sites.id })
    .from(sites)
    .where(and(eq(sites.orgId, orgId), inArray(sites.id, wanted)));
  const known = new Set(found.map((r) => r.id));
  const unknown = wanted.filter((id) => !known.has(id));
  // NOTE: one answer for another organisation's sites and for no site at all: ids of other tenants cannot be probed.
  if (unknown.length) throw badRequest('siteIds must be sites of this organisation', { unknownSiteIds: unknown });
  return wanted;
}
