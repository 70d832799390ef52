/**
 * @module server/middleware/request-logger
 * One structured log line per request: method, path, status, duration.
 * The query string is left out: it is noise in logs and may carry keys.
 */
import type { MiddlewareHandler } from 'hono';
import type { Logger } from '../../logger.ts';

export function requestLogger(logger: Logger): MiddlewareHandler {
  return async function requestLogger(c, next) {
    const start = performance.now();
    await next();
    const ms = Math.round((performance.now() - start) * 10) / 10;
    const status = c.res.status;
    const line = { method: c.req.method, path: c.req.path, status, ms };
    if (status >= 500 && status !== 503) logger.error(line, 'request');
    else if (status === 503) logger.warn(line, 'request');
    else logger.info(line, 'request');
  };
}
