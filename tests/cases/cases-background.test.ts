/**
 * Background work of async help against real receivers: an overdue case is
 * flagged and its `case.sla_breached` webhook arrives with a valid
 * signature; enricher and webhook failures (timeout, 500, bad JSON, network)
 * are retried with backoff, recorded, shown to admins, and never slow down or
 * lose the case.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import { verifyWebhookSignature } from '../../server/cases/webhook-signature.ts';
import type { CaseDetail, CaseList, JobsOverview, Topic, Webhook, WebhookPayload } from '../../protocol/cases.ts';
import { testDrivers } from '../helpers/db.ts';
import type { TestServer } from '../helpers/server.ts';
import { createCase, json, sendJson, startCaseServer, startReceiver, until } from './case-helpers.ts';

describe.each(testDrivers)('async help background work on $name', (driver) => {
  let database: Database;
  let t: TestServer;
  let hooks: Awaited<ReturnType<typeof startReceiver>>;
  let systems: Awaited<ReturnType<typeof startReceiver>>;
  const failOnce = new Set<string>();

  const post = (path: string, body: unknown) => t.api(path, { method: 'POST', body: JSON.stringify(body) });

  beforeAll(async () => {
    database = await driver.open();
    t = await startCaseServer(database);
    hooks = await startReceiver((req, res) => {
      if (req.url === '/always-500') return sendJson(res, 500, { error: 'down' });
      if (req.url === '/bad-request') return sendJson(res, 400, { error: 'nope' });
      if (req.url === '/flaky') {
        const n = hooks.requests.filter(
          (r) => r.url === '/flaky' && r.headers['x-cobrowse-delivery'] === req.headers['x-cobrowse-delivery'],
        ).length;
        return sendJson(res, n < 3 ? 503 : 200, {});
      }
      sendJson(res, 200, { ok: true });
    });
    systems = await startReceiver(async (req, res) => {
      if (req.url.startsWith('/slow')) {
        await new Promise((r) => setTimeout(r, 1500));
        return sendJson(res, 200, { fields: { late: true } });
      }
      if (req.url.startsWith('/error')) return sendJson(res, 500, { error: 'boom' });
      if (req.url.startsWith('/garbage')) return sendJson(res, 200, '{"fields": {"Order status": "ship');
      if (req.url.startsWith('/once')) {
        if (!failOnce.has(req.url)) {
          failOnce.add(req.url);
          return sendJson(res, 502, {});
        }
        return sendJson(res, 200, { 'Loyalty tier': 'gold', nested: { ignored: true } });
      }
      sendJson(res, 404, {});
    });
  });
  afterAll(async () => {
    await t?.close();
    await hooks?.close();
    await systems?.close();
    await database?.close();
  });

  it('flags an unanswered case at its due time and delivers a signed case.sla_breached webhook', async () => {
    const topic = await json<Topic>(post('/api/admin/topics', { siteId: t.site.id, name: 'Urgent', slaMinutes: 0.03 }), 201);
    expect(topic.slaMinutes).toBe(0.03);
    const hook = await json<Webhook>(
      post('/api/admin/webhooks', { siteId: t.site.id, url: `${hooks.url}/sla`, events: ['case.sla_breached', 'case.answered'] }),
      201,
    );
    expect(hook.secret).toMatch(/^whsec_/);

    const late = await createCase(t, { topic: 'urgent' });
    const answered = await createCase(t, { topic: 'urgent' });
    await json(post(`/api/cases/${answered.caseId}/messages`, { body: 'On it!' }), 201);

    const breach = await until(async () =>
      hooks.requests.find((r) => r.url === '/sla' && r.headers['x-cobrowse-event'] === 'case.sla_breached'),
    );
    // The receiver verifies exactly as integrators are told to.
    expect(verifyWebhookSignature(hook.secret, breach.body, breach.headers['x-cobrowse-signature'] as string)).toBe(true);
    expect(verifyWebhookSignature('another-secret-value', breach.body, breach.headers['x-cobrowse-signature'] as string)).toBe(false);
    expect(verifyWebhookSignature(hook.secret, `${breach.body} `, breach.headers['x-cobrowse-signature'] as string)).toBe(false);
    const payload = JSON.parse(breach.body) as WebhookPayload;
    expect(payload).toMatchObject({ event: 'case.sla_breached', case: { id: late.caseId, overdue: true } });
    expect(payload.id).toBe(breach.headers['x-cobrowse-delivery']);
    expect(payload.case.slaBreachedAt).not.toBeNull();

    await t.server.jobs.idle();
    const lateDetail = await json<CaseDetail>(t.api(`/api/cases/${late.caseId}`));
    expect(lateDetail.slaBreachedAt).not.toBeNull();
    expect(lateDetail.webhookDeliveries).toEqual([
      expect.objectContaining({ event: 'case.sla_breached', status: 'delivered', attempts: 1, responseCode: 200 }),
    ]);
    const answeredDetail = await json<CaseDetail>(t.api(`/api/cases/${answered.caseId}`));
    expect(answeredDetail.slaBreachedAt).toBeNull();
    expect(answeredDetail.webhookDeliveries.map((d) => d.event)).toEqual(['case.answered']);

    const overdue = await json<CaseList>(t.api('/api/cases?overdue=true'));
    expect(overdue.cases.map((c) => c.id)).toContain(late.caseId);
    expect(overdue.cases.map((c) => c.id)).not.toContain(answered.caseId);
    await t.api(`/api/admin/webhooks/${hook.id}`, { method: 'DELETE' });
  });

  it('retries failing enrichers, records the outcome, and never holds up or loses the case', async () => {
    const enrichers = [
      { name: 'Slow', urlTemplate: `${systems.url}/slow/{metadata.orderId}`, timeoutMs: 300 },
      { name: 'Error', urlTemplate: `${systems.url}/error/{metadata.orderId}` },
      { name: 'Garbage', urlTemplate: `${systems.url}/garbage/{metadata.orderId}` },
      { name: 'Once', urlTemplate: `${systems.url}/once/{metadata.orderId}` },
      { name: 'Missing key', urlTemplate: `${systems.url}/x/{metadata.customerId}`, metadataKeys: ['customerId'] },
    ];
    const created: string[] = [];
    for (const e of enrichers) {
      const res = await post('/api/admin/enrichers', { siteId: t.site.id, metadataKeys: ['orderId'], ...e });
      created.push(((await res.json()) as { id: string }).id);
    }

    const kase = await createCase(t, { question: 'Where is my refund?' });
    // The case was answered before its enrichers had their say (the slow one alone takes 3 attempts).
    const right = await json<CaseDetail>(t.api(`/api/cases/${kase.caseId}`));
    expect(right.enrichments.find((e) => e.enricherName === 'Slow')?.status).toBe('pending');
    expect(right.enrichments.find((e) => e.enricherName === 'Error')?.status).toBe('pending');

    await t.server.jobs.idle({ timeoutMs: 45_000 });
    const detail = await json<CaseDetail>(t.api(`/api/cases/${kase.caseId}`));
    const byName = Object.fromEntries(detail.enrichments.map((e) => [e.enricherName, e]));
    expect(byName.Slow).toMatchObject({ status: 'failed', attempts: 3, error: 'timed out after 300 ms' });
    expect(byName.Error).toMatchObject({ status: 'failed', attempts: 3, error: 'answered HTTP 500' });
    expect(byName.Garbage).toMatchObject({ status: 'failed', attempts: 3, error: 'the answer is not valid JSON' });
    expect(byName.Once).toMatchObject({ status: 'ok', attempts: 2, error: null, fields: { 'Loyalty tier': 'gold' } });
    // No retry can fix a case without the metadata the URL needs.
    expect(byName['Missing key']).toMatchObject({ status: 'failed', attempts: 1, error: 'the case has no metadata.customerId' });
    expect(systems.requests.filter((r) => r.url === '/error/A-1')).toHaveLength(3);

    // Backoff: the retries of one enricher are spread out, not back to back.
    const times = systems.requests.filter((r) => r.url === '/error/A-1').map((r) => r.at);
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(900);
    expect(times[2]! - times[1]!).toBeGreaterThanOrEqual(times[1]! - times[0]! - 100);

    // The case is intact and the customer still sees it.
    expect(detail.question).toBe('Where is my refund?');
    expect((await fetch(`${t.url}/c/${kase.linkToken}/api`)).status).toBe(200);

    const overview = await json<JobsOverview>(t.api('/api/admin/jobs'));
    const failed = overview.enrichments
      .filter((e) => e.caseId === kase.caseId)
      .map((e) => e.enricherName)
      .sort();
    expect(failed).toEqual(['Error', 'Garbage', 'Missing key', 'Slow']);
    for (const id of created) await t.api(`/api/admin/enrichers/${id}`, { method: 'DELETE' });
  });

  it('retries webhook deliveries on 5xx and network errors, not on other 4xx, and records each', async () => {
    const urls = {
      flaky: `${hooks.url}/flaky`,
      down: `${hooks.url}/always-500`,
      refused: `${hooks.url}/bad-request`,
      unreachable: 'http://127.0.0.1:9/hook',
    };
    const ids: Record<string, string> = {};
    for (const [name, url] of Object.entries(urls)) {
      ids[name] = (await json<Webhook>(post('/api/admin/webhooks', { siteId: t.site.id, url, events: ['case.created'] }), 201)).id;
    }
    const kase = await createCase(t);
    await t.server.jobs.idle({ timeoutMs: 45_000 });

    const detail = await json<CaseDetail>(t.api(`/api/cases/${kase.caseId}`));
    const byHook = Object.fromEntries(detail.webhookDeliveries.map((d) => [d.webhookId, d]));
    expect(byHook[ids.flaky!]).toMatchObject({ status: 'delivered', attempts: 3, responseCode: 200, lastError: null });
    expect(byHook[ids.down!]).toMatchObject({ status: 'failed', attempts: 3, responseCode: 500, lastError: 'answered HTTP 500' });
    expect(byHook[ids.refused!]).toMatchObject({ status: 'failed', attempts: 1, responseCode: 400 });
    expect(byHook[ids.unreachable!]).toMatchObject({ status: 'failed', attempts: 3, responseCode: null });
    expect(byHook[ids.unreachable!]!.lastError).toMatch(/^request failed/);

    // Every attempt of a delivery carries the same delivery id (receivers drop duplicates by it).
    const flaky = hooks.requests.filter((r) => r.url === '/flaky');
    expect(new Set(flaky.map((r) => r.headers['x-cobrowse-delivery']))).toEqual(new Set([byHook[ids.flaky!]!.id]));

    const overview = await json<JobsOverview>(t.api('/api/admin/jobs'));
    const failed = overview.webhookDeliveries
      .filter((d) => d.caseId === kase.caseId)
      .map((d) => d.webhookId)
      .sort();
    expect(failed).toEqual([ids.down, ids.refused, ids.unreachable].sort());

    // Secrets are shown once, at creation.
    const { webhooks } = await json<{ webhooks: Webhook[] }>(t.api('/api/admin/webhooks'));
    expect(webhooks.every((w) => w.secret.startsWith('••••'))).toBe(true);
  });
});
