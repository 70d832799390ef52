/**
 * @module server/search/customer-suggestions.routes
 * `GET /ingest/v1/suggestions?q=…`: up to three published tutorials of the
 * site that match what the customer is typing into the Ask-for-help form
 * ("These might help"). Guarded like all of ingest (site key + allowed
 * Origin, CORS: `ingest/ingest-api.ts`) and rate limited per client address
 * (`suggestionsPerAddress`: a form asks as the customer types).
 */
import { Hono } from 'hono';
import { route } from '../contracts/route.ts';
import { readQuery } from '../lib/request.ts';
import { publicUrl } from '../public-url.ts';
import { addressKey } from '../rate-limit/address-key.ts';
import {
  CUSTOMER_SUGGESTIONS_PATH,
  customerSuggestionsQuerySchema,
  customerSuggestionsSchema,
  type CustomerSuggestions,
} from '../../protocol/search.ts';
import type { AppDeps } from '../types.ts';
import { customerSuggestions } from './customer-suggestions.ts';

export function customerSuggestionsRoutes(deps: AppDeps) {
  return new Hono().get(
    CUSTOMER_SUGGESTIONS_PATH,
    ...route({
      summary: "Tutorials that might answer the customer's question, while they type it",
      description: 'Published public or unlisted tutorials of the site, best match first, at most three, with their absolute address.',
      tags: ['ingest', 'search'],
      access: 'ingest',
      query: customerSuggestionsQuerySchema,
      responses: { 200: customerSuggestionsSchema },
      errors: { 429: 'Too many suggestion requests from this address (`Retry-After`).' },
    }),
    async (c) => {
      await deps.rateLimits.hit('suggestionsPerAddress', addressKey(c.get('clientAddress')));
      const { q } = readQuery(c, customerSuggestionsQuerySchema);
      c.header('Cache-Control', 'no-store');
      return c.json<CustomerSuggestions>(await customerSuggestions(deps.database.db, c.get('site').id, q, publicUrl(deps.config)));
    },
  );
}
