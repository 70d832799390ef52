/**
 * @module server/scope/authenticate
 * The one authentication and scope middleware of `/api`: reads the bearer
 * token, and for a live one puts the advisor (`advisor`, `authTokenHash`) and
 * their scope (`scope`: organisation, role, sites) on the context.
 *
 * It never refuses by itself: public routes (sign-in, password reset,
 * invitations, signed media URLs, the API document) pass through it. Each
 * route's permission (`require-permission.ts`) decides, from what this
 * middleware found: 401 without a live token, 404 for an organisation the
 * caller is not an active member of, 403 for a role without the permission.
 *
 * The organisation: `/api/orgs/:orgId/…` names it in the path; other routes
 * may name it with the `x-cobrowse-org` header; otherwise the caller's first
 * membership (the default organisation if they belong to it).
 */
import type { MiddlewareHandler } from 'hono';
import type { Db } from '../../db/client.ts';
import { API_BASE } from '../../protocol/api-constants.ts';
import { ORG_HEADER } from '../../protocol/permissions.ts';
import { authenticateToken, type AdvisorRow, type TokenLifetimes } from '../auth/tokens.ts';
import { isUuid } from '../lib/request.ts';
import { activeMemberships } from './memberships.ts';
import type { Scope } from './scope.ts';

/** Why a signed-in caller has no scope: they named an organisation they are not in, or belong to none. */
export type ScopeMissing = 'not_member' | 'no_membership';

declare module 'hono' {
  interface ContextVariableMap {
    advisor: AdvisorRow;
    authTokenHash: string;
    scope: Scope;
    scopeMissing: ScopeMissing;
  }
}

const BEARER = /^Bearer\s+([A-Za-z0-9_-]{16,128})\s*$/i;
const ORG_PATH = new RegExp(`^${API_BASE}/orgs/([^/]+)(?:/|$)`);

export function authenticate(db: Db, lifetimes: TokenLifetimes): MiddlewareHandler {
  return async function authenticate(c, next) {
    const token = BEARER.exec(c.req.header('authorization') ?? '')?.[1];
    const auth = token ? await authenticateToken(db, token, lifetimes) : undefined;
    if (auth) {
      c.set('advisor', auth.advisor);
      c.set('authTokenHash', auth.tokenHash);
      const named = ORG_PATH.exec(c.req.path)?.[1] ?? c.req.header(ORG_HEADER)?.trim();
      const found = await advisorScope(db, auth.advisor, named);
      if (typeof found === 'string') c.set('scopeMissing', found);
      else c.set('scope', found);
    }
    await next();
  };
}

/**
 * The advisor's scope in the organisation `named` (an id as given: anything),
 * or their first membership when none is named; else why there is none.
 * Shared with the live advisor socket, which names it its own way.
 */
export async function advisorScope(db: Db, advisor: AdvisorRow, named: string | undefined): Promise<Scope | ScopeMissing> {
  const mine = await activeMemberships(db, advisor.id);
  const chosen = named === undefined ? mine[0] : isUuid(named) ? mine.find((m) => m.org.id === named.toLowerCase()) : undefined;
  if (!chosen) return named === undefined ? 'no_membership' : 'not_member';
  return { db, advisor, org: chosen.org, role: chosen.role, siteIds: chosen.siteIds };
}
