/**
 * @module bench/ingest-throughput
 * Chunks per second through the real ingest endpoint (HTTP, gunzip,
 * validation, metadata, one transaction), against a plain INSERT of the same
 * compressed bytes with the same driver: the ratio is what the ingest path
 * costs on top of storing the bytes.
 */
import { defaultOrgId } from '../server/orgs/default-org.ts';
import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { sql } from 'drizzle-orm';
import { sites } from '../db/schema.ts';
import { startServer } from '../server/server.ts';
import { CHUNK_CONTENT_TYPE_GZIP, INGEST_BASE, SITE_KEY_HEADER } from '../protocol/ingest-constants.ts';
import type { SessionAck } from '../protocol/ingest.ts';
import { syntheticSession } from '../tests/helpers/synthetic-session.ts';
import { pgliteOnDisk, scratchPostgres, type BenchDatabase } from './databases.ts';
import type { Benchmark, Row } from './report.ts';

const ORIGIN = 'http://bench.test';
const SESSION_MINUTES = 5;

async function measure(target: BenchDatabase): Promise<Row[]> {
  const { db } = target.database;
  const server = await startServer({ port: 0, host: '127.0.0.1', database: target.database, logLevel: 'silent' });
  try {
    const siteKey = `pk_bench_${randomUUID()}`;
    await db.insert(sites).values({ orgId: await defaultOrgId(db), name: 'bench', siteKey, allowedOrigins: [ORIGIN] });
    const session = syntheticSession({ durationMs: SESSION_MINUTES * 60_000, padding: 40 });
    const bodies = session.chunks().map((events) => gzipSync(JSON.stringify(events)));
    const headers = { origin: ORIGIN, [SITE_KEY_HEADER]: siteKey };

    // Warm up both paths (JIT, connection pools, prepared plans) on a session of its own.
    const ingestRun = async (count: number) => {
      const id = randomUUID();
      const base = `${server.url}${INGEST_BASE}/sessions/${id}`;
      const start = await fetch(base, {
        method: 'PUT',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ startedAt: session.startTs, url: 'https://shop.test/synthetic' }),
      });
      if (!start.ok) throw new Error(`session start: ${start.status} ${await start.text()}`);
      const authorization = `Bearer ${((await start.json()) as SessionAck).sessionToken}`;
      const t0 = performance.now();
      for (let seq = 0; seq < count; seq++) {
        const res = await fetch(`${base}/chunks/${seq}`, {
          method: 'PUT',
          headers: { ...headers, authorization, 'content-type': CHUNK_CONTENT_TYPE_GZIP },
          body: bodies[seq],
        });
        if (res.status !== 201) throw new Error(`chunk ${seq}: ${res.status} ${await res.text()}`);
      }
      return performance.now() - t0;
    };
    await db.execute(sql`create table if not exists bench_plain (session_id uuid, seq int, data bytea)`);
    const plainRun = async (count: number) => {
      const id = randomUUID();
      const t0 = performance.now();
      for (let seq = 0; seq < count; seq++) {
        const bytes = bodies[seq]!;
        await db.execute(sql`insert into bench_plain (session_id, seq, data) values (${id}, ${seq}, ${bytes})`);
      }
      return performance.now() - t0;
    };
    await ingestRun(50);
    await plainRun(50);

    const n = bodies.length;
    // Interleave the two so drifts in machine load hit both alike.
    let ingestMs = 0;
    let plainMs = 0;
    for (let round = 0; round < 2; round++) {
      ingestMs += await ingestRun(n);
      plainMs += await plainRun(n);
    }
    const perSecond = (ms: number) => (2 * n) / (ms / 1000);
    const avgKb = bodies.reduce((s, b) => s + b.length, 0) / n / 1024;
    return [
      {
        benchmark: 'Ingest throughput',
        variant: `${target.label}, ${n} chunks of ~${avgKb.toFixed(1)} KiB, one at a time`,
        value: perSecond(ingestMs),
        baseline: perSecond(plainMs),
        baselineLabel: 'plain INSERT, same driver',
        unit: 'chunks/s',
        reading: 'higher is better; 1.0 would mean ingest costs no more than storing the bytes',
      },
    ];
  } finally {
    await server.close();
  }
}

export const ingestThroughput: Benchmark = {
  name: 'ingest throughput',
  async run() {
    const rows: Row[] = [];
    for (const open of [pgliteOnDisk, scratchPostgres]) {
      const target = await open();
      if (!target) {
        console.warn('ingest throughput: no PostgreSQL reachable, skipped');
        continue;
      }
      try {
        rows.push(...(await measure(target)));
      } finally {
        await target.dispose();
      }
    }
    return rows;
  },
};
