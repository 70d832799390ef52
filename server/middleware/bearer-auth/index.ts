/**
 * @module server/middleware/bearer-auth
 * Requires `Authorization: Bearer <token>` with a live token (not revoked,
 * not idle longer than `tokenIdleMs`, not older than `tokenMaxAgeMs`) and
 * puts its advisor on the context (`c.get('advisor')`) with the token's hash
 * (`c.get('authTokenHash')`, for sign-out); 401 `unauthorized` otherwise.
 */
import type { MiddlewareHandler } from 'hono';
import type { Db } from '../../../db/client.ts';
import { authenticateToken, type AdvisorRow, type TokenLifetimes } from '../../auth/tokens.ts';
import { forbidden, unauthorized } from '../../errors.ts';

declare module 'hono' {
  interface ContextVariableMap {
    advisor: AdvisorRow;
    authTokenHash: string;
  }
}

const BEARER = /^Bearer\s+([A-Za-z0-9_-]{16,128})\s*$/i;

/** `lifetimes`: the server's config (tokenIdleMs, tokenMaxAgeMs). */
export function bearerAuth(db: Db, lifetimes: TokenLifetimes): MiddlewareHandler {
  return async function bearerAuth(c, next) {
    const header = c.req.header('authorization');
    if (!header) throw unauthorized('missing bearer token');
    const token = BEARER.exec(header)?.[1];
    const auth = token ? await authenticateToken(db, token, lifetimes) : undefined;
    if (!auth) throw unauthorized('invalid or expired bearer token');
    c.set('advisor', auth.advisor);
    c.set('authTokenHash', auth.tokenHash);
    await next();
  };
}

/** After {@link bearerAuth}: only admins pass (403 `forbidden`). */
export function requireAdmin(): MiddlewareHandler {
  return async function requireAdmin(c, next) {
    if (c.get('advisor').role !== 'admin') throw forbidden('only an admin can do this');
    await next();
  };
}
