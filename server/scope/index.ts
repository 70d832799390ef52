/**
 * @module server/scope
 * Who asks, in which organisation, with which role and sites: the one
 * authentication middleware of `/api`, the one permission check, and the
 * scope every tenant query takes first.
 */
export { advisorScope, authenticate, type ScopeMissing } from './authenticate.ts';
export { requireInstanceAdmin, requirePermission, requireSignedIn, scopeFor } from './require-permission.ts';
export { inScope, scopeCan, scopeSiteIds, siteInScope, type Scope } from './scope.ts';
export { activeMemberships, upsertMembership, type OrgMembership, type OrgRow } from './memberships.ts';
