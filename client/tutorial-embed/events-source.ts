/**
 * @module client/tutorial-embed/events-source
 * A published tutorial's events, already in memory, as the player's
 * {@link ChunkSource}: one chunk holding them all (a tutorial is minutes
 * long; the Replayer seeks between its pages' snapshots by itself), so the
 * advisor app's {@link ReplayController} replays it unchanged.
 */
import type { eventWithTime } from '@rrweb/types';
import type { ChunkRange, ChunkRef } from '../../protocol/api.ts';
import type { ChunkSource } from '../player/chunk-loader.ts';
import type { ReplayTimeline } from '../player/replay-controller.ts';

export interface InMemoryRecording {
  source: ChunkSource;
  timeline: ReplayTimeline;
}

export function inMemoryRecording(id: string, events: eventWithTime[]): InMemoryRecording {
  const sorted = [...events].sort((a, b) => a.timestamp - b.timestamp);
  const firstTs = sorted[0]!.timestamp;
  const lastTs = sorted.at(-1)!.timestamp;
  const chunk: ChunkRef = {
    seq: 0,
    firstTs,
    lastTs,
    startsWithSnapshot: true,
    eventCount: sorted.length,
    byteSize: 0,
  };
  const range = (from: number, to: number): Promise<ChunkRange> => Promise.resolve({ sessionId: id, from, to, chunks: [chunk] });
  return {
    source: { range, events: () => Promise.resolve(sorted) },
    timeline: { id, firstEventTs: firstTs, lastEventTs: lastTs, chunkCount: 1 },
  };
}
