/**
 * @module client/lib/marked-text
 * A search snippet (plain text plus highlight ranges, `protocol/search-constants.ts`)
 * as Lit parts: text nodes, the highlights in `<mark>`. Nothing of the text
 * becomes markup, whatever a recorded page contained.
 */
import { html, type TemplateResult } from 'lit';
import type { SearchSnippet } from '../../protocol/search-constants.ts';

export function markedText({ text, highlights }: SearchSnippet): (string | TemplateResult)[] {
  const parts: (string | TemplateResult)[] = [];
  let at = 0;
  for (const [start, end] of highlights) {
    if (start < at || end > text.length) continue;
    parts.push(text.slice(at, start), html`<mark>${text.slice(start, end)}</mark>`);
    at = end;
  }
  parts.push(text.slice(at));
  return parts;
}
