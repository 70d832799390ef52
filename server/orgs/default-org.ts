/**
 * @module server/orgs/default-org
 * The default organisation: made by the migration that introduced
 * organisations (and again by bootstrap, idempotently), owned by the
 * ADMIN_EMAIL account. Until multi-organisation scoping lands every site,
 * session and case belongs to it, and every advisor is a member: admins as
 * `admin` (its owner as `owner`), the others as `advisor`.
 */
import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { organisations } from '../../db/schema.ts';
import type { AdvisorRow } from '../auth/tokens.ts';
import type { OrgRole } from '../../protocol/audit-constants.ts';

export type OrgRow = typeof organisations.$inferSelect;

export const DEFAULT_ORG_NAME = 'Default organisation';

/**
 * Makes sure the default organisation exists and, when it has no owner yet,
 * gives it to `ownerId`. Safe when several processes start at once: the
 * partial unique index lets one insert win, and the owner is set only where
 * none is.
 */
export async function ensureDefaultOrg(db: Db, ownerId: string | null): Promise<OrgRow> {
  await db.insert(organisations).values({ name: DEFAULT_ORG_NAME, isDefault: true, ownerId }).onConflictDoNothing();
  if (ownerId) {
    await db
      .update(organisations)
      .set({ ownerId })
      .where(and(eq(organisations.isDefault, true), isNull(organisations.ownerId)));
  }
  return (await findDefaultOrg(db))!;
}

export async function findDefaultOrg(db: Db): Promise<OrgRow | undefined> {
  const [row] = await db.select().from(organisations).where(eq(organisations.isDefault, true)).limit(1);
  return row;
}

// NOTE: the default organisation's id never changes, so each database's is looked up once.
const defaultIds = new WeakMap<Db, Promise<string>>();

/** The default organisation's id (cached per database). */
export function defaultOrgId(db: Db): Promise<string> {
  let id = defaultIds.get(db);
  if (!id) {
    id = ensureDefaultOrg(db, null).then((org) => org.id);
    id.catch(() => defaultIds.delete(db));
    defaultIds.set(db, id);
  }
  return id;
}

/** The organisations an advisor belongs to: today, the default one for everybody. */
export async function orgsOf(db: Db, _advisor: AdvisorRow): Promise<OrgRow[]> {
  const org = await findDefaultOrg(db);
  return org ? [org] : [];
}

/** An advisor's role in an organisation they belong to. */
export function orgRole(org: OrgRow, advisor: AdvisorRow): OrgRole {
  if (org.ownerId === advisor.id) return 'owner';
  return advisor.role === 'admin' ? 'admin' : 'advisor';
}

export const isOrgAdmin = (role: OrgRole) => role === 'owner' || role === 'admin';
