/**
 * @module server/search/customer-suggestions.routes
 * `GET /ingest/v1/suggestions?q=…`: up to three published tutorials of the
 * site that match what the customer is typing into the Ask-for-help form
 * ("These might help"); `POST /ingest/v1/suggestions/deflections`: the
 * customer opened one and left without sending (`suggestion-deflections.ts`).
 * Guarded like all of ingest (site key + allowed Origin, CORS:
 * `ingest/ingest-api.ts`) and rate limited per client address
 * (`suggestionsPerAddress`: a form asks as the customer types;
 * `deflectionsPerAddress`).
 */
import { Hono } from 'hono';
import { route } from '../contracts/route.ts';
import { readJson, readQuery } from '../lib/request.ts';
import { publicUrl } from '../public-url.ts';
import { addressKey } from '../rate-limit/address-key.ts';
import {
  CUSTOMER_DEFLECTIONS_PATH,
  CUSTOMER_SUGGESTIONS_PATH,
  customerDeflectionSchema,
  customerSuggestionsQuerySchema,
  customerSuggestionsSchema,
  type CustomerSuggestions,
} from '../../protocol/search.ts';
import type { AppDeps } from '../types.ts';
import { customerSuggestions } from './customer-suggestions.ts';
import { recordDeflection } from './suggestion-deflections.ts';

export function customerSuggestionsRoutes(deps: AppDeps) {
  return new Hono()
    .get(
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
    )
    .post(
      CUSTOMER_DEFLECTIONS_PATH,
      ...route({
        summary: 'Count a deflection: the customer opened a suggested tutorial and left without asking',
        description:
          "Sent by the recorder's Ask-for-help form once per opened suggestion when the customer closes the form or leaves the page " +
          'without sending the question (`navigator.sendBeacon`: JSON in a `text/plain` body, the site key as `?siteKey=`). ' +
          "Only a tutorial the site suggests to customers counts (the site's own, published, public or unlisted, not expired).",
        tags: ['ingest', 'search'],
        access: 'ingest',
        body: customerDeflectionSchema,
        responses: { 204: { description: 'Counted.' } },
        errors: {
          404: 'No tutorial of that slug is suggested on this site (`tutorial_not_found`).',
          429: 'Too many deflections from this address (`Retry-After`).',
        },
      }),
      async (c) => {
        await deps.rateLimits.hit('deflectionsPerAddress', addressKey(c.get('clientAddress')));
        await recordDeflection(deps.database.db, c.get('site'), await readJson(c, customerDeflectionSchema));
        return c.body(null, 204);
      },
    );
}
