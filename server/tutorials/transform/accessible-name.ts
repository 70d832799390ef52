/**
 * @module server/tutorials/transform/accessible-name
 * The name a person would use for a recorded element, from the page as it
 * was: aria-labelledby, aria-label, the associated `<label>` (for form
 * fields), the text content (buttons, links; image alts inside), title,
 * alt, placeholder; a field's `name` as a last resort. A form field's value
 * and its text are never used (that is what the customer typed), nor text
 * rrweb masked (only `*`).
 */
import { NodeType } from '@rrweb/types';
import { ancestors, attributeOf, stringField, tagOf, textOf, type VirtualPage, type VNode } from './virtual-page.ts';

const MAX_NAME_LENGTH = 80;
const FIELD_TAGS = new Set(['input', 'select', 'textarea']);
const BUTTON_INPUT_TYPES = new Set(['button', 'submit', 'reset', 'image']);
const INTERACTIVE_ROLES = new Set(['button', 'link', 'checkbox', 'radio', 'switch', 'tab', 'menuitem', 'option', 'combobox', 'textbox']);

/** Whitespace collapsed; masked text (only `*`) is no name. */
function clean(text: string | undefined): string {
  const collapsed = (text ?? '').replace(/\s+/g, ' ').trim();
  if (!collapsed || /^[*\s]+$/.test(collapsed)) return '';
  return collapsed.length > MAX_NAME_LENGTH ? `${collapsed.slice(0, MAX_NAME_LENGTH - 1).trimEnd()}…` : collapsed;
}

/** True for an element a person types into, picks from or ticks. */
export function isField(node: VNode | undefined): boolean {
  const tag = tagOf(node);
  if (tag === 'input') return !BUTTON_INPUT_TYPES.has((attributeOf(node, 'type') ?? '').toLowerCase());
  return FIELD_TAGS.has(tag);
}

/**
 * The element a click on `node` meant: the nearest link, button, field,
 * label or element with an interactive role around it (rrweb names the
 * innermost element under the pointer), else the node itself.
 */
export function interactiveTarget(node: VNode): VNode {
  let depth = 0;
  for (const element of ancestors(node, true)) {
    const tag = tagOf(element);
    if (['a', 'button', 'input', 'select', 'textarea', 'label', 'summary', 'option'].includes(tag)) return element;
    if (INTERACTIVE_ROLES.has((attributeOf(element, 'role') ?? '').toLowerCase())) return element;
    if (tag === 'body' || ++depth > 6) break;
  }
  return node;
}

/** The text a person reads on an element: text, image alts and labels inside, hidden parts and fields left out. */
function visibleText(node: VNode): string {
  if (node.type === NodeType.Text) return node.sn['isStyle'] ? '' : stringField(node, 'textContent');
  if (node.type !== NodeType.Element) return node.children.map(visibleText).join('');
  if (attributeOf(node, 'aria-hidden') === 'true' || attributeOf(node, 'hidden') !== undefined) return '';
  const tag = tagOf(node);
  if (['script', 'style', 'noscript', 'template'].includes(tag) || isField(node)) return '';
  if (tag === 'img') return ` ${attributeOf(node, 'alt') ?? ''} `;
  const label = attributeOf(node, 'aria-label');
  if (label && tag !== 'a' && tag !== 'button') return ` ${label} `;
  // Blocks read as separate words ("Cart" + "2" is "Cart 2", not "Cart2").
  return ` ${node.children.map(visibleText).join('')} `;
}

function labelsOf(page: VirtualPage, field: VNode): VNode[] {
  const labels: VNode[] = [];
  const id = attributeOf(field, 'id');
  if (id) labels.push(...page.findAll((n) => tagOf(n) === 'label' && attributeOf(n, 'for') === id));
  for (const element of ancestors(field)) if (tagOf(element) === 'label' && !labels.includes(element)) labels.push(element);
  return labels;
}

function byIds(page: VirtualPage, ids: string): string {
  return ids
    .split(/\s+/)
    .filter(Boolean)
    .map((id) => page.byIdAttribute(id))
    .map((node) => (node ? clean(visibleText(node)) : ''))
    .filter(Boolean)
    .join(' ');
}

/** `postal_code` → `Postal code`, `firstName` → `First name`. */
function humanize(identifier: string | undefined): string {
  if (!identifier) return '';
  const words = clean(
    identifier
      .replace(/([a-z])([A-Z])/g, '$1 $2')
      .replace(/[_\-.[\]]+/g, ' ')
      .toLowerCase(),
  );
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The element's accessible name on `page` ('' when it has none worth showing). */
export function accessibleName(page: VirtualPage, node: VNode): string {
  const labelledBy = attributeOf(node, 'aria-labelledby');
  const candidates: (() => string)[] = [() => (labelledBy ? byIds(page, labelledBy) : ''), () => clean(attributeOf(node, 'aria-label'))];
  const tag = tagOf(node);
  if (isField(node)) {
    candidates.push(() =>
      labelsOf(page, node)
        .map((label) => clean(visibleText(label)))
        .filter(Boolean)
        .join(' '),
    );
  } else if (tag === 'input') {
    // A button-like input: its value is the button's caption (rrweb keeps it for these types).
    candidates.push(
      () => clean(attributeOf(node, 'value')),
      () => clean(attributeOf(node, 'alt')),
    );
  } else if (tag === 'img') {
    candidates.push(() => clean(attributeOf(node, 'alt')));
  } else if (attributeOf(node, 'contenteditable') === undefined) {
    candidates.push(() => clean(visibleText(node)));
  }
  candidates.push(
    () => clean(attributeOf(node, 'title')),
    () => clean(attributeOf(node, 'alt')),
    () => clean(attributeOf(node, 'placeholder') ?? attributeOf(node, 'aria-placeholder')),
    () => (isField(node) ? humanize(attributeOf(node, 'name')) : ''),
  );
  for (const candidate of candidates) {
    const name = candidate();
    if (name) return name;
  }
  return '';
}

/** Text of a node for callers that need it raw (the page title), masked text and all. */
export const rawText = textOf;
