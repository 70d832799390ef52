/**
 * @module protocol/audit
 * Organisations, the audit log and erasure on the advisor API (bearer token).
 * Org-scoped routes live under `/api/orgs/:orgId`; an unknown organisation,
 * or one the caller is not a member of, answers 404.
 *
 *   GET  /api/orgs                                   -> { orgs: Organisation[] }   (the caller's, with their role)
 *   GET  /api/orgs/:orgId/audit?AuditQuery           -> AuditPage                  (admin; newest first)
 *   POST /api/orgs/:orgId/erasure[?dryRun=true]      ErasureRequest -> ErasureResult (admin)
 *
 * Retention is a site setting: `PATCH /api/sites/:id` `{retentionDays}` (see api.ts).
 */
import { z } from 'zod';
import type { AuditActorKind, AuditDetails } from './audit-constants.ts';
import { AUDIT_ACTIONS, AUDIT_ACTOR_KINDS, AUDIT_PAGE_SIZE_DEFAULT, AUDIT_PAGE_SIZE_MAX, type AuditAction } from './audit-constants.ts';
import { text } from './text.ts';
import { ORG_ROLES } from './permissions.ts';

export * from './audit-constants.ts';
export type { AuditActorKind, AuditDetails };

export const organisationSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** The caller's role in it. */
  role: z.enum(ORG_ROLES),
  isDefault: z.boolean(),
  createdAt: z.string(),
});
export type Organisation = z.output<typeof organisationSchema>;

/** What an entry is about: a session, a case, a site, an advisor, … (its id as text). */
export const auditTargetSchema = z.object({
  type: z.string().describe('`session`, `case`, `site`, `advisor`, …'),
  id: z.string().nullable().describe('Its id, as text.'),
});
export type AuditTarget = z.output<typeof auditTargetSchema>;

export const auditEntrySchema = z.object({
  id: z.string().describe('Increasing: newer entries have larger ids.'),
  at: z.string(),
  actor: z.object({
    kind: z.enum(AUDIT_ACTOR_KINDS),
    id: z.string().nullable(),
    name: z.string().nullable(),
    email: z.string().nullable(),
  }),
  action: z.enum(AUDIT_ACTIONS),
  target: auditTargetSchema.nullable(),
  details: z
    .record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.string()), z.record(z.string(), z.number())]))
    .describe('What the action changed or concerned (never a secret).'),
  clientAddress: z.string().nullable(),
});
export type AuditEntry = z.output<typeof auditEntrySchema>;

export const auditPageSchema = z.object({
  entries: z.array(auditEntrySchema).describe('Newest first.'),
  nextCursor: z.string().nullable().describe("The next page's `cursor`; null on the last page."),
});
export type AuditPage = z.output<typeof auditPageSchema>;

const CURSOR = /^\d{1,19}$/;

export const auditQuerySchema = z.object({
  /** An advisor's id. */
  actor: z.string().uuid().optional(),
  action: z.enum(AUDIT_ACTIONS).optional(),
  targetType: text().max(40).optional(),
  targetId: text().max(200).optional(),
  /** Entries at or after / before these times (epoch ms). */
  from: z.coerce.number().int().nonnegative().optional(),
  to: z.coerce.number().int().nonnegative().optional(),
  limit: z.coerce.number().int().min(1).max(AUDIT_PAGE_SIZE_MAX).default(AUDIT_PAGE_SIZE_DEFAULT),
  /** The previous page's `nextCursor`. */
  cursor: z.string().regex(CURSOR, 'not a cursor').optional(),
});
/** The query string a client may send (coerce inputs spelled out). */
export type AuditQuery = {
  actor?: string;
  action?: AuditAction;
  targetType?: string;
  targetId?: string;
  from?: number;
  to?: number;
  limit?: number;
  cursor?: string;
};

/** `POST /api/orgs/:orgId/erasure`: one customer, by the id or email `identify()` gave (at least one). */
export const erasureRequestSchema = z
  .strictObject({
    customerId: text().trim().min(1).max(200).optional(),
    email: z.string().trim().email().max(320).optional(),
  })
  .refine((r) => r.customerId !== undefined || r.email !== undefined, 'give customerId, email or both');
export type ErasureRequest = z.infer<typeof erasureRequestSchema>;

export const erasureQuerySchema = z.object({
  dryRun: z.enum(['true', 'false']).optional(),
});

/** Rows deleted (or, in a dry run, that would be), by table; media files from the media store. */
export const deletionCountsSchema = z
  .record(z.string(), z.number().int())
  .describe('Rows deleted (or, in a dry run, that would be), by table; media files from the media store.');
export type DeletionCounts = z.output<typeof deletionCountsSchema>;

export const erasureResultSchema = z
  .object({
    dryRun: z.boolean(),
    sessionIds: z.array(z.string()).describe('The sessions matched (ids only), so the UI can say what goes.'),
    caseIds: z.array(z.string()).describe('The cases matched.'),
    counts: deletionCountsSchema,
  })
  .describe('What was (or, in a dry run, would be) erased.');
export type ErasureResult = z.output<typeof erasureResultSchema>;
