/**
 * Hole 8: server-side requests steered by customers. Metadata went into an
 * enricher's URL path unencoded (`orderId=".."` made the server call `GET /`
 * on the enricher host, with the enricher's credentials), enrichers followed
 * redirects anywhere, and nothing limited where enrichers and webhooks may
 * call. A local HTTP server plays the enricher and records the exact request
 * path of every call.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import type { Site } from '../../protocol/api.ts';
import type { CaseCreated, CaseDetail, Enricher, EnricherCreate, Webhook } from '../../protocol/cases.ts';
import { json, loopbackCustomerLimits, postCase, sendJson, startReceiver } from '../cases/case-helpers.ts';
import { testDrivers } from '../helpers/db.ts';
import { startTestServer, TEST_ORIGIN, type TestServer } from '../helpers/server.ts';

type Receiver = Awaited<ReturnType<typeof startReceiver>>;

describe.each(testDrivers)('enricher and webhook destinations on $name', (driver) => {
  let database: Database;
  let t: TestServer;
  let systems: Receiver;
  let elsewhere: Receiver;

  beforeAll(async () => {
    database = await driver.open();
    t = await startTestServer({ database, jobRetryLimit: 1, jobRetryDelaySeconds: 1, rateLimits: loopbackCustomerLimits() });
    elsewhere = await startReceiver((_req, res) => sendJson(res, 200, { fields: { stolen: true } }));
    systems = await startReceiver((req, res) => {
      if (req.url.startsWith('/redirect/other')) {
        res.writeHead(302, { location: `${elsewhere.url}/collect` }).end();
      } else if (req.url.startsWith('/redirect/same')) {
        res.writeHead(302, { location: '/orders/final' }).end();
      } else if (req.url.startsWith('/redirect/loop')) {
        res.writeHead(307, { location: req.url }).end();
      } else {
        sendJson(res, 200, { fields: { path: req.url } });
      }
    });
  });
  afterAll(async () => {
    await t?.close();
    await systems?.close();
    await elsewhere?.close();
    await database?.close();
  });

  const post = (server: TestServer, path: string, body: unknown) => server.api(path, { method: 'POST', body: JSON.stringify(body) });

  /** A site of its own (so only this test's enrichers run for its cases). */
  async function siteWith(server: TestServer, outboundHosts: string[] = []): Promise<Site> {
    return server.createSite({ name: 'Shop', allowedOrigins: [TEST_ORIGIN], outboundHosts });
  }

  async function enricher(server: TestServer, site: Site, input: Partial<EnricherCreate>): Promise<Enricher> {
    return json<Enricher>(
      post(server, '/api/admin/enrichers', {
        siteId: site.id,
        name: 'Orders',
        urlTemplate: `${systems.url}/orders/{metadata.orderId}`,
        metadataKeys: ['orderId'],
        ...input,
      }),
      201,
    );
  }

  /** Opens a case with this orderId, waits for its background work, answers the case as an advisor sees it. */
  async function caseWith(server: TestServer, site: Site, orderId: string): Promise<CaseDetail> {
    const sessionId = await server.startSession({ siteKey: site.siteKey, metadata: { orderId } });
    const res = await postCase(server, { sessionId, question: `About order ${orderId}` }, { siteKey: site.siteKey });
    const created = await json<CaseCreated>(res, 201);
    await server.server.jobs.idle({ timeoutMs: 30_000 });
    return json<CaseDetail>(server.api(`/api/cases/${created.caseId}`));
  }

  const pathsSince = (receiver: Receiver, from: number) => receiver.requests.slice(from).map((r) => r.url);

  it('encodes every metadata value inside its one path segment', async () => {
    const site = await siteWith(t);
    await enricher(t, site, {});
    for (const [orderId, path] of [
      ['../admin', '/orders/..%2Fadmin'],
      ['a/b?c#d', '/orders/a%2Fb%3Fc%23d'],
      ['%2e%2e', '/orders/%252e%252e'],
      ['..\\admin', '/orders/..%5Cadmin'],
      ['A-1', '/orders/A-1'],
    ]) {
      const before = systems.requests.length;
      const detail = await caseWith(t, site, orderId!);
      expect(pathsSince(systems, before)).toEqual([path]);
      expect(detail.enrichments[0]).toMatchObject({ status: 'ok', fields: { path } });
    }
  });

  it('refuses a value that would be a whole "." or ".." segment: never sent, recorded as failed', async () => {
    const site = await siteWith(t);
    await enricher(t, site, {});
    for (const orderId of ['..', '.']) {
      const before = systems.requests.length;
      const detail = await caseWith(t, site, orderId);
      expect(pathsSince(systems, before)).toEqual([]);
      expect(detail.enrichments[0]).toMatchObject({ status: 'failed', error: expect.stringMatching(/path segment/) });
    }
  });

  it('does not follow redirects unless the enricher allows it, and then only on the same origin', async () => {
    const site = await siteWith(t);
    const strict = await enricher(t, site, { urlTemplate: `${systems.url}/redirect/{metadata.orderId}` });
    expect(strict.followRedirects).toBe(false);

    let before = systems.requests.length;
    let detail = await caseWith(t, site, 'same');
    expect(pathsSince(systems, before)).toEqual(['/redirect/same']);
    expect(detail.enrichments[0]).toMatchObject({ status: 'failed', error: expect.stringMatching(/HTTP 302.*not followed/) });

    detail = await caseWith(t, site, 'other');
    expect(elsewhere.requests).toEqual([]);
    expect(detail.enrichments[0]!.status).toBe('failed');

    const updated = await json<Enricher>(
      t.api(`/api/admin/enrichers/${strict.id}`, { method: 'PATCH', body: JSON.stringify({ followRedirects: true }) }),
    );
    expect(updated.followRedirects).toBe(true);

    before = systems.requests.length;
    detail = await caseWith(t, site, 'same');
    expect(pathsSince(systems, before)).toEqual(['/redirect/same', '/orders/final']);
    expect(detail.enrichments[0]).toMatchObject({ status: 'ok', fields: { path: '/orders/final' } });

    detail = await caseWith(t, site, 'other');
    expect(elsewhere.requests).toEqual([]);
    expect(detail.enrichments[0]).toMatchObject({ status: 'failed', error: expect.stringMatching(/another origin/) });

    before = systems.requests.length;
    detail = await caseWith(t, site, 'loop');
    expect(pathsSince(systems, before).length).toBeLessThanOrEqual(4);
    expect(detail.enrichments[0]).toMatchObject({ status: 'failed', error: expect.stringMatching(/redirects/) });
  });

  it('the site allow-list: a host not on it is refused when saved and again at every call', async () => {
    const site = await siteWith(t, ['crm.example', '*.hooks.example']);
    expect(site.outboundHosts).toEqual(['crm.example', '*.hooks.example']);
    const refused = await post(t, '/api/admin/enrichers', {
      siteId: site.id,
      name: 'Orders',
      urlTemplate: `${systems.url}/orders/{metadata.orderId}`,
      metadataKeys: ['orderId'],
    });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(
      /127\.0\.0\.1 is not in the site's outbound allow-list/,
    );
    expect((await post(t, '/api/admin/webhooks', { siteId: site.id, url: `${systems.url}/hook`, events: ['case.created'] })).status).toBe(
      400,
    );
    expect(
      (
        await post(t, '/api/admin/enrichers', {
          siteId: site.id,
          name: 'Host from data',
          urlTemplate: 'https://{metadata.orderId}/x',
          metadataKeys: ['orderId'],
        })
      ).status,
    ).toBe(400);
    expect(
      (await post(t, '/api/admin/webhooks', { siteId: site.id, url: 'https://eu.hooks.example/in', events: ['case.created'] })).status,
    ).toBe(201);
    expect(
      (await post(t, '/api/admin/webhooks', { siteId: site.id, url: 'https://hooks.example.evil.test/in', events: ['case.created'] }))
        .status,
    ).toBe(400);
    expect(
      (await t.api(`/api/sites/${site.id}`, { method: 'PATCH', body: JSON.stringify({ outboundHosts: ['https://crm.example/'] }) })).status,
    ).toBe(400);

    // Saved while the list allowed it; the list changes; the next calls are refused.
    const open = await siteWith(t, ['127.0.0.1']);
    await enricher(t, open, {});
    await json<Webhook>(post(t, '/api/admin/webhooks', { siteId: open.id, url: `${systems.url}/hook`, events: ['case.created'] }), 201);
    await json<Site>(t.api(`/api/sites/${open.id}`, { method: 'PATCH', body: JSON.stringify({ outboundHosts: ['crm.example'] }) }));
    const before = systems.requests.length;
    const detail = await caseWith(t, open, 'A-1');
    expect(pathsSince(systems, before)).toEqual([]);
    expect(detail.enrichments[0]).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/not in the site's outbound allow-list/),
    });
    expect(detail.webhookDeliveries[0]).toMatchObject({
      status: 'failed',
      attempts: 1,
      lastError: expect.stringMatching(/not in the site's outbound allow-list/),
    });
  });

  describe('with OUTBOUND_BLOCK_PRIVATE', () => {
    let guarded: TestServer;
    let guardedDb: Database;
    beforeAll(async () => {
      guardedDb = await driver.open();
      guarded = await startTestServer({
        database: guardedDb,
        outboundBlockPrivate: true,
        jobRetryLimit: 1,
        jobRetryDelaySeconds: 1,
        rateLimits: loopbackCustomerLimits(),
      });
    });
    afterAll(async () => {
      await guarded?.close();
      await guardedDb?.close();
    });

    it('refuses enrichers and webhooks on loopback (by IP and by name) and records why', async () => {
      const site = await siteWith(guarded);
      await enricher(guarded, site, {});
      await enricher(guarded, site, {
        name: 'By name',
        urlTemplate: `${systems.url.replace('127.0.0.1', 'localhost')}/orders/{metadata.orderId}`,
      });
      await json<Webhook>(
        post(guarded, '/api/admin/webhooks', { siteId: site.id, url: `${systems.url}/hook`, events: ['case.created'] }),
        201,
      );
      const before = systems.requests.length;
      const detail = await caseWith(guarded, site, 'A-1');
      expect(pathsSince(systems, before)).toEqual([]);
      expect(detail.enrichments).toHaveLength(2);
      for (const e of detail.enrichments)
        expect(e).toMatchObject({ status: 'failed', error: expect.stringMatching(/private or local address/) });
      expect(detail.webhookDeliveries[0]).toMatchObject({
        status: 'failed',
        lastError: expect.stringMatching(/127\.0\.0\.1, a private or local address/),
      });
    });
  });
});
