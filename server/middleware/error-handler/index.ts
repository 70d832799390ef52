/**
 * @module server/middleware/error-handler
 * Turns every thrown error into the protocol's JSON {@link ErrorBody}:
 * {@link ApiError}s keep their status and code, Hono's HTTPExceptions map to
 * the closest code, anything else is a 500 `internal_error` whose details go
 * to the log only (never to the client).
 */
import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ApiError } from '../../errors.ts';
import type { Logger } from '../../logger.ts';
import { ErrorCode, type ErrorBody } from '../../../protocol/errors.ts';

/**
 * Refusals a customer's page runs into when a site is set up wrongly (an
 * origin missing from the site, a wrong site key, a lost session secret):
 * the recorder can only show them, so the operator must find them in the
 * log, with their reason, at warn.
 */
const customerRefusals = new Set<ErrorCode>([ErrorCode.OriginNotAllowed, ErrorCode.InvalidSiteKey, ErrorCode.InvalidSessionToken]);

const codeForStatus: Partial<Record<number, ErrorCode>> = {
  400: ErrorCode.BadRequest,
  401: ErrorCode.Unauthorized,
  403: ErrorCode.Forbidden,
  404: ErrorCode.NotFound,
  409: ErrorCode.Conflict,
  413: ErrorCode.PayloadTooLarge,
  415: ErrorCode.UnsupportedMediaType,
};

function errorResponse(c: Context, status: ContentfulStatusCode, code: ErrorCode, message: string, details?: unknown) {
  const body: ErrorBody = { error: details === undefined ? { code, message } : { code, message, details } };
  // An oversize body is refused before it is read to its end, and Node then closes the socket: saying so keeps a
  // keep-alive client (undici, browsers) from sending its next request down a connection that is about to close.
  if (status === 413) c.header('Connection', 'close');
  return c.json(body, status);
}

export function errorHandler(logger: Logger): ErrorHandler {
  return function errorHandler(err, c) {
    if (err instanceof ApiError) {
      if (customerRefusals.has(err.code)) {
        logger.warn(
          { code: err.code, reason: err.message, method: c.req.method, path: c.req.path, origin: c.req.header('origin') },
          'customer request refused',
        );
      }
      for (const [name, value] of Object.entries(err.headers)) c.header(name, value);
      return errorResponse(c, err.status, err.code, err.message, err.details);
    }
    if (err instanceof HTTPException && err.status < 500) {
      const code = codeForStatus[err.status] ?? ErrorCode.BadRequest;
      return errorResponse(c, err.status, code, err.message || code);
    }
    logger.error({ err, method: c.req.method, path: c.req.path }, 'unhandled error');
    return errorResponse(c, 500, ErrorCode.Internal, 'internal server error');
  };
}

export const notFoundHandler: NotFoundHandler = (c) =>
  errorResponse(c, 404, ErrorCode.NotFound, `no route for ${c.req.method} ${c.req.path}`);
