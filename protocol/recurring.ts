/**
 * @module protocol/recurring
 * Recurring questions (`GET /api/orgs/:orgId/recurring?weeks=`): zod schemas
 * of the query and the answer; plain types in `recurring-constants.ts`.
 */
import { z } from 'zod';
import { RECURRING_WEEKS_DEFAULT, RECURRING_WEEKS_MAX } from './recurring-constants.ts';

export * from './recurring-constants.ts';

export const recurringQuerySchema = z.object({
  /** How many weeks back, this one included. */
  weeks: z.coerce.number().int().min(1).max(RECURRING_WEEKS_MAX).default(RECURRING_WEEKS_DEFAULT),
});

export const recurringReportSchema = z.object({
  weeks: z.number(),
  groups: z.array(
    z.object({
      label: z.string(),
      keyWords: z.array(z.string()),
      caseIds: z.array(z.string()),
      perWeek: z.array(z.object({ week: z.string(), count: z.number() })),
      medianResolveMs: z.number().nullable(),
      tutorialId: z.string().optional(),
      tutorialTitle: z.string().optional(),
      tutorialSends: z.number(),
      deflections: z.number(),
      bestCaseId: z.string().optional(),
      bestSessionId: z.string().optional(),
    }),
  ),
});
