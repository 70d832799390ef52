/**
 * @module server/tutorials/node-texts
 * The texts an element showed during a recording: its own and its
 * descendants' text nodes, form values and typed input, from full snapshots,
 * added nodes, text mutations and input events. Redacting an element hides
 * it in the events (the transforms' job); these texts are what must also
 * leave the published steps, chapters and annotations (a proposed step is
 * often titled after the element's text).
 */
import type { eventWithTime } from '@rrweb/types';

// rrweb's numbers (@rrweb/types enums), spelled out: this module needs no runtime import.
const FULL_SNAPSHOT = 2;
const META = 4;
const INCREMENTAL = 3;
const MUTATION = 0;
const INPUT = 5;
const TEXT_NODE = 3;

interface SerializedNode {
  id: number;
  type: number;
  textContent?: string;
  attributes?: Record<string, unknown>;
  childNodes?: SerializedNode[];
}

/** Attributes whose values are shown text (not URLs or class names). */
const SHOWN_ATTRIBUTES = ['value', 'placeholder', 'title', 'alt', 'aria-label'];
/** Shorter texts are not scrubbed elsewhere: "a" or "OK" would blank half of every title. */
const MIN_TEXT = 3;

/** Nodes hidden on every page (`nodeIds`), or on the page shown at `atMs` (ms from the first event). */
export interface NodeTargets {
  nodeIds?: readonly number[];
  nodes?: readonly { id: number; atMs: number }[];
}

/**
 * Every text the target nodes (and their descendants) showed, longest
 * first. NOTE: rrweb's node ids start afresh on each page (each Meta event),
 * and redaction hides `nodeIds` on every page and `nodes` on the page shown
 * at their moment (as `redactEvents` does), so the texts are gathered page
 * by page, from each page's nodes of the ids it hides.
 */
export function textsOfNodes(events: readonly eventWithTime[], targets: NodeTargets): string[] {
  const everywhere = targets.nodeIds ?? [];
  const onOnePage = targets.nodes ?? [];
  if (everywhere.length === 0 && onOnePage.length === 0) return [];
  // Pages as `redactEvents` counts them: by Meta events, a node named by a moment on the page shown then.
  const origin = events.reduce((min, e) => Math.min(min, e.timestamp), Number.POSITIVE_INFINITY);
  const pageStarts = events.filter((e) => e.type === META).map((e) => e.timestamp - origin);
  const pageAt = (ms: number) => Math.max(0, pageStarts.filter((start) => start <= ms).length - 1);
  const byPage = new Map<number, number[]>();
  for (const n of onOnePage) byPage.set(pageAt(n.atMs), [...(byPage.get(pageAt(n.atMs)) ?? []), n.id]);
  let page = -1;
  let redacted = new Set([...everywhere, ...(byPage.get(0) ?? [])]);
  const found = new Set<string>();
  let parentOf = new Map<number, number>();
  let texts = new Map<number, Set<string>>();
  const add = (id: number, value: unknown) => {
    if (typeof value !== 'string' || value.trim().length < MIN_TEXT) return;
    let set = texts.get(id);
    if (!set) texts.set(id, (set = new Set()));
    set.add(value.trim());
  };
  const walk = (node: SerializedNode, parent: number | undefined) => {
    if (parent !== undefined) parentOf.set(node.id, parent);
    if (node.type === TEXT_NODE) add(node.id, node.textContent);
    for (const name of SHOWN_ATTRIBUTES) add(node.id, node.attributes?.[name]);
    for (const child of node.childNodes ?? []) walk(child, node.id);
  };
  const inRedacted = (id: number) => {
    // NOTE: bounded walk up: a malformed recording could hold a parent cycle.
    for (let at: number | undefined = id, hops = 0; at !== undefined && hops < 10_000; at = parentOf.get(at), hops++) {
      if (redacted.has(at)) return true;
    }
    return false;
  };
  const endPage = () => {
    for (const [id, set] of texts) if (inRedacted(id)) for (const t of set) found.add(t);
    parentOf = new Map();
    texts = new Map();
    page++;
    redacted = new Set([...everywhere, ...(byPage.get(Math.max(0, page)) ?? [])]);
  };
  for (const e of events) {
    const data = e.data as Record<string, unknown>;
    if (e.type === META) endPage();
    if (e.type === FULL_SNAPSHOT) walk(data.node as SerializedNode, undefined);
    if (e.type !== INCREMENTAL) continue;
    if (data.source === MUTATION) {
      for (const a of (data.adds as { parentId: number; node: SerializedNode }[] | undefined) ?? []) walk(a.node, a.parentId);
      for (const t of (data.texts as { id: number; value: unknown }[] | undefined) ?? []) add(t.id, t.value);
      for (const a of (data.attributes as { id: number; attributes: Record<string, unknown> }[] | undefined) ?? []) {
        for (const name of SHOWN_ATTRIBUTES) add(a.id, a.attributes[name]);
      }
    }
    if (data.source === INPUT) add(data.id as number, data.text);
  }
  endPage();
  return [...found].sort((a, b) => b.length - a.length);
}

/** `value` with every occurrence of each text replaced (case-insensitive: an e-mail is one value in any case). */
export function scrub(value: string, texts: readonly string[], replacement: string): string {
  let out = value;
  for (const t of texts) {
    if (!t) continue;
    out = out.replace(new RegExp(t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi'), replacement);
  }
  return out;
}
