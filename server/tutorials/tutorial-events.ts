/**
 * @module server/tutorials/tutorial-events
 * A tutorial's events, in the one order every use takes them: each source's
 * recorded range cut (`cutRange`), the ranges joined (`mergeRanges`), then
 * the tutorial's redactions applied (`redactEvents`). The editor's preview,
 * the findings scan and publishing all read them from here, so what is
 * scanned is exactly what is published.
 */
import type { eventWithTime } from '@rrweb/types';
import type { Db } from '../../db/client.ts';
import { cutRange, mergeRanges, redactEvents } from './transform/index.ts';
import { MAX_SOURCE_BYTES, recordedEvents, type RecordedRange } from './recorded-events.ts';
import type { RedactionRow } from './tutorial-dto.ts';

/** The sources' ranges cut and joined, before any redaction. */
export async function cutEvents(db: Db, sources: readonly RecordedRange[]): Promise<eventWithTime[]> {
  const budget = { bytes: MAX_SOURCE_BYTES };
  const ranges: eventWithTime[][] = [];
  for (const s of sources) {
    ranges.push(cutRange(await recordedEvents(db, s, budget), s.startMs ?? undefined, s.endMs ?? undefined));
  }
  return mergeRanges(ranges);
}

/** What the redactions name: elements to hide and texts to replace (`ignore` rows hide nothing). */
export function redactionTargets(redactions: readonly RedactionRow[]): { nodeIds: number[]; texts: string[] } {
  return {
    nodeIds: redactions.flatMap((r) => (r.kind === 'node' && r.nodeId !== null ? [r.nodeId] : [])),
    texts: redactions.flatMap((r) => (r.kind === 'text' && r.text ? [r.text] : [])),
  };
}

/** The events with the tutorial's redactions applied. */
export const redacted = (events: eventWithTime[], redactions: readonly RedactionRow[]): eventWithTime[] =>
  redactEvents(events, redactionTargets(redactions));
