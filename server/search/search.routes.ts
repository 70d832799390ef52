/**
 * @module server/search/search.routes
 * `GET /api/search`: sessions and cases of the caller's sites by the words
 * they held (docs/search.md). The similar-cases route lives with the cases
 * (`/api/cases/:id/suggestions`, `cases.routes.ts`), over `case-suggestions.ts`.
 */
import { Hono } from 'hono';
import { readQuery } from '../lib/request.ts';
import { route } from '../contracts/route.ts';
import { searchQuerySchema, searchResponseSchema, type SearchResponse } from '../../protocol/search.ts';
import type { AppDeps } from '../types.ts';
import { search } from './search-service.ts';

export function searchRoutes(_deps: AppDeps) {
  return new Hono().get(
    '/',
    ...route({
      summary: 'Search sessions and cases by the words they held',
      description:
        'Words are stemmed in German and English (detected per document) and also matched exactly; `"phrases"`, `-exclusions`, `word*` prefixes (the last word is a prefix too); nothing found: typo-tolerant alternatives. Newest-relevant first. A session result carries `t`, the ms into the session at which the text was on screen. Masked text and typed input values are never indexed.',
      tags: ['search'],
      access: 'search.read',
      query: searchQuerySchema,
      responses: { 200: searchResponseSchema },
    }),
    async (c) => c.json<SearchResponse>({ results: await search(c.get('scope'), readQuery(c, searchQuerySchema)) }),
  );
}
