/**
 * Every JSON answer of the API is described field by field, and the answers
 * are what the descriptions say.
 *
 * (a) In `/api/openapi.json` no 2xx JSON answer is left without a
 * field-level schema (an object with properties, or an array of such): an
 * answer named only in prose (`{ description, media: 'application/json' }`,
 * as the TypeScript interfaces were) fails here.
 *
 * (b) Real answers, from a real server holding real data (sessions recorded
 * through ingest and imported through the API, live help with chat, a case
 * opened through the customer intake and worked through the inbox and the
 * customer link, admin settings made through the API with enrichers and
 * webhooks really called, an audit page, an erasure, the live list), parse
 * with the protocol schema their contract documents, strictly: any key the
 * schema does not declare, at any depth, fails (`parseStrict`). Each check
 * also asserts the operation's documented schema is that very schema, so
 * the test cannot drift from the contracts. On both databases.
 */
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import type { Database } from '../../db/client.ts';
import { jsonSchema, operationOf } from '../../server/contracts/route.ts';
import {
  advisorSchema,
  chunkEventListsSchema,
  chunkRangeSchema,
  markerSchema,
  sessionDetailSchema,
  sessionExportSchema,
  sessionImportSchema,
  sessionPageSchema,
  storedMetadataSchema,
  type Marker,
  type SessionMetadata,
} from '../../protocol/api.ts';
import {
  advisorRoutingInfoSchema,
  advisorRoutingListSchema,
  caseDetailSchema,
  caseLinkCreatedSchema,
  caseLinkInfoSchema,
  caseListSchema,
  caseMessageSchema,
  caseSummarySchema,
  customerCaseViewSchema,
  enricherListSchema,
  enricherSchema,
  enrichmentResultSchema,
  jobsOverviewSchema,
  publicCaseMessageSchema,
  storedAttachmentSchema,
  topicListSchema,
  topicSchema,
  webhookListSchema,
  webhookPayloadSchema,
  webhookSchema,
  type CaseAttachment,
  type EnrichmentFields,
  type EnrichmentLink,
} from '../../protocol/cases.ts';
import { auditEntrySchema, auditPageSchema, erasureResultSchema, type AuditActorKind, type AuditDetails } from '../../protocol/audit.ts';
import { liveSessionListSchema } from '../../protocol/live.ts';
import { CONSOLE_PLUGIN, METADATA_EVENT_TAG } from '../../protocol/context-events.ts';
import { testDrivers } from '../helpers/db.ts';
import { TEST_ORIGIN, type TestServer } from '../helpers/server.ts';
import { connectAdvisor, connectCustomer, full, meta } from '../live/live-client.ts';
import { createCase, sendJson, startCaseServer, startReceiver, until } from '../cases/case-helpers.ts';

// Checked by `npm run lint` (tsc): the answers' schemas describe exactly the
// zod-free types of the `*-constants.ts` files (what the recorder and
// db/schema.ts use), so those and these cannot drift apart.
expectTypeOf<z.output<typeof markerSchema>>().toEqualTypeOf<Marker>();
expectTypeOf<z.output<typeof storedMetadataSchema>>().toEqualTypeOf<SessionMetadata>();
expectTypeOf<z.output<typeof storedAttachmentSchema>>().toEqualTypeOf<CaseAttachment>();
expectTypeOf<z.output<typeof enrichmentResultSchema>['fields']>().toEqualTypeOf<EnrichmentFields>();
expectTypeOf<z.output<typeof enrichmentResultSchema>['links'][number]>().toEqualTypeOf<EnrichmentLink>();
expectTypeOf<z.output<typeof auditEntrySchema>['details']>().toEqualTypeOf<AuditDetails>();
expectTypeOf<z.output<typeof auditEntrySchema>['actor']['kind']>().toEqualTypeOf<AuditActorKind>();

type Schema = Record<string, unknown> & { type?: string; properties?: Record<string, unknown>; items?: Schema };
type Operation = { responses?: Record<string, { content?: Record<string, { schema?: Schema }> }> };
type Document = { paths: Record<string, Record<string, Operation>> };

/** An object schema naming its properties, or an array of such (at any depth: chunk events are arrays of arrays). */
function isFieldLevel(schema: Schema | undefined): boolean {
  if (!schema) return false;
  if (schema.type === 'array') return isFieldLevel(schema.items);
  return schema.type === 'object' && Object.keys(schema.properties ?? {}).length > 0;
}

/** Every 2xx JSON answer of the document: `METHOD /path status` → its schema. */
function jsonAnswers(doc: Document): Map<string, Schema | undefined> {
  const answers = new Map<string, Schema | undefined>();
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      for (const [status, response] of Object.entries(op.responses ?? {})) {
        if (!status.startsWith('2')) continue;
        for (const [media, content] of Object.entries(response.content ?? {})) {
          if (/\bjson\b/.test(media)) answers.set(`${method.toUpperCase()} ${path} ${status}`, content.schema);
        }
      }
    }
  }
  return answers;
}

/**
 * Parses `body` with `schema` and fails on any key the schema does not
 * declare, at any depth: zod drops an object's undeclared keys, so the parse
 * differs from the answer exactly when the answer holds one (and a value of
 * the wrong type or a missing field fails the parse itself).
 */
function parseStrict<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const parsed = schema.parse(body);
  expect(parsed, 'keys the schema does not declare').toStrictEqual(body);
  return parsed;
}

/** The operations whose answers were TypeScript interfaces until they became schemas: each must be exercised below. */
const OPERATIONS = [
  'GET /api/sessions',
  'GET /api/sessions/{id}',
  'GET /api/sessions/{id}/chunks',
  'GET /api/sessions/{id}/chunk-events',
  'GET /api/sessions/{id}/export',
  'POST /api/sessions/import',
  'GET /api/live/sessions',
  'GET /api/cases',
  'GET /api/cases/topics',
  'GET /api/cases/{id}',
  'POST /api/cases/{id}/claim',
  'POST /api/cases/{id}/release',
  'POST /api/cases/{id}/assign',
  'POST /api/cases/{id}/status',
  'POST /api/cases/{id}/messages',
  'GET /c/{token}/api',
  'POST /c/{token}/api/messages',
  'GET /api/admin/topics',
  'POST /api/admin/topics',
  'PATCH /api/admin/topics/{id}',
  'GET /api/admin/routing',
  'PUT /api/admin/routing/{id}',
  'GET /api/admin/enrichers',
  'POST /api/admin/enrichers',
  'PATCH /api/admin/enrichers/{id}',
  'GET /api/admin/webhooks',
  'POST /api/admin/webhooks',
  'PATCH /api/admin/webhooks/{id}',
  'GET /api/admin/jobs',
  'GET /api/orgs/{orgId}/audit',
  'POST /api/orgs/{orgId}/erasure',
];

describe.each(testDrivers)('answers and their response schemas on $name', (driver) => {
  let database: Database;
  let t: TestServer;
  let doc: Document;
  /** The site's systems: every enricher and webhook call fails (500), so jobs leave failed work to list. */
  let systems: Awaited<ReturnType<typeof startReceiver>>;
  const open: { close(): void }[] = [];
  const exercised = new Set<string>();

  beforeAll(async () => {
    database = await driver.open();
    t = await startCaseServer(database);
    systems = await startReceiver((_req, res) => sendJson(res, 500, { error: 'down for the test' }));
    doc = (await (await fetch(`${t.url}/api/openapi.json`)).json()) as Document;
  });
  afterAll(async () => {
    for (const c of open) c.close();
    await systems?.close();
    await t?.close();
    await database?.close();
  });

  /**
   * Checks one real answer: its status, that `operation` documents `schema`
   * for that status (the very schema, as the contract passes it), and that
   * the body parses with it strictly. Returns the parsed body.
   */
  async function answer<S extends z.ZodType>(
    operation: string,
    schema: S,
    response: Response | Promise<Response>,
    status = 200,
  ): Promise<z.output<S>> {
    const res = await response;
    const text = await res.text();
    expect(res.status, `${operation}: ${text}`).toBe(status);
    const [method, path] = operation.split(' ') as [string, string];
    const documented = doc.paths[path]?.[method.toLowerCase()]?.responses?.[String(status)]?.content?.['application/json']?.schema;
    expect(documented, `${operation} ${status}: documented schema`).toEqual(jsonSchema(schema, 'output'));
    exercised.add(operation);
    return parseStrict(schema, JSON.parse(text));
  }
  const post = (path: string, body: unknown) => t.api(path, { method: 'POST', body: JSON.stringify(body) });
  const send = (method: 'PATCH' | 'PUT' | 'DELETE', path: string, body?: unknown) =>
    t.api(path, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });

  it('describes every JSON answer of the document field by field', () => {
    const answers = jsonAnswers(doc);
    expect(answers.size).toBeGreaterThan(60);
    const prose = [...answers].filter(([, schema]) => !isFieldLevel(schema)).map(([where]) => where);
    expect(prose, 'JSON answers without a field-level schema').toEqual([]);
  });

  it('would fail for an answer named only in prose, as the interfaces were', () => {
    const op = operationOf({
      summary: 'An answer described in words',
      tags: ['sessions'],
      access: 'sessions.read',
      responses: { 200: { description: '`SessionPage` (protocol/api.ts).', media: 'application/json' } },
    }) as Operation;
    expect(jsonAnswers({ paths: { '/x': { get: op } } }).size).toBe(1);
    expect(isFieldLevel(op.responses?.['200']?.content?.['application/json']?.schema)).toBe(false);
    expect(isFieldLevel(jsonSchema(sessionPageSchema, 'output') as Schema)).toBe(true);
  });

  let recorded: z.output<typeof sessionPageSchema>;

  it('sessions recorded through ingest, watched live with chat: list, detail, chunks, events, export, live list', async () => {
    const now = Date.now();
    const id = await t.startSession({
      startedAt: now - 60_000,
      url: `${TEST_ORIGIN}/cart`,
      viewport: { width: 1280, height: 800 },
      language: 'de-DE',
      metadata: { plan: 'pro', seats: 3, trial: false, coupon: null },
    });
    const t0 = now - 50_000;
    const click = { type: 3, timestamp: t0 + 3, data: { source: 2, type: 2, id: 1, x: 5, y: 5 } };
    const error = {
      type: 6,
      timestamp: t0 + 4,
      data: { plugin: CONSOLE_PLUGIN, payload: { level: 'error', payload: ['"boom"'], trace: [] } },
    };
    const identify = {
      type: 5,
      timestamp: t0 + 5,
      data: { tag: METADATA_EVENT_TAG, payload: { identity: { email: 'kim@shop.test' }, metadata: { customerId: 'cust-7' } } },
    };
    expect((await t.putChunk(id, 0, [meta(t0), full(t0 + 1), click, error, identify])).status).toBe(201);
    expect((await t.putChunk(id, 1, [full(t0 + 10_000), { ...click, timestamp: t0 + 10_003 }])).status).toBe(201);

    // Live help on the recorded tab, with chat both ways (stored with the session).
    const c = await connectCustomer(t.url, id, t.site.siteKey);
    open.push(c);
    c.send({ type: 'hello', page: crypto.randomUUID(), url: `${TEST_ORIGIN}/checkout` });
    await c.next('welcome');
    c.send({ type: 'help_request' });
    const { code } = await c.next('help_code');
    const a = await connectAdvisor(t.url, await t.token());
    open.push(a);
    a.send({ type: 'join', code });
    const { viewer } = await c.next('consent_request');
    c.send({ type: 'consent', viewerId: viewer.id, accept: true });
    await a.next('welcome');
    c.send({ type: 'chat', clientId: 'c1', text: 'I am stuck at checkout' });
    await a.next('chat');
    a.send({ type: 'chat', clientId: 'a1', text: 'Let me look' });
    await c.next('chat');

    // The live registry records the viewer as it joins: poll until the list shows it.
    const live = await until(async () => {
      const list = await answer('GET /api/live/sessions', liveSessionListSchema, t.api('/api/live/sessions'));
      return list.sessions.find((s) => s.sessionId === id && s.viewerCount === 1);
    });
    expect(live).toMatchObject({ helpRequested: true, customerConnected: true, url: `${TEST_ORIGIN}/checkout`, siteId: t.site.id });

    recorded = await answer('GET /api/sessions', sessionPageSchema, t.api(`/api/sessions?siteId=${t.site.id}&limit=100`));
    expect(recorded.sessions.find((s) => s.id === id)).toMatchObject({ chunkCount: 2, viewport: { width: 1280, height: 800 } });

    const detail = await until(async () => {
      const d = await answer('GET /api/sessions/{id}', sessionDetailSchema, t.api(`/api/sessions/${id}`));
      return d.chat.length === 2 && d;
    });
    expect(detail.metadata).toMatchObject({ plan: 'pro', coupon: null, customerId: 'cust-7', 'user.email': 'kim@shop.test' });
    expect(new Set(detail.markers.map((m) => m.kind))).toEqual(new Set(['navigation', 'click', 'error', 'chat']));
    expect(detail.markers.some((m) => m.label === undefined)).toBe(true);
    expect(detail.pages.length).toBeGreaterThan(0);

    const range = await answer(
      'GET /api/sessions/{id}/chunks',
      chunkRangeSchema,
      t.api(`/api/sessions/${id}/chunks?from=${t0 + 10_500}&to=${now}`),
    );
    expect(range.chunks.map((ch) => ch.seq)).toEqual([1]);
    const events = await answer(
      'GET /api/sessions/{id}/chunk-events',
      chunkEventListsSchema,
      t.api(`/api/sessions/${id}/chunk-events?seqs=0,1`, { headers: { 'accept-encoding': 'gzip' } }),
    );
    expect(events.map((chunk) => chunk.length)).toEqual([5, 2]);
    const exported = await answer('GET /api/sessions/{id}/export', sessionExportSchema, t.api(`/api/sessions/${id}/export`));
    expect(exported).toHaveLength(7);
  });

  it('parseStrict refuses a key the schema does not declare, however deep', () => {
    const summary = recorded.sessions[0]!;
    expect(() =>
      parseStrict(sessionPageSchema, { ...recorded, sessions: [{ ...summary, viewport: { width: 1, height: 2, depth: 3 } }] }),
    ).toThrow();
    expect(() => parseStrict(sessionPageSchema, { ...recorded, total: 1 })).toThrow();
    expect(() => parseStrict(sessionPageSchema, { ...recorded, sessions: [{ ...summary, chunkCount: '2' }] })).toThrow();
    expect(parseStrict(sessionPageSchema, recorded)).toStrictEqual(recorded);
  });

  it('sessions imported through the API: an rrweb recording and a PostHog export of two windows', async () => {
    const t0 = Date.now() - 120_000;
    const rrweb = [meta(t0), full(t0 + 1), { type: 3, timestamp: t0 + 2, data: { source: 1, positions: [] } }];
    const one = await answer(
      'POST /api/sessions/import',
      sessionImportSchema,
      post(`/api/sessions/import?siteId=${t.site.id}`, rrweb),
      201,
    );
    expect(one).toMatchObject({ format: 'rrweb', sessions: [{ windowId: null, eventCount: 3 }] });

    const posthog = {
      version: '2023-04-28',
      data: { id: 'ph-1', snapshots: ['w1', 'w2'].flatMap((windowId) => [meta(t0), full(t0 + 1)].map((e) => ({ ...e, windowId }))) },
    };
    const two = await answer(
      'POST /api/sessions/import',
      sessionImportSchema,
      post(`/api/sessions/import?siteId=${t.site.id}`, posthog),
      201,
    );
    expect(two.sessions.map((s) => s.windowId)).toEqual(['w1', 'w2']);
  });

  let me: z.output<typeof advisorSchema>;
  let topicId: string;

  it('admin settings made through the API: topics, routing, enrichers, webhooks', async () => {
    me = parseStrict(advisorSchema, await (await t.api('/api/me')).json());
    const topic = await answer(
      'POST /api/admin/topics',
      topicSchema,
      post('/api/admin/topics', { siteId: t.site.id, name: 'Billing', slaMinutes: 45, requiredSkills: ['billing'] }),
      201,
    );
    topicId = topic.id;
    await answer('PATCH /api/admin/topics/{id}', topicSchema, send('PATCH', `/api/admin/topics/${topic.id}`, { slaMinutes: 0.5 }));
    const topics = await answer('GET /api/admin/topics', topicListSchema, t.api('/api/admin/topics'));
    expect(topics.topics.map((x) => x.slaMinutes)).toEqual([0.5]);
    await answer('GET /api/cases/topics', topicListSchema, t.api('/api/cases/topics'));

    await answer(
      'PUT /api/admin/routing/{id}',
      advisorRoutingInfoSchema,
      send('PUT', `/api/admin/routing/${me.id}`, { skills: ['billing'], languages: ['en', 'de'] }),
    );
    const routing = await answer('GET /api/admin/routing', advisorRoutingListSchema, t.api('/api/admin/routing'));
    expect(routing.advisors.find((r) => r.advisorId === me.id)).toMatchObject({ skills: ['billing'], languages: ['en', 'de'] });

    const enricher = await answer(
      'POST /api/admin/enrichers',
      enricherSchema,
      post('/api/admin/enrichers', {
        siteId: t.site.id,
        name: 'Orders',
        urlTemplate: `${systems.url}/orders?plan={metadata.plan}`,
        headers: { 'x-api-key': 'enricher-secret-0123456789' },
        metadataKeys: ['plan'],
        timeoutMs: 2000,
      }),
      201,
    );
    expect(enricher.headers['x-api-key']).toMatch(/^•+6789$/);
    await answer(
      'PATCH /api/admin/enrichers/{id}',
      enricherSchema,
      send('PATCH', `/api/admin/enrichers/${enricher.id}`, { method: 'POST' }),
    );
    await answer('GET /api/admin/enrichers', enricherListSchema, t.api('/api/admin/enrichers'));

    const webhook = await answer(
      'POST /api/admin/webhooks',
      webhookSchema,
      post('/api/admin/webhooks', { siteId: t.site.id, url: `${systems.url}/hook`, events: ['case.created', 'case.answered'] }),
      201,
    );
    expect(webhook.secret).not.toMatch(/•/);
    await answer('PATCH /api/admin/webhooks/{id}', webhookSchema, send('PATCH', `/api/admin/webhooks/${webhook.id}`, { enabled: true }));
    const hooks = await answer('GET /api/admin/webhooks', webhookListSchema, t.api('/api/admin/webhooks'));
    expect(hooks.webhooks[0]!.secret).toMatch(/^•/);
  });

  it('a case opened through the intake, worked in the inbox and answered through the customer link', async () => {
    const sessionId = await t.startSession({ language: 'de', metadata: { plan: 'pro' } });
    expect((await t.putChunk(sessionId, 0, [meta(Date.now() - 1000), full(Date.now() - 999)])).status).toBe(201);
    const created = await createCase(t, { sessionId, topic: 'Billing', email: 'kim@shop.test', question: 'Why was I charged twice?' });

    // The enricher and webhook run in the background (and fail: the site's systems answer 500).
    const detail = await until(async () => {
      const d = await answer('GET /api/cases/{id}', caseDetailSchema, t.api(`/api/cases/${created.caseId}`));
      return d.enrichments.length > 0 && d.webhookDeliveries.length > 0 && d.emails.length > 0 && d;
    });
    expect(detail).toMatchObject({ topicId, customerEmail: 'kim@shop.test', session: { id: sessionId }, links: [{ revokedAt: null }] });
    // What the site's systems got: the webhook's body is a WebhookPayload, strictly.
    const deliveries = await until(async () => {
      const calls = systems.requests.filter((r) => r.url === '/hook');
      return calls.length > 0 && calls;
    });
    for (const delivery of deliveries) {
      expect(parseStrict(webhookPayloadSchema, JSON.parse(delivery.body))).toMatchObject({
        event: 'case.created',
        case: { id: created.caseId },
      });
    }

    const list = await answer('GET /api/cases', caseListSchema, t.api('/api/cases?status=unresolved'));
    expect(list.cases.map((x) => x.id)).toContain(created.caseId);
    expect(list.counts.new).toBeGreaterThan(0);

    await answer('POST /api/cases/{id}/claim', caseSummarySchema, post(`/api/cases/${created.caseId}/claim`, {}));
    await answer('POST /api/cases/{id}/release', caseSummarySchema, post(`/api/cases/${created.caseId}/release`, {}));
    await answer('POST /api/cases/{id}/assign', caseSummarySchema, post(`/api/cases/${created.caseId}/assign`, { advisorId: me.id }));
    const reply = await answer(
      'POST /api/cases/{id}/messages',
      caseMessageSchema,
      post(`/api/cases/${created.caseId}/messages`, {
        body: 'Refunded, see the receipt',
        attachments: [
          { type: 'link', url: 'https://shop.test/receipts/1', title: 'Receipt' },
          { type: 'session', sessionId },
        ],
      }),
      201,
    );
    expect(reply).toMatchObject({ kind: 'text', from: 'advisor', advisorId: me.id, authorName: me.name });
    await answer(
      'POST /api/cases/{id}/messages',
      caseMessageSchema,
      post(`/api/cases/${created.caseId}/messages`, { kind: 'internal_note', body: 'Double charge bug' }),
      201,
    );
    const summary = await answer(
      'POST /api/cases/{id}/status',
      caseSummarySchema,
      post(`/api/cases/${created.caseId}/status`, { status: 'resolved' }),
    );
    expect(summary).toMatchObject({ status: 'resolved', assigneeId: me.id });
    expect(summary.firstAnsweredAt).not.toBeNull();

    const link = parseStrict(caseLinkCreatedSchema, await (await post(`/api/cases/${created.caseId}/links`, {})).json());
    parseStrict(caseLinkInfoSchema, await (await send('DELETE', `/api/cases/${created.caseId}/links/${link.id}`)).json());

    const view = await answer('GET /c/{token}/api', customerCaseViewSchema, fetch(`${t.url}/c/${created.linkToken}/api`));
    expect(view.thread.map((m) => m.kind)).toEqual(['text']);
    expect(view.thread[0]!.attachments).toHaveLength(2);
    const customerReply = await answer(
      'POST /c/{token}/api/messages',
      publicCaseMessageSchema,
      fetch(`${t.url}/c/${created.linkToken}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ body: 'Thanks!' }),
      }),
      201,
    );
    expect(customerReply).toMatchObject({ from: 'customer', authorName: null, attachments: [] });

    // Background work not done: the failed enrichment and deliveries, the email outbox, the queues.
    const jobs = await until(async () => {
      const j = await answer('GET /api/admin/jobs', jobsOverviewSchema, t.api('/api/admin/jobs'));
      return j.enrichments.length > 0 && j.webhookDeliveries.length > 0 && j.emails.length > 0 && j;
    });
    expect(jobs.enrichments[0]).toMatchObject({ caseId: created.caseId, enricherName: 'Orders' });
    expect(jobs.queues.length).toBeGreaterThan(0);
  });

  it("erasure of one customer's data: the dry run, then the erasure", async () => {
    const { orgId } = me;
    const sessionId = await t.startSession({ metadata: { customerId: 'erase-me', email: 'gone@shop.test' } });
    expect((await t.putChunk(sessionId, 0, [meta(Date.now() - 1000), full(Date.now() - 999)])).status).toBe(201);
    const created = await createCase(t, { sessionId, email: 'gone@shop.test' });

    const preview = await answer(
      'POST /api/orgs/{orgId}/erasure',
      erasureResultSchema,
      post(`/api/orgs/${orgId}/erasure?dryRun=true`, { customerId: 'erase-me', email: 'gone@shop.test' }),
    );
    expect(preview).toMatchObject({ dryRun: true, sessionIds: [sessionId], caseIds: [created.caseId] });
    const erased = await answer(
      'POST /api/orgs/{orgId}/erasure',
      erasureResultSchema,
      post(`/api/orgs/${orgId}/erasure`, { customerId: 'erase-me', email: 'gone@shop.test' }),
    );
    expect(erased.dryRun).toBe(false);
    expect(erased.counts.sessions).toBe(1);
    expect((await t.api(`/api/sessions/${sessionId}`)).status).toBe(404);
  });

  it('the audit log, page by page', async () => {
    const first = await answer('GET /api/orgs/{orgId}/audit', auditPageSchema, t.api(`/api/orgs/${me.orgId}/audit?limit=5`));
    expect(first.entries).toHaveLength(5);
    expect(first.nextCursor).not.toBeNull();
    const entries = [...first.entries];
    for (let cursor = first.nextCursor; cursor !== null;) {
      const next = await answer(
        'GET /api/orgs/{orgId}/audit',
        auditPageSchema,
        t.api(`/api/orgs/${me.orgId}/audit?limit=50&cursor=${cursor}`),
      );
      entries.push(...next.entries);
      cursor = next.nextCursor;
    }
    const actions = new Set(entries.map((e) => e.action));
    for (const action of ['settings.changed', 'erasure.performed', 'case.resolved']) expect(actions, action).toContain(action);
  });

  it('exercised every operation whose answer was an interface', () => {
    expect(OPERATIONS.filter((op) => !exercised.has(op))).toEqual([]);
  });
});
