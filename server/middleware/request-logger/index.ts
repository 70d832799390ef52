/**
 * @module server/middleware/request-logger
 * One structured log line per request: method, path, status, duration.
 * The query string is left out: it is noise in logs and may carry keys.
 * Invitation tokens ride in paths (`/app/invite/<token>`,
 * `/api/invitations/<token>`): they are logged as `:token`, since a log
 * reader must not be able to accept someone's invitation.
 */
import type { MiddlewareHandler } from 'hono';
import type { Logger } from '../../logger.ts';

const SECRET_IN_PATH = /^(\/app\/invite\/|\/api\/invitations\/)[^/]+/;

export function requestLogger(logger: Logger): MiddlewareHandler {
  return async function requestLogger(c, next) {
    const start = performance.now();
    await next();
    const ms = Math.round((performance.now() - start) * 10) / 10;
    const status = c.res.status;
    const line = { method: c.req.method, path: c.req.path.replace(SECRET_IN_PATH, '$1:token'), status, ms };
    if (status >= 500 && status !== 503) logger.error(line, 'request');
    else if (status === 503) logger.warn(line, 'request');
    else logger.info(line, 'request');
  };
}
