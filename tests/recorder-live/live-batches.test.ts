/**
 * Live batches without a browser: a lone change leaves on the next task, a
 * busy page sends at most one batch per LIVE_BATCH_MS, a Meta starts its own
 * batch, and unacknowledged batches are resent in order.
 */
import { EventType, type eventWithTime } from '@rrweb/types';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LIVE_BATCH_MS, LiveBatches } from '../../recorder/live/live-batches.ts';

const ev = (type: EventType): eventWithTime => ({ type, timestamp: Date.now(), data: {} }) as unknown as eventWithTime;

function collect() {
  let seq = 0;
  const sent: { seq: number; types: number[] }[] = [];
  const batches = new LiveBatches({
    takeSeq: () => seq++,
    onBatch: (s, message) => sent.push({ seq: s, types: (JSON.parse(message) as { events: eventWithTime[] }).events.map((e) => e.type) }),
    onOverflow: () => {},
  });
  return { batches, sent };
}

describe('live batches', () => {
  // performance.now() too: the gap between batches is measured with it.
  beforeEach(() => void vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date', 'performance'] }));
  afterEach(() => void vi.useRealTimers());

  it('sends a lone change on the next task, with what the same task emitted', () => {
    const { batches, sent } = collect();
    vi.advanceTimersByTime(1_000);
    batches.add(ev(EventType.IncrementalSnapshot));
    batches.add(ev(EventType.IncrementalSnapshot));
    expect(sent).toEqual([]);
    vi.advanceTimersByTime(0);
    expect(sent).toEqual([{ seq: 0, types: [3, 3] }]);
  });

  it('sends at most one batch per LIVE_BATCH_MS while the page is busy', () => {
    const { batches, sent } = collect();
    vi.advanceTimersByTime(1_000);
    batches.add(ev(EventType.IncrementalSnapshot));
    vi.advanceTimersByTime(0);
    expect(sent).toHaveLength(1);
    // Changes every 5 ms for 100 ms: about 100 / LIVE_BATCH_MS batches, none lost.
    for (let t = 0; t < 100; t += 5) {
      batches.add(ev(EventType.IncrementalSnapshot));
      vi.advanceTimersByTime(5);
    }
    vi.advanceTimersByTime(LIVE_BATCH_MS);
    expect(sent.length - 1).toBeLessThanOrEqual(Math.ceil(100 / LIVE_BATCH_MS) + 1);
    expect(sent.length - 1).toBeGreaterThanOrEqual(Math.floor(100 / LIVE_BATCH_MS) - 1);
    expect(sent.flatMap((b) => b.types)).toHaveLength(21);
    expect(sent.map((b) => b.seq)).toEqual(sent.map((_, i) => i));
  });

  it('starts a new batch at every Meta and resends what is not acknowledged', () => {
    const { batches, sent } = collect();
    batches.add(ev(EventType.IncrementalSnapshot));
    batches.add(ev(EventType.Meta));
    batches.add(ev(EventType.FullSnapshot));
    vi.advanceTimersByTime(LIVE_BATCH_MS);
    expect(sent.map((b) => b.types)).toEqual([[3], [4, 2]]);
    batches.ack(0);
    expect(batches.after(0).map((m) => (JSON.parse(m) as { seq: number }).seq)).toEqual([1]);
  });
});
