/**
 * @module protocol/search-constants
 * Search's plain constants and wire types, apart from the zod schemas in
 * `search.ts` so the advisor app imports them without zod.
 */
import type { SITE_KEY_QUERY } from './ingest-constants.ts';

/** What search finds (tutorials: their published version only, see docs/search.md). */
export const SEARCH_KINDS = ['session', 'case', 'tutorial'] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

/** The PostgreSQL text search configurations a document is stemmed with (plus `simple` always). */
export const SEARCH_LANGUAGES = ['german', 'english', 'simple'] as const;
export type SearchLanguage = (typeof SEARCH_LANGUAGES)[number];

/** Where an indexed passage came from. */
export const SEARCH_SOURCES = [
  'page_text',
  'page_title',
  'page_url',
  'click',
  'console',
  'network',
  'chat',
  'question',
  'message',
  'internal_note',
  'enrichment',
  'tutorial_title',
  'chapter',
  'step',
  /** The organisation's comments on a session (server/comments), at their moment. */
  'comment',
] as const;
export type SearchSource = (typeof SEARCH_SOURCES)[number];

/** Longest query accepted (characters). */
export const SEARCH_QUERY_MAX = 200;
export const SEARCH_LIMIT_MAX = 50;

/**
 * A stretch of text with the matched words marked: `highlights` are
 * `[start, end)` offsets into `text` (UTF-16 code units), so a client
 * renders them as text nodes — no markup travels.
 */
export interface SearchSnippet {
  text: string;
  highlights: [number, number][];
}

export interface SearchResult {
  kind: SearchKind;
  id: string;
  title: string;
  /** The snippet's plain text (same as `highlighted.text`). */
  snippet: string;
  highlighted: SearchSnippet;
  /** Sessions: ms into the session at which the matched text was on screen. */
  t?: number;
  /** Higher is better: text rank weighted by recency. */
  score: number;
  /** When it happened (ISO). */
  occurredAt: string;
  siteId: string;
  /** True when the words were not found as typed and typo-tolerant matching found this. */
  fuzzy: boolean;
}

export interface SearchResponse {
  results: SearchResult[];
}

export interface CaseSuggestion {
  id: string;
  question: string;
  /** The last advisor answer of the resolved case (its accepted answer). */
  answer: string;
  score: number;
  /** Why it matched: the words both cases share, highlighted in the question or answer. */
  why: SearchSnippet;
}

export interface CaseSuggestions {
  /** Published tutorials of the case's organisation (in the caller's sites) similar to its question. */
  tutorials: { id: string; title: string; score: number }[];
  cases: CaseSuggestion[];
}

/** `GET {INGEST_BASE}/suggestions?q=…`: tutorials for the customer's Ask-for-help form while they type. */
export const CUSTOMER_SUGGESTIONS_PATH = '/suggestions';
/** Tutorials suggested to the customer at most. */
export const CUSTOMER_SUGGESTIONS_MAX = 3;

export interface CustomerSuggestions {
  /**
   * Published public or unlisted tutorials of the site, best match first; `url` is the absolute `/t/:slug`
   * address, `slug` names the tutorial in a deflection.
   */
  tutorials: { title: string; url: string; slug: string }[];
}

/**
 * `POST {INGEST_BASE}/suggestions/deflections` `{tutorial, question, sessionId?}` → 204: the customer opened
 * the suggested tutorial `tutorial` (its slug) and left the form without sending `question`. Sent once per
 * opened suggestion, with `navigator.sendBeacon` when the page is left, so the body is JSON in a
 * `text/plain` request and the site key travels as `?siteKey=`.
 */
export const CUSTOMER_DEFLECTIONS_PATH = '/suggestions/deflections';
/**
 * The ingest guard's `SITE_KEY_QUERY`, typed as that very literal (so the two cannot drift) but defined here:
 * importing it from `ingest-constants.ts` would make recorder.js export it to the Ask-for-help chunk.
 */
export const DEFLECTION_SITE_KEY_QUERY: typeof SITE_KEY_QUERY = 'siteKey';
/** Longest question kept with a deflection (the form's own limit). */
export const DEFLECTION_QUESTION_MAX = 5000;

export interface CustomerDeflection {
  /** The opened tutorial's slug (from the suggestion). */
  tutorial: string;
  /** What the customer had typed. */
  question: string;
  /** The recording the form was on: the row goes with it (retention, erasure). */
  sessionId?: string;
}
