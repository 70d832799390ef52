/**
 * The catch-up sweeps of compaction and asset capture (server/jobs/catch-up-sweep.ts),
 * on PGlite and PostgreSQL: ingest holds job requests a moment in memory, so
 * a crash can lose them. A chunk left as if its compaction and capture
 * requests were lost (stored as ingest stores it, nothing captured) is
 * compacted and captured after the next start, without anyone asking; a
 * chunk that names no file, one already done, one older than the sweep's
 * reach and one received after the sweeping server started queue nothing.
 */
import { gzipSync } from 'node:zlib';
import { and, eq, sql } from 'drizzle-orm';
import type { eventWithTime } from '@rrweb/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows, type Database } from '../../db/client.ts';
import { assetScans, eventChunks, sessionAssets } from '../../db/schema.ts';
import type { Site } from '../../protocol/api.ts';
import { ASSET_JOB, sweepAssetCapture } from '../../server/assets/asset-jobs.ts';
import { createLogger } from '../../server/logger.ts';
import { isCompacted, isGzip, storedChunkJson } from '../../server/storage/chunk-codec.ts';
import { COMPACTION_JOB, sweepCompaction } from '../../server/storage/chunk-compaction.ts';
import { png, startSiteServer, type SiteServer } from '../assets/site-server.ts';
import { el, page, textNode } from '../assets/synthetic-page.ts';
import { testDrivers } from '../helpers/db.ts';
import { startTestServer, TEST_ORIGIN, type TestServer } from '../helpers/server.ts';

describe.each(testDrivers)('catch-up sweeps on $name', (driver) => {
  let database: Database;
  let t: TestServer;
  let shop: SiteServer;
  let site: Site;

  const chunkRow = async (sessionId: string, seq = 0) =>
    (
      await database.db
        .select()
        .from(eventChunks)
        .where(and(eq(eventChunks.sessionId, sessionId), eq(eventChunks.seq, seq)))
    )[0]!;
  const assetsOf = async (sessionId: string) =>
    (await database.db.select().from(sessionAssets).where(eq(sessionAssets.sessionId, sessionId))).map((r) => r.url);
  /** The database's clock now: jobs are stamped by it. */
  const dbNow = async () => (await rows<{ now: string }>(database.db, sql`select clock_timestamp()::text as now`))[0]!.now;
  /**
   * Jobs of `name` sent since `mark` (a `dbNow()`), in any state: a worker
   * woken by NOTIFY can run a queued job before the test looks, so counting
   * only waiting ones would miss it.
   */
  const sentSince = async (name: string, mark: string) =>
    Number(
      (
        await rows<{ n: number }>(
          database.db,
          sql`select count(*)::int as n from pgboss.job where name = ${name} and created_on >= ${mark}::timestamptz`,
        )
      )[0]!.n,
    );

  /** Records one chunk of a page; waits until its jobs (compaction, capture) have run. */
  const record = async (events: eventWithTime[]) => {
    const sessionId = await t.startSession({ siteKey: site.siteKey, startedAt: events[0]!.timestamp });
    expect((await t.putChunk(sessionId, 0, events, { siteKey: site.siteKey })).status).toBe(201);
    await t.server.jobs.idle();
    return sessionId;
  };

  /** The chunk as it would be had its compaction and capture requests been lost in a crash. */
  const loseJobs = async (sessionId: string) => {
    const row = await chunkRow(sessionId);
    const gzip = gzipSync(await storedChunkJson(database.db, sessionId, row.data));
    await database.db
      .update(eventChunks)
      .set({ data: gzip, byteSize: gzip.byteLength, compacted: false })
      .where(and(eq(eventChunks.sessionId, sessionId), eq(eventChunks.seq, 0)));
    await database.db.delete(assetScans).where(eq(assetScans.sessionId, sessionId));
    await database.db.delete(sessionAssets).where(eq(sessionAssets.sessionId, sessionId));
  };

  beforeAll(async () => {
    database = await driver.open();
    t = await startTestServer({ database });
    shop = await startSiteServer();
    shop.set(
      '/logo.png',
      'image/png',
      png(4, 4, () => [30, 90, 200]),
    );
    site = await t.createSite({ name: 'Crashing shop', allowedOrigins: [TEST_ORIGIN, shop.origin] });
  });

  afterAll(async () => {
    await shop?.close();
    await t?.close();
    await database?.close();
  });

  it('compacts and captures, after the next start, a chunk whose requests a crash lost', async () => {
    const words = 'A long enough page for compaction to win: '.repeat(40);
    const sessionId = await record(
      page(`${shop.origin}/`, [el('img', { src: `${shop.origin}/logo.png` }), el('p', {}, [textNode(words)])]),
    );
    const settled = await chunkRow(sessionId);
    expect(settled.compacted).toBe(true);
    expect(settled.namesAssets).toBe(true);
    expect(isCompacted(settled.data)).toBe(true);
    expect(await assetsOf(sessionId)).toEqual([`${shop.origin}/logo.png`]);

    await loseJobs(sessionId);
    const lost = await chunkRow(sessionId);
    expect(isGzip(lost.data)).toBe(true);
    expect(await assetsOf(sessionId)).toEqual([]);
    const hitsBefore = shop.hits.filter((p) => p === '/logo.png').length;

    // The next start: nobody asks for this session, the sweeps find it.
    await t.close();
    t = await startTestServer({ database });
    await t.server.jobs.idle();

    const recovered = await chunkRow(sessionId);
    expect(recovered.compacted).toBe(true);
    expect(isCompacted(recovered.data)).toBe(true);
    expect(await assetsOf(sessionId)).toEqual([`${shop.origin}/logo.png`]);
    expect(shop.hits.filter((p) => p === '/logo.png').length).toBe(hitsBefore + 1);
    const scanned = await database.db.select().from(assetScans).where(eq(assetScans.sessionId, sessionId));
    expect(scanned.map((r) => r.seq)).toEqual([0]);
    // The stored events are still the ones sent.
    expect(JSON.parse((await storedChunkJson(database.db, sessionId, recovered.data)).toString('utf8'))).toEqual(
      JSON.parse((await storedChunkJson(database.db, sessionId, lost.data)).toString('utf8')),
    );
  });

  it('queues nothing for chunks that are done, name no file, are older than its reach, or came after its start', async () => {
    const logger = createLogger('silent');
    const plain = await record(page(`${shop.origin}/plain`, [el('p', {}, [textNode('no files here')])]));
    expect((await chunkRow(plain)).namesAssets).toBe(false);
    const old = await record(page(`${shop.origin}/old`, [el('img', { src: `${shop.origin}/logo.png` })]));
    await database.db.delete(assetScans).where(eq(assetScans.sessionId, old));
    await database.db
      .update(eventChunks)
      .set({ receivedAt: new Date(Date.now() - 8 * 24 * 3_600_000) })
      .where(eq(eventChunks.sessionId, old));

    let mark = await dbNow();
    const now = new Date();
    expect(await sweepAssetCapture(database.db, t.server.jobs, logger, now)).toEqual({ queued: [], full: false });
    expect(await sweepCompaction(database.db, t.server.jobs, logger, now)).toEqual({ queued: [], full: false });
    expect(await sentSince(ASSET_JOB, mark)).toBe(0);
    expect(await sentSince(COMPACTION_JOB, mark)).toBe(0);

    // A recent chunk whose scan and compaction are missing: received after the sweeping server started, its
    // requests are that server's own (held a moment by ingest), so the sweep leaves it; one started after it queues it.
    await database.db.update(eventChunks).set({ receivedAt: new Date(), compacted: false }).where(eq(eventChunks.sessionId, old));
    mark = await dbNow();
    const startedBefore = new Date(Date.now() - 60_000);
    await sweepAssetCapture(database.db, t.server.jobs, logger, startedBefore);
    await sweepCompaction(database.db, t.server.jobs, logger, startedBefore);
    expect(await sentSince(ASSET_JOB, mark)).toBe(0);
    expect(await sentSince(COMPACTION_JOB, mark)).toBe(0);
    const startedAfter = new Date(Date.now() + 1_000);
    expect(await sweepAssetCapture(database.db, t.server.jobs, logger, startedAfter)).toEqual({ queued: [`${old}/0`], full: false });
    expect(await sweepCompaction(database.db, t.server.jobs, logger, startedAfter)).toEqual({ queued: [old], full: false });
    expect(await sentSince(ASSET_JOB, mark)).toBe(1);
    expect(await sentSince(COMPACTION_JOB, mark)).toBe(1);
    await t.server.jobs.idle();
    expect(await database.db.select().from(assetScans).where(eq(assetScans.sessionId, old))).toHaveLength(1);
  });
});
