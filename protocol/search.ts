/**
 * @module protocol/search
 * Search over what the organisation knows (`GET /api/search`) and similar
 * resolved cases and tutorials (`GET /api/cases/:id/suggestions`), the
 * customer's tutorial suggestions (`GET /ingest/v1/suggestions`) and the
 * deflections they lead to (`POST /ingest/v1/suggestions/deflections`): zod
 * schemas of the queries and answers; plain types in `search-constants.ts`.
 */
import { z } from 'zod';
import { text } from './text.ts';
import { CUSTOMER_SUGGESTIONS_MAX, DEFLECTION_QUESTION_MAX, SEARCH_KINDS, SEARCH_LIMIT_MAX, SEARCH_QUERY_MAX } from './search-constants.ts';

export * from './search-constants.ts';

const uuid = z
  .string()
  .uuid()
  .transform((v) => v.toLowerCase());
const instant = z.iso.datetime({ offset: true }).transform((v) => new Date(v));

export const searchQuerySchema = z.object({
  /** Words (stemmed in German and English), `"a phrase"`, `-excluded`, `word*` prefix; the last word also matches as a prefix. */
  q: text().trim().min(1).max(SEARCH_QUERY_MAX),
  kind: z.enum(SEARCH_KINDS).optional(),
  siteId: uuid.optional(),
  /** ISO date-times bounding when the session or case happened. */
  from: instant.optional(),
  to: instant.optional(),
  limit: z.coerce.number().int().min(1).max(SEARCH_LIMIT_MAX).default(20),
});
export type SearchQuery = z.output<typeof searchQuerySchema>;

const snippetSchema = z.object({ text: z.string(), highlights: z.array(z.tuple([z.number(), z.number()])) });

export const searchResponseSchema = z.object({
  results: z.array(
    z.object({
      kind: z.enum(SEARCH_KINDS),
      id: z.string(),
      title: z.string(),
      snippet: z.string(),
      highlighted: snippetSchema,
      t: z.number().optional(),
      score: z.number(),
      occurredAt: z.string(),
      siteId: z.string(),
      fuzzy: z.boolean(),
    }),
  ),
});

export const caseSuggestionsSchema = z.object({
  tutorials: z.array(z.object({ id: z.string(), title: z.string(), score: z.number() })),
  cases: z.array(z.object({ id: z.string(), question: z.string(), answer: z.string(), score: z.number(), why: snippetSchema })),
});

/** The customer's question as typed so far. */
export const customerSuggestionsQuerySchema = z.object({ q: text().trim().min(1).max(SEARCH_QUERY_MAX) });

export const customerSuggestionsSchema = z.object({
  tutorials: z.array(z.object({ title: z.string(), url: z.string(), slug: z.string() })).max(CUSTOMER_SUGGESTIONS_MAX),
});

/** A customer who opened a suggested tutorial and left without sending their question. */
export const customerDeflectionSchema = z.object({
  tutorial: text().trim().min(1).max(200),
  question: text().trim().min(1).max(DEFLECTION_QUESTION_MAX),
  sessionId: uuid.optional(),
});
