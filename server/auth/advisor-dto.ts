/** @module server/auth/advisor-dto  Database row → wire {@link Advisor} (never the password hash). */
import type { Advisor } from '../../protocol/api.ts';
import type { Scope } from '../scope/scope.ts';
import type { AdvisorRow } from './tokens.ts';

/** `scope`: the organisation the request acts in (the role is per organisation). */
export const toAdvisor = (row: AdvisorRow, scope: Pick<Scope, 'org' | 'role'> | undefined): Advisor => ({
  id: row.id,
  email: row.email,
  name: row.name,
  role: scope?.role ?? null,
  orgId: scope?.org.id ?? null,
  instanceAdmin: row.instanceAdmin,
});
