/**
 * @module server/audit/recording-views
 * Audits advisors reading recordings, as middleware on the session routes:
 * after a successful answer for `/:id…`, one `session.viewed` entry per
 * session, advisor and clock hour (the detail, chunk ranges and chunk bytes a
 * player reads all count as one view), and one `session.exported` per export.
 * Only for a session in the caller's scope, in the session's organisation
 * (its site's: the scope's organisation, since the scope holds its site).
 *
 * NOTE: a player reads hundreds of chunks; a small in-process memory of the
 * keys written lately saves the database a no-op insert for each.
 */
import type { MiddlewareHandler } from 'hono';
import { isUuid } from '../lib/request.ts';
import { findSession } from '../sessions/session-queries.ts';
import { audit, requestScope } from './index.ts';

const HOUR_MS = 3_600_000;
const REMEMBERED_KEYS = 5_000;

export function recordingViews(): MiddlewareHandler {
  const recent = new Set<string>();
  return async function recordingViews(c, next) {
    await next();
    const id = c.req.param('id');
    const caller = c.get('scope');
    if (c.req.method !== 'GET' || !c.res.ok || !caller || !id || !isUuid(id)) return;
    const sessionId = id.toLowerCase();
    const target = { type: 'session', id: sessionId };
    const exported = c.req.path.endsWith('/export');
    const dedupeKey = `session.viewed:${caller.advisor.id}:${sessionId}:${Math.floor(Date.now() / HOUR_MS)}`;
    if (!exported && recent.has(dedupeKey)) return;
    // NOTE: the routes answered 404 out of scope already; this keeps any other answer from being recorded elsewhere.
    if (!(await findSession(caller, sessionId))) return;
    const scope = { ...requestScope(c, caller.db), orgId: caller.org.id };
    if (exported) return audit(scope, 'session.exported', target);
    await audit(scope, 'session.viewed', target, {}, { dedupeKey });
    if (recent.size >= REMEMBERED_KEYS) recent.clear();
    recent.add(dedupeKey);
  };
}
