/**
 * @module protocol/recurring-constants
 * Recurring questions (`GET /api/orgs/:orgId/recurring?weeks=`): the plain
 * constants and wire types, apart from the zod schemas in `recurring.ts` so
 * the advisor app imports them without zod.
 */

/** How many weeks back the report looks by default, and at most. */
export const RECURRING_WEEKS_DEFAULT = 8;
export const RECURRING_WEEKS_MAX = 26;

/** One week's count of a group's cases; `week` is the Monday (UTC) it starts on, `YYYY-MM-DD`. */
export interface RecurringWeek {
  week: string;
  count: number;
}

/** Cases of the window asking the same thing (the words of their question, the pages and elements of their recordings). */
export interface RecurringGroup {
  /** The group's most representative question. */
  label: string;
  /** The words the group's questions share most (as the customers wrote them). */
  keyWords: string[];
  /** Newest first. */
  caseIds: string[];
  /** Every week of the window, oldest first, zeros included. */
  perWeek: RecurringWeek[];
  /** Median time from asking to resolved over the group's resolved cases; null when none is resolved. */
  medianResolveMs: number | null;
  /** A published tutorial covering the group (its title, chapters or steps hold the group's key words). */
  tutorialId?: string;
  tutorialTitle?: string;
  /** Tutorial links advisors sent in the group's cases. */
  tutorialSends: number;
  /**
   * Questions the covering tutorial answered before they became cases: customers who opened it
   * from the Ask-for-help suggestions and left without sending, in the window (0 without one).
   */
  deflections: number;
  /** The best-solved case: resolved with an answer, fastest (one with a recording first, to make a tutorial from). */
  bestCaseId?: string;
  /** That case's recording, when it has one. */
  bestSessionId?: string;
}

export interface RecurringReport {
  weeks: number;
  /** Largest group first. */
  groups: RecurringGroup[];
}
