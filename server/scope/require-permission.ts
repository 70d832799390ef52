/**
 * @module server/scope/require-permission
 * The one permission check: each route names the permission it needs (its
 * contract), and this middleware answers for all of them from what
 * `authenticate` found and the table in `protocol/permissions.ts`:
 * - no live bearer token: 401 `unauthorized`;
 * - an organisation the caller is not an active member of: 404 (as if it did not exist);
 * - a role without the permission (or no organisation at all): 403 `forbidden`.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { can, type Permission } from '../../protocol/permissions.ts';
import { forbidden, notFound, unauthorized } from '../errors.ts';
import type { Scope } from './scope.ts';

/** Only a signed-in advisor passes (their own profile and password, their organisations). */
export function requireSignedIn(): MiddlewareHandler {
  return async function requireSignedIn(c, next) {
    if (!c.get('advisor')) throw unauthorized();
    await next();
  };
}

/** A signed-in member of the request's organisation whose role holds `permission`. */
export function requirePermission(permission: Permission): MiddlewareHandler {
  return async function requirePermission(c, next) {
    scopeFor(c, permission);
    await next();
  };
}

/** Only an instance administrator (creates organisations). */
export function requireInstanceAdmin(): MiddlewareHandler {
  return async function requireInstanceAdmin(c, next) {
    const advisor = c.get('advisor');
    if (!advisor) throw unauthorized();
    if (!advisor.instanceAdmin) throw forbidden('only an instance administrator can do this');
    await next();
  };
}

/** The caller's scope, checked for `permission` (the same answers as {@link requirePermission}). */
export function scopeFor(c: Context, permission: Permission): Scope {
  if (!c.get('advisor')) throw unauthorized();
  const scope = c.get('scope');
  if (!scope) {
    if (c.get('scopeMissing') === 'not_member') throw notFound('no such organisation');
    throw forbidden('you are not a member of any organisation');
  }
  if (!can(scope.role, permission)) throw forbidden(`your role (${scope.role}) does not allow ${permission}`);
  return scope;
}
