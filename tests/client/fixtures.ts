/**
 * Fixtures for the advisor app's unit tests: a recorded-looking rrweb stream
 * (Meta + FullSnapshot, then mutations and mouse moves, with a fresh snapshot
 * every few minutes) cut into chunks the way the recorder cuts them, and an
 * in-memory {@link ChunkSource} that answers ranges like the server does.
 */
import type { eventWithTime } from '@rrweb/types';
import type { ChunkRange, ChunkRef } from '../../protocol/api.ts';
import type { ChunkSource } from '../../client/player/chunk-loader.ts';

export const T0 = Date.parse('2026-03-01T09:00:00Z');

const meta = (ts: number): eventWithTime => ({ type: 4, data: { href: 'https://shop.test/', width: 1280, height: 800 }, timestamp: ts });

const fullSnapshot = (ts: number, label: string): eventWithTime => ({
  type: 2,
  timestamp: ts,
  data: {
    initialOffset: { top: 0, left: 0 },
    node: {
      type: 0,
      id: 1,
      childNodes: [
        { type: 1, name: 'html', publicId: '', systemId: '', id: 2 },
        {
          type: 2,
          tagName: 'html',
          attributes: {},
          id: 3,
          childNodes: [
            { type: 2, tagName: 'head', attributes: {}, childNodes: [], id: 4 },
            {
              type: 2,
              tagName: 'body',
              attributes: {},
              id: 5,
              childNodes: [
                { type: 2, tagName: 'p', attributes: { id: 'clock' }, id: 6, childNodes: [{ type: 3, textContent: label, id: 7 }] },
              ],
            },
          ],
        },
      ],
    },
  },
});

const textMutation = (ts: number, label: string): eventWithTime => ({
  type: 3,
  timestamp: ts,
  data: { source: 0, texts: [{ id: 7, value: label }], attributes: [], removes: [], adds: [] },
});

const mouseMove = (ts: number, x: number): eventWithTime => ({
  type: 3,
  timestamp: ts,
  data: { source: 1, positions: [{ x, y: 10, id: 5, timeOffset: 0 }] },
});

export interface Recording {
  events: eventWithTime[];
  chunks: eventWithTime[][];
  firstEventTs: number;
  lastEventTs: number;
}

/**
 * A recording of `minutes` minutes: one mutation per second, a snapshot every
 * `checkoutMin` minutes, chunks of `chunkMs`; an optional silent gap.
 */
export function recording(opts: { minutes: number; checkoutMin?: number; chunkMs?: number; gap?: [number, number] }): Recording {
  const checkoutMs = (opts.checkoutMin ?? 10) * 60_000;
  const chunkMs = opts.chunkMs ?? 10_000;
  const end = opts.minutes * 60_000;
  const events: eventWithTime[] = [];
  for (let t = 0; t <= end; t += 1000) {
    if (opts.gap && t > opts.gap[0] && t < opts.gap[1]) continue;
    const label = `t=${t / 1000}`;
    if (t % checkoutMs === 0) events.push(meta(T0 + t), fullSnapshot(T0 + t, label));
    else events.push(textMutation(T0 + t, label), mouseMove(T0 + t + 500, t % 1000));
  }
  const chunks: eventWithTime[][] = [];
  let current: eventWithTime[] = [];
  let start = 0;
  for (const e of events) {
    if (current.length && (e.type === 4 || e.timestamp - start >= chunkMs)) {
      chunks.push(current);
      current = [];
    }
    if (!current.length) start = e.timestamp;
    current.push(e);
  }
  if (current.length) chunks.push(current);
  return { events, chunks, firstEventTs: events[0]!.timestamp, lastEventTs: events.at(-1)!.timestamp };
}

/** Answers like the server's chunk range query (server/sessions/session-queries.ts). */
export class FakeChunkSource implements ChunkSource {
  readonly refs: ChunkRef[];
  readonly ranges: { from: number; to: number }[] = [];
  readonly fetched: number[] = [];
  /** Delay of every call, ms (lets tests interleave calls). */
  delay = 0;
  readonly #chunks: eventWithTime[][];

  constructor(chunks: eventWithTime[][]) {
    this.#chunks = chunks;
    this.refs = chunks.map((c, seq) => ({
      seq,
      firstTs: c[0]!.timestamp,
      lastTs: c.at(-1)!.timestamp,
      startsWithSnapshot: c[0]!.type === 4 || c[0]!.type === 2,
      eventCount: c.length,
      byteSize: JSON.stringify(c).length,
    }));
  }

  async range(from: number, to: number): Promise<ChunkRange> {
    await this.#wait();
    if (from > to) throw new Error('from must not be after to');
    this.ranges.push({ from, to });
    const snap = this.refs.filter((r) => r.startsWithSnapshot && r.firstTs <= from).at(-1);
    const chunks = this.refs.filter((r) => r.seq >= (snap?.seq ?? 0) && r.firstTs <= to);
    return { sessionId: 'fake', from, to, chunks };
  }

  async events(seq: number): Promise<eventWithTime[]> {
    await this.#wait();
    this.fetched.push(seq);
    // A copy, as JSON over the wire would be.
    return structuredClone(this.#chunks[seq]!);
  }

  #wait() {
    return this.delay ? new Promise((r) => setTimeout(r, this.delay)) : Promise.resolve();
  }
}
