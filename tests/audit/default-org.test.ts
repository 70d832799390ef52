/**
 * The default organisation: made once however many processes run their
 * start-up bootstrap at once on one database (even where the migration's
 * row is missing), owned by the ADMIN_EMAIL account, and the organisation
 * every process then answers.
 *
 * NOTE: the bootstraps run side by side in one test process, not as whole
 * servers: pg-boss cannot create its schema from several servers at once on
 * a fresh database, which is not what this is about.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import { advisors, organisations } from '../../db/schema.ts';
import type { Organisation } from '../../protocol/audit.ts';
import { json } from '../cases/case-helpers.ts';
import { testDrivers } from '../helpers/db.ts';
import { bootstrap } from '../../server/bootstrap.ts';
import { loadConfig } from '../../server/config.ts';
import { createLogger } from '../../server/logger.ts';
import { ADMIN, startTestServer, type TestServer } from '../helpers/server.ts';

describe.each(testDrivers)('default organisation on $name', (driver) => {
  let database: Database;
  let servers: TestServer[] = [];

  beforeAll(async () => {
    database = await driver.open();
    // An install where the row is missing: bootstrap must make it, once.
    await database.db.delete(organisations);
    const config = { ...loadConfig({}), adminEmail: ADMIN.email, adminPassword: ADMIN.password };
    const logger = createLogger('silent');
    await Promise.all([3001, 3002, 3003, 3004].map((port) => bootstrap(database.db, config, port, logger)));
    servers = [await startTestServer({ database }), await startTestServer({ database })];
  });
  afterAll(async () => {
    for (const s of servers) await s.close();
    await database?.close();
  });

  it('exists once, owned by the ADMIN_EMAIL account, seen alike by every process', async () => {
    const rows = await database.db.select().from(organisations);
    expect(rows).toHaveLength(1);
    const [admin] = await database.db.select().from(advisors).where(eq(advisors.email, ADMIN.email));
    expect(rows[0]).toMatchObject({ isDefault: true, ownerId: admin!.id, name: 'Default organisation' });
    for (const s of servers) {
      const { orgs } = await json<{ orgs: Organisation[] }>(s.api('/api/orgs'));
      expect(orgs).toEqual([expect.objectContaining({ id: rows[0]!.id, role: 'owner' })]);
    }
  });
});
