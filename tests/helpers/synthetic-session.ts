/**
 * Builds valid rrweb event streams without a browser, for long recordings
 * (an hour of events in milliseconds) in tests and benchmarks.
 *
 * The page is a heading, a `#clock` whose text changes every `tickMs`, and a
 * `#log` list that grows by one item per tick, so any moment of the replay
 * has a known expected DOM: `expectedAt(ms)`.
 */
import type { eventWithTime } from '@rrweb/types';
import { CONSOLE_PLUGIN, METADATA_EVENT_TAG, NETWORK_EVENT_TAG } from '../../protocol/context-events.ts';

// rrweb's numeric enums, spelled out so this file needs no browser bundle.
const EventType = { FullSnapshot: 2, IncrementalSnapshot: 3, Meta: 4 } as const;
const NodeType = { Document: 0, DocumentType: 1, Element: 2, Text: 3 } as const;
const Source = { Mutation: 0, MouseMove: 1 } as const;

export interface SyntheticOptions {
  startTs?: number;
  durationMs: number;
  tickMs?: number;
  /** A full snapshot every this many ms (rrweb's checkoutEveryNms). */
  checkoutMs?: number;
  href?: string;
  /** Extra text per log item, to make chunks heavier. */
  padding?: number;
}

export interface SyntheticSession {
  events: eventWithTime[];
  startTs: number;
  endTs: number;
  /** The events cut the way the recorder cuts them: a new chunk at every snapshot and every `chunkMs`. */
  chunks(chunkMs?: number): eventWithTime[][];
  /** What `#clock` shows at `ms` after the start. */
  clockAt(ms: number): string;
}

const CLOCK_TEXT_ID = 9;
const LOG_ID = 10;

export function syntheticSession(options: SyntheticOptions): SyntheticSession {
  // Recent by default: the server refuses events far from their session's
  // start and new sessions started long ago (protocol/ingest-constants.ts).
  const startTs = options.startTs ?? Math.floor((Date.now() - (options.durationMs ?? 0) - 3_600_000) / 1000) * 1000;
  const tickMs = options.tickMs ?? 1000;
  const checkoutMs = options.checkoutMs ?? 5 * 60_000;
  const href = options.href ?? 'https://shop.test/synthetic';
  const padding = 'x'.repeat(options.padding ?? 0);
  const events: eventWithTime[] = [];
  let nextId = 100;
  const logItems: { id: number; textId: number; text: string }[] = [];

  const clockLabel = (tick: number) => `tick ${tick}`;
  const snapshot = (ts: number, tick: number) => {
    events.push({ type: EventType.Meta, data: { href, width: 1024, height: 768 }, timestamp: ts });
    const text = (id: number, textContent: string) => ({ type: NodeType.Text, textContent, id });
    const el = (id: number, tagName: string, attributes: Record<string, string>, childNodes: unknown[]) => ({
      type: NodeType.Element,
      tagName,
      attributes,
      childNodes,
      id,
    });
    const node = {
      type: NodeType.Document,
      id: 1,
      childNodes: [
        { type: NodeType.DocumentType, name: 'html', publicId: '', systemId: '', id: 2 },
        el(3, 'html', {}, [
          el(4, 'head', {}, []),
          el(5, 'body', {}, [
            el(6, 'h1', {}, [text(7, 'Synthetic shop')]),
            el(8, 'p', { id: 'clock' }, [text(CLOCK_TEXT_ID, clockLabel(tick))]),
            el(
              LOG_ID,
              'ul',
              { id: 'log' },
              logItems.map((item) => el(item.id, 'li', {}, [text(item.textId, item.text)])),
            ),
          ]),
        ]),
      ],
    };
    events.push({
      type: EventType.FullSnapshot,
      data: { node, initialOffset: { top: 0, left: 0 } },
      timestamp: ts,
    } as eventWithTime);
  };

  const ticks = Math.floor(options.durationMs / tickMs);
  snapshot(startTs, 0);
  for (let tick = 1; tick <= ticks; tick++) {
    const ts = startTs + tick * tickMs;
    if ((tick * tickMs) % checkoutMs === 0) {
      snapshot(ts, tick - 1);
    }
    const id = nextId++;
    const textId = nextId++;
    const item = { id, textId, text: `item ${tick}${padding}` };
    const previous = logItems.at(-1);
    logItems.push(item);
    events.push({
      type: EventType.IncrementalSnapshot,
      data: {
        source: Source.Mutation,
        texts: [{ id: CLOCK_TEXT_ID, value: clockLabel(tick) }],
        attributes: [],
        removes: [],
        adds: [
          {
            parentId: LOG_ID,
            nextId: null,
            previousId: previous?.id ?? null,
            node: { type: NodeType.Element, tagName: 'li', attributes: {}, childNodes: [], id },
          },
          { parentId: id, nextId: null, node: { type: NodeType.Text, textContent: item.text, id: textId } },
        ],
      },
      timestamp: ts,
    });
    events.push({
      type: EventType.IncrementalSnapshot,
      data: { source: Source.MouseMove, positions: [{ x: tick % 800, y: tick % 600, id: 5, timeOffset: 0 }] },
      timestamp: ts + Math.floor(tickMs / 2),
    });
  }

  return {
    events,
    startTs,
    endTs: events.at(-1)!.timestamp,
    clockAt: (ms) => clockLabel(Math.min(ticks, Math.floor(ms / tickMs))),
    chunks(chunkMs = 1000) {
      const out: eventWithTime[][] = [];
      let current: eventWithTime[] = [];
      let chunkStart = startTs;
      for (const event of events) {
        const opensSnapshot = event.type === EventType.Meta;
        if (current.length && (opensSnapshot || event.timestamp - chunkStart >= chunkMs)) {
          out.push(current);
          current = [];
        }
        if (!current.length) chunkStart = event.timestamp;
        current.push(event);
      }
      if (current.length) out.push(current);
      return out;
    },
  };
}

/**
 * The context a checkout that went wrong leaves in a recording: identify()
 * metadata at 5 s, an uncaught console error at 20 s, a failed POST at 40 s.
 */
export function checkoutProblemEvents(startTs: number): eventWithTime[] {
  return [
    {
      type: 5,
      timestamp: startTs + 5_000,
      data: { tag: METADATA_EVENT_TAG, payload: { identity: { email: 'ada@example.test' }, metadata: { orderNumber: 'A-1001' } } },
    },
    {
      type: 6,
      timestamp: startTs + 20_000,
      data: { plugin: CONSOLE_PLUGIN, payload: { level: 'error', trace: [], payload: ['"Uncaught TypeError: card is undefined"'] } },
    },
    {
      type: 5,
      timestamp: startTs + 40_000,
      data: {
        tag: NETWORK_EVENT_TAG,
        payload: { initiator: 'fetch', method: 'POST', url: 'https://shop.test/api/pay', status: 502, failed: true, durationMs: 80 },
      },
    },
  ] as eventWithTime[];
}
