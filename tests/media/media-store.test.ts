/**
 * Both media stores behind the same contract: create-if-absent puts
 * (duplicate / conflict), whole and ranged reads, listing, deleting; the
 * disk store never shows a partial chunk, the PostgreSQL one runs on PGlite
 * and (with DATABASE_URL) PostgreSQL.
 */
import { defaultOrgId } from '../../server/orgs/default-org.ts';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import { mediaTracks, sessions, sites } from '../../db/schema.ts';
import { DiskMediaStore, MediaChunkConflictError, PostgresMediaStore, type MediaStore } from '../../server/media-store/index.ts';
import { testDrivers } from '../helpers/db.ts';

const bytes = (n: number, fill = 1) => Uint8Array.from({ length: n }, (_, i) => (i * 7 + fill) % 256);

interface Case {
  name: string;
  open(): Promise<{ store: MediaStore; sessionId: string; addTrack(trackId: string): Promise<void>; close(): Promise<void> }>;
}

const diskCase: Case = {
  name: 'disk',
  async open() {
    const dir = await mkdtemp(join(tmpdir(), 'cb-media-'));
    return {
      store: new DiskMediaStore(dir),
      sessionId: crypto.randomUUID(),
      addTrack: async () => {},
      close: () => rm(dir, { recursive: true, force: true }),
    };
  },
};

const dbCases: Case[] = testDrivers.map((driver) => ({
  name: `postgres store on ${driver.name}`,
  async open() {
    const database: Database = await driver.open();
    const [site] = await database.db
      .insert(sites)
      .values({ orgId: await defaultOrgId(database.db), name: 's', siteKey: crypto.randomUUID() })
      .returning();
    const sessionId = crypto.randomUUID();
    await database.db.insert(sessions).values({ id: sessionId, siteId: site!.id, startedAt: new Date(), firstUrl: 'http://x/' });
    return {
      store: new PostgresMediaStore(database.db),
      sessionId,
      addTrack: async (trackId) => {
        await database.db.insert(mediaTracks).values({ sessionId, trackId, kind: 'camera', mimeType: 'video/webm', startedAt: 1 });
      },
      close: () => database.close(),
    };
  },
}));

describe.each([diskCase, ...dbCases])('media store: $name', (c) => {
  let ctx: Awaited<ReturnType<Case['open']>>;
  beforeAll(async () => {
    ctx = await c.open();
    await ctx.addTrack('cam');
    await ctx.addTrack('screen');
  });
  afterAll(() => ctx?.close());

  it('puts once, answers the same bytes as a duplicate, refuses different bytes', async () => {
    const key = { sessionId: ctx.sessionId, trackId: 'cam', seq: 0 };
    expect(await ctx.store.put(key, bytes(1000))).toEqual({ duplicate: false });
    expect(await ctx.store.put(key, bytes(1000))).toEqual({ duplicate: true });
    await expect(ctx.store.put(key, bytes(1000, 2))).rejects.toBeInstanceOf(MediaChunkConflictError);
    expect(await ctx.store.get(key)).toEqual(bytes(1000));
  });

  it('lets exactly one of concurrent different puts win', async () => {
    const key = { sessionId: ctx.sessionId, trackId: 'cam', seq: 5 };
    const results = await Promise.allSettled([ctx.store.put(key, bytes(300, 3)), ctx.store.put(key, bytes(300, 4))]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const stored = await ctx.store.get(key);
    expect([bytes(300, 3), bytes(300, 4)]).toContainEqual(stored);
  });

  it('reads ranges, including past the end', async () => {
    const key = { sessionId: ctx.sessionId, trackId: 'cam', seq: 1 };
    const data = bytes(5000, 9);
    await ctx.store.put(key, data);
    expect(await ctx.store.read(key, 0, 10)).toEqual(data.subarray(0, 10));
    expect(await ctx.store.read(key, 1234, 100)).toEqual(data.subarray(1234, 1334));
    expect(await ctx.store.read(key, 4990, 100)).toEqual(data.subarray(4990));
    await expect(ctx.store.read({ ...key, seq: 99 }, 0, 1)).rejects.toThrow(/not in the store/);
    expect(await ctx.store.get({ ...key, seq: 99 })).toBeUndefined();
  });

  it('lists and deletes per track and per session', async () => {
    await ctx.store.put({ sessionId: ctx.sessionId, trackId: 'screen', seq: 10 }, bytes(10));
    await ctx.store.put({ sessionId: ctx.sessionId, trackId: 'screen', seq: 2 }, bytes(10));
    expect(await ctx.store.list(ctx.sessionId, 'screen')).toEqual([2, 10]);
    expect(await ctx.store.list(ctx.sessionId, 'cam')).toEqual([0, 1, 5]);
    await ctx.store.delete(ctx.sessionId, 'screen');
    expect(await ctx.store.list(ctx.sessionId, 'screen')).toEqual([]);
    expect(await ctx.store.list(ctx.sessionId, 'cam')).toEqual([0, 1, 5]);
    await ctx.store.delete(ctx.sessionId);
    expect(await ctx.store.list(ctx.sessionId, 'cam')).toEqual([]);
  });
});

describe('disk media store on a crash', () => {
  it('ignores a leftover temp file and leaves no temp files behind', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cb-media-'));
    try {
      const store = new DiskMediaStore(dir);
      const sessionId = crypto.randomUUID();
      const trackDir = join(dir, sessionId, 'cam');
      await store.put({ sessionId, trackId: 'cam', seq: 0 }, bytes(10));
      // What a crash mid-write leaves: a partial temp file, never a final name.
      await writeFile(join(trackDir, '.1.deadbeef.tmp'), bytes(3));
      expect(await store.list(sessionId, 'cam')).toEqual([0]);
      expect(await store.get({ sessionId, trackId: 'cam', seq: 1 })).toBeUndefined();
      expect(await store.put({ sessionId, trackId: 'cam', seq: 1 }, bytes(20))).toEqual({ duplicate: false });
      expect((await readdir(trackDir)).filter((n) => !n.startsWith('.'))).toEqual(['0.webm', '1.webm']);
      expect((await readdir(trackDir)).filter((n) => n.endsWith('.tmp'))).toEqual(['.1.deadbeef.tmp']);
      await expect(store.list(sessionId, '../etc')).rejects.toThrow(/track id/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
