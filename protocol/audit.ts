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
import { AUDIT_ACTIONS, AUDIT_PAGE_SIZE_DEFAULT, AUDIT_PAGE_SIZE_MAX, type AuditAction } from './audit-constants.ts';
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
export interface AuditTarget {
  type: string;
  id: string | null;
}

export interface AuditEntry {
  /** Increasing: newer entries have larger ids. */
  id: string;
  at: string;
  actor: { kind: AuditActorKind; id: string | null; name: string | null; email: string | null };
  action: AuditAction;
  target: AuditTarget | null;
  details: AuditDetails;
  clientAddress: string | null;
}

export interface AuditPage {
  entries: AuditEntry[];
  nextCursor: string | null;
}

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
export type DeletionCounts = Record<string, number>;

export interface ErasureResult {
  dryRun: boolean;
  /** The sessions and cases matched (ids only), so the UI can say what goes. */
  sessionIds: string[];
  caseIds: string[];
  counts: DeletionCounts;
}
