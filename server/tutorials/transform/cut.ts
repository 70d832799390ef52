/**
 * @module server/tutorials/transform/cut
 * A part of a recording that plays on its own: the events of
 * [startMs, endMs] (ms since the first event), opened by a synthetic Meta and
 * full snapshot of the page exactly as it was at startMs. The page is rebuilt
 * without a browser ({@link VirtualPage}: the last full snapshot before the
 * in-point plus every change since), written back with the same node ids (so
 * the range's own mutations still find their nodes), with the scroll
 * offsets and viewport of that moment, and the fields' values and ticks set
 * again by Input events at the in-point (as the replayer set them); style-sheet, font and custom
 * element changes, which a snapshot cannot hold, are replayed at the
 * in-point, and so is the pointer's last position. Every event in the range
 * follows with its own timestamp, and a custom {@link CUT_END_TAG} event at
 * the out-point (when the last event is earlier) so the range plays for as
 * long as it was cut.
 */
import { EventType, IncrementalSource, type eventWithTime, type incrementalSnapshotEvent, type metaEvent } from '@rrweb/types';
import { badRequest } from '../../errors.ts';
import { checkMs, inTimeOrder } from './timeline.ts';
import { VirtualPage } from './virtual-page.ts';

type Incremental = incrementalSnapshotEvent & { timestamp: number };

/** Tag of the custom event that marks a cut's out-point (rrweb's replayer ignores custom events; it only sets the length). */
export const CUT_END_TAG = 'cobrowse-cut-end';

/**
 * The events of [startMs, endMs], beginning with a Meta and a FullSnapshot of
 * the page at startMs (unless the range starts at the recording's start).
 *
 * @example
 * const middle = cutRange(events, 12_000, 30_000); // plays from 12 s to 30 s
 */
export function cutRange(events: eventWithTime[], startMs = 0, endMs = Number.POSITIVE_INFINITY): eventWithTime[] {
  checkMs('startMs', startMs);
  if (endMs !== Number.POSITIVE_INFINITY) checkMs('endMs', endMs);
  if (endMs < startMs) throw badRequest('endMs must not be before startMs', { startMs, endMs });
  const sorted = inTimeOrder(events);
  if (sorted.length === 0) return [];
  const origin = sorted[0]!.timestamp;
  const inPoint = origin + startMs;
  const outPoint = origin + endMs;

  const page = new VirtualPage();
  let first = 0;
  let sawMeta = false;
  while (first < sorted.length && sorted[first]!.timestamp < inPoint) {
    const event = sorted[first]!;
    if (event.type === EventType.Meta) sawMeta = true;
    page.apply(event);
    first++;
  }
  const range = sorted.slice(first).filter((e) => e.timestamp <= outPoint);
  // The range lasts until its out-point, even when nothing happened in its last moments (a replay ends at its last event).
  if (Number.isFinite(endMs) && range.length > 0 && range.at(-1)!.timestamp < outPoint) {
    range.push({ type: EventType.Custom, data: { tag: CUT_END_TAG, payload: { endMs } }, timestamp: outPoint });
  }
  if (first === 0 || !sawMeta) return range;
  return [...openingOf(page, inPoint), ...range];
}

/** The events that put `page` on screen at `timestamp`. */
function openingOf(page: VirtualPage, timestamp: number): eventWithTime[] {
  const meta: metaEvent & { timestamp: number } = {
    type: EventType.Meta,
    data: { href: page.href, width: page.width, height: page.height },
    timestamp,
  };
  const node = page.serialize();
  if (!node) return [meta];
  const windowScroll = page.scroll.get(node.id) ?? { x: 0, y: 0 };
  const opening: eventWithTime[] = [
    meta,
    { type: EventType.FullSnapshot, data: { node, initialOffset: { left: windowScroll.x, top: windowScroll.y } }, timestamp },
  ];
  const incremental = (data: Incremental['data']): Incremental => ({ type: EventType.IncrementalSnapshot, data, timestamp });
  const iframes = page.iframeDocuments();
  if (iframes.length > 0) {
    opening.push(
      incremental({ source: IncrementalSource.Mutation, adds: iframes, removes: [], texts: [], attributes: [], isAttachIframe: true }),
    );
  }
  for (const event of page.carried) {
    const target = 'id' in event.data ? (event.data as { id?: unknown }).id : undefined;
    if (typeof target === 'number' && !page.get(target)) continue;
    opening.push({ ...structuredClone(event), timestamp });
  }
  // Typed values and ticks the way the replayer set them: as the fields' live state, not their markup.
  // Not typed now (userTriggered: false): no step is proposed from them.
  for (const [id, { text, isChecked }] of page.inputs) {
    if (page.get(id)) opening.push(incremental({ source: IncrementalSource.Input, id, text, isChecked, userTriggered: false }));
  }
  // rrweb's rebuild applies rr_scrollLeft/Top, but only once laid out; the scroll events make sure.
  for (const [id, { x, y }] of page.scroll) {
    if (id !== node.id && page.get(id)) opening.push(incremental({ source: IncrementalSource.Scroll, id, x, y }));
  }
  if (page.pointer && page.get(page.pointer.id)) {
    opening.push(incremental({ source: IncrementalSource.MouseMove, positions: [{ ...page.pointer, timeOffset: 0 }] }));
  }
  return opening;
}
