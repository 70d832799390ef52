/**
 * @module server/audit
 * The audit log's one writer: `audit(scope, action, target, details)`. Every
 * audited action in the server calls it (the call shape lives here only);
 * entries are appended, never changed (no route updates or deletes them, and
 * a database trigger refuses UPDATE, DELETE and TRUNCATE on `audit_log`).
 *
 * `scope` says who acts and from where: {@link requestScope} for a request
 * (the signed-in advisor, if any, and the client-address middleware's
 * value), {@link systemScope} for background work. Details carry ids and
 * counts, never a password and as little personal data as the action allows
 * (an erasure records a hash of what it was asked for, not the email).
 *
 * A failed write fails the request that caused it (an unrecorded view of a
 * recording is worse than a retry); background hooks catch and log.
 */
import type { Context } from 'hono';
import type { Db } from '../../db/client.ts';
import { auditLog, type AuditDetails } from '../../db/schema.ts';
import type { AdvisorRow } from '../auth/tokens.ts';
import { defaultOrgId } from '../orgs/default-org.ts';
import type { AuditAction } from '../../protocol/audit-constants.ts';
import type { AuditTarget } from '../../protocol/audit.ts';

export type { AuditAction, AuditDetails, AuditTarget };

export type AuditActor = { kind: 'advisor'; id: string } | { kind: 'system' } | { kind: 'anonymous' };

export interface AuditScope {
  db: Db;
  actor: AuditActor;
  clientAddress: string | null;
  /** The organisation the entry belongs to; default: the default organisation (sign-ins, instance-wide work). */
  orgId?: string;
}

export interface AuditOptions {
  /**
   * Records the entry only if none with this key exists yet (the key is
   * unique in the table, so concurrent writers cannot both record it).
   */
  dedupeKey?: string;
}

/** Appends one entry to the audit log. */
export async function audit(
  scope: AuditScope,
  action: AuditAction,
  target: AuditTarget | null,
  details: AuditDetails = {},
  options: AuditOptions = {},
): Promise<void> {
  const { db, actor } = scope;
  const insert = db.insert(auditLog).values({
    orgId: scope.orgId ?? (await defaultOrgId(db)),
    actorKind: actor.kind,
    actorId: actor.kind === 'advisor' ? actor.id : null,
    action,
    targetType: target?.type ?? null,
    targetId: target?.id ?? null,
    details,
    clientAddress: scope.clientAddress,
    dedupeKey: options.dedupeKey ?? null,
  });
  await (options.dedupeKey ? insert.onConflictDoNothing({ target: auditLog.dedupeKey }) : insert);
}

/**
 * Who asks in this request: the signed-in advisor (see server/scope), or
 * nobody yet; from which address; in the organisation the request acts in.
 */
export function requestScope(c: Context, db: Db, advisor?: Pick<AdvisorRow, 'id'>): AuditScope {
  // The variable map types `advisor` as always set; on a public route nobody signed in, so it may be undefined.
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- see above
  const signedIn = advisor ?? (c.get('advisor') as AdvisorRow | undefined);
  const orgId = (c.get('scope') as { org: { id: string } } | undefined)?.org.id;
  return {
    db,
    actor: signedIn ? { kind: 'advisor', id: signedIn.id } : { kind: 'anonymous' },
    clientAddress: c.get('clientAddress') ?? null,
    ...(orgId ? { orgId } : {}),
  };
}

/** Background work (the retention job): no person, no address. */
export const systemScope = (db: Db): AuditScope => ({ db, actor: { kind: 'system' }, clientAddress: null });

/** An advisor acting outside an HTTP request (live sockets): no address known here. */
export const advisorScope = (db: Db, advisorId: string): AuditScope => ({
  db,
  actor: { kind: 'advisor', id: advisorId },
  clientAddress: null,
});
