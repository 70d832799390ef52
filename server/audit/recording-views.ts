/**
 * @module server/audit/recording-views
 * Audits advisors reading recordings, as middleware on the session routes:
 * after a successful answer for `/:id…`, one `session.viewed` entry per
 * session, advisor and clock hour (the detail, chunk ranges and chunk bytes a
 * player reads all count as one view), and one `session.exported` per export.
 *
 * NOTE: a player reads hundreds of chunks; a small in-process memory of the
 * keys written lately saves the database a no-op insert for each.
 */
import type { MiddlewareHandler } from 'hono';
import type { Db } from '../../db/client.ts';
import { isUuid } from '../lib/request.ts';
import { audit, requestScope } from './index.ts';

const HOUR_MS = 3_600_000;
const REMEMBERED_KEYS = 5_000;

export function recordingViews(db: Db): MiddlewareHandler {
  const recent = new Set<string>();
  return async function recordingViews(c, next) {
    await next();
    const id = c.req.param('id');
    if (c.req.method !== 'GET' || !c.res.ok || !id || !isUuid(id)) return;
    const sessionId = id.toLowerCase();
    const target = { type: 'session', id: sessionId };
    const scope = requestScope(c, db);
    if (c.req.path.endsWith('/export')) return audit(scope, 'session.exported', target);
    if (scope.actor.kind !== 'advisor') return;
    const dedupeKey = `session.viewed:${scope.actor.id}:${sessionId}:${Math.floor(Date.now() / HOUR_MS)}`;
    if (recent.has(dedupeKey)) return;
    await audit(scope, 'session.viewed', target, {}, { dedupeKey });
    if (recent.size >= REMEMBERED_KEYS) recent.clear();
    recent.add(dedupeKey);
  };
}
