/**
 * @module server/audit/live-audit
 * The live hub's audit hooks: an advisor joined a live session, a customer
 * granted an advisor control. The hub calls them and goes on; a failed
 * write is logged, never a reason to drop the advisor's socket. No client
 * address: the hub does not keep the socket's.
 */
import type { Db } from '../../db/client.ts';
import type { LiveAuditHooks } from '../live/live-hub.ts';
import type { Logger } from '../logger.ts';
import { advisorScope, audit, type AuditAction } from './index.ts';

export function liveAuditHooks(db: Db, logger: Logger): LiveAuditHooks {
  const record = (action: AuditAction, advisorId: string, sessionId: string) => {
    audit(advisorScope(db, advisorId), action, { type: 'session', id: sessionId }).catch((err: unknown) =>
      logger.error({ err, action, sessionId }, 'audit: live entry not recorded'),
    );
  };
  return {
    viewerJoined: (advisorId, sessionId) => record('live.joined', advisorId, sessionId),
    controlGranted: (advisorId, sessionId) => record('live.control_granted', advisorId, sessionId),
  };
}
