/**
 * @module server/audit/live-audit
 * The live hub's audit hooks: an advisor joined a live session, a customer
 * granted an advisor control. The hub calls them and goes on; a failed
 * write is logged, never a reason to drop the advisor's socket. No client
 * address: the hub does not keep the socket's. Each entry goes to the
 * organisation of the room's site (whose admins read its audit log).
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { sessions, sites } from '../../db/schema.ts';
import type { LiveAuditHooks } from '../live/live-hub.ts';
import type { Logger } from '../logger.ts';
import { advisorScope, audit, type AuditAction } from './index.ts';

/** The organisation of a session's site. */
async function sessionOrgId(db: Db, sessionId: string): Promise<string | undefined> {
  const [row] = await db
    .select({ orgId: sites.orgId })
    .from(sessions)
    .innerJoin(sites, eq(sites.id, sessions.siteId))
    .where(eq(sessions.id, sessionId));
  return row?.orgId;
}

export function liveAuditHooks(db: Db, logger: Logger): LiveAuditHooks {
  // NOTE: one write after the other, so entries keep the order things happened in (each looks its organisation up first).
  let last: Promise<void> = Promise.resolve();
  const record = (action: AuditAction, advisorId: string, sessionId: string) => {
    const write = async () => {
      const orgId = await sessionOrgId(db, sessionId);
      // NOTE: a live room's session exists (its tab said hello); gone only if erased meanwhile.
      if (!orgId) throw new Error('the session is gone');
      await audit({ ...advisorScope(db, advisorId), orgId }, action, { type: 'session', id: sessionId });
    };
    last = last.then(write).catch((err: unknown) => logger.error({ err, action, sessionId }, 'audit: live entry not recorded'));
  };
  return {
    viewerJoined: (advisorId, sessionId) => record('live.joined', advisorId, sessionId),
    controlGranted: (advisorId, sessionId) => record('live.control_granted', advisorId, sessionId),
  };
}
