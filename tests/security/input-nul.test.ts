/**
 * Hole 5a: a NUL character (`\u0000`) in any text that reaches the database.
 * PostgreSQL refuses NUL in text and jsonb, so before the protocol's shared
 * string schema (`protocol/text.ts`) one such character in a case's topic
 * was a 500. Every route that writes text gets NUL here, through real HTTP
 * and WebSocket: the answer is a 4xx (nothing stored) when the text is empty
 * without it, else the text is stored without it; never a 500.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import {
  advisorRouting,
  caseEnrichers,
  caseMessages,
  cases,
  caseTopics,
  caseWebhooks,
  liveChatMessages,
  mediaTracks,
  sessions,
  sites,
} from '../../db/schema.ts';
import type { Site } from '../../protocol/api.ts';
import type { CaseCreated, Enricher, Topic, Webhook } from '../../protocol/cases.ts';
import { INGEST_BASE, SITE_KEY_QUERY } from '../../protocol/ingest.ts';
import { createCase, json, postCase } from '../cases/case-helpers.ts';
import { testDrivers } from '../helpers/db.ts';
import { openHeaders } from '../../server/cases/case-secrets.ts';
import { SecretBox } from '../../server/secrets/secret-box.ts';
import { startTestServer, TEST_SECRET_KEY, type TestServer } from '../helpers/server.ts';
import { connectAdvisor, connectCustomer, full, meta } from '../live/live-client.ts';

const NUL = '\u0000';

describe.each(testDrivers)('NUL in input on $name', (driver) => {
  let database: Database;
  let t: TestServer;

  beforeAll(async () => {
    database = await driver.open();
    t = await startTestServer({ database });
  });
  afterAll(async () => {
    await t?.close();
    await database?.close();
  });

  const send = (method: string, path: string, body: unknown) => t.api(path, { method, body: JSON.stringify(body) });
  const count = (table: Parameters<Database['db']['$count']>[0]) => database.db.$count(table);

  /** A refused request: a 4xx with a protocol error body, and the table as it was. */
  async function expectRefused(request: () => Promise<Response>, table: Parameters<Database['db']['$count']>[0]) {
    const before = await count(table);
    const res = await request();
    expect(res.status, await res.clone().text()).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBeTypeOf('string');
    expect(await count(table)).toBe(before);
  }

  it('case intake: a topic or question of only NUL is a 400; NUL inside is stripped (topic lookup included)', async () => {
    const sessionId = await t.startSession();
    await json<Topic>(send('POST', '/api/admin/topics', { siteId: t.site.id, name: 'Billing', slaMinutes: 30 }), 201);

    await expectRefused(() => postCase(t, { sessionId, question: 'Help', topic: NUL }), cases);
    await expectRefused(() => postCase(t, { sessionId, question: `${NUL}${NUL} ` }), cases);

    const created = await json<CaseCreated>(
      postCase(t, { sessionId, question: `Where${NUL} is it?`, topic: `Bil${NUL}ling`, metadata: { [`order${NUL}Id`]: `A${NUL}1` } }),
      201,
    );
    const [row] = await database.db.select().from(cases).where(eq(cases.id, created.caseId));
    expect(row).toMatchObject({ question: 'Where is it?', topic: 'Billing', metadata: { orderId: 'A1' } });
    expect(row!.topicId).not.toBeNull();
  });

  it('customer replies and advisor messages: NUL-only bodies refused, NUL stripped otherwise', async () => {
    const created = await createCase(t);
    const token = created.linkToken;
    const reply = (body: unknown) =>
      fetch(`${t.url}/c/${token}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });

    await expectRefused(() => reply({ body: NUL }), caseMessages);
    expect((await reply({ body: `Th${NUL}anks` })).status).toBe(201);
    await expectRefused(() => send('POST', `/api/cases/${created.caseId}/messages`, { body: ` ${NUL} ` }), caseMessages);
    await json(
      send('POST', `/api/cases/${created.caseId}/messages`, {
        body: `On${NUL} it`,
        attachments: [{ type: 'link', url: 'https://help.example/a', title: `Gu${NUL}ide` }],
      }),
      201,
    );

    const bodies = (await database.db.select().from(caseMessages).where(eq(caseMessages.caseId, created.caseId))).map((m) => [
      m.body,
      m.attachments,
    ]);
    expect(bodies).toEqual(
      expect.arrayContaining([
        ['Thanks', []],
        ['On it', [{ type: 'link', url: 'https://help.example/a', title: 'Guide' }]],
      ]),
    );
  });

  it('admin settings: topics, routing, enrichers, webhooks and sites', async () => {
    await expectRefused(() => send('POST', '/api/admin/topics', { siteId: t.site.id, name: NUL }), caseTopics);
    const topic = await json<Topic>(
      send('POST', '/api/admin/topics', { siteId: t.site.id, name: `Ret${NUL}urns`, requiredSkills: [`re${NUL}funds`] }),
      201,
    );
    expect(topic).toMatchObject({ name: 'Returns', requiredSkills: ['refunds'] });
    await expectRefused(() => send('PATCH', `/api/admin/topics/${topic.id}`, { name: `${NUL}` }), caseTopics);
    expect((await database.db.select().from(caseTopics).where(eq(caseTopics.id, topic.id)))[0]!.name).toBe('Returns');

    const me = (await json<{ id: string }>(t.api('/api/me'))).id;
    await json(send('PUT', `/api/admin/routing/${me}`, { skills: [`bil${NUL}ling`], languages: ['en'] }));
    expect((await database.db.select().from(advisorRouting).where(eq(advisorRouting.advisorId, me)))[0]!.skills).toEqual(['billing']);

    await expectRefused(
      () => send('POST', '/api/admin/enrichers', { siteId: t.site.id, name: NUL, urlTemplate: 'https://crm.example/x' }),
      caseEnrichers,
    );
    const enricher = await json<Enricher>(
      send('POST', '/api/admin/enrichers', {
        siteId: t.site.id,
        name: `CR${NUL}M`,
        urlTemplate: `https://crm.example/orders/{metadata.orderId}${NUL}`,
        headers: { authorization: `Bearer ${NUL}secret-token` },
        metadataKeys: [`order${NUL}Id`],
      }),
      201,
    );
    const [storedEnricher] = await database.db.select().from(caseEnrichers).where(eq(caseEnrichers.id, enricher.id));
    expect(storedEnricher).toMatchObject({
      name: 'CRM',
      urlTemplate: 'https://crm.example/orders/{metadata.orderId}',
      metadataKeys: ['orderId'],
    });
    // Header values are stored sealed (secrets at rest): open it to see the NUL is gone.
    expect(openHeaders(SecretBox.fromKey(TEST_SECRET_KEY), storedEnricher!.headers)).toEqual({ authorization: 'Bearer secret-token' });

    await expectRefused(
      () =>
        send('POST', '/api/admin/webhooks', {
          siteId: t.site.id,
          url: `https://hooks.example/${NUL}`,
          events: ['case.created'],
          secret: NUL.repeat(20),
        }),
      caseWebhooks,
    );
    const hook = await json<Webhook>(
      send('POST', '/api/admin/webhooks', { siteId: t.site.id, url: `https://hooks.example/in${NUL}`, events: ['case.created'] }),
      201,
    );
    expect(hook.url).toBe('https://hooks.example/in');

    await expectRefused(() => send('POST', '/api/sites', { name: NUL, allowedOrigins: [] }), sites);
    await expectRefused(() => send('PATCH', `/api/sites/${t.site.id}`, { name: ` ${NUL}` }), sites);
    const site = await json<Site>(
      send('PATCH', `/api/sites/${t.site.id}`, {
        name: `Test ${NUL}shop`,
        allowedOrigins: [`http://shop.test${NUL}`],
        outboundHosts: [`crm.example${NUL}`, 'hooks.example'],
      }),
    );
    expect(site).toMatchObject({
      name: 'Test shop',
      allowedOrigins: ['http://shop.test'],
      outboundHosts: ['crm.example', 'hooks.example'],
    });
    expect((await database.db.select().from(sites).where(eq(sites.id, t.site.id)))[0]!.name).toBe('Test shop');
  });

  it('ingest: session start text and derived chunk text are stored without NUL; a NUL site key is a 4xx', async () => {
    const id = await t.startSession({
      url: `http://shop.test/a${NUL}`,
      userAgent: `UA${NUL}`,
      language: `en${NUL}`,
      metadata: { [`pl${NUL}an`]: `gold${NUL}` },
    });
    const [row] = await database.db.select().from(sessions).where(eq(sessions.id, id));
    expect(row).toMatchObject({ firstUrl: 'http://shop.test/a', userAgent: 'UA', language: 'en', metadata: { plan: 'gold' } });

    const now = Date.now();
    const res = await t.putChunk(id, 0, [
      { type: 4, timestamp: now, data: { href: `http://shop.test/b${NUL}`, width: 1, height: 1 } },
      { type: 2, timestamp: now, data: {} },
      { type: 5, timestamp: now, data: { tag: 'cobrowse-metadata', payload: { identity: { [`e${NUL}mail`]: `a${NUL}@b` } } } },
    ]);
    expect(res.status).toBe(201);
    const detail = await json<{ pages: { url: string }[]; metadata: Record<string, unknown> }>(t.api(`/api/sessions/${id}`));
    expect(detail.pages.map((p) => p.url)).toEqual(['http://shop.test/b']);
    expect(detail.metadata).toMatchObject({ 'user.email': 'a@b' });

    const bad = await fetch(`${t.url}${INGEST_BASE}/sessions/${crypto.randomUUID()}?${SITE_KEY_QUERY}=pk_%00`, {
      method: 'PUT',
      headers: { origin: 'http://shop.test', 'content-type': 'application/json' },
      body: JSON.stringify({ startedAt: Date.now(), url: 'http://shop.test/' }),
    });
    expect(bad.status).toBeGreaterThanOrEqual(400);
    expect(bad.status).toBeLessThan(500);
    // Searching sessions by a URL holding NUL is a search, not a 500.
    expect((await t.api(`/api/sessions?url=${encodeURIComponent(`shop${NUL}`)}`)).status).toBe(200);
  });

  it('advisor video reply titles are stored without NUL', async () => {
    const sessionId = await t.startSession();
    const res = await send('PUT', `/api/sessions/${sessionId}/replies/r1`, {
      mimeType: `video/webm;codecs=vp8${NUL}`,
      startedAt: Date.now(),
      title: `Your ${NUL}order`,
    });
    expect(res.status).toBe(201);
    const [track] = await database.db.select().from(mediaTracks).where(eq(mediaTracks.sessionId, sessionId));
    expect(track).toMatchObject({ title: 'Your order', mimeType: 'video/webm;codecs=vp8' });
  });

  it('live chat: NUL-only text is refused, NUL inside is stripped and stored', async () => {
    const id = await t.startSession();
    const c = await connectCustomer(t.url, id, t.site.siteKey);
    const a = await connectAdvisor(t.url, await t.token());
    try {
      c.send({ type: 'hello' });
      await c.next('welcome');
      c.send({ type: 'events', seq: 0, events: [meta(Date.now()), full(Date.now())] });
      c.send({ type: 'help_request' });
      const { code } = await c.next('help_code');
      a.send({ type: 'join', code, name: `Ann${NUL}a` });
      const { viewer } = await c.next('consent_request');
      expect(viewer.name).toBe('Anna');
      c.send({ type: 'consent', viewerId: viewer.id, accept: true });
      await a.next('welcome');

      c.send({ type: 'chat', clientId: 'c0', text: NUL });
      c.send({ type: 'chat', clientId: `c${NUL}1`, text: `Hel${NUL}lo` });
      expect((await a.next('chat')).message).toMatchObject({ clientId: 'c1', text: 'Hello' });
      expect((await c.next('chat')).message).toMatchObject({ clientId: 'c1', text: 'Hello' }); // its own, echoed
      a.send({ type: 'chat', clientId: 'a1', text: `Hi${NUL}!` });
      expect((await c.next('chat')).message).toMatchObject({ name: 'Anna', text: 'Hi!' });

      await expect
        .poll(async () =>
          (await database.db.select().from(liveChatMessages).where(eq(liveChatMessages.sessionId, id)))
            .map((r) => [r.authorName, r.text])
            .sort(),
        )
        .toEqual([
          ['Anna', 'Hi!'],
          ['Customer', 'Hello'],
        ]);
    } finally {
      c.close();
      a.close();
    }
  });
});
