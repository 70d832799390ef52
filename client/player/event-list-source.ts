/**
 * @module client/player/event-list-source
 * A recording that is already one list of events (a tutorial's preview from
 * `GET /api/tutorials/:id/events`) as a {@link ChunkSource}, so the same
 * {@link ReplayController} replays it: chunks cut at each full snapshot (a
 * seek rebuilds from the nearest one, as with a stored session), answered
 * from memory.
 */
import { EventType, type eventWithTime } from '@rrweb/types';
import type { ChunkRef } from '../../protocol/api.ts';
import type { ChunkSource } from './chunk-loader.ts';
import type { ReplayTimeline } from './replay-controller.ts';

export interface EventListRecording {
  source: ChunkSource;
  recording: ReplayTimeline;
}

/** Chunks of `events` (sorted by time), each starting at a Meta or full snapshot that opens a page. */
function chunksOf(events: readonly eventWithTime[]): eventWithTime[][] {
  const chunks: eventWithTime[][] = [];
  for (const event of events) {
    const opensPage =
      event.type === EventType.Meta || (event.type === EventType.FullSnapshot && chunks.at(-1)?.at(-1)?.type !== EventType.Meta);
    if (opensPage || chunks.length === 0) chunks.push([]);
    chunks.at(-1)!.push(event);
  }
  return chunks;
}

/** `id`: a name for the recording (the tutorial's id). */
export function eventListRecording(id: string, list: readonly eventWithTime[]): EventListRecording {
  const events = [...list].sort((a, b) => a.timestamp - b.timestamp);
  const chunks = chunksOf(events);
  const refs: ChunkRef[] = chunks.map((c, seq) => ({
    seq,
    firstTs: c[0]!.timestamp,
    lastTs: c.at(-1)!.timestamp,
    startsWithSnapshot: c.some((e) => e.type === EventType.FullSnapshot),
    eventCount: c.length,
    byteSize: 0,
  }));
  const source: ChunkSource = {
    range(from, to) {
      // The last chunk opening with a snapshot at or before `from`, through the last one starting at or before `to`.
      let start = 0;
      refs.forEach((r, i) => {
        if (r.startsWithSnapshot && r.firstTs <= from) start = i;
      });
      const chosen = refs.filter((r, i) => i >= start && (i === start || r.firstTs <= to));
      return Promise.resolve({ sessionId: id, from, to, chunks: chosen });
    },
    events: (seq) => Promise.resolve(chunks[seq] ?? []),
    batch: (wanted) => Promise.resolve(wanted.map((r) => chunks[r.seq] ?? [])),
  };
  return {
    source,
    recording: {
      id,
      firstEventTs: events[0]?.timestamp ?? null,
      lastEventTs: events.at(-1)?.timestamp ?? null,
      chunkCount: chunks.length,
    },
  };
}
