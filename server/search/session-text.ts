/**
 * @module server/search/session-text
 * The text a recording showed, and when: replays the rrweb stream over a
 * light mirror of the page (ids, parents, tag names, a few attributes, text)
 * and turns each text node's life into windows — from when it was added (or
 * its text changed, or it became visible) until it was removed (or changed,
 * or hidden). Adds page titles, URLs, the names of clicked elements, console
 * errors and failed request URLs.
 *
 * Privacy, in this order:
 * - Input values are never read: not the `value` attribute of the snapshot,
 *   not input events (the customer's typing), not the text of `<textarea>`,
 *   `<select>` or contenteditable elements.
 * - Masked text arrives as `*` runs (rrweb's mask) and is dropped by
 *   `indexableText`; text under `[data-cb-mask]` or rrweb's `rr-mask` class is
 *   skipped even if it arrived unmasked, and blocked elements have no text.
 */
import { EventType, IncrementalSource, MouseInteractions } from '@rrweb/types';
import { CONSOLE_PLUGIN, NETWORK_EVENT_TAG } from '../../protocol/context-events.ts';
import type { SearchSource } from '../../protocol/search-constants.ts';
import { indexableText } from './search-text.ts';

/** One stretch of text with the time (ms into the session) it was on screen. */
export interface TimedText {
  source: SearchSource;
  text: string;
  startMs: number;
  endMs: number;
}

interface RecordedEvent {
  type: number;
  timestamp: number;
  data?: unknown;
}

/** rrweb's serialized node types. */
const NODE = { Document: 0, Element: 2, Text: 3 } as const;

/** Elements whose text is not page text a customer read (or is their own typing). */
const SKIPPED_TAGS = new Set(['script', 'style', 'noscript', 'template', 'textarea', 'select', 'option', 'input', 'svg']);
const MASK_ATTRIBUTE = 'data-cb-mask';
const BLOCK_ATTRIBUTE = 'data-cb-block';
const HIDDEN_STYLE = /(^|;)\s*(display\s*:\s*none|visibility\s*:\s*hidden)/i;
const MAX_LABEL_CHARS = 200;

interface MirrorNode {
  id: number;
  parent: number | undefined;
  children: Set<number>;
  tag?: string;
  attributes?: Record<string, unknown>;
  text?: string;
  /** An open window: when this text node's current text became visible. */
  visibleSince?: number;
}

type Serialized = {
  type: number;
  id: number;
  tagName?: string;
  attributes?: Record<string, unknown>;
  childNodes?: Serialized[];
  textContent?: string;
};

const record = (value: unknown): Record<string, unknown> | undefined =>
  value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;

/** Mirrors the recorded page and collects every text's visible windows. */
class TextMirror {
  readonly #nodes = new Map<number, MirrorNode>();
  readonly #out: TimedText[];
  readonly #origin: number;

  constructor(out: TimedText[], origin: number) {
    this.#out = out;
    this.#origin = origin;
  }

  /** A full snapshot: everything on screen ends now, the new page starts now. */
  reset(root: Serialized, ts: number): void {
    this.closeAll(ts);
    this.#nodes.clear();
    this.#add(root, undefined, ts);
  }

  closeAll(ts: number): void {
    for (const node of this.#nodes.values()) this.#close(node, ts);
  }

  /** False when the parent is not (yet) known. */
  add(parentId: number, node: Serialized, ts: number): boolean {
    if (!this.#nodes.has(parentId)) return false;
    this.#add(node, parentId, ts);
    return true;
  }

  remove(id: number, ts: number): void {
    const node = this.#nodes.get(id);
    if (!node) return;
    this.#forSubtree(node, (n) => {
      this.#close(n, ts);
      this.#nodes.delete(n.id);
    });
    if (node.parent !== undefined) this.#nodes.get(node.parent)?.children.delete(id);
  }

  setText(id: number, value: string | null, ts: number): void {
    const node = this.#nodes.get(id);
    if (!node || node.tag !== undefined) return;
    this.#close(node, ts);
    node.text = value ?? '';
    this.#open(node, ts);
  }

  setAttributes(id: number, changes: Record<string, unknown>, ts: number): void {
    const element = this.#nodes.get(id);
    if (!element?.attributes) return;
    for (const [name, value] of Object.entries(changes)) {
      if (value === null) delete element.attributes[name];
      else element.attributes[name] = value;
    }
    // Visibility may have changed for every text below: re-open each with its current state.
    this.#forSubtree(element, (n) => {
      if (n.text === undefined) return;
      const visible = this.#visible(n);
      if (!visible) this.#close(n, ts);
      else if (n.visibleSince === undefined) this.#open(n, ts);
    });
  }

  /** The accessible name of a clicked element: aria-label, title, alt, or its visible text. */
  label(id: number): string {
    const node = this.#nodes.get(id);
    if (!node || !this.#indexable(node)) return '';
    const attrs = node.attributes ?? {};
    for (const name of ['aria-label', 'title', 'alt']) {
      const value = attrs[name];
      if (typeof value === 'string' && value.trim()) return indexableText(value).slice(0, MAX_LABEL_CHARS);
    }
    const parts: string[] = [];
    this.#forSubtree(node, (n) => {
      if (n.text !== undefined && this.#visible(n)) parts.push(n.text);
    });
    return indexableText(parts.join(' ')).slice(0, MAX_LABEL_CHARS);
  }

  #add(serialized: Serialized, parent: number | undefined, ts: number): void {
    const node: MirrorNode = { id: serialized.id, parent, children: new Set() };
    if (serialized.type === NODE.Element) {
      node.tag = String(serialized.tagName ?? '').toLowerCase();
      node.attributes = { ...(serialized.attributes ?? {}) };
    } else if (serialized.type === NODE.Document) {
      node.tag = '#document';
      node.attributes = {};
    } else if (serialized.type === NODE.Text) {
      node.text = String(serialized.textContent ?? '');
    } else {
      node.tag = '#other';
      node.attributes = {};
    }
    this.#nodes.set(node.id, node);
    if (parent !== undefined) this.#nodes.get(parent)?.children.add(node.id);
    for (const child of serialized.childNodes ?? []) this.#add(child, node.id, ts);
    if (node.text !== undefined) this.#open(node, ts);
  }

  #forSubtree(node: MirrorNode, visit: (n: MirrorNode) => void): void {
    const stack = [node];
    while (stack.length) {
      const n = stack.pop()!;
      visit(n);
      for (const id of n.children) {
        const child = this.#nodes.get(id);
        if (child) stack.push(child);
      }
    }
  }

  #ancestors(node: MirrorNode): MirrorNode[] {
    const chain: MirrorNode[] = [];
    for (let id = node.parent; id !== undefined;) {
      const n = this.#nodes.get(id);
      if (!n) break;
      chain.push(n);
      id = n.parent;
    }
    return chain;
  }

  /** Not inside anything whose text is never indexed (masked, typed, scripts, the recorder's own UI). */
  #indexable(node: MirrorNode): boolean {
    for (const n of [node, ...this.#ancestors(node)]) {
      if (n.tag === undefined) continue;
      if (SKIPPED_TAGS.has(n.tag) || n.tag.startsWith('cobrowse-')) return false;
      const attrs = n.attributes ?? {};
      if (MASK_ATTRIBUTE in attrs || BLOCK_ATTRIBUTE in attrs || 'contenteditable' in attrs) return false;
      const className = typeof attrs.class === 'string' ? ` ${attrs.class} ` : '';
      if (className.includes(' rr-mask ') || className.includes(' rr-block ')) return false;
    }
    return true;
  }

  #visible(node: MirrorNode): boolean {
    if (!this.#indexable(node)) return false;
    for (const n of this.#ancestors(node)) {
      const attrs = n.attributes ?? {};
      if ('hidden' in attrs) return false;
      if (typeof attrs.style === 'string' && HIDDEN_STYLE.test(attrs.style)) return false;
    }
    // A text node whose chain does not reach a document is detached (its parent was never seen).
    const chain = this.#ancestors(node);
    return chain.at(-1)?.tag === '#document';
  }

  #open(node: MirrorNode, ts: number): void {
    if (node.visibleSince === undefined && node.text?.trim() && this.#visible(node)) node.visibleSince = ts;
  }

  #close(node: MirrorNode, ts: number): void {
    if (node.visibleSince === undefined) return;
    const since = node.visibleSince;
    node.visibleSince = undefined;
    const text = indexableText(node.text ?? '');
    if (!text) return;
    const parent = node.parent === undefined ? undefined : this.#nodes.get(node.parent);
    const source: SearchSource = parent?.tag === 'title' ? 'page_title' : 'page_text';
    this.#out.push({ source, text, startMs: since - this.#origin, endMs: Math.max(since, ts) - this.#origin });
  }
}

/**
 * Every text of the recording with its windows, plus pages, clicks, console
 * errors and failed requests as moments. `events` in recorded order.
 */
export function sessionTexts(events: readonly RecordedEvent[]): TimedText[] {
  const out: TimedText[] = [];
  const first = events[0];
  if (!first) return out;
  const origin = first.timestamp;
  const last = events.reduce((max, e) => Math.max(max, e.timestamp), origin);
  const mirror = new TextMirror(out, origin);
  const moment = (source: SearchSource, value: string, ts: number) => {
    const text = indexableText(value);
    if (text) out.push({ source, text, startMs: ts - origin, endMs: ts - origin });
  };
  let page: { url: string; since: number } | undefined;

  for (const event of events) {
    const ts = event.timestamp;
    const data = record(event.data);
    if (!data) continue;
    if (event.type === EventType.Meta && typeof data.href === 'string') {
      if (page) out.push({ source: 'page_url', text: page.url, startMs: page.since - origin, endMs: ts - origin });
      page = { url: indexableText(data.href), since: ts };
    } else if (event.type === EventType.FullSnapshot && record(data.node)) {
      mirror.reset(data.node as Serialized, ts);
    } else if (event.type === EventType.IncrementalSnapshot) {
      if (data.source === IncrementalSource.Mutation) applyMutation(mirror, data, ts);
      else if (data.source === IncrementalSource.MouseInteraction && data.type === MouseInteractions.Click && typeof data.id === 'number') {
        moment('click', mirror.label(data.id), ts);
      }
      // NOTE: IncrementalSource.Input (the customer's typing) is deliberately never read.
    } else if (event.type === EventType.Plugin && data.plugin === CONSOLE_PLUGIN) {
      const payload = record(data.payload);
      if (payload?.level === 'error' && Array.isArray(payload.payload)) moment('console', consoleText(payload.payload), ts);
    } else if (event.type === EventType.Custom && data.tag === NETWORK_EVENT_TAG) {
      const payload = record(data.payload);
      if (
        payload &&
        (payload.failed === true || (typeof payload.status === 'number' && payload.status >= 400)) &&
        typeof payload.url === 'string'
      ) {
        moment('network', `${typeof payload.method === 'string' ? payload.method : 'GET'} ${String(payload.status)} ${payload.url}`, ts);
      }
    }
  }
  mirror.closeAll(last);
  if (page && page.url) out.push({ source: 'page_url', text: page.url, startMs: page.since - origin, endMs: last - origin });
  return out.filter((t) => t.text);
}

function applyMutation(mirror: TextMirror, data: Record<string, unknown>, ts: number): void {
  // rrweb's replay order: removes, adds, texts, attributes.
  for (const r of asArray(data.removes)) if (typeof r.id === 'number') mirror.remove(r.id, ts);
  // NOTE: an add may come before its parent's (rrweb's replayer queues those too): retry until nothing resolves.
  let pending = asArray(data.adds);
  while (pending.length) {
    const unresolved = pending.filter((a) => {
      const node = record(a.node);
      if (typeof a.parentId !== 'number' || !node || typeof node.id !== 'number') return false;
      return !mirror.add(a.parentId, node as Serialized, ts);
    });
    if (unresolved.length === pending.length) break;
    pending = unresolved;
  }
  for (const t of asArray(data.texts)) {
    if (typeof t.id === 'number') mirror.setText(t.id, typeof t.value === 'string' ? t.value : null, ts);
  }
  for (const a of asArray(data.attributes)) {
    const attrs = record(a.attributes);
    if (typeof a.id === 'number' && attrs) mirror.setAttributes(a.id, attrs, ts);
  }
}

const asArray = (value: unknown): Record<string, unknown>[] =>
  Array.isArray(value) ? value.map(record).filter((v): v is Record<string, unknown> => v !== undefined) : [];

/** The console plugin JSON-stringifies each argument. */
function consoleText(args: unknown[]): string {
  return args
    .slice(0, 5)
    .map((arg) => {
      if (typeof arg !== 'string') return '';
      try {
        const parsed: unknown = JSON.parse(arg);
        return typeof parsed === 'string' ? parsed : arg;
      } catch {
        return arg;
      }
    })
    .join(' ');
}
