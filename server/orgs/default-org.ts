/**
 * @module server/orgs/default-org
 * The default organisation: made by the migration that introduced
 * organisations (and again by bootstrap, idempotently), owned by the
 * ADMIN_EMAIL account. Existing sites and advisors moved into it when
 * organisations became tenants (migration 0008); the demo site lives in it.
 */
import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { organisations } from '../../db/schema.ts';

import type { OrgRow } from '../scope/memberships.ts';

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
