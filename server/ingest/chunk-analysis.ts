/**
 * @module server/ingest/chunk-analysis
 * Everything the server derives from a chunk's events itself rather than
 * trusting the recorder: time bounds, whether replay may start here, the
 * timeline markers, and the pages visited.
 *
 * rrweb's numbers (from @rrweb/types): EventType FullSnapshot 2,
 * IncrementalSnapshot 3, Meta 4; IncrementalSource MouseInteraction 2,
 * Input 5; MouseInteractions Click 2.
 */
import type { Marker } from '../../db/schema.ts';
import { ApiError } from '../errors.ts';
import { cleanText, MAX_TIMESTAMP_MS } from '../lib/text.ts';
import { ErrorCode } from '../protocol/errors.ts';
import type { ChunkEvent } from './chunk-body.ts';

const EventType = { FullSnapshot: 2, IncrementalSnapshot: 3, Meta: 4 } as const;
const Source = { MouseInteraction: 2, Input: 5 } as const;
const MouseInteraction = { Click: 2 } as const;

/** Inputs into the same field closer than this are one marker (typing a word is one input). */
export const INPUT_COLLAPSE_MS = 1_000;
/** Keeps a pathological chunk (100k clicks) from bloating the session's marker list. */
export const MAX_MARKERS_PER_CHUNK = 2_000;
const MAX_URL_LENGTH = 4_096;

export interface ChunkFacts {
  firstTs: number;
  lastTs: number;
  eventCount: number;
  startsWithSnapshot: boolean;
  markers: Marker[];
  pages: { ts: number; url: string }[];
}

const record = (v: unknown): Record<string, unknown> | undefined =>
  typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : undefined;

export function analyzeChunk(events: ChunkEvent[]): ChunkFacts {
  let firstTs = Infinity;
  let lastTs = -Infinity;
  const markers: Marker[] = [];
  const pages: { ts: number; url: string }[] = [];
  let lastInput: { id: unknown; ts: number } | undefined;

  for (const event of events) {
    const ts = event.timestamp;
    if (ts > MAX_TIMESTAMP_MS) {
      throw new ApiError(400, ErrorCode.InvalidEvents, `event timestamp ${ts} is not a plausible epoch-ms time`);
    }
    if (ts < firstTs) firstTs = ts;
    if (ts > lastTs) lastTs = ts;
    const data = record(event.data);

    if (event.type === EventType.Meta) {
      const href = typeof data?.href === 'string' ? cleanText(data.href.slice(0, MAX_URL_LENGTH)) : undefined;
      if (href) pages.push({ ts: Math.floor(ts), url: href });
      addMarker(markers, { ts: Math.floor(ts), kind: 'navigation', ...(href ? { label: href } : {}) });
    } else if (event.type === EventType.IncrementalSnapshot && data) {
      if (data.source === Source.MouseInteraction && data.type === MouseInteraction.Click) {
        addMarker(markers, { ts: Math.floor(ts), kind: 'click' });
      } else if (data.source === Source.Input) {
        // NOTE: never label inputs with their value: it is the customer's typing.
        const sameField = lastInput && lastInput.id === data.id && ts - lastInput.ts <= INPUT_COLLAPSE_MS;
        if (!sameField) addMarker(markers, { ts: Math.floor(ts), kind: 'input' });
        lastInput = { id: data.id, ts };
      }
    }
  }

  const [first, second] = events;
  const startsWithSnapshot =
    first?.type === EventType.FullSnapshot ||
    (first?.type === EventType.Meta && second?.type === EventType.FullSnapshot);

  return {
    firstTs: Math.floor(firstTs),
    lastTs: Math.ceil(lastTs),
    eventCount: events.length,
    startsWithSnapshot,
    markers,
    pages,
  };
}

function addMarker(markers: Marker[], marker: Marker) {
  if (markers.length < MAX_MARKERS_PER_CHUNK) markers.push(marker);
}
