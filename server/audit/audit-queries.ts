/**
 * @module server/audit/audit-queries
 * Reading the audit log: one organisation's entries, newest first, filtered
 * by actor, action, target and time, paged by a keyset cursor (the last
 * entry's id), with each actor's current name and email.
 */
import { and, desc, eq, gte, lt, lte, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { advisors, auditLog } from '../../db/schema.ts';
import type { AuditAction } from '../../protocol/audit-constants.ts';
import type { AuditEntry, AuditPage } from '../../protocol/audit.ts';

export interface AuditFilter {
  actor?: string | undefined;
  action?: AuditAction | undefined;
  targetType?: string | undefined;
  targetId?: string | undefined;
  from?: number | undefined;
  to?: number | undefined;
  limit: number;
  cursor?: string | undefined;
}

export async function listAudit(db: Db, orgId: string, q: AuditFilter): Promise<AuditPage> {
  const where: SQL[] = [eq(auditLog.orgId, orgId)];
  if (q.actor) where.push(eq(auditLog.actorId, q.actor.toLowerCase()));
  if (q.action) where.push(eq(auditLog.action, q.action));
  if (q.targetType) where.push(eq(auditLog.targetType, q.targetType));
  if (q.targetId) where.push(eq(auditLog.targetId, q.targetId));
  if (q.from !== undefined) where.push(gte(auditLog.at, new Date(q.from)));
  if (q.to !== undefined) where.push(lte(auditLog.at, new Date(q.to)));
  if (q.cursor) where.push(lt(auditLog.id, Number(q.cursor)));
  const rows = await db
    .select({ entry: auditLog, name: advisors.name, email: advisors.email })
    .from(auditLog)
    .leftJoin(advisors, eq(advisors.id, auditLog.actorId))
    .where(and(...where))
    .orderBy(desc(auditLog.id))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  const more = rows.length > q.limit;
  return {
    entries: page.map(({ entry, name, email }): AuditEntry => ({
      id: String(entry.id),
      at: entry.at.toISOString(),
      actor: { kind: entry.actorKind, id: entry.actorId, name, email },
      action: entry.action as AuditAction,
      target: entry.targetType ? { type: entry.targetType, id: entry.targetId } : null,
      details: entry.details,
      clientAddress: entry.clientAddress,
    })),
    nextCursor: more ? String(page.at(-1)!.entry.id) : null,
  };
}
