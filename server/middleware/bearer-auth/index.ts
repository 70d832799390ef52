/**
 * @module server/middleware/bearer-auth
 * Requires `Authorization: Bearer <token>` with a live token and puts its
 * advisor on the context (`c.get('advisor')`); 401 `unauthorized` otherwise.
 */
import type { MiddlewareHandler } from 'hono';
import type { Db } from '../../../db/client.ts';
import { advisorForToken, type AdvisorRow } from '../../auth/tokens.ts';
import { forbidden, unauthorized } from '../../errors.ts';

declare module 'hono' {
  interface ContextVariableMap {
    advisor: AdvisorRow;
  }
}

const BEARER = /^Bearer\s+([A-Za-z0-9_-]{16,128})\s*$/i;

export function bearerAuth(db: Db): MiddlewareHandler {
  return async function bearerAuth(c, next) {
    const header = c.req.header('authorization');
    if (!header) throw unauthorized('missing bearer token');
    const token = BEARER.exec(header)?.[1];
    const advisor = token ? await advisorForToken(db, token) : undefined;
    if (!advisor) throw unauthorized('invalid or expired bearer token');
    c.set('advisor', advisor);
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
