/**
 * @module server/middleware/ingest-origin
 * Guards ingest: resolves the site from its public key and only lets
 * requests through from the site's allowed origins, answering CORS so the
 * recorder (running on the customer's origin) may call us.
 *
 * NOTE on preflights: a CORS preflight (OPTIONS) never carries the value of
 * `x-cobrowse-site-key`, only its name in Access-Control-Request-Headers. So
 * for OPTIONS we check the origin against the site named by `?siteKey=` when
 * present, and otherwise accept an origin that *some* site allows. That is
 * safe because a preflight grants nothing by itself: the real request is
 * checked again against its own site's origins, and a disallowed origin gets
 * a 403 without CORS headers. It still refuses preflights from origins no
 * site knows, so random pages cannot even start talking to ingest.
 *
 * NOTE on `readableWithoutOrigin` (only `GET /ingest/v1/topics` uses it):
 * browsers send no `Origin` on a same-origin GET, so the demo shop (served by
 * this server) could not read its own topics. With the option, a GET or HEAD
 * without `Origin` is answered, without CORS headers. That weakens nothing:
 * another origin's page always sends `Origin` (and could not read an answer
 * without `Access-Control-Allow-Origin` anyway), and curl can forge an
 * allowed `Origin` at will, so the route must only ever serve what anyone
 * may read (topic names). We do not rely on `Sec-Fetch-Site: same-origin`:
 * it is as forgeable outside a browser and adds nothing inside one. Writes
 * (PUT, POST…) are never let through without an allowed `Origin`.
 */
import type { MiddlewareHandler } from 'hono';
import { ApiError } from '../../errors.ts';
import type { SiteLookup } from '../../ingest/site-lookup.ts';
import { ErrorCode } from '../../../protocol/errors.ts';
import { SITE_KEY_HEADER, SITE_KEY_QUERY } from '../../../protocol/ingest-constants.ts';
import type { SiteRow } from '../../sites/site-dto.ts';

declare module 'hono' {
  interface ContextVariableMap {
    site: SiteRow;
  }
}

const ALLOW_METHODS = 'GET, PUT, POST, OPTIONS';
// `authorization` carries the session's secret (see middleware/session-token).
const ALLOW_HEADERS = `content-type, authorization, ${SITE_KEY_HEADER}`;
/** Chromium caps this at 2 hours; each chunk URL is distinct, so the cache helps per URL only. */
const MAX_AGE_SECONDS = '7200';

const originNotAllowed = (message: string) => new ApiError(403, ErrorCode.OriginNotAllowed, message);

export interface IngestOriginOptions {
  /**
   * Answer a GET/HEAD that has no `Origin` (a same-origin page), without CORS
   * headers. Only for read-only routes whose answer is public (see module NOTE).
   */
  readableWithoutOrigin?: boolean;
}

const READ_METHODS = new Set(['GET', 'HEAD']);

export function ingestOrigin(lookup: SiteLookup, options: IngestOriginOptions = {}): MiddlewareHandler {
  return async function ingestOrigin(c, next) {
    const origin = c.req.header('origin');
    const queryKey = c.req.query(SITE_KEY_QUERY);

    if (c.req.method === 'OPTIONS') {
      if (!origin) throw originNotAllowed('a CORS preflight needs an Origin header');
      const site = queryKey ? await lookup.byKey(queryKey) : undefined;
      const allowed = site ? site.allowedOrigins.includes(origin) : await lookup.anyAllows(origin);
      if (!allowed) throw originNotAllowed(`origin ${origin} is not allowed to send recordings`);
      c.header('Access-Control-Allow-Origin', origin);
      c.header('Access-Control-Allow-Methods', ALLOW_METHODS);
      c.header('Access-Control-Allow-Headers', ALLOW_HEADERS);
      c.header('Access-Control-Max-Age', MAX_AGE_SECONDS);
      c.header('Vary', 'Origin');
      return c.body(null, 204);
    }

    const siteKey = c.req.header(SITE_KEY_HEADER) ?? queryKey;
    const site = siteKey ? await lookup.byKey(siteKey) : undefined;
    if (!site) {
      // Let the recorder read this answer (and stop retrying): it reveals nothing.
      if (origin) {
        c.header('Access-Control-Allow-Origin', origin);
        c.header('Vary', 'Origin');
      }
      throw new ApiError(
        401,
        ErrorCode.InvalidSiteKey,
        siteKey ? 'unknown site key' : `missing site key (${SITE_KEY_HEADER} header or ${SITE_KEY_QUERY} query parameter)`,
      );
    }
    if (!origin) {
      if (!options.readableWithoutOrigin || !READ_METHODS.has(c.req.method)) throw originNotAllowed('missing Origin header');
      c.set('site', site);
      return next();
    }
    if (!site.allowedOrigins.includes(origin)) throw originNotAllowed(`origin ${origin} is not allowed for this site`);

    c.set('site', site);
    await next();
    // NOTE: after next(), so error responses made by the error handler get the headers too.
    allowCors(c.res.headers, origin);
  };
}

function allowCors(headers: Headers, origin: string) {
  headers.set('Access-Control-Allow-Origin', origin);
  headers.append('Vary', 'Origin');
}
