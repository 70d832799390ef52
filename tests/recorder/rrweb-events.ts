/**
 * Helpers to read what the recorder uploaded: find nodes in snapshots, pick
 * input events, count text markers.
 */
import { EventType, IncrementalSource } from '@rrweb/types';
import type { StubEvent } from './ingest-stub.ts';

/** rrweb node ids of elements with this `id` attribute, from full snapshots and added nodes. */
export function nodeIdsByDomId(events: StubEvent[], domId: string): Set<number> {
  const ids = new Set<number>();
  const walk = (node: any) => {
    if (!node || typeof node !== 'object') return;
    if (node.attributes?.id === domId && typeof node.id === 'number') ids.add(node.id);
    for (const child of node.childNodes ?? []) walk(child);
  };
  for (const e of events) {
    if (e.type === EventType.FullSnapshot) walk(e.data.node);
    if (e.type === EventType.IncrementalSnapshot && e.data.source === IncrementalSource.Mutation) {
      for (const add of e.data.adds ?? []) walk(add.node);
    }
  }
  return ids;
}

export function inputEventsFor(events: StubEvent[], nodeIds: Set<number>): Array<{ text: string; timestamp: number }> {
  return events
    .filter((e) => e.type === EventType.IncrementalSnapshot && e.data.source === IncrementalSource.Input && nodeIds.has(e.data.id))
    .map((e) => ({ text: e.data.text as string, timestamp: e.timestamp }));
}

/**
 * How often each `marker-N` text was added by a mutation (incremental events
 * only: full snapshots legitimately repeat the page's text).
 */
export function markerCounts(events: StubEvent[], prefix = 'marker-'): Map<number, number> {
  const counts = new Map<number, number>();
  const re = new RegExp(`${prefix}(\\d+)\\b`, 'g');
  for (const e of events) {
    if (e.type !== EventType.IncrementalSnapshot || e.data.source !== IncrementalSource.Mutation) continue;
    for (const m of JSON.stringify(e.data.adds ?? []).matchAll(re)) {
      const n = Number(m[1]);
      counts.set(n, (counts.get(n) ?? 0) + 1);
    }
  }
  return counts;
}

export async function waitFor<T>(
  what: string,
  check: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 20_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > until)
      throw new Error(`timed out waiting for ${what}${last ? `: ${last instanceof Error ? String(last) : JSON.stringify(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
