/**
 * @module client/lib/pages
 * rrweb writes a Meta event (with the page's href) at every full snapshot,
 * periodic checkouts included, so the server's `pages` and navigation markers
 * repeat the same URL. For display, a page "visit" is a change of URL.
 */
import type { Marker } from '../../protocol/api.ts';

/** Drops entries whose URL equals the previous entry's. */
export function dedupePages<T extends { ts: number; url: string }>(pages: readonly T[]): T[] {
  const sorted = [...pages].sort((a, b) => a.ts - b.ts);
  return sorted.filter((p, i) => i === 0 || p.url !== sorted[i - 1]!.url);
}

/** Drops navigation markers whose label (URL) equals the previous navigation's; keeps other markers. */
export function dedupeNavigations(markers: readonly Marker[]): Marker[] {
  let last: string | undefined;
  let seen = false;
  return markers.filter((m) => {
    if (m.kind !== 'navigation') return true;
    const same = seen && m.label !== undefined && m.label === last;
    seen = true;
    last = m.label;
    return !same;
  });
}
