/**
 * @module server/tutorials/transform/detect
 * Values worth redacting before a recording becomes a tutorial: e-mail
 * addresses, phone numbers, IBANs (check digits verified), card numbers
 * (Luhn verified) and the customer values the caller knows (name, e-mail,
 * order number), found in what the recording shows or carries: text nodes
 * and attribute values (style sheets aside) of snapshots and mutations,
 * input values (masked as a rule), page addresses, and the strings of
 * custom and plugin events (failed requests, console messages, identify()).
 * Each value is reported once with how often it occurs and when first.
 */
import { EventType, IncrementalSource, NodeType, type eventWithTime, type serializedNodeWithId } from '@rrweb/types';
import { findPatterns } from './sensitive-patterns.ts';
import { inTimeOrder } from './timeline.ts';

export interface Finding {
  kind: 'email' | 'phone' | 'iban' | 'card' | 'customer';
  /** The value as first written in the recording (a known value: as given). */
  value: string;
  count: number;
  /** ms since the stream's first event of its first occurrence. */
  firstT: number;
  /** Every way the value is written in the recording (spacing, case), when more than one. */
  variants?: string[];
}

/** Attributes whose text is markup, not content: CSS, class lists, rrweb's own. */
const SKIPPED_ATTRIBUTES = new Set(['_cssText', 'style', 'class']);

/** The strings of an event a person could read or the page carried. */
export function readableStrings(event: eventWithTime): string[] {
  const out: string[] = [];
  const fromNode = (node: serializedNodeWithId) => {
    if (node.type === NodeType.Text && !node.isStyle) out.push(node.textContent);
    if (node.type === NodeType.Comment) out.push(node.textContent);
    if (node.type === NodeType.Element) {
      for (const [name, value] of Object.entries(node.attributes)) {
        if (typeof value === 'string' && !SKIPPED_ATTRIBUTES.has(name) && !name.startsWith('rr_')) out.push(value);
      }
    }
    if ('childNodes' in node) for (const child of node.childNodes) fromNode(child);
  };
  switch (event.type) {
    case EventType.Meta:
      out.push(event.data.href);
      break;
    case EventType.FullSnapshot:
      fromNode(event.data.node);
      break;
    case EventType.IncrementalSnapshot:
      if (event.data.source === IncrementalSource.Mutation) {
        for (const add of event.data.adds) fromNode(add.node);
        for (const text of event.data.texts) if (text.value) out.push(text.value);
        for (const change of event.data.attributes) {
          for (const [name, value] of Object.entries(change.attributes)) {
            if (typeof value === 'string' && !SKIPPED_ATTRIBUTES.has(name) && !name.startsWith('rr_')) out.push(value);
          }
        }
      } else if (event.data.source === IncrementalSource.Input) out.push(event.data.text);
      break;
    case EventType.Custom:
    case EventType.Plugin:
      deepStrings(event.data, out);
      break;
  }
  return out;
}

function deepStrings(value: unknown, into: string[]): void {
  if (typeof value === 'string') into.push(value);
  else if (Array.isArray(value)) for (const item of value) deepStrings(item, into);
  else if (value && typeof value === 'object') for (const item of Object.values(value)) deepStrings(item, into);
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The personal values in a recording, first found first.
 *
 * @param known values the caller knows belong to the customer (name, e-mail, order number): found case-insensitively
 *   wherever they occur, reported as `customer` (and not again as, say, an `email`).
 */
export function detectSensitive(events: eventWithTime[], known: string[] = []): Finding[] {
  const sorted = inTimeOrder(events);
  const origin = sorted[0]?.timestamp ?? 0;
  const knownValues = [...new Set(known.map((k) => k.trim()).filter((k) => k.length >= 2))];
  const knownPatterns = knownValues.map((value) => new RegExp(escapeRegExp(value).replace(/\s+/g, '\\s+'), 'gi'));
  const knownKeys = new Set(knownValues.map((k) => k.toLowerCase()));
  const byKey = new Map<string, Finding>();

  const note = (kind: Finding['kind'], key: string, value: string, t: number) => {
    const finding = byKey.get(`${kind}:${key}`);
    if (!finding) {
      byKey.set(`${kind}:${key}`, { kind, value, count: 1, firstT: t });
      return;
    }
    finding.count++;
    if (value !== finding.value && !(finding.variants ?? []).includes(value))
      finding.variants = [...(finding.variants ?? [finding.value]), value];
  };

  for (const event of sorted) {
    const t = event.timestamp - origin;
    for (const text of readableStrings(event)) {
      knownPatterns.forEach((pattern, i) => {
        for (const _ of text.matchAll(pattern)) note('customer', knownValues[i]!.toLowerCase(), knownValues[i]!, t);
      });
      for (const match of findPatterns(text)) {
        if (knownKeys.has(match.value.toLowerCase()) || knownKeys.has(match.key.toLowerCase())) continue;
        note(match.kind, match.key, match.value, t);
      }
    }
  }
  return [...byKey.values()].sort((a, b) => a.firstT - b.firstT);
}
