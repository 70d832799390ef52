/**
 * @module client/api/api-error
 * An HTTP failure of the advisor API, carrying the protocol's error body.
 */
import type { ErrorBody, ErrorCode } from '../../protocol/errors.ts';

export class ApiError extends Error {
  override name = 'ApiError';
  readonly status: number;
  /** The protocol's error code, or `network_error` / `http_error` when the body was not one. */
  readonly code: ErrorCode | 'network_error' | 'http_error';
  readonly details: unknown;

  constructor(status: number, code: ApiError['code'], message: string, details?: unknown) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }

  /** Builds an ApiError from a failed response, reading the protocol's JSON body when there is one. */
  static async fromResponse(res: Response): Promise<ApiError> {
    let body: unknown;
    try {
      body = await res.json();
    } catch {
      body = undefined;
    }
    const err = isErrorBody(body) ? body.error : undefined;
    return new ApiError(
      res.status,
      err?.code ?? 'http_error',
      err?.message ?? `${res.status} ${res.statusText || 'HTTP error'}`,
      err?.details,
    );
  }
}

function isErrorBody(body: unknown): body is ErrorBody {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false;
  const e = body.error;
  return typeof e === 'object' && e !== null && typeof (e as { code?: unknown }).code === 'string';
}

export function isAbortError(err: unknown): boolean {
  return err instanceof DOMException && err.name === 'AbortError';
}
