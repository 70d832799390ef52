/**
 * @module server/scope/memberships
 * Who belongs to which organisation, with which role and site access: the
 * queries the scope middleware, the orgs routes and bootstrap share.
 */
import { and, asc, desc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { memberships, organisations } from '../../db/schema.ts';
import type { OrgRole } from '../../protocol/permissions.ts';

export type OrgRow = typeof organisations.$inferSelect;
export type MembershipRow = typeof memberships.$inferSelect;

export interface OrgMembership {
  org: OrgRow;
  role: OrgRole;
  /** The sites the member may see; null: all of the organisation's. */
  siteIds: string[] | null;
}

/**
 * The organisations an advisor is an active member of: the default
 * organisation first, then the oldest (the first is where a request acts when
 * it names none).
 */
export async function activeMemberships(db: Db, advisorId: string): Promise<OrgMembership[]> {
  const rows = await db
    .select({ org: organisations, role: memberships.role, siteIds: memberships.siteIds })
    .from(memberships)
    .innerJoin(organisations, eq(organisations.id, memberships.orgId))
    .where(and(eq(memberships.advisorId, advisorId), isNull(memberships.deactivatedAt)))
    .orderBy(desc(organisations.isDefault), asc(organisations.createdAt), asc(organisations.id));
  return rows.map((r) => ({ org: r.org, role: r.role, siteIds: r.siteIds ?? null }));
}

/** Adds a member, or gives an existing (even deactivated) one this role and site access again. */
export async function upsertMembership(
  db: Db,
  m: { orgId: string; advisorId: string; role: OrgRole; siteIds?: string[] | null },
): Promise<void> {
  const values = { orgId: m.orgId, advisorId: m.advisorId, role: m.role, siteIds: m.siteIds ?? null, deactivatedAt: null };
  await db
    .insert(memberships)
    .values(values)
    .onConflictDoUpdate({
      target: [memberships.orgId, memberships.advisorId],
      set: { role: values.role, siteIds: values.siteIds, deactivatedAt: null },
    });
}
