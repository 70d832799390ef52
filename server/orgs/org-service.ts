/**
 * @module server/orgs/org-service
 * Making an organisation: the row and its owner's membership in one
 * transaction (an organisation never exists without an owner).
 */
import type { Db } from '../../db/client.ts';
import { organisations } from '../../db/schema.ts';
import type { Organisation } from '../../protocol/audit.ts';
import type { OrgRole } from '../../protocol/permissions.ts';
import { upsertMembership, type OrgRow } from '../scope/index.ts';

export const toOrganisation = (row: OrgRow, role: OrgRole): Organisation => ({
  id: row.id,
  name: row.name,
  role,
  isDefault: row.isDefault,
  createdAt: row.createdAt.toISOString(),
});

/** A new organisation owned by `ownerId`; returned as the owner sees it. */
export async function createOrganisation(db: Db, ownerId: string, name: string): Promise<Organisation> {
  const org = await db.transaction(async (tx) => {
    const [row] = await tx.insert(organisations).values({ name, ownerId }).returning();
    await upsertMembership(tx, { orgId: row!.id, advisorId: ownerId, role: 'owner' });
    return row!;
  });
  return toOrganisation(org, 'owner');
}
