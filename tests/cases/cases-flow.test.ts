/**
 * Async help end to end over HTTP: a customer opens a case with a recording,
 * it is routed by topic, language and skill, an enricher fills the order
 * status before the advisor opens it, the advisor answers, the customer sees
 * the answer (never internal notes) through the private link and replies,
 * and statuses move. Links open only their own case and fail clearly when
 * expired or revoked.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import { caseLinks } from '../../db/schema.ts';
import type {
  AdvisorRouting,
  CaseDetail,
  CaseLinkCreated,
  CaseList,
  CaseMessage,
  CaseSummary,
  CustomerCaseView,
  CustomerLiveAnswer,
  Enricher,
  JobsOverview,
  PublicCaseMessage,
  Topic,
} from '../../protocol/cases.ts';
import type { ErrorBody } from '../../protocol/errors.ts';
import { testDrivers } from '../helpers/db.ts';
import type { TestServer } from '../helpers/server.ts';
import { createCase, json, postCase, sendJson, startCaseServer, startReceiver } from './case-helpers.ts';

const CRM_KEY = 'Bearer crm-secret-key-0123456789';

describe.each(testDrivers)('async help cases on $name', (driver) => {
  let database: Database;
  let t: TestServer;
  let crm: Awaited<ReturnType<typeof startReceiver>>;
  const ids: Record<string, string> = {};
  const tokens: Record<string, string> = {};
  const topics: Record<string, Topic> = {};

  const as = (who: string) => ({ token: tokens[who]! });
  const post = (path: string, body: unknown, who = 'admin') =>
    t.api(path, { method: 'POST', body: JSON.stringify(body), ...(who === 'admin' ? {} : as(who)) });

  beforeAll(async () => {
    database = await driver.open();
    t = await startCaseServer(database);
    crm = await startReceiver((req, res) => {
      if (req.headers.authorization !== CRM_KEY) return sendJson(res, 401, { error: 'no key' });
      const order = /^\/orders\/([^/?]+)$/.exec(req.url)?.[1];
      if (!order) return sendJson(res, 404, { error: 'unknown' });
      sendJson(res, 200, {
        fields: { 'Order status': order === 'A-1' ? 'shipped' : 'processing', Carrier: 'PostNL' },
        links: [{ label: 'Order in CRM', url: `https://crm.test/orders/${order}` }],
      });
    });

    for (const name of ['alice', 'bob', 'carol', 'dave']) {
      await t.createAdvisor(`${name}@cobrowse.test`, `${name}-password`);
      tokens[name] = await t.tokenFor(`${name}@cobrowse.test`, `${name}-password`);
    }
    const { advisors } = await json<{ advisors: AdvisorRouting[] }>(t.api('/api/admin/routing'));
    for (const a of advisors) ids[a.email.split('@')[0]!] = a.advisorId;
    const routing = {
      alice: [['billing'], ['en']],
      dave: [
        ['billing', 'shipping'],
        ['en', 'nl'],
      ],
      bob: [['billing'], ['fr']],
      carol: [['shipping'], ['en']],
    };
    for (const [name, [skills, languages]] of Object.entries(routing)) {
      await json(t.api(`/api/admin/routing/${ids[name]}`, { method: 'PUT', body: JSON.stringify({ skills, languages }) }));
    }
    for (const [name, requiredSkills] of [
      ['Billing', ['billing']],
      ['Shipping', ['shipping']],
    ] as const) {
      topics[name] = await json<Topic>(post('/api/admin/topics', { siteId: t.site.id, name, slaMinutes: 30, requiredSkills }), 201);
    }
    await json<Enricher>(
      post('/api/admin/enrichers', {
        siteId: t.site.id,
        name: 'Orders',
        urlTemplate: `${crm.url}/orders/{metadata.orderId}`,
        headers: { Authorization: CRM_KEY },
        metadataKeys: ['orderId'],
      }),
      201,
    );
  });
  afterAll(async () => {
    await t?.close();
    await crm?.close();
    await database?.close();
  });

  it('routes a case to an advisor whose skills and languages fit, least loaded first', async () => {
    const fr = await createCase(t, { topic: 'billing', language: 'fr' });
    const en1 = await createCase(t, { topic: 'Billing', language: 'en' });
    const en2 = await createCase(t, { topic: 'Billing', language: 'en-GB' });
    const nobody = await createCase(t, { topic: 'Shipping', language: 'de' });
    const assignee = async (id: string) => (await json<CaseDetail>(t.api(`/api/cases/${id}`))).assigneeId;

    expect(await assignee(fr.caseId)).toBe(ids.bob);
    // alice and dave both fit; one case each (least loaded), carol lacks the skill.
    expect(new Set([await assignee(en1.caseId), await assignee(en2.caseId)])).toEqual(new Set([ids.alice, ids.dave]));
    // Nobody speaks German: the case waits in the shared queue.
    expect(await assignee(nobody.caseId)).toBeNull();
    const queue = await json<CaseList>(t.api('/api/cases?assignee=none'));
    expect(queue.cases.map((c) => c.id)).toContain(nobody.caseId);
  });

  it('answers the customer at once and has the enrichment before the advisor opens the case', async () => {
    const sessionId = await t.startSession({ language: 'en', metadata: { orderId: 'A-1', plan: 'pro' } });
    await t.putChunk(sessionId, 0, [
      { type: 4, timestamp: Date.now(), data: { href: 'http://shop.test/checkout', width: 1280, height: 800 } },
      { type: 2, timestamp: Date.now(), data: { node: { type: 0, id: 1, childNodes: [] }, initialOffset: { top: 0, left: 0 } } },
    ]);
    const created = await createCase(t, { sessionId, topic: 'Billing', email: 'Customer@Example.test', metadata: { cartValue: 42 } });
    expect(created.status).toBe('new');
    expect(created.link).toBe(`${t.url}/c/${created.linkToken}`);
    expect(new Date(created.dueAt).getTime() - Date.now()).toBeGreaterThan(29 * 60_000);

    await t.server.jobs.idle();
    const detail = await json<CaseDetail>(t.api(`/api/cases/${created.caseId}`));
    expect(detail.enrichments).toEqual([
      expect.objectContaining({
        enricherName: 'Orders',
        status: 'ok',
        attempts: 1,
        fields: { 'Order status': 'shipped', Carrier: 'PostNL' },
        links: [{ label: 'Order in CRM', url: 'https://crm.test/orders/A-1' }],
      }),
    ]);
    expect(crm.requests.some((r) => r.url === '/orders/A-1' && r.headers.authorization === CRM_KEY)).toBe(true);
    expect(detail.metadata).toEqual({ orderId: 'A-1', plan: 'pro', cartValue: 42 });
    expect(detail.customerEmail).toBe('customer@example.test');
    expect(detail.session?.id).toBe(sessionId);
    expect(detail.session?.pages.map((p) => p.url)).toEqual(['http://shop.test/checkout']);
    expect(detail.session?.viewport).toBeNull();
    expect(detail.links).toHaveLength(1);
    // The customer got the link by email (no SMTP configured: it waits in the outbox).
    expect(detail.emails).toEqual([expect.objectContaining({ to: 'customer@example.test', status: 'queued' })]);

    // The enricher's secret header never comes back in full.
    const { enrichers } = await json<{ enrichers: Enricher[] }>(t.api('/api/admin/enrichers'));
    expect(JSON.stringify(enrichers)).not.toContain('crm-secret-key');
    expect(enrichers[0]!.headers.Authorization).toBe('••••6789');
  });

  it('moves through an advisor answer and customer replies; the link shows answers, never notes', async () => {
    // Nobody speaks German: unassigned, so carol can claim it.
    const created = await createCase(t, { topic: 'Billing', language: 'de', email: 'c2@example.test' });
    const id = created.caseId;
    const link = `/c/${created.linkToken}/api`;

    const claimed = await json<CaseSummary>(post(`/api/cases/${id}/claim`, {}, 'carol'));
    expect(claimed.status).toBe('open');
    expect(claimed.assigneeId).toBe(ids.carol);
    const refused = await post(`/api/cases/${id}/claim`, {}, 'alice');
    expect(refused.status).toBe(409);

    const note = await json<CaseMessage>(
      post(`/api/cases/${id}/messages`, { kind: 'internal_note', body: 'SECRET NOTE: refund approved by finance' }, 'carol'),
      201,
    );
    expect(note.kind).toBe('internal_note');
    expect((await json<CaseSummary>(t.api(`/api/cases/${id}`))).status).toBe('open');

    const replySession = await t.startSession();
    const answer = await json<CaseMessage>(
      post(
        `/api/cases/${id}/messages`,
        { kind: 'video_reply', body: 'Here is how to download your invoice', attachments: [{ type: 'session', sessionId: replySession }] },
        'carol',
      ),
      201,
    );
    expect(answer.authorName).toBe('carol@cobrowse.test');
    let detail = await json<CaseDetail>(t.api(`/api/cases/${id}`));
    expect(detail.status).toBe('waiting_on_customer');
    expect(detail.firstAnsweredAt).not.toBeNull();
    expect(detail.thread.map((m) => m.kind)).toEqual(['internal_note', 'video_reply']);
    expect(detail.emails.map((e) => e.subject)).toContain('An advisor answered your question');

    const res = await fetch(`${t.url}${link}`);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const raw = await res.text();
    expect(raw).not.toContain('SECRET NOTE');
    const view = JSON.parse(raw) as CustomerCaseView;
    expect(view.id).toBe(id);
    expect(view.status).toBe('waiting_on_customer');
    expect(view.thread).toEqual([
      expect.objectContaining({
        from: 'advisor',
        kind: 'video_reply',
        body: 'Here is how to download your invoice',
        authorName: 'carol@cobrowse.test',
      }),
    ]);

    // The customer replies with another recording.
    const another = await t.startSession();
    const reply = await json<PublicCaseMessage>(
      fetch(`${t.url}${link}/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...t.sessionAuth(another) },
        body: JSON.stringify({ body: 'Thanks, but it fails', sessionId: another }),
      }),
      201,
    );
    expect(reply.attachments).toEqual([{ type: 'session', sessionId: another }]);
    detail = await json<CaseDetail>(t.api(`/api/cases/${id}`));
    expect(detail.status).toBe('open');

    // A recording this site does not have cannot be attached (the session's secret is checked after).
    const bad = await fetch(`${t.url}${link}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ body: 'x', sessionId: crypto.randomUUID() }),
    });
    expect(bad.status).toBe(404);
    expect(((await bad.json()) as ErrorBody).error.code).toBe('unknown_session');

    expect((await json<CaseSummary>(post(`/api/cases/${id}/status`, { status: 'resolved' }, 'carol'))).status).toBe('resolved');
    await json(
      fetch(`${t.url}${link}/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ body: 'It broke again' }),
      }),
      201,
    );
    detail = await json<CaseDetail>(t.api(`/api/cases/${id}`));
    expect(detail.status).toBe('reopened');
    expect(detail.resolvedAt).toBeNull();

    // The to-do list (every status but resolved) follows the case out and back in.
    const unresolvedIds = async () => (await json<CaseList>(t.api('/api/cases?status=unresolved&limit=200'))).cases.map((c) => c.id);
    expect(await unresolvedIds()).toContain(id);
    await json<CaseSummary>(post(`/api/cases/${id}/status`, { status: 'resolved' }, 'carol'));
    expect(await unresolvedIds()).not.toContain(id);
    expect((await json<CaseList>(t.api('/api/cases?limit=200'))).cases.map((c) => c.id)).toContain(id);
    await json<CaseSummary>(post(`/api/cases/${id}/status`, { status: 'reopened' }, 'carol'));

    const released = await json<CaseSummary>(post(`/api/cases/${id}/release`, {}, 'carol'));
    expect(released.assigneeId).toBeNull();
    const assigned = await json<CaseSummary>(post(`/api/cases/${id}/assign`, { advisorId: ids.dave }, 'alice'));
    expect(assigned.assigneeId).toBe(ids.dave);

    const live = await json<CustomerLiveAnswer>(fetch(`${t.url}${link}/live`, { method: 'POST' }));
    expect(live.advisorOnline).toBe(true);
    expect((await json<CaseDetail>(t.api(`/api/cases/${id}`))).liveRequestedAt).not.toBeNull();

    const mine = await json<CaseList>(t.api('/api/cases?assignee=me', as('dave')));
    expect(mine.cases.map((c) => c.id)).toContain(id);
    expect(mine.counts.reopened).toBeGreaterThanOrEqual(1);
    const byTopic = await json<CaseList>(t.api(`/api/cases?topic=${topics.Shipping!.id}`));
    expect(byTopic.cases.every((c) => c.topicId === topics.Shipping!.id)).toBe(true);
    const dues = byTopic.cases.map((c) => c.dueAt);
    expect([...dues].sort()).toEqual(dues);

    const overview = await json<JobsOverview>(t.api('/api/admin/jobs'));
    expect(overview.emails.map((e) => e.to)).toContain('c2@example.test');
  });

  it('opens only its own case through a link; unknown, revoked and expired links answer clearly', async () => {
    const a = await createCase(t, { question: 'Question of customer A' });
    const b = await createCase(t, { question: 'Question of customer B' });
    const raw = await (await fetch(`${t.url}/c/${a.linkToken}/api`)).text();
    expect(JSON.parse(raw).id).toBe(a.caseId);
    expect(raw).not.toContain('customer B');
    expect(raw).not.toContain(b.caseId);

    const error = async (path: string, status: number, init?: RequestInit) => {
      const res = await fetch(`${t.url}${path}`, init);
      expect(res.status).toBe(status);
      return ((await res.json()) as ErrorBody).error.code;
    };
    expect(await error(`/c/${'x'.repeat(43)}/api`, 404)).toBe('link_not_found');
    expect(await error('/c/short/api', 404)).toBe('link_not_found');
    expect(await error(`/c/${'y'.repeat(43)}/api/messages`, 404, { method: 'POST', body: '{"body":"hi"}' })).toBe('link_not_found');

    const fresh = await json<CaseLinkCreated>(post(`/api/cases/${a.caseId}/links`, {}), 201);
    expect((await fetch(`${t.url}/c/${fresh.token}/api`)).status).toBe(200);
    // A link id of another case is not found there.
    expect((await t.api(`/api/cases/${b.caseId}/links/${fresh.id}`, { method: 'DELETE' })).status).toBe(404);
    const revoked = await json<{ revokedAt: string | null }>(t.api(`/api/cases/${a.caseId}/links/${fresh.id}`, { method: 'DELETE' }));
    expect(revoked.revokedAt).not.toBeNull();
    expect(await error(`/c/${fresh.token}/api`, 410)).toBe('link_revoked');
    expect(await error(`/c/${fresh.token}/api/live`, 410, { method: 'POST' })).toBe('link_revoked');
    expect((await fetch(`${t.url}/c/${a.linkToken}/api`)).status).toBe(200);

    await database.db
      .update(caseLinks)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(caseLinks.caseId, b.caseId));
    expect(await error(`/c/${b.linkToken}/api`, 410)).toBe('link_expired');
  });

  it('opens one case for a retried request, with a fresh link', async () => {
    const sessionId = await t.startSession();
    const first = await createCase(t, { sessionId, question: 'Can I change my delivery address?' });
    const again = await postCase(t, { sessionId, question: 'Can I change my delivery address?' });
    expect(again.status).toBe(200);
    const retried = (await again.json()) as { caseId: string; linkToken: string };
    expect(retried.caseId).toBe(first.caseId);
    expect(retried.linkToken).not.toBe(first.linkToken);
    expect((await fetch(`${t.url}/c/${retried.linkToken}/api`)).status).toBe(200);
    const other = await createCase(t, { sessionId, question: 'And my invoice address?' });
    expect(other.caseId).not.toBe(first.caseId);
  });

  it('lets admins change topics, enrichers and webhooks without echoing secrets', async () => {
    expect((await post('/api/admin/topics', { siteId: t.site.id, name: 'billing' })).status).toBe(409);
    const patched = await json<Topic>(
      t.api(`/api/admin/topics/${topics.Shipping!.id}`, { method: 'PATCH', body: JSON.stringify({ slaMinutes: 90 }) }),
    );
    expect(patched).toMatchObject({ name: 'Shipping', slaMinutes: 90, requiredSkills: ['shipping'] });

    const { enrichers } = await json<{ enrichers: Enricher[] }>(t.api('/api/admin/enrichers'));
    const orders = enrichers.find((e) => e.name === 'Orders')!;
    // null keeps the stored secret; a new header is added; the answer stays masked.
    const changed = await json<Enricher>(
      t.api(`/api/admin/enrichers/${orders.id}`, {
        method: 'PATCH',
        body: JSON.stringify({ headers: { Authorization: null, 'X-Team': 'support-team-42' }, timeoutMs: 4000 }),
      }),
    );
    expect(changed.headers).toEqual({ Authorization: '••••6789', 'X-Team': '••••m-42' });
    expect(changed.timeoutMs).toBe(4000);
    const after = await createCase(t, { topic: 'Billing' });
    await t.server.jobs.idle();
    const enriched = await json<CaseDetail>(t.api(`/api/cases/${after.caseId}`));
    expect(enriched.enrichments[0]?.status).toBe('ok');
    expect(crm.requests.at(-1)?.headers['x-team']).toBe('support-team-42');
    const unknownHeader = await t.api(`/api/admin/enrichers/${orders.id}`, {
      method: 'PATCH',
      body: JSON.stringify({ headers: { 'X-New': null } }),
    });
    expect(unknownHeader.status).toBe(400);

    const hook = await json<{ id: string; secret: string }>(
      post('/api/admin/webhooks', {
        siteId: t.site.id,
        url: 'https://hooks.test/x',
        events: ['case.created'],
        secret: 'my-own-secret-123456',
      }),
      201,
    );
    expect(hook.secret).toBe('my-own-secret-123456');
    const off = await json<{ enabled: boolean; secret: string }>(
      t.api(`/api/admin/webhooks/${hook.id}`, { method: 'PATCH', body: JSON.stringify({ enabled: false }) }),
    );
    expect(off).toMatchObject({ enabled: false, secret: '••••3456' });
    expect((await t.api(`/api/admin/webhooks/${hook.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await post('/api/admin/webhooks', { siteId: t.site.id, url: 'ftp://x.test', events: ['case.created'] })).status).toBe(400);
  });

  it('refuses cases from other origins, unknown keys and recordings the site does not have', async () => {
    const sessionId = await t.startSession();
    expect((await postCase(t, { sessionId, question: 'q' }, { origin: 'http://evil.test' })).status).toBe(403);
    expect((await postCase(t, { sessionId, question: 'q' }, { siteKey: 'nope-nope-nope' })).status).toBe(401);
    const unknown = await postCase(t, { sessionId: crypto.randomUUID(), question: 'q' });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as ErrorBody).error.code).toBe('unknown_session');
    expect((await postCase(t, { sessionId, question: '' })).status).toBe(400);
    const preflight = await fetch(`${t.url}/ingest/v1/cases`, {
      method: 'OPTIONS',
      headers: { origin: 'http://shop.test', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://shop.test');
    const ok = await postCase(t, { sessionId, question: 'Unknown topic is fine', topic: 'Gardening' });
    expect(ok.status).toBe(201);
    expect(ok.headers.get('access-control-allow-origin')).toBe('http://shop.test');
  });
});
