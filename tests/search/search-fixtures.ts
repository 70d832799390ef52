/**
 * rrweb event streams for the search tests, built by hand (no browser): a
 * page with a title and paragraphs, mutations adding and removing an
 * element, an input event, a click, a console error and a failed request —
 * the shapes rrweb and our recorder emit (protocol/context-events.ts).
 */
import { CONSOLE_PLUGIN, NETWORK_EVENT_TAG } from '../../protocol/context-events.ts';

const EventType = { FullSnapshot: 2, IncrementalSnapshot: 3, Meta: 4, Custom: 5, Plugin: 6 } as const;
const NodeType = { Document: 0, Element: 2, Text: 3 } as const;
const Source = { Mutation: 0, MouseInteraction: 2, Input: 5 } as const;

export interface RecordedEvent {
  type: number;
  timestamp: number;
  data: unknown;
}

export interface PageElement {
  tag: string;
  text?: string;
  attributes?: Record<string, string>;
}

let nextId = 1_000;
const id = () => nextId++;

export const text = (textContent: string) => ({ type: NodeType.Text, id: id(), textContent });
export const element = (tagName: string, attributes: Record<string, string>, childNodes: unknown[], nodeId = id()) => ({
  type: NodeType.Element,
  id: nodeId,
  tagName,
  attributes,
  childNodes,
});

/** Meta + full snapshot of `<title>` and `<body>` with the given elements; answers the body's node id. */
export function page(ts: number, title: string, body: PageElement[], href = 'https://shop.test/account') {
  const bodyId = id();
  const children = body.map((e) => element(e.tag, e.attributes ?? {}, e.text === undefined ? [] : [text(e.text)]));
  return {
    bodyId,
    ids: children.map((c) => c.id),
    events: [
      { type: EventType.Meta, timestamp: ts, data: { href, width: 1024, height: 768 } },
      {
        type: EventType.FullSnapshot,
        timestamp: ts + 1,
        data: {
          node: {
            type: NodeType.Document,
            id: id(),
            childNodes: [
              element('html', {}, [element('head', {}, [element('title', {}, [text(title)])]), element('body', {}, children, bodyId)]),
            ],
          },
          initialOffset: { top: 0, left: 0 },
        },
      },
    ] as RecordedEvent[],
  };
}

/** An element (with its text) added under `parentId`; answers its node id for a later removal. */
export function added(ts: number, parentId: number, e: PageElement): { id: number; event: RecordedEvent } {
  const node = element(e.tag, e.attributes ?? {}, e.text === undefined ? [] : [text(e.text)]);
  return {
    id: node.id,
    event: {
      type: EventType.IncrementalSnapshot,
      timestamp: ts,
      data: { source: Source.Mutation, adds: [{ parentId, nextId: null, node }], removes: [], texts: [], attributes: [] },
    },
  };
}

export const removed = (ts: number, parentId: number, nodeId: number): RecordedEvent => ({
  type: EventType.IncrementalSnapshot,
  timestamp: ts,
  data: { source: Source.Mutation, adds: [], removes: [{ parentId, id: nodeId }], texts: [], attributes: [] },
});

/** What rrweb records while the customer types into a field. */
export const typed = (ts: number, nodeId: number, value: string): RecordedEvent => ({
  type: EventType.IncrementalSnapshot,
  timestamp: ts,
  data: { source: Source.Input, id: nodeId, text: value, isChecked: false },
});

export const clicked = (ts: number, nodeId: number): RecordedEvent => ({
  type: EventType.IncrementalSnapshot,
  timestamp: ts,
  data: { source: Source.MouseInteraction, type: 2, id: nodeId, x: 10, y: 10 },
});

export const consoleError = (ts: number, message: string): RecordedEvent => ({
  type: EventType.Plugin,
  timestamp: ts,
  data: { plugin: CONSOLE_PLUGIN, payload: { level: 'error', trace: [], payload: [JSON.stringify(message)] } },
});

export const failedRequest = (ts: number, url: string): RecordedEvent => ({
  type: EventType.Custom,
  timestamp: ts,
  data: {
    tag: NETWORK_EVENT_TAG,
    payload: { initiator: 'fetch', method: 'POST', url, status: 502, durationMs: 40, failed: true },
  },
});
