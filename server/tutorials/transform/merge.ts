/**
 * @module server/tutorials/transform/merge
 * Several cut ranges (of one session or of several sessions of one site) as
 * one stream that plays: each range keeps its own opening full snapshot (the
 * replayer rebuilds the page there, as on a page load), and its times are
 * shifted so it starts `gapMs` after the previous range ends. Order and the
 * gaps inside each range stay as recorded.
 */
import { EventType, type eventWithTime } from '@rrweb/types';
import { badRequest } from '../../errors.ts';
import { checkMs, inTimeOrder } from './timeline.ts';

export const DEFAULT_GAP_MS = 1000;

/**
 * One playable stream from ranges given in play order; the first range keeps
 * its timestamps. Empty ranges are skipped; a range must open with a Meta
 * and have a full snapshot (as {@link cutRange}'s ranges do).
 */
export function mergeRanges(ranges: eventWithTime[][], gapMs = DEFAULT_GAP_MS): eventWithTime[] {
  checkMs('gapMs', gapMs);
  const merged: eventWithTime[] = [];
  let nextStart: number | undefined;
  ranges.forEach((range, index) => {
    if (range.length === 0) return;
    const sorted = inTimeOrder(range);
    if (sorted[0]!.type !== EventType.Meta || !sorted.some((e) => e.type === EventType.FullSnapshot)) {
      throw badRequest(`range ${index} does not open with a Meta event and a full snapshot`, { range: index });
    }
    const shift = nextStart === undefined ? 0 : nextStart - sorted[0]!.timestamp;
    for (const event of sorted) merged.push({ ...event, timestamp: event.timestamp + shift });
    nextStart = merged.at(-1)!.timestamp + gapMs;
  });
  return merged;
}
