/**
 * Existing installs move over to organisations (migration 0008): a database
 * made by the migrations before it, holding sites, advisors (one admin, one
 * advisor) and the default organisation's owner, is migrated, and then every
 * site belongs to the default organisation, every advisor is a member of it
 * with the role they had, and the owner administers the instance. Both
 * databases: PGlite and a fresh PostgreSQL database.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { migrationsFolder, pgliteExtensions, type Db } from '../../db/client.ts';
import { schema } from '../../db/schema.ts';

const BEFORE = '0007_audit';

/** A copy of the migrations folder that stops at `last` (the journal cut after it). */
function migrationsUpTo(last: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'cb-migrations-'));
  cpSync(migrationsFolder, dir, { recursive: true });
  const journalPath = join(dir, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] };
  const cut = journal.entries.findIndex((e) => e.tag === last);
  if (cut < 0) throw new Error(`no migration ${last}`);
  journal.entries = journal.entries.slice(0, cut + 1);
  writeFileSync(journalPath, JSON.stringify(journal));
  return dir;
}

interface Target {
  db: Db;
  migrate(folder: string): Promise<void>;
  close(): Promise<void>;
}

async function pgliteTarget(): Promise<Target> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const { migrate } = await import('drizzle-orm/pglite/migrator');
  const client = new PGlite({ extensions: await pgliteExtensions() });
  const db = drizzle(client, { schema });
  return { db: db as unknown as Db, migrate: (f) => migrate(db, { migrationsFolder: f }), close: () => client.close() };
}

async function postgresTarget(baseUrl: string): Promise<Target> {
  const { drizzle } = await import('drizzle-orm/postgres-js');
  const { migrate } = await import('drizzle-orm/postgres-js/migrator');
  const name = `cb_migr_${crypto.randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  const client = postgres(url.toString(), { max: 2, onnotice: () => {} });
  const db = drizzle(client, { schema });
  return {
    db: db as unknown as Db,
    migrate: (f) => migrate(db, { migrationsFolder: f }),
    async close() {
      await client.end({ timeout: 5 });
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}

const targets: { name: string; open: () => Promise<Target> }[] = [{ name: 'pglite', open: pgliteTarget }];
const databaseUrl = process.env.DATABASE_URL?.trim();
if (databaseUrl) targets.push({ name: 'postgres', open: () => postgresTarget(databaseUrl) });

const older = migrationsUpTo(BEFORE);
afterAll(() => rmSync(older, { recursive: true, force: true }));

type Row = Record<string, unknown>;
const rows = async (db: Db, query: string): Promise<Row[]> => {
  const result = (await db.execute<Row>(sql.raw(query))) as { rows?: Row[] } | Row[];
  return Array.isArray(result) ? result : (result.rows ?? []);
};

describe.each(targets)('migration to organisations on $name', ({ open }) => {
  it('puts existing sites and advisors into the default organisation, keeping their roles', async () => {
    const target = await open();
    try {
      await target.migrate(older);
      // What an install made before organisations holds (columns of that time: advisors.role, no sites.org_id).
      await rows(
        target.db,
        `INSERT INTO advisors (id, email, name, password_hash, role) VALUES
           ('00000000-0000-4000-8000-000000000001', 'owner@shop.test', 'Owner', 'x', 'admin'),
           ('00000000-0000-4000-8000-000000000002', 'second-admin@shop.test', 'Second admin', 'x', 'admin'),
           ('00000000-0000-4000-8000-000000000003', 'advisor@shop.test', 'Advisor', 'x', 'advisor')`,
      );
      await rows(target.db, `UPDATE organisations SET owner_id = '00000000-0000-4000-8000-000000000001' WHERE is_default`);
      await rows(
        target.db,
        `INSERT INTO sites (id, name, site_key) VALUES
           ('00000000-0000-4000-8000-0000000000a1', 'Shop', 'pk_a'),
           ('00000000-0000-4000-8000-0000000000a2', 'Other shop', 'pk_b')`,
      );

      await target.migrate(migrationsFolder);

      const [org] = await rows(target.db, `SELECT id FROM organisations WHERE is_default`);
      const sites = await rows(target.db, `SELECT id, org_id FROM sites ORDER BY id`);
      expect(sites).toHaveLength(2);
      for (const site of sites) expect(site.org_id).toBe(org!.id);

      const members = await rows(
        target.db,
        `SELECT a.email, m.role, m.site_ids, m.deactivated_at, a.instance_admin
           FROM memberships m JOIN advisors a ON a.id = m.advisor_id WHERE m.org_id = '${String(org!.id)}' ORDER BY a.email`,
      );
      expect(members.map((m) => [m.email, m.role, m.site_ids, m.deactivated_at, m.instance_admin])).toEqual([
        ['advisor@shop.test', 'advisor', null, null, false],
        ['owner@shop.test', 'owner', null, null, true],
        ['second-admin@shop.test', 'admin', null, null, false],
      ]);
      const columns = await rows(target.db, `SELECT column_name FROM information_schema.columns WHERE table_name = 'advisors'`);
      expect(columns.map((c) => c.column_name)).not.toContain('role');
    } finally {
      await target.close();
    }
  });
});
