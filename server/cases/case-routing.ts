/**
 * @module server/cases/case-routing
 * Who gets a new case: an advisor whose skills cover the topic's required
 * skills and whose languages include the case's language (any advisor with a
 * routing profile when the case names none), the least loaded first (fewest
 * unresolved cases), ties by id so the choice is stable. Nobody fits → null:
 * the case waits in the shared queue.
 *
 * Only the site's helpers count (see {@link siteHelpers}): an advisor of
 * another organisation, one without access to the site, a `content` member
 * or a deactivated one never gets the case nor counts as online for it.
 */
import { and, count, eq, inArray, isNotNull, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { advisorRouting, cases, memberships, sites } from '../../db/schema.ts';
import { PERMISSIONS } from '../../protocol/permissions.ts';

const OPEN_STATUSES = ['new', 'open', 'waiting_on_customer', 'reopened'] as const;

export interface RoutingNeeds {
  requiredSkills: string[];
  language: string | null;
}

/**
 * `advisorColumn IN (the site's helpers)`: active members of the site's
 * organisation whose role may answer cases and whose site access covers it.
 */
export function siteHelpers(db: Db, siteId: string, advisorColumn = advisorRouting.advisorId): SQL {
  const helpers = db
    .select({ id: memberships.advisorId })
    .from(memberships)
    .innerJoin(sites, eq(sites.orgId, memberships.orgId))
    .where(
      and(
        eq(sites.id, siteId),
        isNull(memberships.deactivatedAt),
        inArray(memberships.role, [...PERMISSIONS['cases.answer']]),
        or(isNull(memberships.siteIds), sql`${memberships.siteIds} @> ${JSON.stringify([siteId])}::jsonb`),
      ),
    );
  return inArray(advisorColumn, helpers);
}

/** The advisor for a new case of `siteId`, or null. */
export async function pickAdvisor(db: Db, siteId: string, needs: RoutingNeeds): Promise<string | null> {
  const profiles = await db.select().from(advisorRouting).where(siteHelpers(db, siteId));
  const fitting = profiles.filter(
    (p) =>
      needs.requiredSkills.every((s) => p.skills.includes(s)) &&
      (needs.language === null || p.languages.some((l) => languageMatches(l, needs.language!))),
  );
  if (fitting.length === 0) return null;
  const loads = await db
    .select({ advisorId: cases.assigneeId, n: count() })
    .from(cases)
    .where(
      and(
        isNotNull(cases.assigneeId),
        inArray(cases.status, [...OPEN_STATUSES]),
        inArray(
          cases.assigneeId,
          fitting.map((p) => p.advisorId),
        ),
      ),
    )
    .groupBy(cases.assigneeId);
  const load = new Map(loads.map((l) => [l.advisorId, Number(l.n)]));
  fitting.sort((a, b) => (load.get(a.advisorId) ?? 0) - (load.get(b.advisorId) ?? 0) || a.advisorId.localeCompare(b.advisorId));
  return fitting[0]!.advisorId;
}

/** `en` serves `en` and `en-gb`; `pt-br` serves only `pt-br`. */
function languageMatches(advisorLanguage: string, caseLanguage: string): boolean {
  return caseLanguage === advisorLanguage || caseLanguage.startsWith(`${advisorLanguage}-`);
}

/** Advisors seen on the advisor API recently count as online. */
export const ONLINE_WINDOW_MS = 3 * 60 * 1000;

/** Notes the advisor's activity (for "is someone online?"), at most every 30 s per advisor. */
export function presenceTracker(db: Db) {
  const last = new Map<string, number>();
  return async (advisorId: string) => {
    const now = Date.now();
    if ((last.get(advisorId) ?? 0) > now - 30_000) return;
    last.set(advisorId, now);
    await db
      .insert(advisorRouting)
      .values({ advisorId, lastSeenAt: new Date(now) })
      .onConflictDoUpdate({ target: advisorRouting.advisorId, set: { lastSeenAt: new Date(now) } });
  };
}

/** The helpers of `siteId` seen lately. */
export async function onlineAdvisors(db: Db, siteId: string): Promise<Set<string>> {
  const rows = await db
    .select({ id: advisorRouting.advisorId, seen: advisorRouting.lastSeenAt })
    .from(advisorRouting)
    .where(and(isNotNull(advisorRouting.lastSeenAt), siteHelpers(db, siteId)));
  const since = Date.now() - ONLINE_WINDOW_MS;
  return new Set(rows.filter((r) => r.seen && r.seen.getTime() >= since).map((r) => r.id));
}
