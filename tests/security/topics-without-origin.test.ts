/**
 * Browsers send no `Origin` on a same-origin GET, so `GET /ingest/v1/topics`
 * answers the site's (public) topic names without one, and then without CORS
 * headers, so no other origin's page can read them. Everything else stays as
 * strict as before: a disallowed `Origin` is 403, and writes (PUT a session,
 * POST a case) without `Origin` are refused and store nothing.
 */
import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import { cases, sessions } from '../../db/schema.ts';
import { CASE_TOPICS_PATH, type PublicTopicList } from '../../protocol/cases.ts';
import type { ErrorBody } from '../../protocol/errors.ts';
import { INGEST_BASE, SITE_KEY_HEADER } from '../../protocol/ingest.ts';
import { testDrivers } from '../helpers/db.ts';
import { startTestServer, TEST_ORIGIN, type TestServer } from '../helpers/server.ts';

async function expectOriginRefused(res: Response) {
  expect(res.status).toBe(403);
  expect(((await res.json()) as ErrorBody).error.code).toBe('origin_not_allowed');
  expect(res.headers.get('access-control-allow-origin')).toBeNull();
}

describe.each(testDrivers)('topic names without an Origin header on $name', (driver) => {
  let database: Database;
  let t: TestServer;
  const topicsUrl = () => `${t.url}${INGEST_BASE}${CASE_TOPICS_PATH}`;
  const siteKey = () => ({ [SITE_KEY_HEADER]: t.site.siteKey });

  beforeAll(async () => {
    database = await driver.open();
    t = await startTestServer({ database });
    for (const name of ['Shipping', 'Billing']) {
      const res = await t.api('/api/admin/topics', { method: 'POST', body: JSON.stringify({ siteId: t.site.id, name, slaMinutes: 30 }) });
      expect(res.status).toBe(201);
    }
  });
  afterAll(async () => {
    await t?.close();
    await database?.close();
  });

  it('answers the names to a GET without Origin (a same-origin page), with no CORS headers', async () => {
    const res = await fetch(topicsUrl(), { headers: siteKey() });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(await res.json()).toEqual<PublicTopicList>({ topics: [{ name: 'Billing' }, { name: 'Shipping' }] });
  });

  it('still needs a valid site key', async () => {
    const res = await fetch(topicsUrl(), { headers: { [SITE_KEY_HEADER]: 'no-such-key' } });
    expect(res.status).toBe(401);
  });

  it('answers an allowed Origin with CORS, and refuses a disallowed one', async () => {
    const allowed = await fetch(topicsUrl(), { headers: { ...siteKey(), origin: TEST_ORIGIN } });
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(TEST_ORIGIN);
    await expectOriginRefused(await fetch(topicsUrl(), { headers: { ...siteKey(), origin: 'http://evil.test' } }));
  });

  it('refuses writes without Origin and stores nothing', async () => {
    const id = crypto.randomUUID();
    const start = { startedAt: Date.now(), url: 'https://shop.test/', userAgent: 'test' };
    await expectOriginRefused(
      await fetch(`${t.url}${INGEST_BASE}/sessions/${id}`, {
        method: 'PUT',
        headers: { ...siteKey(), 'content-type': 'application/json' },
        body: JSON.stringify(start),
      }),
    );
    await expectOriginRefused(
      await fetch(`${t.url}${INGEST_BASE}/cases`, {
        method: 'POST',
        headers: { ...siteKey(), 'content-type': 'application/json' },
        body: JSON.stringify({ question: 'Where is my parcel?' }),
      }),
    );
    // Nor does the topics route take writes without Origin (the option is for reads).
    await expectOriginRefused(await fetch(topicsUrl(), { method: 'POST', headers: siteKey() }));
    expect((await database.db.select({ n: count() }).from(sessions))[0]!.n).toBe(0);
    expect((await database.db.select({ n: count() }).from(cases))[0]!.n).toBe(0);
  });
});
