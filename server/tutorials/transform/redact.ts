/**
 * @module server/tutorials/transform/redact
 * Takes personal data out of a recording before it becomes a tutorial, in
 * every event it could hide in:
 *
 * - Given nodes (rrweb ids) lose their whole subtree's content, in the full
 *   snapshots and in every later mutation, text change, attribute change
 *   and input value, including nodes added under them later: texts become
 *   stand-ins, images a grey placeholder (src, srcset, inlined data, CSS
 *   `url()`s), links go nowhere, and every other attribute's value becomes a
 *   stand-in, except the structural ones the layout needs and that carry no
 *   content (id, class, type, role, for, sizes, state flags, rrweb's own;
 *   style is kept with its `url()`s replaced).
 * - Given texts are replaced wherever they occur, in any string of any
 *   event (texts, attributes, URLs, input values, request and console
 *   events, metadata), case-insensitively, whatever the spacing; a number
 *   (IBAN, card, phone) also when written with other separators.
 *
 * The same real value always gets the same stand-in across the stream:
 * `[email 1]`, `[iban 1]`, `[card 1]`, `[phone 1]`, or `[redacted 1]`.
 *
 * NOTE: rrweb's node ids start afresh on each page (each Meta event), so an
 * id means different nodes on different pages. `nodeIds` apply on every
 * page; `nodes` name one page by a moment on it.
 */
import { EventType, IncrementalSource, NodeType, type eventWithTime, type serializedNodeWithId } from '@rrweb/types';
import { kindOf } from './sensitive-patterns.ts';
import { inTimeOrder } from './timeline.ts';

export interface Redaction {
  /** rrweb node ids whose subtree is redacted, on every page of the stream. */
  nodeIds?: number[];
  /** Texts replaced wherever they occur. */
  texts?: string[];
  /** Node ids on one page only: the page shown at `atMs` (ms since the stream's first event). */
  nodes?: { id: number; atMs: number }[];
}

/** A grey box in place of a redacted image (an SVG that stretches to the element's size). */
export const PLACEHOLDER_IMAGE =
  "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='16' height='16' preserveAspectRatio='none'%3E%3Crect width='16' height='16' fill='%23d1d5db'/%3E%3C/svg%3E";

/** Attributes that shape the page and carry no content of their own: kept on redacted nodes. */
const STRUCTURAL_ATTRIBUTES = new Set([
  'id',
  'class',
  'type',
  'role',
  'for',
  'name',
  'tabindex',
  'dir',
  'lang',
  'hidden',
  'disabled',
  'readonly',
  'required',
  'checked',
  'selected',
  'multiple',
  'width',
  'height',
  'colspan',
  'rowspan',
  'rel',
  'media',
  'loading',
  'aria-hidden',
  'aria-expanded',
  'aria-selected',
  'aria-checked',
  'aria-disabled',
  'aria-live',
  'rr_width',
  'rr_height',
  'rr_scrollLeft',
  'rr_scrollTop',
  'rr_mediaState',
  'rr_mediaCurrentTime',
  'rr_mediaPlaybackRate',
  'rr_mediaMuted',
  'rr_mediaLoop',
  'rr_mediaVolume',
  'rr_open_mode',
]);
const IMAGE_ATTRIBUTES = new Set(['src', 'srcset', 'poster', 'rr_dataURL', 'rr_src', 'xlink:href']);
const LINK_ATTRIBUTES = new Set(['href', 'action', 'formaction', 'cite', 'data', 'ping']);
const CSS_URL = /url\(\s*(['"]?)(?:(?!\1\)).)*\1\s*\)/gi;

/** Stand-ins by value: one per real value, numbered per kind in order of first appearance. */
class StandIns {
  readonly #byValue = new Map<string, string>();
  readonly #counts = new Map<string, number>();

  for(value: string): string {
    const key = keyOf(value);
    let standIn = this.#byValue.get(key);
    if (!standIn) {
      const label = kindOf(value) ?? 'redacted';
      const n = (this.#counts.get(label) ?? 0) + 1;
      this.#counts.set(label, n);
      standIn = `[${label} ${n}]`;
      this.#byValue.set(key, standIn);
    }
    return standIn;
  }

  /** A text node's content: surrounding whitespace kept, whitespace-only and masked (`***`) text left as it is. */
  forText(text: string): string {
    if (!text.trim() || /^[*\s]+$/.test(text)) return text;
    const lead = /^\s*/.exec(text)![0];
    const trail = /\s*$/.exec(text)![0];
    return `${lead}${this.for(text.trim())}${trail}`;
  }
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const SEPARATORS = /[\s.\-/()]+/g;

/** The value as a number (IBAN, card, phone) without its separators, or undefined for other text. */
function asNumber(text: string): string | undefined {
  const compact = text.replace(SEPARATORS, '');
  return /^\+?[A-Za-z]{0,2}\d[\dA-Za-z]*$/.test(compact) && /\d{4}/.test(compact) ? compact : undefined;
}

/** One key for all the ways a value is written: numbers without separators, text in lower case with single spaces. */
function keyOf(value: string): string {
  return (asNumber(value) ?? value.trim().replace(/\s+/g, ' ')).toLowerCase();
}

/** A pattern for a text: numbers whatever their separators, words whatever their spacing. */
function patternFor(text: string): string {
  const number = asNumber(text);
  if (number) return [...number].map(escapeRegExp).join('[\\s.\\-/()]*');
  return escapeRegExp(text.trim()).replace(/\s+/g, '\\s+');
}

/** Replaces the given texts in any string, each occurrence by its value's stand-in. */
class TextReplacer {
  readonly #pattern: RegExp | undefined;
  readonly #texts: string[];
  readonly #standIns: StandIns;

  constructor(texts: string[], standIns: StandIns) {
    this.#standIns = standIns;
    // Longest first, so a value inside a longer one does not cut it in two.
    this.#texts = [...new Set(texts.map((t) => t.trim()).filter((t) => t.length > 0))].sort((a, b) => b.length - a.length);
    this.#pattern = this.#texts.length > 0 ? new RegExp(this.#texts.map((t) => `(${patternFor(t)})`).join('|'), 'gi') : undefined;
  }

  replace(value: string): string {
    if (!this.#pattern) return value;
    return value.replace(this.#pattern, (...groups: unknown[]) => {
      const index = groups.slice(1, this.#texts.length + 1).findIndex((g) => g !== undefined);
      return this.#standIns.for(this.#texts[index]!);
    });
  }

  /** Every string inside a value, replaced (object keys and rrweb's tag names left alone). */
  deep<T>(value: T): T {
    if (!this.#pattern) return value;
    const walk = (v: unknown, key?: string): unknown => {
      if (typeof v === 'string') return key === 'tagName' ? v : this.replace(v);
      if (Array.isArray(v)) return v.map((item) => walk(item));
      if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, item]) => [k, walk(item, k)]));
      return v;
    };
    return walk(value) as T;
  }
}

/** A copy of the events with the given nodes' content and the given texts replaced by stand-ins. */
export function redactEvents(events: eventWithTime[], redactions: Redaction): eventWithTime[] {
  const sorted = inTimeOrder(events);
  const origin = sorted[0]?.timestamp ?? 0;
  const standIns = new StandIns();
  const texts = new TextReplacer(redactions.texts ?? [], standIns);
  const everywhere = new Set(redactions.nodeIds ?? []);
  const pageStarts = sorted.filter((e) => e.type === EventType.Meta).map((e) => e.timestamp - origin);
  const pageAt = (ms: number) => pageStarts.filter((start) => start <= ms).length - 1;
  const onPage = new Map<number, Set<number>>();
  for (const { id, atMs } of redactions.nodes ?? []) {
    const page = Math.max(0, pageAt(atMs));
    onPage.set(page, (onPage.get(page) ?? new Set()).add(id));
  }

  let page = -1;
  /** Ids of the current page inside a redacted subtree. */
  let redacted = new Set<number>();
  const isTarget = (id: number) => everywhere.has(id) || (onPage.get(Math.max(0, page))?.has(id) ?? false);

  const redactNode = (node: serializedNodeWithId, inside: boolean): serializedNodeWithId => {
    const hidden = inside || isTarget(node.id);
    if (hidden) redacted.add(node.id);
    const copy = { ...node };
    if (hidden && (copy.type === NodeType.Text || copy.type === NodeType.Comment) && !(copy.type === NodeType.Text && copy.isStyle)) {
      copy.textContent = standIns.forText(copy.textContent);
    }
    if (copy.type === NodeType.Element) {
      if (hidden) copy.attributes = redactAttributes(copy.attributes, standIns);
      copy.childNodes = copy.childNodes.map((child) => redactNode(child, hidden));
    } else if (copy.type === NodeType.Document) copy.childNodes = copy.childNodes.map((child) => redactNode(child, hidden));
    return copy;
  };

  return sorted.map((original) => {
    let event = original;
    if (event.type === EventType.Meta) {
      page++;
      redacted = new Set();
    } else if (event.type === EventType.FullSnapshot) {
      redacted = new Set();
      event = { ...event, data: { ...event.data, node: redactNode(event.data.node, false) } };
    } else if (event.type === EventType.IncrementalSnapshot) {
      const data = event.data;
      if (data.source === IncrementalSource.Mutation) {
        event = {
          ...event,
          data: {
            ...data,
            adds: data.adds.map((add) => ({ ...add, node: redactNode(add.node, redacted.has(add.parentId)) })),
            texts: data.texts.map((text) =>
              redacted.has(text.id) && text.value !== null ? { ...text, value: standIns.forText(text.value) } : text,
            ),
            attributes: data.attributes.map((change) =>
              redacted.has(change.id) ? { ...change, attributes: redactAttributes(change.attributes, standIns) } : change,
            ),
          },
        };
      } else if (data.source === IncrementalSource.Input && redacted.has(data.id)) {
        event = { ...event, data: { ...data, text: standIns.forText(data.text) } };
      }
    }
    return texts.deep(event);
  });
}

type AttributeValue = string | number | boolean | null | Record<string, unknown>;

/** A redacted node's attributes: structure kept, images and links neutralised, every other value a stand-in. */
function redactAttributes<T extends Record<string, unknown>>(attributes: T, standIns: StandIns): T {
  const out: Record<string, AttributeValue> = {};
  for (const [name, value] of Object.entries(attributes) as [string, AttributeValue][]) {
    const lower = name.toLowerCase();
    if (value === null || typeof value === 'boolean' || typeof value === 'number') out[name] = value;
    else if (lower === 'style')
      out[name] = typeof value === 'string' ? value.replace(CSS_URL, `url("${PLACEHOLDER_IMAGE}")`) : redactStyleDiff(value);
    else if (typeof value !== 'string') out[name] = value;
    else if (STRUCTURAL_ATTRIBUTES.has(name) || STRUCTURAL_ATTRIBUTES.has(lower)) out[name] = value;
    else if (IMAGE_ATTRIBUTES.has(name) || IMAGE_ATTRIBUTES.has(lower)) out[name] = PLACEHOLDER_IMAGE;
    else if (LINK_ATTRIBUTES.has(lower)) out[name] = '#';
    else if (lower === '_csstext') out[name] = value.replace(CSS_URL, `url("${PLACEHOLDER_IMAGE}")`);
    else out[name] = standIns.forText(value);
  }
  return out as T;
}

/** rrweb's style diff (`{ property: value | [value, priority] | false }`) with its `url()`s replaced. */
function redactStyleDiff(diff: Record<string, unknown>): Record<string, unknown> {
  const swap = (v: unknown) => (typeof v === 'string' ? v.replace(CSS_URL, `url("${PLACEHOLDER_IMAGE}")`) : v);
  return Object.fromEntries(Object.entries(diff).map(([k, v]) => [k, Array.isArray(v) ? v.map(swap) : swap(v)]));
}
