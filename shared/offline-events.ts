/**
 * @module shared/offline-events
 * A published replay must never contact the recorded site: before the events
 * reach the Replayer, every address that would make its iframe fetch or
 * navigate somewhere else (image and media sources, `srcset`, `poster`,
 * nested frames, SVG references, CSS `url()` and `@import` in inline styles,
 * stylesheets and style rules, `<meta http-equiv=refresh>`, links) is
 * replaced by a local stand-in. Kept: `data:` and `blob:` addresses, in-page
 * fragments and the tutorial server's own origin (what redaction already
 * points at).
 *
 * Scripts never run in the replay anyway (rrweb's iframe is
 * `sandbox="allow-same-origin"`); this closes the requests that sandbox still
 * lets through. Pure: the events given are not changed, a rewritten copy is
 * answered.
 */
import { EventType, IncrementalSource, type eventWithTime, type incrementalData, type styleSheetAddRule } from '@rrweb/types';
import type { NodeAttributes as Attributes, SerializedNode } from './serialized-node.ts';

/** A grey square drawn in place of an image the recording only linked to. */
export const OFFLINE_IMAGE =
  "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='16' height='16' preserveAspectRatio='none'%3E%3Crect width='16' height='16' fill='%23e5e7eb'/%3E%3C/svg%3E";
/** What an emptied `url()` points at: nothing to fetch. */
const EMPTY_URL = 'data:,';

/** Attributes that fetch what they name, on any element. */
const FETCHING = new Set(['src', 'poster', 'background', 'data', 'xlink:href', 'rr_src', 'codebase', 'archive']);
/** Elements whose `href` fetches (stylesheets, preloads, SVG images and uses). */
const HREF_FETCHING = new Set(['link', 'image', 'use', 'feimage', 'script']);
/** Elements whose `href` navigates when followed. */
const HREF_NAVIGATING = new Set(['a', 'area', 'base']);
const CSS_URL = /url\(\s*(['"]?)([^'")]*?)\1\s*\)/gi;
const CSS_IMPORT = /@import\s+(['"])([^'"]*)\1/gi;

/** Keeps addresses that stay inside the browser or on the tutorial's own server. */
export function isLocalAddress(value: string, serverOrigin: string): boolean {
  const v = value.trim();
  if (v === '' || v.startsWith('#')) return true;
  if (/^(data|blob):/i.test(v)) return true;
  try {
    return new URL(v).origin === serverOrigin;
  } catch {
    return false;
  }
}

/** CSS text with every foreign `url()` and `@import` emptied. */
export function offlineCss(css: string, serverOrigin: string): string {
  if (!/url\(|@import/i.test(css)) return css;
  return css
    .replace(CSS_URL, (whole, _q: string, url: string) => (isLocalAddress(url, serverOrigin) ? whole : `url("${EMPTY_URL}")`))
    .replace(CSS_IMPORT, (whole, _q: string, url: string) => (isLocalAddress(url, serverOrigin) ? whole : `@import "${EMPTY_URL}"`));
}

/** Rewrites recorded events so that replaying them fetches nothing from the recorded site. */
export function offlineEvents(events: readonly eventWithTime[], serverOrigin: string): eventWithTime[] {
  /** Tag names by rrweb id on the current page (attribute changes name only the id). */
  let tags = new Map<number, string>();

  const attributes = (tag: string, attrs: Attributes): Attributes => {
    const out: Attributes = {};
    for (const [name, value] of Object.entries(attrs)) out[name] = attribute(tag, name.toLowerCase(), value, attrs);
    return out;
  };

  const attribute = (tag: string, name: string, value: unknown, all: Attributes): unknown => {
    if (value === null || value === undefined || value === false) return value;
    if (name === 'style') return typeof value === 'string' ? offlineCss(value, serverOrigin) : styleDiff(value);
    if (typeof value !== 'string') return value;
    if (name === '_csstext') return offlineCss(value, serverOrigin);
    if (name === 'srcset')
      return value.split(',').every((part) => isLocalAddress(part.trim().split(/\s+/)[0] ?? '', serverOrigin)) ? value : OFFLINE_IMAGE;
    if (FETCHING.has(name)) return isLocalAddress(value, serverOrigin) ? value : tag === 'img' || tag === 'image' ? OFFLINE_IMAGE : '';
    if (name === 'href' && HREF_FETCHING.has(tag)) return isLocalAddress(value, serverOrigin) ? value : '';
    if (name === 'href' && HREF_NAVIGATING.has(tag)) return isLocalAddress(value, serverOrigin) ? value : '#';
    if (name === 'action' || name === 'formaction') return '';
    if (tag === 'meta' && name === 'content' && typeof all['http-equiv'] === 'string' && all['http-equiv'].toLowerCase() === 'refresh')
      return '';
    return value;
  };

  /** rrweb's style diff (`{ property: value | [value, priority] | false }`). */
  const styleDiff = (diff: unknown): unknown => {
    if (!diff || typeof diff !== 'object') return diff;
    const out: Record<string, unknown> = {};
    for (const [prop, v] of Object.entries(diff as Record<string, unknown>)) {
      if (typeof v === 'string') out[prop] = offlineCss(v, serverOrigin);
      else if (Array.isArray(v) && typeof v[0] === 'string') out[prop] = [offlineCss(v[0], serverOrigin), v[1] as unknown];
      else out[prop] = v;
    }
    return out;
  };

  const node = (n: SerializedNode): SerializedNode => {
    const out: SerializedNode = { ...n };
    if (typeof n.tagName === 'string') {
      const tag = n.tagName.toLowerCase();
      if (typeof n.id === 'number') tags.set(n.id, tag);
      if (n.attributes) out.attributes = attributes(tag, n.attributes);
    }
    if (typeof n.textContent === 'string' && n.isStyle) out.textContent = offlineCss(n.textContent, serverOrigin);
    if (Array.isArray(n.childNodes)) out.childNodes = n.childNodes.map(node);
    return out;
  };

  const rules = (list: styleSheetAddRule[] | undefined): styleSheetAddRule[] | undefined =>
    list?.map((r) => ({ ...r, rule: offlineCss(r.rule, serverOrigin) }));
  const css = <T extends string | null | undefined>(value: T): T =>
    typeof value === 'string' ? (offlineCss(value, serverOrigin) as T) : value;

  const incremental = (data: incrementalData): incrementalData | null => {
    switch (data.source) {
      case IncrementalSource.Mutation:
        return {
          ...data,
          adds: data.adds.map((a) => ({ ...a, node: node(a.node as SerializedNode) as typeof a.node })),
          attributes: data.attributes.map((a) => ({
            ...a,
            attributes: attributes(tags.get(a.id) ?? '', a.attributes) as typeof a.attributes,
          })),
          // NOTE: a text change does not say whether its node is inside a <style>: every one is treated as CSS (only `url(`/`@import` change).
          texts: data.texts.map((t) => ({ ...t, value: css(t.value) })),
        };
      case IncrementalSource.StyleSheetRule:
        return { ...data, adds: rules(data.adds), replace: css(data.replace), replaceSync: css(data.replaceSync) };
      case IncrementalSource.StyleDeclaration:
        return data.set ? { ...data, set: { ...data.set, value: css(data.set.value) } } : data;
      case IncrementalSource.AdoptedStyleSheet:
        return { ...data, styles: data.styles?.map((st) => ({ ...st, rules: rules(st.rules) ?? [] })) };
      case IncrementalSource.Font:
        // A web font the recording only names by address would be fetched from the recorded site: left out.
        return data.buffer || isLocalAddress(data.fontSource, serverOrigin) ? data : null;
      default:
        return data;
    }
  };

  const out: eventWithTime[] = [];
  for (const event of events) {
    if (event.type === EventType.FullSnapshot) {
      tags = new Map();
      out.push({ ...event, data: { ...event.data, node: node(event.data.node) as typeof event.data.node } });
    } else if (event.type === EventType.IncrementalSnapshot) {
      const data = incremental(event.data);
      if (data) out.push({ ...event, data });
    } else {
      out.push(event);
    }
  }
  return out;
}
