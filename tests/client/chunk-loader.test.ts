import { describe, expect, it } from 'vitest';
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
  it('opens at the start with the first window only', async () => {
    const { source, loader } = setup({ minutes: 60 });
    const res = await loader.loadAt(T0);
    expect(res?.kind).toBe('rebuild');
    if (res?.kind !== 'rebuild') return;
    expect(res.baseTs).toBe(T0);
    expect(res.events[0]!.type).toBe(4);
    expect(res.events[1]!.type).toBe(2);
    // 10 s chunks: the window [0, 60 s] needs chunks 0..6.
    expect(source.fetched).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(loader.coveredUntil).toBe(T0 + MIN + 9_500);
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

  it('concurrent loadNext calls share one request', async () => {
    const { source, loader } = setup({ minutes: 10 });
    await loader.loadAt(T0);
    const n = source.ranges.length;
    const [a, b] = await Promise.all([loader.loadNext(), loader.loadNext()]);
    expect(a).toBe(b);
    expect(source.ranges.length).toBe(n + 1);
  });

  it('skips an idle stretch with growing windows', async () => {
    const { loader, source } = setup({ minutes: 20, checkoutMin: 30, gap: [60_000, 15 * MIN] });
    await loader.loadAt(T0);
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

describe('mergeByTime', () => {
  it('keeps order and stability', () => {
    const e = (timestamp: number, n: number) => ({ type: 3, timestamp, data: { n } }) as never;
    const merged = mergeByTime([[e(1, 1), e(3, 2)], [e(2, 3), e(3, 4)]]);
    expect(merged.map((x) => (x.data as unknown as { n: number }).n)).toEqual([1, 3, 2, 4]);
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
