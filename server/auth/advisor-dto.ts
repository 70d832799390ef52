/** @module server/auth/advisor-dto  Database row → wire {@link Advisor} (never the password hash). */
import type { Advisor } from '../../protocol/api.ts';
import type { AdvisorRow } from './tokens.ts';

export const toAdvisor = (row: AdvisorRow): Advisor => ({
  id: row.id,
  email: row.email,
  name: row.name,
  role: row.role,
});
