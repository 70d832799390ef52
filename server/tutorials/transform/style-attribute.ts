/**
 * @module server/tutorials/transform/style-attribute
 * rrweb records a changed `style` attribute either as the whole text or as a
 * diff of properties (`{ color: 'red', margin: false, top: ['0', 'important'] }`).
 * A rebuilt snapshot needs the text again: this parses a declaration list,
 * applies such a diff and writes it back, keeping the declarations' order.
 */
import type { styleOMValue } from '@rrweb/types';

interface Declaration {
  value: string;
  important: boolean;
}

/** Splits at `separator` outside quotes and parentheses (a `;` inside `url("a;b")` is not an end). */
function splitOutside(text: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    else if (c === separator && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

export function parseStyle(text: string): Map<string, Declaration> {
  const declarations = new Map<string, Declaration>();
  for (const part of splitOutside(text, ';')) {
    const colon = part.indexOf(':');
    if (colon < 0) continue;
    const property = part.slice(0, colon).trim();
    let value = part.slice(colon + 1).trim();
    if (!property) continue;
    const important = /!\s*important$/i.test(value);
    if (important) value = value.replace(/!\s*important$/i, '').trim();
    declarations.set(property, { value, important });
  }
  return declarations;
}

export function writeStyle(declarations: Map<string, Declaration>): string {
  return [...declarations].map(([property, d]) => `${property}: ${d.value}${d.important ? ' !important' : ''};`).join(' ');
}

/** The style text after rrweb's property diff. */
export function applyStyleDiff(current: string, diff: styleOMValue): string {
  const declarations = parseStyle(current);
  for (const [property, change] of Object.entries(diff)) {
    if (change === false) declarations.delete(property);
    else if (Array.isArray(change)) declarations.set(property, { value: change[0], important: change[1] === 'important' });
    else declarations.set(property, { value: change, important: false });
  }
  return writeStyle(declarations);
}
