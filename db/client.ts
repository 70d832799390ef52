/**
 * @module db/client
 * One interface over two drivers: embedded PGlite (no server needed, data in a
 * folder) when no `DATABASE_URL` is given, postgres.js against a real
 * PostgreSQL otherwise. Everything above this file sees only `Database`.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { schema } from './schema.ts';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

/** The rows of a raw query on either driver (PGlite answers `{ rows }`, postgres.js an array). */
export async function rows<T extends Record<string, unknown>>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute<T>(query)) as { rows?: T[] } | T[];
  return Array.isArray(result) ? result : (result.rows ?? []);
}

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  close(): Promise<void>;
}

export type DatabaseOptions =
  | { url: string }
  /** `dataDir` undefined: in memory (tests). */
  | { dataDir?: string };

export const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));

/** Opens the database and applies the checked-in migrations. */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  const database = 'url' in options ? await openPostgres(options.url) : await openPglite(options.dataDir);
  await database.migrate();
  return { db: database.db, kind: database.kind, close: database.close };
}

async function openPostgres(url: string) {
  const { default: postgres } = await import('postgres');
  const { drizzle } = await import('drizzle-orm/postgres-js');
  const { migrate } = await import('drizzle-orm/postgres-js/migrator');
  // NOTE: notices (e.g. "relation already exists, skipping") are not errors; keep logs clean.
  const sql = postgres(url, { max: 10, onnotice: () => {} });
  const db = drizzle(sql, { schema });
  return {
    db: db as unknown as Db,
    kind: 'postgres' as const,
    migrate: () => migrate(db, { migrationsFolder }),
    close: () => sql.end({ timeout: 5 }),
  };
}

/**
 * The contrib extensions search needs (`pg_trgm`, `unaccent`; created by
 * migration 0011): PGlite must be given them when it is created.
 */
export async function pgliteExtensions() {
  const [{ pg_trgm }, { unaccent }] = await Promise.all([
    import('@electric-sql/pglite/contrib/pg_trgm'),
    import('@electric-sql/pglite/contrib/unaccent'),
  ]);
  return { pg_trgm, unaccent };
}

async function openPglite(dataDir: string | undefined) {
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const { migrate } = await import('drizzle-orm/pglite/migrator');
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const extensions = await pgliteExtensions();
  const client = dataDir ? new PGlite(dataDir, { extensions }) : new PGlite({ extensions });
  const db = drizzle(client, { schema });
  return {
    db: db as unknown as Db,
    kind: 'pglite' as const,
    migrate: () => migrate(db, { migrationsFolder }),
    close: () => client.close(),
  };
}
