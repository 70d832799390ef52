/**
 * `GET /ingest/v1/suggestions` through the real server, on both databases:
 * the customer's question finds the site's published public and unlisted
 * tutorials (absolute `/t/:slug` addresses, at most three, best first) —
 * never drafts, `org` tutorials, expired ones or another site's; the ingest
 * guard (site key, allowed Origin) and the per-address rate limit.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import { tutorials } from '../../db/schema.ts';
import { loadConfig } from '../../server/config.ts';
import type { Site } from '../../protocol/api.ts';
import type { ErrorBody } from '../../protocol/errors.ts';
import { INGEST_BASE, SITE_KEY_HEADER } from '../../protocol/ingest.ts';
import { customerSuggestionsSchema, type CustomerSuggestions } from '../../protocol/search.ts';
import { loopbackCustomerLimits } from '../cases/case-helpers.ts';
import { testDrivers } from '../helpers/db.ts';
import { NO_GUIDE_PICTURES, startTestServer, TEST_ORIGIN, type TestServer } from '../helpers/server.ts';
import { accountVisit, createTutorial, expectJson, parseStrict, post } from '../tutorials/tutorial-helpers.ts';

const PUBLIC_URL = 'https://help.cobrowse.test';
const RATE_LIMIT = 12;

describe.each(testDrivers)('customer suggestions on $name', (driver) => {
  let database: Database;
  let t: TestServer;
  let otherSite: Site;
  const slugs: Record<string, string> = {};

  const ask = (q: string, headers: Record<string, string> = {}) =>
    fetch(`${t.url}${INGEST_BASE}/suggestions?q=${encodeURIComponent(q)}`, {
      headers: { origin: TEST_ORIGIN, [SITE_KEY_HEADER]: t.site.siteKey, ...headers },
    });
  const suggested = async (q: string) => parseStrict(customerSuggestionsSchema, await expectJson<CustomerSuggestions>(ask(q))).tutorials;

  /** A tutorial made from a visit recorded on `siteKey`, published with `visibility` unless null (a draft). */
  const tutorial = async (name: string, title: string, visibility: string | null, siteKey = t.site.siteKey) => {
    const sessionId = await t.startSession({ siteKey });
    expect((await t.putChunk(sessionId, 0, accountVisit(Date.now() - 10_000, TEST_ORIGIN), { siteKey })).status).toBe(201);
    const made = await createTutorial(t, { sessionId, title });
    if (visibility) await expectJson(post(t, `/api/tutorials/${made.id}/publish`, { visibility }));
    slugs[name] = made.slug;
    return made.id;
  };

  beforeAll(async () => {
    database = await driver.open();
    t = await startTestServer({
      ...NO_GUIDE_PICTURES,
      database,
      publicUrl: PUBLIC_URL,
      searchIndexDelayMs: 0,
      rateLimits: {
        ...loadConfig({}).rateLimits,
        ...loopbackCustomerLimits(),
        suggestionsPerAddress: { points: RATE_LIMIT, durationMs: 3_600_000 },
      },
    });
    otherSite = await t.createSite({ name: 'Second shop', allowedOrigins: [TEST_ORIGIN] });
    await tutorial('public', 'Changing your delivery address', 'public');
    await tutorial('unlisted', 'Delivery address for a gift order', 'unlisted');
    await tutorial('org', 'Delivery address overrides for the support team', 'org');
    await tutorial('draft', 'Delivery address draft', null);
    const expired = await tutorial('expired', 'Delivery address in the old shop', 'public');
    await database.db
      .update(tutorials)
      .set({ expiresAt: new Date(Date.now() - 1_000) })
      .where(eq(tutorials.id, expired));
    await tutorial('elsewhere', 'Delivery address on the second shop', 'public', otherSite.siteKey);
    await tutorial('unrelated', 'Exporting invoices', 'public');
    await t.server.jobs.idle();
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await database?.close();
  });

  it("suggests the site's public and unlisted published tutorials that match, with their address", async () => {
    const found = await suggested('How do I change the delivery address of my order?');
    expect(found.map((s) => s.url).sort()).toEqual([`${PUBLIC_URL}/t/${slugs.public}`, `${PUBLIC_URL}/t/${slugs.unlisted}`].sort());
    expect(found.map((s) => s.title)).toContain('Changing your delivery address');
    expect(await suggested('export my invoices')).toEqual([
      { title: 'Exporting invoices', url: `${PUBLIC_URL}/t/${slugs.unrelated}`, slug: slugs.unrelated },
    ]);
    expect(await suggested('zebra quokka')).toEqual([]);
  });

  it('answers at most three', async () => {
    for (const n of [1, 2, 3]) await tutorial(`more${n}`, `Delivery address change, part ${n}`, 'public');
    await t.server.jobs.idle();
    expect(await suggested('delivery address')).toHaveLength(3);
  });

  it('is guarded like ingest: a wrong origin gets 403, an unknown key 401, a bad query 400', async () => {
    const wrong = await ask('delivery address', { origin: 'https://evil.test' });
    expect(wrong.status).toBe(403);
    expect(wrong.headers.get('access-control-allow-origin')).toBeNull();
    expect((await ask('delivery address', { [SITE_KEY_HEADER]: 'sk_nope' })).status).toBe(401);
    expect((await ask('')).status).toBe(400);
    expect((await ask('x'.repeat(300))).status).toBe(400);
    const ok = await ask('delivery address');
    expect(ok.headers.get('access-control-allow-origin')).toBe(TEST_ORIGIN);
  });

  it('is rate limited per address: 429 with Retry-After', async () => {
    let res: Response | undefined;
    for (let i = 0; i <= RATE_LIMIT; i++) {
      res = await ask('delivery address');
      if (res.status === 429) break;
      expect(res.status).toBe(200);
    }
    expect(res!.status).toBe(429);
    expect(Number(res!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await res!.json()) as ErrorBody).error.code).toBe('rate_limited');
  });
});
