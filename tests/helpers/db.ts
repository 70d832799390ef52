/**
 * The databases every API test runs on: embedded PGlite (in memory) always,
 * and PostgreSQL when DATABASE_URL is set, each test file getting its own
 * freshly created database there (dropped on close), so files can run in
 * parallel and leave nothing behind.
 *
 * @example
 * describe.each(testDrivers)('ingest on $name', (driver) => {
 *   let database: Database;
 *   beforeAll(async () => { database = await driver.open(); });
 *   afterAll(() => database.close());
 * });
 */
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { openDatabase, type Database } from '../../db/client.ts';

export interface TestDriver {
  name: 'pglite' | 'postgres';
  /** A new, empty, migrated database; its close() also deletes it. */
  open(): Promise<Database>;
}

const pglite: TestDriver = { name: 'pglite', open: () => openDatabase({}) };

function postgresDriver(baseUrl: string): TestDriver {
  const admin = () => postgres(baseUrl, { max: 1, onnotice: () => {} });
  return {
    name: 'postgres',
    async open() {
      const name = `cb_test_${randomBytes(6).toString('hex')}`;
      const sql = admin();
      try {
        await sql.unsafe(`CREATE DATABASE ${name}`);
      } finally {
        await sql.end();
      }
      const url = new URL(baseUrl);
      url.pathname = `/${name}`;
      const database = await openDatabase({ url: url.toString() });
      return {
        ...database,
        async close() {
          await database.close();
          const sql = admin();
          try {
            await sql.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
          } finally {
            await sql.end();
          }
        },
      };
    },
  };
}

const databaseUrl = process.env.DATABASE_URL?.trim();
const announced = globalThis as { cobrowsePostgresSkipNoted?: boolean };
if (!databaseUrl && !announced.cobrowsePostgresSkipNoted) {
  announced.cobrowsePostgresSkipNoted = true;
  console.warn('DATABASE_URL is not set: PostgreSQL tests are skipped (PGlite only).');
}

export const testDrivers: TestDriver[] = databaseUrl ? [pglite, postgresDriver(databaseUrl)] : [pglite];
