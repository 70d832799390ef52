/**
 * @module server/search/search-query
 * The search box's syntax, parsed in one place: words, `"phrases"`,
 * `-excluded` words or phrases, `word*` for a prefix (the last plain word is
 * a prefix too: people search as they type). Each term is later handed to
 * PostgreSQL's `websearch_to_tsquery` on its own, per language, so stemming
 * and stop words stay PostgreSQL's; no user text ever becomes query syntax.
 */

export interface SearchTerm {
  /** The word or phrase as typed (without quotes, `-` or `*`). */
  text: string;
  phrase: boolean;
  /** Also match words starting with it (letters and digits only). */
  prefix: boolean;
  /** Typo-tolerant alternatives (filled by the fallback). */
  alternatives: string[];
}

export interface ParsedQuery {
  include: SearchTerm[];
  exclude: SearchTerm[];
}

const TOKEN = /(-?)"([^"]*)"?|(\S+)/g;
const PREFIX_WORD = /^[\p{L}\p{N}]{2,}$/u;
const MIN_LAST_WORD_PREFIX = 3;
/** Terms kept per side: each costs a tsquery per configuration (and a typo lookup): a long paste stays cheap. */
export const MAX_TERMS = 12;

export function parseSearchQuery(q: string): ParsedQuery {
  const include: SearchTerm[] = [];
  const exclude: SearchTerm[] = [];
  for (const match of q.matchAll(TOKEN)) {
    const [, minus, quoted, bare] = match;
    if (quoted !== undefined) {
      const text = quoted.trim();
      if (text) (minus ? exclude : include).push({ text, phrase: true, prefix: false, alternatives: [] });
      continue;
    }
    let word = bare ?? '';
    // websearch's OR would reach across our per-term queries: a plain word here.
    if (/^or$/i.test(word)) continue;
    const negative = word.startsWith('-') && word.length > 1;
    if (negative) word = word.slice(1);
    const starred = word.endsWith('*');
    word = word.replace(/\*+$/, '');
    if (!/[\p{L}\p{N}]/u.test(word)) continue;
    const term = { text: word, phrase: false, prefix: starred && PREFIX_WORD.test(word), alternatives: [] };
    (negative ? exclude : include).push(term);
  }
  include.splice(MAX_TERMS);
  exclude.splice(MAX_TERMS);
  const last = include.at(-1);
  if (last && !last.phrase && last.text.length >= MIN_LAST_WORD_PREFIX && PREFIX_WORD.test(last.text)) last.prefix = true;
  return { include, exclude };
}

/** Edits allowed between a typed word and a word of the index (by the typed word's length). */
export const allowedEdits = (length: number) => (length <= 4 ? 1 : 2);

/** Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours count 1. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}
