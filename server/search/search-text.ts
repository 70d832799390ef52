/**
 * @module server/search/search-text
 * What indexed text may contain. rrweb replaces masked text with `*` (one
 * per character); those runs are dropped, so a mask never becomes a word and
 * never leaks a length. Control characters and the private-use characters
 * the snippets mark matches with are dropped too, so stored text can never
 * forge a highlight.
 */
import { cleanText } from '../../protocol/text.ts';

/** Marks of a match in `ts_headline` output (never present in stored text). */
export const HIGHLIGHT_START = '\uE000';
export const HIGHLIGHT_STOP = '\uE001';

/** The longest passage stored (characters); a page's text beyond it is cut. */
export const MAX_PASSAGE_CHARS = 100_000;

// eslint-disable-next-line no-control-regex -- dropping control characters is the point
const UNWANTED = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uE000-\uF8FF]/g;

/** Clean, whitespace-collapsed text without mask runs; '' when nothing is left. */
export function indexableText(value: string): string {
  return cleanText(value)
    .replace(UNWANTED, '')
    .replace(/\*{2,}|(^|\s)\*(?=\s|$)/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, MAX_PASSAGE_CHARS);
}

/** Turns `ts_headline` output (with our marks) into plain text and highlight ranges. */
export function parseHighlighted(headline: string): { text: string; highlights: [number, number][] } {
  let text = '';
  const highlights: [number, number][] = [];
  let open: number | undefined;
  for (const char of headline) {
    if (char === HIGHLIGHT_START) open = text.length;
    else if (char === HIGHLIGHT_STOP) {
      if (open !== undefined && text.length > open) highlights.push([open, text.length]);
      open = undefined;
    } else text += char;
  }
  return { text, highlights };
}
