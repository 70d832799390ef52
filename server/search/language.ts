/**
 * @module server/search/language
 * Which stemming a document gets: `german`, `english`, or `simple` (exact
 * words only) for anything else. Counts the most frequent function words of
 * each language: cheap, good enough on a page or a question of a dozen
 * words, and it never guesses a stemmer for a language it does not know.
 */
import type { SearchLanguage } from '../../protocol/search-constants.ts';

const STOP_WORDS: Record<'german' | 'english', ReadonlySet<string>> = {
  german: new Set(
    'der die das und ist nicht ich sie es ein eine einen mit auf für von den dem des zu im bei wir ihr sich auch auf oder aber wenn wie noch nach kann können ihre ihren bitte meine mein keine kein hat habe haben wird werden wurde sind über zum zur nur'.split(
      ' ',
    ),
  ),
  english: new Set(
    'the and is are was were not you your it this that with for of to in on at have has had can could will would be been my me we our please there what which when how an or but do does did no from as'.split(
      ' ',
    ),
  ),
};

/** Fewer function words than this: too little to tell; `simple`. */
const MIN_HITS = 2;

export function detectLanguage(text: string): SearchLanguage {
  const counts = { german: 0, english: 0 };
  // NOTE: a bounded sample: a long page says which language it is in its first few thousand words.
  const words =
    text
      .toLowerCase()
      .slice(0, 50_000)
      .match(/\p{L}+/gu) ?? [];
  for (const word of words) {
    if (STOP_WORDS.german.has(word)) counts.german++;
    if (STOP_WORDS.english.has(word)) counts.english++;
  }
  if (Math.max(counts.german, counts.english) < MIN_HITS) return 'simple';
  return counts.german > counts.english ? 'german' : 'english';
}
