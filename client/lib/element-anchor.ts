/**
 * @module client/lib/element-anchor
 * What names an element of a replayed page beyond its rrweb node id (which
 * is only valid in that recording, on that page): a CSS selector that finds
 * it again (its id, a test id or a form field's name, else a short path of
 * `tag:nth-of-type`) and a label a person recognises (its accessible name,
 * roughly: aria-label, its form label, alt, title, placeholder, its text).
 */
import { COMMENT_LABEL_MAX, COMMENT_SELECTOR_MAX } from '../../protocol/comments-constants.ts';

/** A path longer than this many steps is cut at the top (a selector, not a page's outline). */
const MAX_PATH_STEPS = 6;
const IDENT = /^[A-Za-z][\w-]*$/;
/** A label is a name, not the element's whole text. */
const LABEL_MAX = Math.min(80, COMMENT_LABEL_MAX);

const quoted = (value: string) => `"${value.replace(/["\\]/g, '\\$&')}"`;

/** A selector that names `el` alone, or '' when none is simple. */
function ownSelector(el: Element): string {
  const tag = el.localName;
  if (el.id && IDENT.test(el.id)) return `#${el.id}`;
  for (const attr of ['data-testid', 'data-test', 'data-cy']) {
    const v = el.getAttribute(attr);
    if (v) return `[${attr}=${quoted(v)}]`;
  }
  const name = el.getAttribute('name');
  if (name && /^(input|select|textarea|button)$/.test(tag)) return `${tag}[name=${quoted(name)}]`;
  return '';
}

function isUnique(doc: Document, selector: string): boolean {
  try {
    return doc.querySelectorAll(selector).length === 1;
  } catch {
    return false;
  }
}

/** A CSS selector finding `el` in its document (unique there when it could be made so). */
export function selectorOf(el: Element): string {
  const doc = el.ownerDocument;
  const steps: string[] = [];
  let node: Element | null = el;
  while (node && steps.length < MAX_PATH_STEPS && node.localName !== 'html') {
    const own = ownSelector(node);
    if (own && isUnique(doc, own)) {
      steps.unshift(own);
      break;
    }
    const tag = node.localName;
    const parent: Element | null = node.parentElement;
    const same = parent ? [...parent.children].filter((c) => c.localName === tag) : [];
    steps.unshift(same.length > 1 ? `${tag}:nth-of-type(${same.indexOf(node) + 1})` : tag);
    if (tag === 'body') break;
    node = parent;
  }
  return steps.join(' > ').slice(0, COMMENT_SELECTOR_MAX);
}

const squash = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();

/** A short name for `el`, as a person would call it ('' when it shows nothing to name it by). */
export function labelOf(el: Element): string {
  const byId = (ids: string | null) =>
    squash(
      (ids ?? '')
        .split(/\s+/)
        .map((id) => (id ? el.ownerDocument.getElementById(id)?.textContent : ''))
        .join(' '),
    );
  const field = el as Partial<HTMLInputElement>;
  const candidates = [
    el.getAttribute('aria-label'),
    byId(el.getAttribute('aria-labelledby')),
    field.labels?.[0]?.textContent,
    el.getAttribute('alt'),
    el.getAttribute('title'),
    el.getAttribute('placeholder'),
    el.textContent,
  ];
  const name = candidates.map(squash).find((c) => c.length > 0) ?? '';
  return name.length > LABEL_MAX ? `${name.slice(0, LABEL_MAX - 1)}…` : name;
}
