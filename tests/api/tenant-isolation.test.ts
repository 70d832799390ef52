/**
 * Tenant isolation through the real interfaces, on both databases: two
 * organisations (the second made directly in the database: its API is
 * another change), each with a site, sessions with chunks, a case and a
 * reply link. A member of organisation B gets 404 for every id of A and
 * never sees it in a list; an advisor restricted to one site gets 404 for
 * the other site's; `content` reads resolved cases only and may not answer;
 * an advisor may not act on a colleague's case. Live: B's advisor cannot
 * join A's room by code or session id (the answer of an unknown one), nor
 * see it listed; an advisor's live views end when the hub disconnects them.
 * An erasure in B leaves A's customer alone.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import { advisors, auditLog, organisations, sites } from '../../db/schema.ts';
import { hashPassword } from '../../server/auth/password.ts';
import { defaultOrgId } from '../../server/orgs/default-org.ts';
import { upsertMembership } from '../../server/scope/index.ts';
import { generateSiteKey } from '../../server/sites/site-key.ts';
import type { SessionPage, Site } from '../../protocol/api.ts';
import type { CaseDetail, CaseList, Topic } from '../../protocol/cases.ts';
import type { ErasureResult } from '../../protocol/audit.ts';
import {
  LiveCloseCode,
  LIVE_ADVISOR_PATH,
  LIVE_BEARER_PROTOCOL_PREFIX,
  LIVE_SUBPROTOCOL,
  type LiveSessionSummary,
} from '../../protocol/live.ts';
import type { OrgRole } from '../../protocol/permissions.ts';
import { createCase, json, postCase, startCaseServer } from '../cases/case-helpers.ts';
import { testDrivers } from '../helpers/db.ts';
import { TEST_ORIGIN, type TestServer } from '../helpers/server.ts';
import { connectAdvisor, connectCustomer, full, meta, type AdvisorClient, type CustomerClient } from '../live/live-client.ts';
import WebSocket from 'ws';

const PASSWORD = 'tenant-password';

describe.each(testDrivers)('tenant isolation on $name', (driver) => {
  let database: Database;
  let t: TestServer;
  let orgA: string;
  let orgB: string;
  let siteA2: Site;
  let siteB: { id: string; siteKey: string };
  const ids: Record<string, string> = {};
  const tokens: Record<string, string> = {};
  /** A's sessions (site A, site A2) and B's. */
  let sessionA: string;
  let sessionA2: string;
  let sessionB: string;
  let caseA: string;
  let caseA2: string;
  let resolvedCaseA: string;
  let caseB: string;
  let replyLinkA: string;
  let topicA: Topic;
  const sockets: { close(): void }[] = [];

  /** An account and its membership, made in the database (the members API is another change). */
  const member = async (name: string, orgId: string, role: OrgRole, siteIds: string[] | null = null) => {
    const { db } = database;
    const [row] = await db
      .insert(advisors)
      .values({ email: `${name.toLowerCase()}@tenant.test`, name, passwordHash: await hashPassword(PASSWORD) })
      .returning();
    await upsertMembership(db, { orgId, advisorId: row!.id, role, siteIds });
    ids[name] = row!.id;
    tokens[name] = await t.tokenFor(`${name.toLowerCase()}@tenant.test`, PASSWORD);
  };
  const as = (who: string, path: string, init: RequestInit = {}) => t.api(path, { ...init, token: tokens[who]! });
  const post = (who: string, path: string, body: unknown = {}) => as(who, path, { method: 'POST', body: JSON.stringify(body) });
  const recorded = async (siteKey: string, metadata: Record<string, string> = {}) => {
    const id = await t.startSession({ siteKey, metadata });
    const res = await t.putChunk(id, 0, [meta(Date.now() - 1000), full(Date.now() - 900)], { siteKey });
    expect(res.status).toBe(201);
    return id;
  };

  beforeAll(async () => {
    database = await driver.open();
    t = await startCaseServer(database);
    const { db } = database;
    orgA = await defaultOrgId(db);
    siteA2 = await json<Site>(
      t.api('/api/sites', { method: 'POST', body: JSON.stringify({ name: 'Second shop', allowedOrigins: [TEST_ORIGIN] }) }),
      201,
    );
    const [b] = await db.insert(organisations).values({ name: 'Other company' }).returning();
    orgB = b!.id;
    const [sb] = await db
      .insert(sites)
      .values({ orgId: orgB, name: 'Other shop', siteKey: generateSiteKey(), allowedOrigins: [TEST_ORIGIN] })
      .returning();
    siteB = { id: sb!.id, siteKey: sb!.siteKey };

    tokens.admin = await t.token();
    const [admin] = await db.select({ id: advisors.id }).from(advisors).where(eq(advisors.email, t.admin.email));
    ids.admin = admin!.id;
    await member('ownerB', orgB, 'owner');
    await member('advisorB', orgB, 'advisor');
    await member('advisorA', orgA, 'advisor');
    await member('narrowA', orgA, 'advisor', [t.site.id]);
    await member('contentA', orgA, 'content');

    sessionA = await recorded(t.site.siteKey, { customerId: '77' });
    sessionA2 = await recorded(siteA2.siteKey);
    sessionB = await recorded(siteB.siteKey, { customerId: '77' });
    caseA = (await createCase(t, { sessionId: sessionA })).caseId;
    const caseOn = async (sessionId: string, siteKey: string, question: string) =>
      (await json<{ caseId: string }>(postCase(t, { sessionId, question }, { siteKey }), 201)).caseId;
    caseA2 = await caseOn(sessionA2, siteA2.siteKey, 'Second shop question');
    resolvedCaseA = (await createCase(t, { question: 'Solved already' })).caseId;
    await json(post('admin', `/api/cases/${resolvedCaseA}/status`, { status: 'resolved' }));
    caseB = await caseOn(sessionB, siteB.siteKey, 'Other company question');
    replyLinkA = (await json<{ id: string }>(post('admin', `/api/sessions/${sessionA}/reply-links`), 201)).id;
    topicA = await json<Topic>(post('admin', '/api/admin/topics', { siteId: t.site.id, name: 'Orders' }), 201);
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await t?.close();
    await database?.close();
  });

  /** Every advisor route that names a session, with A's session id in it. */
  const sessionRoutes = (id: string): [string, string, unknown?][] => [
    ['GET', `/api/sessions/${id}`],
    ['GET', `/api/sessions/${id}/chunks`],
    ['GET', `/api/sessions/${id}/chunks/0`],
    ['GET', `/api/sessions/${id}/chunk-data?seqs=0`],
    ['GET', `/api/sessions/${id}/chunk-events?seqs=0`],
    ['GET', `/api/sessions/${id}/export`],
    ['GET', `/api/sessions/${id}/media`],
    ['GET', `/api/sessions/${id}/media/cam-1`],
    ['GET', `/api/sessions/${id}/replies`],
    ['PUT', `/api/sessions/${id}/replies/reply-1`, { mimeType: 'video/webm', startedAt: Date.now() }],
    ['DELETE', `/api/sessions/${id}/replies/reply-1`],
    ['GET', `/api/sessions/${id}/reply-links`],
    ['POST', `/api/sessions/${id}/reply-links`, {}],
    ['DELETE', `/api/sessions/${id}/reply-links/${replyLinkA}`],
  ];
  const call = (who: string, [method, path, body]: [string, string, unknown?], headers: Record<string, string> = {}) =>
    as(who, path, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const listed = async (who: string, query = '') =>
    (await json<SessionPage>(as(who, `/api/sessions?limit=100${query}`))).sessions.map((s) => s.id);

  it('answers 404 for every session route of another organisation, and lists none of its sessions', async () => {
    // The same reads answer A's own members: the 404s below are the scope's, not missing data.
    for (const route of sessionRoutes(sessionA).filter(([m, p]) => m === 'GET' && !p.includes('/media/'))) {
      expect((await call('admin', route)).status, `${route[0]} ${route[1]} (A's admin)`).toBe(200);
    }
    for (const route of sessionRoutes(sessionA)) {
      expect((await call('ownerB', route)).status, `${route[0]} ${route[1]}`).toBe(404);
      // Naming A's organisation does not help: B's owner is not a member.
      expect((await call('ownerB', route, { 'x-cobrowse-org': orgA })).status, `${route[0]} ${route[1]} (org A named)`).toBe(404);
    }
    expect(await listed('ownerB')).toEqual([sessionB]);
    const visitOfA = (await json<{ visitId: string | null }>(as('admin', `/api/sessions/${sessionA}`))).visitId;
    if (visitOfA) expect(await listed('ownerB', `&visitId=${visitOfA}`)).toEqual([]);
    expect(await listed('admin')).toEqual(expect.arrayContaining([sessionA, sessionA2]));
    expect(await listed('admin')).not.toContain(sessionB);
    // Their own answer normally (the routes work; only the scope differs).
    expect((await as('ownerB', `/api/sessions/${sessionB}`)).status).toBe(200);
    expect((await as('ownerB', `/api/sessions/${sessionB}/chunk-events?seqs=0`)).status).toBe(200);
  });

  it('refuses an import into another organisation’s site before reading the body', async () => {
    const res = await as('ownerB', `/api/sessions/import?siteId=${t.site.id}`, { method: 'POST', body: '[]' });
    expect(res.status).toBe(404);
    expect((await as('admin', `/api/sessions/import?siteId=${siteB.id}`, { method: 'POST', body: '[]' })).status).toBe(404);
  });

  it('hides the other site’s sessions from an advisor restricted to one site', async () => {
    for (const route of sessionRoutes(sessionA2).filter(([m]) => m === 'GET')) {
      expect((await call('narrowA', route)).status, `${route[0]} ${route[1]}`).toBe(404);
    }
    expect((await as('narrowA', `/api/sessions/${sessionA}`)).status).toBe(200);
    const mine = await listed('narrowA');
    expect(mine).toContain(sessionA);
    expect(mine).not.toContain(sessionA2);
    expect(mine).not.toContain(sessionB);
  });

  it('records views in the session’s organisation only', async () => {
    await as('admin', `/api/sessions/${sessionA}`);
    await as('ownerB', `/api/sessions/${sessionA}`);
    const views = await database.db.select().from(auditLog).where(eq(auditLog.targetId, sessionA));
    expect(views.length).toBeGreaterThan(0);
    expect(views.every((v) => v.orgId === orgA)).toBe(true);
    expect(views.some((v) => v.actorId === ids.ownerB)).toBe(false);
  });

  /** Every advisor route that names a case. */
  const caseRoutes = (id: string): [string, string, unknown?][] => [
    ['GET', `/api/cases/${id}`],
    ['POST', `/api/cases/${id}/claim`, {}],
    ['POST', `/api/cases/${id}/release`, {}],
    ['POST', `/api/cases/${id}/assign`, { advisorId: null }],
    ['POST', `/api/cases/${id}/status`, { status: 'open' }],
    ['POST', `/api/cases/${id}/messages`, { kind: 'text', body: 'Hello' }],
    ['POST', `/api/cases/${id}/links`, {}],
    ['DELETE', `/api/cases/${id}/links/00000000-0000-4000-8000-000000000000`],
  ];
  const caseIds = async (who: string) => (await json<CaseList>(as(who, '/api/cases?limit=200'))).cases.map((c) => c.id);

  it('answers 404 for another organisation’s cases, and lists, counts and names none of its own', async () => {
    for (const route of caseRoutes(caseA)) expect((await call('ownerB', route)).status, `${route[0]} ${route[1]}`).toBe(404);
    expect(await caseIds('ownerB')).toEqual([caseB]);
    const counts = (await json<CaseList>(as('ownerB', '/api/cases'))).counts;
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(1);
    expect(await caseIds('admin')).not.toContain(caseB);
    const members = (await json<{ advisors: { id: string }[] }>(as('ownerB', '/api/cases/advisors'))).advisors.map((a) => a.id);
    expect(members.sort()).toEqual([ids.ownerB, ids.advisorB].sort());
    expect((await json<{ topics: Topic[] }>(as('ownerB', '/api/cases/topics'))).topics).toEqual([]);
    expect((await json<{ topics: Topic[] }>(as('admin', '/api/cases/topics'))).topics.map((x) => x.id)).toContain(topicA.id);
  });

  it('keeps the other site’s cases from a restricted advisor, and gives content resolved cases only, read-only', async () => {
    expect((await as('narrowA', `/api/cases/${caseA2}`)).status).toBe(404);
    expect(await caseIds('narrowA')).not.toContain(caseA2);
    expect(await caseIds('narrowA')).toContain(caseA);

    expect(await caseIds('contentA')).toEqual([resolvedCaseA]);
    expect((await as('contentA', `/api/cases/${caseA}`)).status).toBe(404);
    expect((await json<CaseDetail>(as('contentA', `/api/cases/${resolvedCaseA}`))).status).toBe('resolved');
    const counts = (await json<CaseList>(as('contentA', '/api/cases'))).counts;
    expect(counts.resolved).toBe(1);
    expect(counts.new + counts.open).toBe(0);
    for (const route of caseRoutes(resolvedCaseA).slice(1)) {
      expect((await call('contentA', route)).status, `${route[0]} ${route[1]}`).toBe(403);
    }
  });

  it('lets an advisor work on unassigned and own cases, and only an admin on a colleague’s', async () => {
    const held = (await createCase(t, { question: 'Held by the admin' })).caseId;
    await json(post('admin', `/api/cases/${held}/claim`));
    expect((await post('advisorA', `/api/cases/${held}/messages`, { kind: 'text', body: 'Mine now' })).status).toBe(403);
    expect((await post('advisorA', `/api/cases/${held}/status`, { status: 'resolved' })).status).toBe(403);
    expect((await post('advisorA', `/api/cases/${held}/release`)).status).toBe(403);
    expect((await post('advisorA', `/api/cases/${held}/assign`, { advisorId: ids.advisorA })).status).toBe(403);
    // A note helps without taking over.
    expect((await post('advisorA', `/api/cases/${held}/messages`, { kind: 'internal_note', body: 'Seen this before' })).status).toBe(201);

    expect((await json<{ assigneeId: string }>(post('admin', `/api/cases/${held}/assign`, { advisorId: ids.advisorA }))).assigneeId).toBe(
      ids.advisorA,
    );
    expect((await post('advisorA', `/api/cases/${held}/messages`, { kind: 'text', body: 'Here you go' })).status).toBe(201);
    // Only the organisation's active members can be given a case.
    expect((await post('admin', `/api/cases/${held}/assign`, { advisorId: ids.ownerB })).status).toBe(404);
    expect((await post('admin', `/api/cases/${caseA2}/assign`, { advisorId: ids.narrowA })).status).toBe(404);
  });

  it('keeps async-help settings to the organisation’s sites and members', async () => {
    const topics = (await json<{ topics: Topic[] }>(as('ownerB', '/api/admin/topics'))).topics;
    expect(topics).toEqual([]);
    expect(
      (await as('ownerB', `/api/admin/topics/${topicA.id}`, { method: 'PATCH', body: JSON.stringify({ slaMinutes: 5 }) })).status,
    ).toBe(404);
    expect((await as('ownerB', `/api/admin/topics/${topicA.id}`, { method: 'DELETE' })).status).toBe(404);
    expect((await post('ownerB', '/api/admin/topics', { siteId: t.site.id, name: 'Sneaky' })).status).toBe(404);
    expect((await post('ownerB', '/api/admin/topics', { siteId: siteB.id, name: 'Billing' })).status).toBe(201);

    const routing = (await json<{ advisors: { advisorId: string }[] }>(as('ownerB', '/api/admin/routing'))).advisors.map(
      (a) => a.advisorId,
    );
    expect(routing.sort()).toEqual([ids.ownerB, ids.advisorB].sort());
    const putRouting = (who: string, id: string) =>
      as(who, `/api/admin/routing/${id}`, { method: 'PUT', body: JSON.stringify({ skills: ['x'], languages: ['en'] }) });
    expect((await putRouting('ownerB', ids.advisorA!)).status).toBe(404);
    expect((await putRouting('ownerB', ids.advisorB!)).status).toBe(200);

    const enricher = await json<{ id: string }>(
      post('admin', '/api/admin/enrichers', { siteId: t.site.id, name: 'CRM', urlTemplate: 'https://crm.test/{metadata.orderId}' }),
      201,
    );
    const webhook = await json<{ id: string }>(
      post('admin', '/api/admin/webhooks', { siteId: t.site.id, url: 'https://hooks.test/in', events: ['case.created'] }),
      201,
    );
    expect((await json<{ enrichers: unknown[] }>(as('ownerB', '/api/admin/enrichers'))).enrichers).toEqual([]);
    expect((await json<{ webhooks: unknown[] }>(as('ownerB', '/api/admin/webhooks'))).webhooks).toEqual([]);
    expect((await post('ownerB', '/api/admin/enrichers', { siteId: t.site.id, name: 'X', urlTemplate: 'https://x.test/' })).status).toBe(
      404,
    );
    expect(
      (await post('ownerB', '/api/admin/webhooks', { siteId: t.site.id, url: 'https://x.test/', events: ['case.created'] })).status,
    ).toBe(404);
    for (const path of [`/api/admin/enrichers/${enricher.id}`, `/api/admin/webhooks/${webhook.id}`]) {
      expect((await as('ownerB', path, { method: 'PATCH', body: JSON.stringify({ enabled: false }) })).status, path).toBe(404);
      expect((await as('ownerB', path, { method: 'DELETE' })).status, path).toBe(404);
    }
    const jobs = await json<{ emails: { caseId: string | null }[]; enrichments: { caseId: string }[] }>(as('ownerB', '/api/admin/jobs'));
    expect([...jobs.emails, ...jobs.enrichments].every((x) => x.caseId === caseB)).toBe(true);
  });

  describe('live', () => {
    const customer = async (sessionId: string, siteKey: string) => {
      const c: CustomerClient = await connectCustomer(t.url, sessionId, siteKey);
      sockets.push(c);
      c.send({ type: 'hello', page: crypto.randomUUID() });
      await c.next('welcome');
      c.send({ type: 'help_request' });
      return { c, code: (await c.next('help_code')).code };
    };
    const advisor = async (who: string, query = '') => {
      const url = `${t.url.replace(/^http/, 'ws')}${LIVE_ADVISOR_PATH}${query}`;
      const ws = new WebSocket(url, [LIVE_SUBPROTOCOL, LIVE_BEARER_PROTOCOL_PREFIX + tokens[who]]);
      const status = await new Promise<number>((resolve, reject) => {
        ws.once('open', () => resolve(101));
        ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.once('error', reject);
      });
      return status;
    };
    /** The error a join answers, with the parts that may not differ between an unknown id and a foreign one. */
    const joinError = async (a: AdvisorClient, join: Record<string, unknown>) => {
      a.send({ type: 'join', ...join });
      const { code, message, ref } = await a.next('error');
      return { code, message, ref };
    };

    it('answers another organisation’s code and session id like unknown ones, and does not list its rooms', async () => {
      const { code } = await customer(sessionA, t.site.siteKey);
      const b = await connectAdvisor(t.url, tokens.ownerB!);
      sockets.push(b);
      const unknownCode = await joinError(b, { code: code === '000000' ? '000001' : '000000' });
      expect(await joinError(b, { code })).toEqual(unknownCode);
      const unknownSession = await joinError(b, { sessionId: crypto.randomUUID() });
      expect(await joinError(b, { sessionId: sessionA })).toEqual(unknownSession);
      expect(unknownSession.code).toBe('unknown_session');

      const listedFor = async (who: string) =>
        (await json<{ sessions: LiveSessionSummary[] }>(as(who, '/api/live/sessions'))).sessions.map((s) => s.sessionId);
      expect(await listedFor('ownerB')).not.toContain(sessionA);
      expect(await listedFor('admin')).toContain(sessionA);

      // The right organisation's advisor joins the same room by the same code.
      const a = await connectAdvisor(t.url, tokens.advisorA!);
      sockets.push(a);
      a.send({ type: 'join', code });
      await a.next('waiting');
    });

    it('answers a site the advisor may not see like an unknown session', async () => {
      await customer(sessionA2, siteA2.siteKey);
      const narrow = await connectAdvisor(t.url, tokens.narrowA!);
      sockets.push(narrow);
      const unknown = await joinError(narrow, { sessionId: crypto.randomUUID() });
      expect(await joinError(narrow, { sessionId: sessionA2 })).toEqual(unknown);
      const listed = (await json<{ sessions: LiveSessionSummary[] }>(as('narrowA', '/api/live/sessions'))).sessions.map((s) => s.sessionId);
      expect(listed).not.toContain(sessionA2);
    });

    it('chooses the socket’s organisation like the REST API, and refuses content', async () => {
      expect(await advisor('ownerB')).toBe(101);
      expect(await advisor('ownerB', `?org=${orgB}`)).toBe(101);
      expect(await advisor('ownerB', `?org=${orgA}`)).toBe(404);
      expect(await advisor('contentA')).toBe(403);
      expect((await as('contentA', '/api/live/sessions')).status).toBe(403);
    });

    it('disconnects every live view of one advisor in one organisation', async () => {
      const { code } = await customer(await recorded(t.site.siteKey), t.site.siteKey);
      const a = await connectAdvisor(t.url, tokens.advisorA!);
      sockets.push(a);
      a.send({ type: 'join', code });
      await a.next('waiting');
      const b = await connectAdvisor(t.url, tokens.advisorB!);
      sockets.push(b);
      const { code: codeB } = await customer(await recorded(siteB.siteKey), siteB.siteKey);
      b.send({ type: 'join', code: codeB });
      await b.next('waiting');

      expect(t.server.live.disconnectAdvisor(ids.advisorA!, orgB)).toBe(0);
      expect(t.server.live.disconnectAdvisor(ids.advisorA!, orgA)).toBeGreaterThanOrEqual(1);
      expect((await a.closed).code).toBe(LiveCloseCode.AccessRevoked);
      // Someone else, elsewhere, watches on.
      expect(b.ws.readyState).toBe(WebSocket.OPEN);
    });

    it('cuts a member’s live view when an admin deactivates them', async () => {
      await member('leaver', orgA, 'advisor');
      const { code } = await customer(await recorded(t.site.siteKey), t.site.siteKey);
      const l = await connectAdvisor(t.url, tokens.leaver!);
      sockets.push(l);
      l.send({ type: 'join', code });
      await l.next('waiting');
      const res = await as('admin', `/api/orgs/${orgA}/members/${ids.leaver}`, {
        method: 'PATCH',
        body: JSON.stringify({ active: false }),
      });
      expect(res.status).toBe(200);
      expect((await l.closed).code).toBe(LiveCloseCode.AccessRevoked);
    });
  });

  it('erases a customer in the organisation asked only', async () => {
    const erase = (who: string, orgId: string, dryRun: boolean) =>
      json<ErasureResult>(post(who, `/api/orgs/${orgId}/erasure${dryRun ? '?dryRun=true' : ''}`, { customerId: '77' }));
    expect((await erase('ownerB', orgB, true)).sessionIds).toEqual([sessionB]);
    const done = await erase('ownerB', orgB, false);
    expect(done.sessionIds).toEqual([sessionB]);
    expect(done.caseIds).toEqual([caseB]);
    expect((await as('admin', `/api/sessions/${sessionA}`)).status).toBe(200);
    expect((await as('admin', `/api/cases/${caseA}`)).status).toBe(200);
    expect((await as('ownerB', `/api/sessions/${sessionB}`)).status).toBe(404);
    // A's own erasure finds A's customer only.
    expect((await erase('admin', orgA, true)).sessionIds).toEqual([sessionA]);
  });
});
