/**
 * @module server/cases/case-routing
 * Who gets a new case: an advisor whose skills cover the topic's required
 * skills and whose languages include the case's language (any advisor with a
 * routing profile when the case names none), the least loaded first (fewest
 * unresolved cases), ties by id so the choice is stable. Nobody fits → null:
 * the case waits in the shared queue.
 */
import { and, count, inArray, isNotNull } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { advisorRouting, cases } from '../../db/schema.ts';

const OPEN_STATUSES = ['new', 'open', 'waiting_on_customer', 'reopened'] as const;

export interface RoutingNeeds {
  requiredSkills: string[];
  language: string | null;
}

export async function pickAdvisor(db: Db, needs: RoutingNeeds): Promise<string | null> {
  const profiles = await db.select().from(advisorRouting);
  const fitting = profiles.filter(
    (p) =>
      needs.requiredSkills.every((s) => p.skills.includes(s)) &&
      (needs.language === null || p.languages.some((l) => languageMatches(l, needs.language!))),
  );
  if (fitting.length === 0) return null;
  const loads = await db
    .select({ advisorId: cases.assigneeId, n: count() })
    .from(cases)
    .where(and(isNotNull(cases.assigneeId), inArray(cases.status, [...OPEN_STATUSES]), inArray(cases.assigneeId, fitting.map((p) => p.advisorId))))
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

export async function onlineAdvisors(db: Db): Promise<Set<string>> {
  const rows = await db.select({ id: advisorRouting.advisorId, seen: advisorRouting.lastSeenAt }).from(advisorRouting).where(isNotNull(advisorRouting.lastSeenAt));
  const since = Date.now() - ONLINE_WINDOW_MS;
  return new Set(rows.filter((r) => r.seen && r.seen.getTime() >= since).map((r) => r.id));
}

