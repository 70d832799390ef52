/**
 * @module server/assets/event-urls
 * Every address in recorded rrweb events that makes a replay fetch something
 * — image and media sources, `srcset`, `poster`, `<link href>` (stylesheets,
 * icons, preloads), `<object data>`, SVG `href`s, and the `url()`s and
 * `@import`s of inline styles, inlined stylesheets (`_cssText`), `<style>`
 * text and style rules — visited in one walk: {@link mapEventUrls} answers a
 * copy with each address replaced by what the callback returns.
 *
 * One walk serves both sides of asset capture: the capture job collects the
 * addresses (the callback records and keeps them), every serving path
 * rewrites them to the stored copies (`asset-rewrite.ts`). Links that only
 * navigate (`<a href>`, forms) are not assets and are left alone.
 *
 * Addresses rrweb did not make absolute resolve against the page's URL (the
 * last Meta event's `href`).
 */
import { EventType, IncrementalSource, type eventWithTime, type incrementalData, type styleSheetAddRule } from '@rrweb/types';
import { absoluteHttpUrl, mapCssUrls, mapOneUrl } from './css-urls.ts';
import type { NodeAttributes as Attributes, SerializedNode } from '../../shared/serialized-node.ts';

/** Answers the replacement of an absolute http(s) address, or undefined to keep it. */
export type UrlMapper = (absoluteUrl: string) => string | undefined;

/** Attributes naming one address the element fetches, on any element. */
const FETCHING = new Set(['src', 'poster', 'background', 'data', 'xlink:href', 'rr_src']);
/** Elements whose `href` fetches (stylesheets, icons, preloads, SVG images and uses). */
const HREF_FETCHING = new Set(['link', 'image', 'use', 'feimage']);

/** A copy of `events` with every fetched address passed through `map` (unchanged parts are shared, not copied). */
export function mapEventUrls(events: readonly eventWithTime[], map: UrlMapper): eventWithTime[] {
  /** Tag names by rrweb id on the current page (attribute changes name only the id). */
  let tags = new Map<number, string>();
  let pageUrl: string | undefined;

  const one = (value: string): string => mapOneUrl(value, pageUrl, map) ?? value;
  const css = (text: string): string => mapCssUrls(text, pageUrl, map);
  const cssOrNull = <T extends string | null | undefined>(value: T): T => (typeof value === 'string' ? (css(value) as T) : value);

  const srcset = (value: string): string =>
    value
      .split(',')
      .map((candidate) => {
        const match = /^(\s*)(\S+)(.*)$/s.exec(candidate);
        return match ? `${match[1]}${one(match[2]!)}${match[3]}` : candidate;
      })
      .join(',');

  const attribute = (tag: string, name: string, value: unknown): unknown => {
    if (name === 'style') return typeof value === 'string' ? css(value) : styleDiff(value);
    if (typeof value !== 'string') return value;
    if (name === '_csstext') return css(value);
    if (name === 'srcset' || name === 'imagesrcset') return srcset(value);
    // Scripts never run in a replay: their `src` is not an asset.
    if ((FETCHING.has(name) && tag !== 'script') || (name === 'href' && HREF_FETCHING.has(tag))) return one(value);
    return value;
  };

  const attributes = (tag: string, attrs: Attributes): Attributes => {
    const out: Attributes = {};
    for (const [name, value] of Object.entries(attrs)) out[name] = attribute(tag, name.toLowerCase(), value);
    return out;
  };

  /** rrweb's style diff (`{ property: value | [value, priority] | false }`). */
  const styleDiff = (diff: unknown): unknown => {
    if (!diff || typeof diff !== 'object') return diff;
    const out: Record<string, unknown> = {};
    for (const [prop, v] of Object.entries(diff as Record<string, unknown>)) {
      if (typeof v === 'string') out[prop] = css(v);
      else if (Array.isArray(v) && typeof v[0] === 'string') out[prop] = [css(v[0]), v[1] as unknown];
      else out[prop] = v;
    }
    return out;
  };

  const node = (n: SerializedNode): SerializedNode => {
    // Ingest checks only the events' envelope: anything inside may be malformed, and is passed through.
    if (!isObject(n)) return n;
    const out: SerializedNode = { ...n };
    if (typeof n.tagName === 'string') {
      const tag = n.tagName.toLowerCase();
      if (typeof n.id === 'number') tags.set(n.id, tag);
      if (isObject(n.attributes)) out.attributes = attributes(tag, n.attributes);
    }
    if (typeof n.textContent === 'string' && n.isStyle) out.textContent = css(n.textContent);
    if (Array.isArray(n.childNodes)) out.childNodes = n.childNodes.map(node);
    return out;
  };

  const rules = (list: styleSheetAddRule[] | undefined): styleSheetAddRule[] | undefined =>
    Array.isArray(list) ? list.map((r) => (isObject(r) && typeof r.rule === 'string' ? { ...r, rule: css(r.rule) } : r)) : list;

  const incremental = (data: incrementalData): incrementalData => {
    if (!isObject(data)) return data;
    switch (data.source) {
      case IncrementalSource.Mutation:
        return {
          ...data,
          adds: each(data.adds, (a) => ({ ...a, node: node(a.node as SerializedNode) as typeof a.node })),
          attributes: each(data.attributes, (a) =>
            isObject(a.attributes) ? { ...a, attributes: attributes(tags.get(a.id) ?? '', a.attributes) as typeof a.attributes } : a,
          ),
          // NOTE: a text change does not say whether its node is inside a <style>: every one is read as CSS (only `url(`/`@import` change).
          texts: each(data.texts, (t) => ({ ...t, value: cssOrNull(t.value) })),
        };
      case IncrementalSource.StyleSheetRule:
        return { ...data, adds: rules(data.adds), replace: cssOrNull(data.replace), replaceSync: cssOrNull(data.replaceSync) };
      case IncrementalSource.StyleDeclaration:
        return isObject(data.set) ? { ...data, set: { ...data.set, value: cssOrNull(data.set.value) } } : data;
      case IncrementalSource.AdoptedStyleSheet:
        return Array.isArray(data.styles)
          ? { ...data, styles: each(data.styles, (st) => ({ ...st, rules: rules(st.rules) ?? [] })) }
          : data;
      case IncrementalSource.Font:
        return typeof data.fontSource === 'string' && !data.buffer ? { ...data, fontSource: css(data.fontSource) } : data;
      default:
        return data;
    }
  };

  return events.map((event) => {
    if (!isObject(event) || !isObject(event.data)) return event;
    if (event.type === EventType.Meta) {
      pageUrl = typeof event.data.href === 'string' ? absoluteHttpUrl(event.data.href, undefined) : undefined;
      return event;
    }
    if (event.type === EventType.FullSnapshot) {
      tags = new Map();
      return { ...event, data: { ...event.data, node: node(event.data.node) as typeof event.data.node } };
    }
    if (event.type === EventType.IncrementalSnapshot) return { ...event, data: incremental(event.data) };
    return event;
  });
}

function isObject<T>(value: T): value is T & object {
  return typeof value === 'object' && value !== null;
}

/** `list` mapped when it is an array (of objects), else as it is: recorded data is not trusted to be well formed. */
function each<T>(list: T[], map: (item: T) => T): T[] {
  return Array.isArray(list) ? list.map((item) => (isObject(item) ? map(item) : item)) : list;
}

/** Every distinct absolute http(s) address the events fetch, in the order first met. */
export function eventUrls(events: readonly eventWithTime[]): string[] {
  const found = new Set<string>();
  mapEventUrls(events, (url) => {
    found.add(url);
    return undefined;
  });
  return [...found];
}
