/**
 * @module server/jobs/pg-boss-db
 * pg-boss's database adapter over the connection the server already has, so
 * the queue lives in the same database (its own `pgboss` schema) on both
 * drivers and opens no second pool:
 *
 * - PGlite: pg-boss's own `fromPglite` (multi-statement blocks go through
 *   `exec()`, LISTEN/NOTIFY works in-process).
 * - postgres.js: below. Parameterised statements use the extended protocol;
 *   pg-boss's parameterless multi-statement blocks (`BEGIN; … COMMIT;`, its
 *   migrations) use the simple protocol on a reserved connection, exactly
 *   what node-postgres does for pg-boss by default, and the rows of every
 *   statement are returned.
 */
import { fromPglite, type Db as BossDb, type PGliteLike } from 'pg-boss';
import type { Sql } from 'postgres';
import type { Database } from '../../db/client.ts';

export function bossDb(database: Database): BossDb {
  const client = (database.db as unknown as { $client: unknown }).$client;
  return database.kind === 'pglite' ? fromPglite(client as PGliteLike) : fromPostgresJs(client as Sql);
}

function fromPostgresJs(sql: Sql): BossDb {
  return {
    async executeSql(text, values) {
      if (values?.length) return { rows: [...(await sql.unsafe(text, values.map(prepareValue) as never[]))] };
      // NOTE: postgres.js refuses a BEGIN on a pooled connection (it cannot
      // know the COMMIT comes in the same message), so blocks run on a
      // reserved one, sent as one simple-protocol message as node-postgres would.
      const reserved = await sql.reserve();
      try {
        return { rows: flattenRows(await reserved.unsafe(text).simple()) };
      } finally {
        reserved.release();
      }
    },
    async listen(channel, onNotification, onReconnect) {
      // NOTE: postgres.js calls `onlisten` after every (re)subscribe, as pg-boss asks.
      const subscription = await sql.listen(channel, onNotification, onReconnect);
      return { close: () => subscription.unlisten() };
    },
  };
}

/**
 * Values as node-postgres sends them (pg-boss is written against it):
 * dates as ISO text, arrays as array literals, other objects as JSON.
 * postgres.js would otherwise pick a serializer from the server-described
 * parameter type, and it has none for e.g. a Date bound to timestamptz.
 */
function prepareValue(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (value instanceof Uint8Array) return value;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return arrayLiteral(value);
  if (typeof value === 'object') return JSON.stringify(value);
  return value;
}

function arrayLiteral(values: unknown[]): string {
  const items = values.map((v) => {
    if (v === null || v === undefined) return 'NULL';
    if (Array.isArray(v)) return arrayLiteral(v);
    const text = String(prepareValue(v));
    return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  });
  return `{${items.join(',')}}`;
}

/** A multi-statement simple query answers one result (array of rows) per statement. */
function flattenRows(result: unknown[]): unknown[] {
  return result.length > 0 && result.every((r) => Array.isArray(r)) ? (result as unknown[][]).flat() : [...result];
}
