/**
 * The catch-up sweep's pacing (server/jobs/catch-up-sweep.ts), on a real
 * job queue on PGlite and PostgreSQL: a full batch queues a follow-up run;
 * a full batch the same as the run before's (its jobs ran and failed for
 * good, or have not run) doubles the wait before the next, up to a maximum,
 * and a batch that changed brings it back to the base delay; a batch that is
 * not full ends the sweep. Without the doubling, work that fails for good would be
 * queued again every 30 s for as long as the server runs. A sweep's start
 * is the database's time (which stamps what it looks for), not the app
 * server's clock.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { rows, type Database } from '../../db/client.ts';
import { startCatchUpSweep, type SweepBatch } from '../../server/jobs/catch-up-sweep.ts';
import { createLogger } from '../../server/logger.ts';
import { testDrivers } from '../helpers/db.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

const BASE_MS = 400;
const MAX_MS = 1_600;

describe.each(testDrivers)('catch-up sweep pacing on $name', (driver) => {
  let database: Database;
  let t: TestServer;

  beforeAll(async () => {
    database = await driver.open();
    t = await startTestServer({ database });
  });
  afterAll(async () => {
    await t?.close();
    await database?.close();
  });

  const deps = () => ({
    db: database.db,
    jobs: t.server.jobs,
    retry: { retryLimit: 0, retryDelaySeconds: 1 },
    logger: createLogger('silent'),
  });

  it('waits longer after each batch the same as the one before, back to the base delay when it changes, and stops when a batch is not full', async () => {
    const name = `test-sweep-pacing-${driver.name.toLowerCase()}`;
    // What each run finds: `a`, then the same three times (stuck), then `b` comes too (changed), then the same
    // in another order (stuck), then less than a batch.
    const script: SweepBatch[] = [
      { queued: ['a'], full: true },
      { queued: ['a'], full: true },
      { queued: ['a'], full: true },
      { queued: ['a'], full: true },
      { queued: ['a', 'b'], full: true },
      { queued: ['b', 'a'], full: true },
      { queued: [], full: false },
    ];
    let runs = 0;
    await startCatchUpSweep(
      deps(),
      { name, run: async () => script[runs++] ?? { queued: [], full: false } },
      { followUpDelayMs: BASE_MS, maxFollowUpDelayMs: MAX_MS },
    );
    const until = Date.now() + 30_000;
    while (runs < script.length && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    expect(runs).toBe(script.length);
    // Nothing follows a batch that was not full.
    await new Promise((r) => setTimeout(r, 1_500));
    expect(runs).toBe(script.length);

    // Each run's wait, as queued: start_after against the time the job was made.
    const waits = await rows<{ ms: number }>(
      database.db,
      sql`select (extract(epoch from start_after - created_on) * 1000)::float8 as ms from pgboss.job where name = ${name} order by created_on`,
    );
    const expected = [0, BASE_MS, 2 * BASE_MS, 4 * BASE_MS, MAX_MS, BASE_MS, 2 * BASE_MS];
    expect(waits).toHaveLength(expected.length);
    // A job is stamped when it is inserted, a moment after its wait was reckoned (longer on a loaded machine): never more.
    waits.forEach(({ ms }, i) => {
      expect(Number(ms), `wait ${i}`).toBeLessThanOrEqual(expected[i]! + 50);
      expect(Number(ms), `wait ${i}`).toBeGreaterThan(expected[i]! - 300);
    });
  });

  // PGlite runs in this process and reads this process's clock: there the two cannot differ (and agree here).
  it("takes its start from the database's clock, not the app server's (here ten minutes behind)", async () => {
    let startedAt: Date | undefined;
    const behind = Date.now() - 10 * 60_000;
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(behind);
    let databaseTime: Date;
    try {
      await startCatchUpSweep(deps(), {
        name: `test-sweep-clock-${driver.name.toLowerCase()}`,
        run: async (start) => {
          startedAt = start;
          return { queued: [], full: false };
        },
      });
      const [row] = await rows<{ now: string }>(database.db, sql`select clock_timestamp()::text as now`);
      databaseTime = new Date(row!.now);
    } finally {
      vi.useRealTimers();
    }
    const until = Date.now() + 10_000;
    while (!startedAt && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    expect(startedAt).toBeDefined();
    expect(Math.abs(databaseTime.getTime() - startedAt!.getTime())).toBeLessThan(5_000);
  });
});
