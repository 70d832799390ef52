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
import { cutRange, mergeRanges, redactEvents, type Redaction } from './transform/index.ts';
import { MAX_SOURCE_BYTES, recordedEvents, type RecordedRange } from './recorded-events.ts';
import type { RedactionRow } from './tutorial-dto.ts';

/** The sources' ranges cut and joined, before any redaction. */
export async function cutEvents(db: Db, sources: readonly RecordedRange[]): Promise<eventWithTime[]> {
  const budget = { bytes: MAX_SOURCE_BYTES };
  const ranges: eventWithTime[][] = [];
  for (const s of sources) ranges.push(cutSource(await recordedEvents(db, s, budget), s));
  return mergeRanges(ranges);
}

/**
 * One source's range of its loaded events. Sources name epoch ms (the
 * recording's own times, as the rest of the API does); the transforms count
 * from the first event given: converted here.
 */
function cutSource(events: eventWithTime[], range: RecordedRange): eventWithTime[] {
  if (events.length === 0) return [];
  const origin = events.reduce((min, e) => Math.min(min, e.timestamp), Number.POSITIVE_INFINITY);
  if (range.endMs !== null && range.endMs < origin) return [];
  const start = range.startMs === null ? undefined : Math.max(0, range.startMs - origin);
  const end = range.endMs === null ? undefined : range.endMs - origin;
  return cutRange(events, start, end);
}

/** What the redactions name: elements hidden on every page or on one, texts replaced (`ignore` rows hide nothing). */
export function redactionTargets(redactions: readonly RedactionRow[]): Required<Redaction> {
  const nodes = redactions.filter((r) => r.kind === 'node' && r.nodeId !== null);
  return {
    nodeIds: nodes.flatMap((r) => (r.atMs === null ? [r.nodeId!] : [])),
    nodes: nodes.flatMap((r) => (r.atMs === null ? [] : [{ id: r.nodeId!, atMs: r.atMs }])),
    texts: redactions.flatMap((r) => (r.kind === 'text' && r.text ? [r.text] : [])),
  };
}

/** The events with the tutorial's redactions applied. */
export const redacted = (events: eventWithTime[], redactions: readonly RedactionRow[]): eventWithTime[] =>
  redactEvents(events, redactionTargets(redactions));
