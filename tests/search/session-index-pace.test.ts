/**
 * Pacing a session's search indexing while its recording goes on
 * (server/search/session-index-pace.ts): indexing reads the whole session, so
 * a long recording re-indexed at every delay cost time quadratic in its
 * length. While chunks arrive, a run indexes only a session that grew by a
 * quarter; once quiet for the delay, it indexes what it finds; a run during
 * the recording always leaves a successor, so the last chunks are indexed.
 */
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows, type Database } from '../../db/client.ts';
import { eventChunks, searchSubjects } from '../../db/schema.ts';
import { createLogger } from '../../server/logger.ts';
import { runSearchIndex, SEARCH_JOBS } from '../../server/search/search-jobs.ts';
import { paceSessionIndex, SESSION_INDEX_GROWTH } from '../../server/search/session-index-pace.ts';
import { testDrivers } from '../helpers/db.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { syntheticSession } from '../helpers/synthetic-session.ts';

const QUIET_MS = 60_000;

describe('the pace of a session’s indexing', () => {
  it('indexes a quiet session, and one still recording only when new or grown by a quarter, always asking again', () => {
    // No chunk, or none for the delay: index now, nothing to come back for.
    expect(paceSessionIndex({ chunks: 0, indexedChunks: null, quietForMs: null }, QUIET_MS)).toEqual({ index: true, followUpInMs: null });
    expect(paceSessionIndex({ chunks: 40, indexedChunks: 40, quietForMs: QUIET_MS }, QUIET_MS)).toEqual({
      index: true,
      followUpInMs: null,
    });
    // A zero delay (the tests' servers): every run indexes.
    expect(paceSessionIndex({ chunks: 41, indexedChunks: 40, quietForMs: 0 }, 0)).toEqual({ index: true, followUpInMs: null });
    // Recording: never indexed, then grown by a quarter, indexes; less waits. Each comes back when it will be quiet.
    expect(paceSessionIndex({ chunks: 3, indexedChunks: null, quietForMs: 5_000 }, QUIET_MS)).toEqual({
      index: true,
      followUpInMs: 55_000,
    });
    expect(paceSessionIndex({ chunks: 50, indexedChunks: 40, quietForMs: 20_000 }, QUIET_MS)).toEqual({
      index: true,
      followUpInMs: 40_000,
    });
    expect(paceSessionIndex({ chunks: 49, indexedChunks: 40, quietForMs: 20_000 }, QUIET_MS)).toEqual({
      index: false,
      followUpInMs: 40_000,
    });
    // Quiet but for a few ms: not polled in a loop.
    expect(paceSessionIndex({ chunks: 49, indexedChunks: 40, quietForMs: QUIET_MS - 3 }, QUIET_MS).followUpInMs).toBe(1_000);
  });

  it('reads a 60-minute recording a few times its size in all, where a run every 30 s read it 60 times', () => {
    const chunkMs = 5_000;
    const delayMs = 30_000;
    const chunksAt = (t: number) => Math.floor(t / chunkMs);
    const total = chunksAt(60 * 60_000);
    let indexedChunks: number | null = null;
    let paced = 0;
    let unpaced = 0;
    // The ingest throttle's runs, one per delay while chunks arrive, then the one a delay after the last.
    for (let t = delayMs; t <= 60 * 60_000 + delayMs; t += delayMs) {
      const chunks = Math.min(total, chunksAt(t));
      const quietForMs = t - Math.min(t, chunks * chunkMs);
      unpaced += chunks;
      const pace = paceSessionIndex({ chunks, indexedChunks, quietForMs }, delayMs);
      if (pace.index) {
        paced += chunks;
        indexedChunks = chunks;
      }
    }
    expect(indexedChunks).toBe(total);
    // A geometric series of ratio 1 / growth, plus the last run.
    expect(paced).toBeLessThanOrEqual((1 / (1 - 1 / SESSION_INDEX_GROWTH) + 1) * total);
    expect(unpaced / total).toBeGreaterThan(60);
    expect(paced / total).toBeLessThan(7);
  });
});

describe.each(testDrivers)('a session’s indexing while it is recorded, on $name', (driver) => {
  let database: Database;
  let t: TestServer;
  const logger = createLogger('silent');

  beforeAll(async () => {
    database = await driver.open();
    // Ingest's own requests wait ten minutes: the runs here are the test's.
    t = await startTestServer({ database, searchIndexDelayMs: 600_000 });
  });

  afterAll(async () => {
    await t?.close();
    await database?.close();
  });

  const run = (sessionId: string) =>
    runSearchIndex({ db: database.db, jobs: t.server.jobs, logger, sessionQuietMs: QUIET_MS }, { kind: 'session', id: sessionId });
  const indexedChunks = async (sessionId: string) =>
    (
      await database.db
        .select({ v: searchSubjects.sourceVersion })
        .from(searchSubjects)
        .where(and(eq(searchSubjects.kind, 'session'), eq(searchSubjects.subjectId, sessionId)))
    )[0]?.v ?? null;
  /** Seconds until each waiting run of the session is due. */
  const waitingRuns = async (sessionId: string) =>
    (
      await rows<{ in_s: number }>(
        database.db,
        sql`select extract(epoch from start_after - clock_timestamp())::float8 as in_s from pgboss.job
             where name = ${SEARCH_JOBS.index} and singleton_key = ${`session:${sessionId}`} and state = 'created'`,
      )
    ).map((r) => Number(r.in_s));
  const dropWaitingRuns = (sessionId: string) =>
    database.db.execute(
      sql`delete from pgboss.job where name = ${SEARCH_JOBS.index} and singleton_key = ${`session:${sessionId}`} and state = 'created'`,
    );

  it('indexes at first, again only after a quarter more, and whatever it has once the recording went quiet', async () => {
    const synthetic = syntheticSession({ durationMs: 60_000, tickMs: 1_000, checkoutMs: 30_000 });
    const chunks = synthetic.chunks(5_000);
    const sessionId = await t.startSession({ startedAt: synthetic.startTs, url: 'https://shop.test/synthetic' });
    const put = async (seq: number) => expect((await t.putChunk(sessionId, seq, chunks[seq])).status).toBe(201);
    /** One run as the job queue would start it, with only the runs it queues itself left waiting. */
    const runAlone = async () => {
      await dropWaitingRuns(sessionId);
      await run(sessionId);
    };

    for (let seq = 0; seq < 8; seq++) await put(seq);
    await runAlone();
    expect(await indexedChunks(sessionId)).toBe(8);
    // …and it comes back when the session will have been quiet for the delay.
    const [first, ...more] = await waitingRuns(sessionId);
    expect(more).toEqual([]);
    expect(first).toBeGreaterThan(QUIET_MS / 1000 - 15);
    expect(first).toBeLessThanOrEqual(QUIET_MS / 1000);

    await put(8);
    await runAlone();
    expect(await indexedChunks(sessionId)).toBe(8);
    expect(await waitingRuns(sessionId)).toHaveLength(1);

    await put(9); // 10 = 8 × 1.25
    await runAlone();
    expect(await indexedChunks(sessionId)).toBe(10);

    // One more, then the recording stops: the run a delay later indexes it, and asks for none after.
    await put(10);
    await runAlone();
    expect(await indexedChunks(sessionId)).toBe(10);
    await database.db
      .update(eventChunks)
      .set({ receivedAt: sql`clock_timestamp() - interval '2 minutes'` })
      .where(eq(eventChunks.sessionId, sessionId));
    await runAlone();
    expect(await indexedChunks(sessionId)).toBe(11);
    expect(await waitingRuns(sessionId)).toEqual([]);
  });
});
