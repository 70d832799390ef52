/**
 * @module server/orgs/members
 * An organisation's members: the list, and changes to one (role, site
 * access, deactivation). The rules (docs/permissions.md):
 * - the owner is never changed or deactivated, and nobody is made owner
 *   (the schema only offers assignable roles);
 * - nobody changes their own membership (an admin cannot lock themselves out
 *   by mistake, nor raise themselves);
 * - deactivating keeps the row (history, reactivation) and ends access at
 *   once: when the person has no other active membership their bearer tokens
 *   are deleted (every request answers 401), and their open live views in
 *   the organisation are cut through {@link LiveViews}.
 */
import { and, asc, eq, isNull, ne } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { advisors, authTokens, memberships } from '../../db/schema.ts';
import type { Member } from '../../protocol/orgs.ts';
import { can, type AssignableRole } from '../../protocol/permissions.ts';
import { forbidden, notFound } from '../errors.ts';
import { checkSiteAccess } from './site-access.ts';

/**
 * What the live hub does for member changes: closes the advisor's open live
 * views of the organisation's sessions. Optional, so the routes work without
 * a hub (tests, tools); see server/live/live-hub.ts.
 */
export interface LiveViews {
  disconnectAdvisor?(advisorId: string, orgId: string): unknown;
}

type MembershipRow = typeof memberships.$inferSelect;

const toMember = (m: MembershipRow, a: { email: string; name: string }): Member => ({
  advisorId: m.advisorId,
  email: a.email,
  name: a.name,
  role: m.role,
  siteIds: m.siteIds ?? null,
  deactivatedAt: m.deactivatedAt?.toISOString() ?? null,
  createdAt: m.createdAt.toISOString(),
});

/** Every member, active or not, oldest first. */
export async function listMembers(db: Db, orgId: string): Promise<Member[]> {
  const rows = await db
    .select({ m: memberships, a: { email: advisors.email, name: advisors.name } })
    .from(memberships)
    .innerJoin(advisors, eq(advisors.id, memberships.advisorId))
    .where(eq(memberships.orgId, orgId))
    .orderBy(asc(memberships.createdAt), asc(advisors.email));
  return rows.map((r) => toMember(r.m, r.a));
}

/** What one change did, for the audit log and the live hub. */
export interface MemberChange {
  member: Member;
  roleChanged?: { from: string; to: AssignableRole };
  sitesChanged?: { siteIds: string[] | null };
  deactivated?: { tokensRevoked: boolean };
  reactivated?: true;
  /** The change took access away (deactivated, no more live help, fewer sites): open live views must go. */
  cutsLiveViews: boolean;
}

/**
 * Applies a patch to a member of `orgId` on behalf of `actorId`: 404 for
 * someone not in the organisation, 403 for the owner or oneself, 400 for
 * sites of another organisation.
 */
export async function changeMember(
  db: Db,
  orgId: string,
  actorId: string,
  advisorId: string,
  patch: { role?: AssignableRole | undefined; siteIds?: string[] | null | undefined; active?: boolean | undefined },
): Promise<MemberChange> {
  const [current] = await db
    .select({ m: memberships, a: { email: advisors.email, name: advisors.name } })
    .from(memberships)
    .innerJoin(advisors, eq(advisors.id, memberships.advisorId))
    .where(and(eq(memberships.orgId, orgId), eq(memberships.advisorId, advisorId)));
  if (!current) throw notFound('no such member');
  if (current.m.role === 'owner') throw forbidden('the owner of an organisation cannot be changed or deactivated');
  if (advisorId === actorId) throw forbidden('you cannot change your own membership: ask another admin');
  const siteIds = patch.siteIds === undefined ? undefined : await checkSiteAccess(db, orgId, patch.siteIds);

  const was = current.m;
  const change: Omit<MemberChange, 'member'> = { cutsLiveViews: false };
  const set: Partial<MembershipRow> = {};
  if (patch.role !== undefined && patch.role !== was.role) {
    set.role = patch.role;
    change.roleChanged = { from: was.role, to: patch.role };
    if (!can(patch.role, 'live.help')) change.cutsLiveViews = true;
  }
  if (siteIds !== undefined && !sameSites(siteIds, was.siteIds ?? null)) {
    set.siteIds = siteIds;
    change.sitesChanged = { siteIds };
    if (siteIds !== null) change.cutsLiveViews = true;
  }
  const now = new Date();
  if (patch.active === false && !was.deactivatedAt) set.deactivatedAt = now;
  if (patch.active === true && was.deactivatedAt) {
    set.deactivatedAt = null;
    change.reactivated = true;
  }

  const updated = await db.transaction(async (tx) => {
    const [row] = Object.keys(set).length
      ? await tx
          .update(memberships)
          .set(set)
          .where(and(eq(memberships.orgId, orgId), eq(memberships.advisorId, advisorId)))
          .returning()
      : [was];
    if (set.deactivatedAt) {
      const [other] = await tx
        .select({ orgId: memberships.orgId })
        .from(memberships)
        .where(and(eq(memberships.advisorId, advisorId), ne(memberships.orgId, orgId), isNull(memberships.deactivatedAt)))
        .limit(1);
      // Members of other organisations keep their sessions there; anyone else is signed out everywhere at once.
      if (!other) await tx.delete(authTokens).where(eq(authTokens.advisorId, advisorId));
      change.deactivated = { tokensRevoked: !other };
      change.cutsLiveViews = true;
    }
    return row!;
  });
  return { ...change, member: toMember(updated, current.a) };
}

const sameSites = (a: readonly string[] | null, b: readonly string[] | null) =>
  a === null || b === null ? a === b : a.length === b.length && a.every((id) => b.includes(id));
