/**
 * @module server/errors
 * Typed exceptions for request failures. Handlers throw them; the error
 * handler middleware turns each into the protocol's {@link ErrorBody} with its
 * HTTP status, so no route builds error responses by hand.
 */
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ErrorCode } from '../protocol/errors.ts';

export class ApiError extends Error {
  override name = 'ApiError';
  readonly status: ContentfulStatusCode;
  readonly code: ErrorCode;
  readonly details: unknown;
  /** Extra response headers, e.g. `Retry-After` on a 429. */
  readonly headers: Readonly<Record<string, string>>;

  constructor(status: ContentfulStatusCode, code: ErrorCode, message: string, details?: unknown, headers: Record<string, string> = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
    this.headers = headers;
  }
}

export const badRequest = (message: string, details?: unknown) => new ApiError(400, ErrorCode.BadRequest, message, details);
export const unauthorized = (message = 'missing, invalid or expired bearer token') => new ApiError(401, ErrorCode.Unauthorized, message);
export const forbidden = (message: string) => new ApiError(403, ErrorCode.Forbidden, message);
export const notFound = (message: string) => new ApiError(404, ErrorCode.NotFound, message);
export const unknownSession = (message = 'no such session for this site') => new ApiError(404, ErrorCode.UnknownSession, message);
export const payloadTooLarge = (message: string) => new ApiError(413, ErrorCode.PayloadTooLarge, message);
