/**
 * @module server/tutorials/transform/virtual-page
 * One recorded page as rrweb's replayer would have it, without a browser: a
 * tree of the serialized nodes of the last full snapshot with every
 * incremental change applied in order (mutations, input values, scroll
 * positions, viewport, pointer). The event transforms read it (names,
 * labels, selectors of the element a step touched) and write it back as a
 * full snapshot with the same node ids (a cut's first frame).
 *
 * NOTE: mutations are applied the way rrweb's replayer applies them:
 * removes, then adds (an add whose parent or next sibling is not there yet
 * waits until it is), then texts, then attributes.
 */
import { createHash } from 'node:crypto';
import {
  EventType,
  IncrementalSource,
  MouseInteractions,
  NodeType,
  type eventWithTime,
  type fullSnapshotEvent,
  type mutationData,
  type serializedNodeWithId,
} from '@rrweb/types';
import { applyStyleDiff } from './style-attribute.ts';

type AttributeValue = string | number | true | null;
export type Attributes = Record<string, AttributeValue>;

/** A node of the tree: its serialized form (without children) plus links. */
export interface VNode {
  id: number;
  type: NodeType;
  /** The serialized node's own fields (tagName, attributes, textContent, isSVG, …), children left out. */
  sn: Record<string, unknown> & { id: number; type: NodeType };
  parent: VNode | null;
  children: VNode[];
}

export interface Point {
  x: number;
  y: number;
}

/** Incremental sources whose effect the tree cannot hold (style sheets, fonts, canvas…): a cut replays them again. */
const CARRIED_SOURCES = new Set<IncrementalSource>([
  IncrementalSource.StyleSheetRule,
  IncrementalSource.StyleDeclaration,
  IncrementalSource.AdoptedStyleSheet,
  IncrementalSource.Font,
  IncrementalSource.CustomElement,
  IncrementalSource.CanvasMutation,
  IncrementalSource.MediaInteraction,
]);

/** A string field of a serialized node ('' when absent). */
export function stringField(node: VNode | null | undefined, key: string): string {
  const value = node?.sn[key];
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}

export const tagOf = (node: VNode | null | undefined): string =>
  node?.type === NodeType.Element ? stringField(node, 'tagName').toLowerCase() : '';

export const attributesOf = (node: VNode | null | undefined): Attributes =>
  node?.type === NodeType.Element ? ((node.sn['attributes'] as Attributes | undefined) ?? {}) : {};

export function attributeOf(node: VNode | null | undefined, name: string): string | undefined {
  const value = attributesOf(node)[name];
  if (value === null || value === undefined) return undefined;
  return value === true ? '' : String(value);
}

export class VirtualPage {
  href = '';
  width = 0;
  height = 0;
  /** When the page's Meta event came (the replayer starts a page there). */
  metaTimestamp = 0;
  root: VNode | null = null;
  readonly nodes = new Map<number, VNode>();
  /** Scroll offsets by node id (the document's id for the window). */
  readonly scroll = new Map<number, Point>();
  /**
   * Live field values and ticks by node id, as the last Input events set
   * them (the `value`/`checked` attributes stay what the page's markup
   * said, as in the browser), oldest change first.
   */
  readonly inputs = new Map<number, { text: string; isChecked: boolean }>();
  pointer: (Point & { id: number }) | null = null;
  /** Events since the last full snapshot whose effect lives outside the node tree, oldest first. */
  carried: (eventWithTime & { type: EventType.IncrementalSnapshot })[] = [];

  /** A Meta event: a new page (or the same page reloaded): its ids start afresh. */
  startPage(event: eventWithTime & { type: EventType.Meta }): void {
    this.href = event.data.href;
    this.width = event.data.width;
    this.height = event.data.height;
    this.metaTimestamp = event.timestamp;
    // Until its first full snapshot a new page has nothing to show.
    this.root = null;
    this.nodes.clear();
    this.scroll.clear();
    this.inputs.clear();
    this.carried = [];
    this.pointer = null;
  }

  loadSnapshot(event: fullSnapshotEvent): void {
    this.nodes.clear();
    this.scroll.clear();
    this.inputs.clear();
    this.carried = [];
    this.root = this.#build(event.data.node, null);
    const { top, left } = event.data.initialOffset ?? { top: 0, left: 0 };
    if (top || left) this.scroll.set(this.root.id, { x: left, y: top });
  }

  /** Applies any event to the page (those that do not change it are ignored). */
  apply(event: eventWithTime): void {
    if (event.type === EventType.Meta) this.startPage(event);
    else if (event.type === EventType.FullSnapshot) this.loadSnapshot(event);
    else if (event.type === EventType.IncrementalSnapshot) this.#applyIncremental(event);
  }

  get(id: number): VNode | undefined {
    return this.nodes.get(id);
  }

  /** The `<html>` element. */
  get documentElement(): VNode | undefined {
    return this.root?.children.find((c) => tagOf(c) === 'html');
  }

  /** `<html lang>`, lower case, or ''. */
  get lang(): string {
    return (attributeOf(this.documentElement, 'lang') ?? '').toLowerCase();
  }

  /** The document's `<title>` text. */
  get title(): string {
    const title = this.find((n) => tagOf(n) === 'title' && !this.#inSvg(n));
    return title ? textOf(title).replace(/\s+/g, ' ').trim() : '';
  }

  /** The first node (document order) that matches. */
  find(test: (node: VNode) => boolean, from: VNode | null = this.root): VNode | undefined {
    if (!from) return undefined;
    if (test(from)) return from;
    for (const child of from.children) {
      const found = this.find(test, child);
      if (found) return found;
    }
    return undefined;
  }

  /** Every node that matches, in document order. */
  findAll(test: (node: VNode) => boolean, from: VNode | null = this.root, into: VNode[] = []): VNode[] {
    if (!from) return into;
    if (test(from)) into.push(from);
    for (const child of from.children) this.findAll(test, child, into);
    return into;
  }

  /** The element whose `id` attribute is `value` (the first, like getElementById). */
  byIdAttribute(value: string): VNode | undefined {
    return this.find((n) => attributeOf(n, 'id') === value);
  }

  /**
   * The tree as a full snapshot's node, with the element scroll offsets
   * folded into the attributes (`rr_scrollLeft`/`rr_scrollTop`, which
   * rrweb's rebuild applies). Field values are not attributes: see
   * {@link inputs}.
   * A same-origin iframe's document is left out: rrweb attaches it with a
   * mutation after the snapshot ({@link iframeDocuments}).
   */
  serialize(): serializedNodeWithId | null {
    return this.root ? this.#serialize(this.root) : null;
  }

  /** A digest that is equal for two moments exactly when the page's nodes, texts, attributes and field values are (scrolling aside). */
  fingerprint(): string {
    return createHash('sha256')
      .update(JSON.stringify(this.root ? this.#serialize(this.root, false) : null))
      .update(JSON.stringify([...this.inputs].filter(([id]) => this.nodes.has(id)).sort(([a], [b]) => a - b)))
      .digest('base64');
  }

  /** Documents inside iframes, as the `isAttachIframe` adds that put them back after a snapshot. */
  iframeDocuments(): { parentId: number; nextId: null; node: serializedNodeWithId }[] {
    return this.findAll((n) => n.type === NodeType.Document && n.parent !== null).map((doc) => ({
      parentId: doc.parent!.id,
      nextId: null,
      node: this.#serialize(doc),
    }));
  }

  #inSvg(node: VNode): boolean {
    return node.sn['isSVG'] === true;
  }

  #serialize(node: VNode, withScroll = true): serializedNodeWithId {
    const out: Record<string, unknown> = { ...node.sn };
    if (node.type === NodeType.Element) {
      const attributes = { ...attributesOf(node) };
      const scrolled = withScroll ? this.scroll.get(node.id) : undefined;
      delete attributes['rr_scrollLeft'];
      delete attributes['rr_scrollTop'];
      if (scrolled?.x) attributes['rr_scrollLeft'] = scrolled.x;
      if (scrolled?.y) attributes['rr_scrollTop'] = scrolled.y;
      out['attributes'] = attributes;
    }
    if (node.type === NodeType.Document || node.type === NodeType.Element) {
      out['childNodes'] = node.children
        .filter((c) => !(c.type === NodeType.Document && tagOf(node) === 'iframe'))
        .map((c) => this.#serialize(c, withScroll));
    }
    return out as serializedNodeWithId;
  }

  #build(sn: serializedNodeWithId, parent: VNode | null): VNode {
    const { childNodes, ...own } = sn as serializedNodeWithId & { childNodes?: serializedNodeWithId[] };
    const copy = structuredClone(own) as VNode['sn'];
    const node: VNode = { id: sn.id, type: sn.type, sn: copy, parent, children: [] };
    const existing = this.nodes.get(sn.id);
    if (existing) this.#detach(existing);
    this.nodes.set(sn.id, node);
    for (const child of childNodes ?? []) node.children.push(this.#build(child, node));
    return node;
  }

  #detach(node: VNode): void {
    if (node.parent) node.parent.children = node.parent.children.filter((c) => c !== node);
    node.parent = null;
  }

  #forget(node: VNode): void {
    if (this.nodes.get(node.id) === node) this.nodes.delete(node.id);
    for (const child of node.children) this.#forget(child);
  }

  #applyIncremental(event: eventWithTime & { type: EventType.IncrementalSnapshot }): void {
    const data = event.data;
    switch (data.source) {
      case IncrementalSource.Mutation:
        this.#applyMutation(data);
        break;
      case IncrementalSource.ViewportResize:
        this.width = data.width;
        this.height = data.height;
        break;
      case IncrementalSource.Scroll:
        this.scroll.set(data.id, { x: data.x, y: data.y });
        break;
      case IncrementalSource.Input:
        if (!this.nodes.has(data.id)) break;
        // Latest last: a radio group's other buttons come in the same moment, in rrweb's order.
        this.inputs.delete(data.id);
        this.inputs.set(data.id, { text: data.text, isChecked: data.isChecked });
        break;
      case IncrementalSource.MouseMove:
      case IncrementalSource.TouchMove:
      case IncrementalSource.Drag: {
        const last = data.positions.at(-1);
        if (last) this.pointer = { x: last.x, y: last.y, id: last.id };
        break;
      }
      case IncrementalSource.MouseInteraction:
        if (data.x !== undefined && data.y !== undefined && data.type !== MouseInteractions.Blur && data.type !== MouseInteractions.Focus) {
          this.pointer = { x: data.x, y: data.y, id: data.id };
        }
        break;
      default:
        if (CARRIED_SOURCES.has(data.source)) this.carried.push(event);
    }
  }

  #applyMutation(data: mutationData): void {
    for (const remove of data.removes) {
      const node = this.nodes.get(remove.id);
      if (!node) continue;
      this.#detach(node);
      this.#forget(node);
    }
    let pending = data.adds;
    while (pending.length > 0) {
      const waiting: typeof pending = [];
      for (const add of pending) {
        const parent = this.nodes.get(add.parentId);
        const nextMissing = add.nextId !== null && add.nextId !== undefined && add.nextId !== -1 && !this.nodes.has(add.nextId);
        if (!parent || nextMissing) {
          waiting.push(add);
          continue;
        }
        const node = this.#build(add.node, parent);
        const previous = add.previousId != null ? this.nodes.get(add.previousId) : undefined;
        const next = add.nextId != null ? this.nodes.get(add.nextId) : undefined;
        let index = parent.children.length;
        if (previous && previous.parent === parent) index = parent.children.indexOf(previous) + 1;
        else if (next && next.parent === parent) index = parent.children.indexOf(next);
        parent.children.splice(index, 0, node);
      }
      // Nothing could be placed: rrweb drops those adds too (their parent never came).
      if (waiting.length === pending.length) break;
      pending = waiting;
    }
    for (const text of data.texts) {
      const node = this.nodes.get(text.id);
      if (!node) continue;
      if (node.type === NodeType.Element) {
        for (const child of node.children) this.#forget(child);
        node.children = [];
      } else node.sn['textContent'] = text.value ?? '';
    }
    for (const change of data.attributes) {
      const node = this.nodes.get(change.id);
      if (node?.type !== NodeType.Element) continue;
      const attributes = { ...attributesOf(node) };
      for (const [name, value] of Object.entries(change.attributes)) {
        if (value === null) delete attributes[name];
        else if (typeof value === 'object') attributes[name] = applyStyleDiff(String(attributes[name] ?? ''), value);
        else attributes[name] = value;
      }
      node.sn['attributes'] = attributes;
    }
  }
}

/** The text of a node and its descendants (textContent), style and script text left out. */
export function textOf(node: VNode): string {
  if (node.type === NodeType.Text) return node.sn['isStyle'] ? '' : stringField(node, 'textContent');
  if (node.type === NodeType.Comment) return '';
  const tag = tagOf(node);
  if (tag === 'script' || tag === 'style' || tag === 'noscript') return '';
  return node.children.map(textOf).join('');
}

/** The element ancestors of a node, nearest first (the node itself when `self`). */
export function* ancestors(node: VNode | undefined, self = false): Generator<VNode> {
  let current = self ? node : node?.parent;
  while (current) {
    if (current.type === NodeType.Element) yield current;
    current = current.parent ?? undefined;
  }
}
