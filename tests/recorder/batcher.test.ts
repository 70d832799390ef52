/**
 * The batcher's cutting rules and the backoff curve, without a browser.
 */
import { EventType, type eventWithTime } from '@rrweb/types';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { backoffDelay } from '../../recorder/backoff.ts';
import { Batcher } from '../../recorder/batcher.ts';

const ev = (type: EventType, size = 10): eventWithTime =>
  ({ type, timestamp: Date.now(), data: { pad: 'x'.repeat(size) } }) as unknown as eventWithTime;

function collect(options: Partial<{ intervalMs: number; maxBytes: number; maxEvents: number }> = {}) {
  const cuts: number[][] = [];
  const batcher = new Batcher({
    intervalMs: 1000,
    maxBytes: 512 * 1024,
    maxEvents: 100_000,
    ...options,
    onCut: (json) => cuts.push((JSON.parse(json) as eventWithTime[]).map((e) => e.type)),
  });
  return { batcher, cuts };
}

describe('batcher', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('cuts about a second after the first pending event', () => {
    const { batcher, cuts } = collect();
    batcher.add(ev(EventType.IncrementalSnapshot));
    vi.advanceTimersByTime(500);
    batcher.add(ev(EventType.IncrementalSnapshot));
    expect(cuts).toEqual([]);
    vi.advanceTimersByTime(500);
    expect(cuts).toEqual([[3, 3]]);
    vi.advanceTimersByTime(5000);
    expect(cuts).toHaveLength(1);
  });

  it('cuts as soon as the batch passes the size threshold', () => {
    const { batcher, cuts } = collect({ maxBytes: 1000 });
    for (let i = 0; i < 5; i++) batcher.add(ev(EventType.IncrementalSnapshot, 300));
    vi.advanceTimersByTime(0);
    expect(cuts).toEqual([[3, 3, 3]]);
    expect(batcher.pendingEvents).toBe(2);
  });

  it('opens a chunk with every Meta + FullSnapshot', () => {
    const { batcher, cuts } = collect();
    batcher.add(ev(EventType.Meta));
    batcher.add(ev(EventType.FullSnapshot));
    batcher.add(ev(EventType.IncrementalSnapshot));
    batcher.add(ev(EventType.Meta));
    batcher.add(ev(EventType.FullSnapshot));
    batcher.add(ev(EventType.IncrementalSnapshot));
    batcher.add(ev(EventType.FullSnapshot)); // a snapshot without Meta cuts too
    batcher.flush();
    expect(cuts).toEqual([[4, 2, 3], [4, 2, 3], [2]]);
  });

  it('take() empties the buffer without calling onCut (pagehide)', () => {
    const { batcher, cuts } = collect();
    batcher.add(ev(EventType.IncrementalSnapshot));
    expect(batcher.take()?.count).toBe(1);
    vi.advanceTimersByTime(2000);
    expect(cuts).toEqual([]);
    expect(batcher.take()).toBeNull();
  });
});

/** An event that counts its serializations (and may take `busyMs` of real time for each). */
function counted(calls: { n: number }, busyMs = 0): eventWithTime {
  return {
    type: EventType.IncrementalSnapshot,
    timestamp: Date.now(),
    data: {
      toJSON() {
        calls.n++;
        const until = performance.now() + busyMs;
        while (performance.now() < until);
        return { pad: 'x' };
      },
    },
  } as unknown as eventWithTime;
}

describe("batcher off the page's task", () => {
  it('serializes nothing while rrweb emits: in a later task', async () => {
    const calls = { n: 0 };
    const { batcher, cuts } = collect();
    for (let i = 0; i < 100; i++) batcher.add(counted(calls));
    expect(calls.n).toBe(0);
    expect(batcher.pendingEvents).toBe(100);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(calls.n).toBe(100);
    expect(cuts).toEqual([]);
    batcher.flush();
    expect(cuts).toHaveLength(1);
    expect(cuts[0]).toHaveLength(100);
    expect(calls.n).toBe(100);
  });

  it('serializes a large queue in slices, yielding to the page between them', async () => {
    const calls = { n: 0 };
    const { batcher } = collect();
    for (let i = 0; i < 40; i++) batcher.add(counted(calls, 1));
    await new Promise((resolve) => setTimeout(resolve, 0));
    // About SLICE_MS (8 ms) of 1 ms events in the first slice, then the page runs again.
    expect(calls.n).toBeGreaterThan(0);
    expect(calls.n).toBeLessThan(20);
    while (calls.n < 40) await new Promise((resolve) => setTimeout(resolve, 0));
    batcher.dispose();
  });

  it('take() serializes what is still queued at once (the page is being left)', () => {
    const calls = { n: 0 };
    const { batcher, cuts } = collect();
    for (let i = 0; i < 3; i++) batcher.add(counted(calls));
    const taken = batcher.take();
    expect(taken?.count).toBe(3);
    expect(JSON.parse(taken!.json)).toEqual([
      expect.objectContaining({ data: { pad: 'x' } }),
      expect.objectContaining({ data: { pad: 'x' } }),
      expect.objectContaining({ data: { pad: 'x' } }),
    ]);
    expect(cuts).toEqual([]);
  });
});

describe('backoff', () => {
  it('grows exponentially with jitter and stays under the cap', () => {
    expect(backoffDelay(0, 1000, 30_000, () => 0)).toBe(500);
    expect(backoffDelay(0, 1000, 30_000, () => 1)).toBe(1000);
    expect(backoffDelay(3, 1000, 30_000, () => 1)).toBe(8000);
    expect(backoffDelay(10, 1000, 30_000, () => 1)).toBe(30_000);
    expect(backoffDelay(50, 1000, 30_000, () => 0.5)).toBeLessThanOrEqual(30_000);
  });
});
