/**
 * @module server/tutorials/transform/timeline
 * The stream's clock: events in time order (stable: rrweb emits several
 * events with one timestamp, and their order matters), and times as
 * milliseconds since the stream's first event, the unit every transform
 * takes and gives.
 */
import type { eventWithTime } from '@rrweb/types';
import { badRequest } from '../../errors.ts';

/** A copy of the events sorted by timestamp, equal timestamps kept in their order. */
export function inTimeOrder(events: readonly eventWithTime[]): eventWithTime[] {
  return events
    .map((event, index) => ({ event, index }))
    .sort((a, b) => a.event.timestamp - b.event.timestamp || a.index - b.index)
    .map(({ event }) => event);
}

/** Throws a 400 for a time that is not a finite, non-negative number of milliseconds. */
export function checkMs(name: string, value: number | undefined): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw badRequest(`${name} must be a non-negative number of milliseconds`, { [name]: value });
  }
}
