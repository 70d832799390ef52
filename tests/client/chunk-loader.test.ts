import { describe, expect, it, vi } from 'vitest';
import { ChunkCache } from '../../client/player/chunk-cache.ts';
import { ChunkIndex } from '../../client/player/chunk-index.ts';
import { ChunkLoader, mergeByTime } from '../../client/player/chunk-loader.ts';
import { TimeMap } from '../../client/player/time-map.ts';
import { FakeChunkSource, recording, T0 } from './fixtures.ts';

const MIN = 60_000;

function setup(opts: Parameters<typeof recording>[0], windowMs = MIN) {
  const rec = recording(opts);
  const source = new FakeChunkSource(rec.chunks);
  const loader = new ChunkLoader(source, { firstEventTs: rec.firstEventTs, lastEventTs: rec.lastEventTs, windowMs });
  return { rec, source, loader };
}

describe('ChunkLoader', () => {
  it('opens at the start with the chunks up to it; the window after comes next without another list', async () => {
    const { source, loader } = setup({ minutes: 60 });
    const res = await loader.loadAt(T0);
    expect(res?.kind).toBe('rebuild');
    if (res?.kind !== 'rebuild') return;
    expect(res.baseTs).toBe(T0);
    expect(res.events[0]!.type).toBe(4);
    expect(res.events[1]!.type).toBe(2);
    // Showing 0:00 needs chunk 0 only (10 s chunks); the list asked for reaches a window further.
    expect(source.fetched).toEqual([0]);
    expect(source.ranges).toEqual([{ from: T0, to: T0 + MIN }]);
    expect(loader.coveredUntil).toBe(T0 + 10_000 - 1);
    const next = await loader.loadNext();
    expect(next?.kind).toBe('append');
    expect(source.fetched).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(source.ranges.length).toBe(1);
    expect(loader.coveredUntil).toBe(T0 + MIN);
    expect(loader.complete).toBe(false);
  });

  it('opening at minute 50 starts at the snapshot before it and never downloads minutes 0–49', async () => {
    const { source, loader, rec } = setup({ minutes: 60, checkoutMin: 10 });
    const res = await loader.loadAt(T0 + 55 * MIN);
    expect(res?.kind).toBe('rebuild');
    if (res?.kind !== 'rebuild') return;
    // The last snapshot at or before 55:00 is the 50:00 checkout.
    expect(res.baseTs).toBe(T0 + 50 * MIN);
    const snapSeq = source.refs.find((r) => r.firstTs === T0 + 50 * MIN)!.seq;
    expect(Math.min(...source.fetched)).toBe(snapSeq);
    expect(source.fetched.every((seq) => rec.chunks[seq]![0]!.timestamp >= T0 + 50 * MIN)).toBe(true);
    expect(res.events[0]!.type).toBe(4);
    expect(loader.covers(T0 + 55 * MIN)).toBe(true);
    expect(loader.covers(T0 + 49 * MIN)).toBe(false);
  });

  it('loads the next windows by appending, without duplicates, until complete', async () => {
    const { source, loader, rec } = setup({ minutes: 5, checkoutMin: 2 });
    const first = await loader.loadAt(T0);
    const seen = [...(first?.events ?? [])];
    let guard = 0;
    while (!loader.complete && guard++ < 50) {
      const next = await loader.loadNext();
      if (!next) break;
      expect(next.kind).toBe('append');
      seen.push(...next.events);
    }
    expect(loader.complete).toBe(true);
    expect(new Set(source.fetched).size).toBe(source.fetched.length);
    expect(source.fetched).toEqual(rec.chunks.map((_, i) => i));
    expect(seen.map((e) => e.timestamp)).toEqual(rec.events.map((e) => e.timestamp));
    expect(await loader.loadNext()).toBeNull();
  });

  it('seeking a little past the loaded window appends instead of rebuilding', async () => {
    const { source, loader } = setup({ minutes: 30, checkoutMin: 10 });
    await loader.loadAt(T0 + 1 * MIN);
    const before = source.fetched.length;
    const res = await loader.loadAt(T0 + 4 * MIN);
    expect(res?.kind).toBe('append');
    // No chunk downloaded twice.
    expect(new Set(source.fetched).size).toBe(source.fetched.length);
    expect(source.fetched.length).toBeGreaterThan(before);
    expect(loader.baseTs).toBe(T0);
    expect(loader.covers(T0 + 4 * MIN)).toBe(true);
  });

  it('seeking backwards before the segment rebuilds from the earlier snapshot', async () => {
    const { loader } = setup({ minutes: 30, checkoutMin: 10 });
    await loader.loadAt(T0 + 25 * MIN);
    expect(loader.baseTs).toBe(T0 + 20 * MIN);
    const res = await loader.loadAt(T0 + 5 * MIN);
    expect(res?.kind).toBe('rebuild');
    expect(loader.baseTs).toBe(T0);
  });

  it('a seek makes a pending prefetch stale', async () => {
    const { source, loader } = setup({ minutes: 30, checkoutMin: 10 });
    await loader.loadAt(T0);
    source.delay = 5;
    const pending = loader.loadNext();
    const seek = loader.loadAt(T0 + 25 * MIN);
    expect(await pending).toBeNull();
    expect((await seek)?.kind).toBe('rebuild');
    expect(loader.baseTs).toBe(T0 + 20 * MIN);
  });

  it('concurrent loadNext calls share one load', async () => {
    const { source, loader } = setup({ minutes: 10 });
    await loader.loadAt(T0 + 30_000);
    source.delay = 5;
    const n = source.ranges.length;
    const [a, b] = await Promise.all([loader.loadNext(), loader.loadNext()]);
    expect(a).toBe(b);
    expect(a?.kind).toBe('append');
    expect(new Set(source.fetched).size).toBe(source.fetched.length);
    expect(source.ranges.length).toBeLessThanOrEqual(n + 1);
  });

  it('skips an idle stretch with growing windows', async () => {
    const { loader, source } = setup({ minutes: 20, checkoutMin: 30, gap: [60_000, 15 * MIN] });
    await loader.loadAt(T0 + 60_000);
    const next = await loader.loadNext();
    expect(next?.kind).toBe('append');
    expect(next!.events[0]!.timestamp).toBe(T0 + 15 * MIN);
    // 1 + a few doubling windows, not 14 one-minute ones.
    expect(source.ranges.length).toBeLessThanOrEqual(6);
  });

  it('clamps times outside the session', async () => {
    const { loader, rec } = setup({ minutes: 3 });
    const res = await loader.loadAt(rec.lastEventTs + 10 * MIN);
    expect(res?.kind).toBe('rebuild');
    expect(loader.complete).toBe(true);
  });
});

describe('ChunkLoader cache and prefetch', () => {
  it('a seek back to a moment seen before downloads nothing and asks for no list', async () => {
    const { source, loader } = setup({ minutes: 60, checkoutMin: 5 });
    await loader.loadAt(T0 + 12 * MIN);
    await loader.loadAt(T0 + 47 * MIN);
    const fetched = source.fetched.length;
    const ranges = source.ranges.length;
    expect(loader.isCached(T0 + 12 * MIN)).toBe(true);
    const back = await loader.loadAt(T0 + 12 * MIN);
    expect(back?.kind).toBe('rebuild');
    expect(loader.baseTs).toBe(T0 + 10 * MIN);
    expect(source.fetched.length).toBe(fetched);
    expect(source.ranges.length).toBe(ranges);
    // Built from the nearest snapshot: the events begin at the 10:00 checkout and reach 12:00.
    if (back?.kind !== 'rebuild') return;
    expect(back.events[0]!.timestamp).toBe(T0 + 10 * MIN);
    expect(back.events.at(-1)!.timestamp).toBeGreaterThanOrEqual(T0 + 12 * MIN);
    expect(back.events.at(-1)!.timestamp).toBeLessThan(T0 + 12 * MIN + 10_000);
  });

  it('a moment inside a known list needs no request for the list, even past a later snapshot in it', async () => {
    const { source, loader } = setup({ minutes: 30, checkoutMin: 5 }, 10 * MIN);
    await loader.loadAt(T0 + 3 * MIN); // the list answers 0:00 (snapshot) through 13:00
    expect(source.ranges.length).toBe(1);
    const res = await loader.loadAt(T0 + 11 * MIN);
    expect(source.ranges.length).toBe(1);
    // 11:00 starts from the 10:00 snapshot, which is not in the segment: a rebuild from there only.
    expect(res?.kind).toBe('rebuild');
    expect(loader.baseTs).toBe(T0 + 10 * MIN);
    expect(source.fetched.filter((seq) => source.refs[seq]!.firstTs >= T0 + 10 * MIN).length).toBe(7);
  });

  it('a seek superseded before its list came downloads nothing; one superseded mid-download keeps its chunks', async () => {
    const { source, loader } = setup({ minutes: 60, checkoutMin: 5 });
    source.delay = 5;
    const early = loader.loadAt(T0 + 33 * MIN);
    const latest = loader.loadAt(T0 + 52 * MIN);
    expect(await early).toBeNull();
    expect((await latest)?.kind).toBe('rebuild');
    expect(source.fetched.every((seq) => source.refs[seq]!.firstTs >= T0 + 50 * MIN)).toBe(true);

    source.delay = 20; // 18 chunks, 4 at a time: ~100 ms of downloads to interrupt after the first lands
    const midway = loader.loadAt(T0 + 18 * MIN);
    await vi.waitFor(() => expect(source.fetched.some((seq) => source.refs[seq]!.firstTs < T0 + 20 * MIN)).toBe(true), {
      interval: 1,
    });
    const other = loader.loadAt(T0 + 41 * MIN);
    expect(await midway).toBeNull();
    await other;
    const fetched = source.fetched.length;
    await loader.loadAt(T0 + 18 * MIN);
    expect(source.fetched.length).toBe(fetched);
    expect(new Set(source.fetched).size).toBe(source.fetched.length);
  });

  it('shares a download in flight: a prefetch and a seek to the same moment fetch each chunk once', async () => {
    const { source, loader } = setup({ minutes: 30, checkoutMin: 5 });
    await loader.prefetchIndex();
    source.delay = 5;
    await Promise.all([loader.warm(T0 + 17 * MIN), loader.loadAt(T0 + 17 * MIN)]);
    expect(source.fetched.length).toBeGreaterThan(10);
    expect(new Set(source.fetched).size).toBe(source.fetched.length);
  });

  it('warm() fills the cache without touching the segment', async () => {
    const { source, loader } = setup({ minutes: 30, checkoutMin: 5 });
    await loader.loadAt(T0 + 21 * MIN);
    await loader.warm(T0 + 19 * MIN);
    expect(loader.baseTs).toBe(T0 + 20 * MIN);
    expect(loader.covers(T0 + 19 * MIN)).toBe(false);
    expect(loader.isCached(T0 + 19 * MIN)).toBe(true);
    const fetched = source.fetched.length;
    expect((await loader.loadAt(T0 + 19 * MIN))?.kind).toBe('rebuild');
    expect(source.fetched.length).toBe(fetched);
  });

  it('after prefetchIndex() the window ahead is still one window, not the rest of the session', async () => {
    const { source, loader } = setup({ minutes: 60, checkoutMin: 5 });
    await loader.prefetchIndex();
    await loader.loadAt(T0 + 20 * MIN);
    const before = source.fetched.length;
    const next = await loader.loadNext();
    const fresh = source.fetched.slice(before).map((seq) => source.refs[seq]!);
    expect(next?.kind).toBe('append');
    expect(fresh.length).toBeGreaterThan(0);
    // Loaded through the chunk at 20:00 (10 s chunks), so the next window is (20:10, 21:10].
    expect(fresh.every((c) => c.firstTs > T0 + 20 * MIN && c.firstTs < T0 + 21 * MIN + 10_000)).toBe(true);
    expect(fresh).toHaveLength(6);
    expect(loader.coveredUntil).toBe(T0 + 21 * MIN + 10_000 - 1);
  });

  it('after prefetchIndex() a seek anywhere asks for no list, and downloads only its own stretch', async () => {
    const { source, loader } = setup({ minutes: 60, checkoutMin: 5 });
    await loader.loadAt(T0);
    await loader.prefetchIndex();
    const ranges = source.ranges.length;
    for (const min of [37.5, 8.2, 52.7, 21.6]) {
      const before = source.fetched.length;
      const at = T0 + min * MIN;
      await loader.loadAt(at);
      const snap = T0 + Math.floor(min / 5) * 5 * MIN;
      const fresh = source.fetched.slice(before).map((seq) => source.refs[seq]!);
      expect(fresh.every((c) => c.firstTs >= snap && c.firstTs <= at)).toBe(true);
      expect(loader.baseTs).toBe(snap);
    }
    expect(source.ranges.length).toBe(ranges);
    expect(await loader.prefetchIndex()).toBeUndefined();
    expect(source.ranges.length).toBe(ranges); // fetched once
  });
});

describe('ChunkLoader.prefetchIndex failures', () => {
  it('a failed whole-list request is tried again by the next call, and seeks still work meanwhile', async () => {
    const rec = recording({ minutes: 30, checkoutMin: 5 });
    const fake = new FakeChunkSource(rec.chunks);
    let failNext = true;
    const source = {
      range: (from: number, to: number) => {
        if (failNext && from === rec.firstEventTs && to === rec.lastEventTs) {
          failNext = false;
          return Promise.reject(new Error('offline'));
        }
        return fake.range(from, to);
      },
      events: (seq: number) => fake.events(seq),
    };
    const loader = new ChunkLoader(source, { firstEventTs: rec.firstEventTs, lastEventTs: rec.lastEventTs });
    await expect(loader.prefetchIndex()).rejects.toThrow('offline');
    expect((await loader.loadAt(T0 + 12 * MIN))?.kind).toBe('rebuild');
    await loader.prefetchIndex();
    const ranges = fake.ranges.length;
    await loader.loadAt(T0 + 27 * MIN);
    expect(fake.ranges.length).toBe(ranges);
  });
});

describe('ChunkIndex', () => {
  const ref = (seq: number, firstTs: number, snap = false) => ({
    seq,
    firstTs,
    lastTs: firstTs + 900,
    startsWithSnapshot: snap,
    eventCount: 2,
    byteSize: 100,
  });
  const answer = {
    sessionId: 's',
    from: 2_500,
    to: 6_000,
    chunks: [ref(2, 2_000, true), ref(3, 3_000), ref(4, 4_000, true), ref(5, 5_000), ref(6, 6_000)],
  };

  it('plans from the last snapshot at or before the time, through the chunk holding it', () => {
    const index = new ChunkIndex();
    index.add(answer);
    expect(index.plan(3_500)).toEqual({ start: answer.chunks[0], chunks: answer.chunks.slice(0, 2), coveredUntil: 3_999 });
    expect(index.plan(5_200)).toEqual({ start: answer.chunks[2], chunks: answer.chunks.slice(2, 4), coveredUntil: 5_999 });
    expect(index.plan(6_000)?.coveredUntil).toBe(6_000);
    // Before the answer's first chunk, or after its `to`: unknown.
    expect(index.plan(1_999)).toBeNull();
    expect(index.plan(6_001)).toBeNull();
  });

  it('lists the chunks following a loaded stretch only from an answer that misses none', () => {
    const index = new ChunkIndex();
    index.add(answer);
    expect(index.following(3_999, 9_000)).toEqual({ chunks: answer.chunks.slice(2), until: 6_000 });
    expect(index.following(3_999, 5_500)).toEqual({ chunks: answer.chunks.slice(2, 4), until: 5_500 });
    expect(index.following(1_000, 9_000)).toBeNull(); // the answer starts later: chunks before 2 000 unknown
    expect(index.following(6_000, 9_000)).toBeNull(); // nothing known after
  });
});

describe('ChunkCache', () => {
  const events = (n: number) => Array.from({ length: n }, (_, i) => ({ type: 3, timestamp: i, data: {} }));

  it('drops the least recently used chunks past its budget of events', async () => {
    const cache = new ChunkCache(10);
    cache.track(1, Promise.resolve(events(4)));
    cache.track(2, Promise.resolve(events(4)));
    await Promise.resolve();
    await Promise.resolve();
    expect(cache.get(1)).toHaveLength(4); // 1 is now the most recently used
    cache.track(3, Promise.resolve(events(4)));
    await Promise.resolve();
    await Promise.resolve();
    expect([cache.has(1), cache.has(2), cache.has(3)]).toEqual([true, false, true]);
  });

  it('forgets a failed download, so the next need retries it', async () => {
    const cache = new ChunkCache();
    const failed = Promise.reject(new Error('offline'));
    cache.track(7, failed);
    expect(cache.get(7)).toBe(failed);
    await failed.catch(() => {});
    await Promise.resolve();
    expect(cache.get(7)).toBeUndefined();
  });
});

describe('mergeByTime', () => {
  it('keeps order and stability', () => {
    const e = (timestamp: number, n: number) => ({ type: 3, timestamp, data: { n } }) as never;
    const merged = mergeByTime([
      [e(1, 1), e(3, 2)],
      [e(2, 3), e(3, 4)],
    ]);
    expect(merged.map((x) => (x.data as { n: number }).n)).toEqual([1, 3, 2, 4]);
  });
});

describe('TimeMap', () => {
  it('maps session time and replayer time when the replayer starts mid-session', () => {
    const map = new TimeMap(T0, T0 + 50 * MIN);
    expect(map.toReplayer(55 * MIN)).toBe(5 * MIN);
    expect(map.toSession(5 * MIN)).toBe(55 * MIN);
    expect(map.toReplayer(10 * MIN)).toBe(0); // before the replayer's start: clamp
    expect(map.replayerStartSessionMs).toBe(50 * MIN);
    expect(map.toAbsolute(1000)).toBe(T0 + 1000);
    expect(map.fromAbsolute(T0 + 1000)).toBe(1000);
  });

  it('is the identity when the replayer starts with the session', () => {
    const map = new TimeMap(T0, T0);
    for (const t of [0, 1, 12_345, 3_600_000]) {
      expect(map.toReplayer(t)).toBe(t);
      expect(map.toSession(t)).toBe(t);
    }
  });
});
