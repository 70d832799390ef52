/**
 * @module server/tutorials/transform/selector
 * A CSS selector that finds the recorded element again, preferring what
 * survives a redesign: a unique id, then a unique test id, `name`,
 * `aria-label` or other data attribute, else a short `nth-of-type` path
 * from the nearest ancestor with a unique id. Uniqueness is checked against
 * the page as it was when the element was touched.
 */
import { NodeType } from '@rrweb/types';
import { attributeOf, attributesOf, tagOf, type VirtualPage, type VNode } from './virtual-page.ts';

const PREFERRED_ATTRIBUTES = ['data-testid', 'data-test', 'data-test-id', 'data-cy', 'data-qa', 'name', 'aria-label'];
/** Ids that look generated (framework counters, UUIDs) change from visit to visit. */
const GENERATED_ID = /^(?:[0-9]|.*\d{4,}|.*[0-9a-f]{8}-[0-9a-f]{4})|^(?:ember|react|radix|headlessui|mui|:r)/i;
const MAX_ATTRIBUTE_LENGTH = 60;

/** CSS.escape for identifiers (Node has no CSS global). */
export function cssEscape(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (/[a-zA-Z0-9_-]/.test(c) || c.charCodeAt(0) >= 0x80) {
      out += i === 0 && /[0-9]/.test(c) ? `\\3${c} ` : c;
    } else out += `\\${c}`;
  }
  return out;
}

const quoted = (value: string) => `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

function isUniqueAttribute(page: VirtualPage, name: string, value: string, tag?: string): boolean {
  return page.findAll((n) => attributeOf(n, name) === value && (!tag || tagOf(n) === tag)).length === 1;
}

function usableId(page: VirtualPage, node: VNode): string | undefined {
  const id = attributeOf(node, 'id');
  if (!id || GENERATED_ID.test(id) || !isUniqueAttribute(page, 'id', id)) return undefined;
  return `#${cssEscape(id)}`;
}

function byAttribute(page: VirtualPage, node: VNode): string | undefined {
  const tag = tagOf(node);
  const dataAttributes = Object.keys(attributesOf(node)).filter(
    (name) =>
      name.startsWith('data-') && !name.startsWith('data-cb-') && !name.startsWith('data-rr') && !PREFERRED_ATTRIBUTES.includes(name),
  );
  for (const name of [...PREFERRED_ATTRIBUTES, ...dataAttributes]) {
    const value = attributeOf(node, name);
    if (!value || value.length > MAX_ATTRIBUTE_LENGTH || /^[*\s]+$/.test(value)) continue;
    if (isUniqueAttribute(page, name, value, tag)) return `${tag}[${name}=${quoted(value)}]`;
  }
  return undefined;
}

function pathSegment(node: VNode): string {
  const tag = tagOf(node);
  const siblings = (node.parent?.children ?? []).filter((c) => c.type === NodeType.Element && tagOf(c) === tag && !c.sn['isShadow']);
  return siblings.length > 1 ? `${tag}:nth-of-type(${siblings.indexOf(node) + 1})` : tag;
}

/** A selector that `document.querySelector` resolves to `node` on the recorded page ('' for a non-element). */
export function selectorFor(page: VirtualPage, node: VNode): string {
  if (node.type !== NodeType.Element) return '';
  const direct = usableId(page, node) ?? byAttribute(page, node);
  if (direct) return direct;
  const segments: string[] = [];
  let current: VNode | null = node;
  while (current && current.type === NodeType.Element) {
    const anchor = current === node ? undefined : (usableId(page, current) ?? byAttribute(page, current));
    if (anchor) {
      segments.unshift(anchor);
      break;
    }
    const tag = tagOf(current);
    segments.unshift(tag === 'html' || tag === 'body' ? tag : pathSegment(current));
    if (tag === 'html' || tag === 'body') break;
    current = current.parent;
  }
  return segments.join(' > ');
}
