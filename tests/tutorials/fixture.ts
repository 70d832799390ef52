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
