/**
 * @module bench/databases
 * The two databases every storage benchmark runs on: PGlite on disk (the
 * embedded default, in a temporary folder) and a scratch database on the
 * PostgreSQL server named by DATABASE_URL (or the local one), dropped after.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { openDatabase, type Database } from '../db/client.ts';

export interface BenchDatabase {
  label: string;
  database: Database;
  dispose(): Promise<void>;
}

const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export async function pgliteOnDisk(): Promise<BenchDatabase> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cb-bench-'));
  const database = await openDatabase({ dataDir: dir });
  return {
    label: 'PGlite (disk)',
    database,
    async dispose() {
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Undefined when no PostgreSQL answers. */
export async function scratchPostgres(): Promise<BenchDatabase | undefined> {
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {}, connect_timeout: 3 });
  const name = `cb_bench_${Date.now().toString(36)}`;
  try {
    await admin.unsafe(`create database ${name}`);
  } catch {
    await admin.end();
    return undefined;
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString() });
  return {
    label: 'PostgreSQL',
    database,
    async dispose() {
      await database.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
