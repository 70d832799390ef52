/**
 * The recorded demo-shop flow (tests/fixtures/tutorial-demo-flow.json.gz,
 * re-recorded by scripts/record-tutorial-fixture.ts), read fresh for each
 * caller so no test sees another's changes.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { EventType, type eventWithTime } from '@rrweb/types';
import { FIXTURE_PATH } from '../../scripts/record-tutorial-fixture.ts';

export { PLANTED, TYPED } from '../../scripts/record-tutorial-fixture.ts';

export function demoFlow(): eventWithTime[] {
  return JSON.parse(gunzipSync(readFileSync(FIXTURE_PATH)).toString('utf8')) as eventWithTime[];
}

/** ms since the first event of the first event whose JSON contains `text`. */
export function timeOf(events: eventWithTime[], text: string): number {
  const event = events.find((e) => JSON.stringify(e).includes(text));
  if (!event) throw new Error(`no event mentions ${JSON.stringify(text)}`);
  return event.timestamp - events[0]!.timestamp;
}

/** ms since the first event of each page's Meta event. */
export function pageStarts(events: eventWithTime[]): { href: string; t: number }[] {
  return events
    .filter((e) => e.type === EventType.Meta)
    .map((e) => ({ href: (e.data as { href: string }).href, t: e.timestamp - events[0]!.timestamp }));
}

/** Every string in a value (keys too), for "is this text anywhere" checks that numbers must not confuse. */
export function stringsIn(value: unknown, into: string[] = []): string[] {
  if (typeof value === 'string') into.push(value);
  else if (Array.isArray(value)) for (const item of value) stringsIn(item, into);
  else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      into.push(key);
      stringsIn(item, into);
    }
  }
  return into;
}

/** The rrweb id of the first element (snapshot or added) with `attribute="value"` at or after `fromMs`. */
export function elementIdOf(events: eventWithTime[], attribute: string, value: string, fromMs = 0): number {
  const origin = events[0]!.timestamp;
  let found: number | undefined;
  const visit = (node: { id: number; attributes?: Record<string, unknown>; childNodes?: unknown[] }) => {
    if (found === undefined && node.attributes?.[attribute] === value) found = node.id;
    for (const child of node.childNodes ?? []) visit(child as typeof node);
  };
  for (const event of events) {
    if (event.timestamp - origin < fromMs || found !== undefined) continue;
    if (event.type === EventType.FullSnapshot) visit(event.data.node);
    if (event.type === EventType.IncrementalSnapshot && event.data.source === 0) for (const add of event.data.adds) visit(add.node);
  }
  if (found === undefined) throw new Error(`no element with ${attribute}="${value}"`);
  return found;
}

/** The events of the page (Meta to Meta) whose href ends with `path`. */
export function pageEvents(events: eventWithTime[], path: string): eventWithTime[] {
  const pages: eventWithTime[][] = [];
  for (const event of events) {
    if (event.type === EventType.Meta) pages.push([]);
    pages.at(-1)?.push(event);
  }
  const page = pages.find((p) => (p[0]!.data as { href: string }).href.endsWith(path));
  if (!page) throw new Error(`no page ${path}`);
  return page;
}
