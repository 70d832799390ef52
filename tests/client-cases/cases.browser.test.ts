/**
 * Async help in the advisor app, in Chromium against the real server: an
 * admin sets up a topic with its SLA, routing, an enricher (a small local
 * HTTP server standing in for the shop's order system) and a webhook (one
 * that always fails) through the UI; customers open cases through the real
 * intake API with recorded sessions; the inbox lists them soonest due first
 * with the overdue one flagged, filters and counts, and picks up new cases
 * by itself; the case view shows the recording with its markers, the
 * context and the enrichment; the advisor claims, answers, adds an internal
 * note (the customer's link shows the answer, never the note), sends a
 * tutorial link, changes the status, assigns, manages customer links; the
 * admin sees the failed webhook delivery.
 *
 * Needs the built app (dist/client), as tests/client/app.browser.test.ts.
 * Screenshots land in tests/.artifacts/client-cases/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../db/client.ts';
import type { CaseCreated, CaseDetail, CustomerCaseView, Topic } from '../../protocol/cases.ts';
import { createCase, json, sendJson, startCaseServer, startReceiver, until } from '../cases/case-helpers.ts';
import { launchChromium } from '../helpers/browser.ts';
import type { TestServer } from '../helpers/server.ts';
import { checkoutProblemEvents, syntheticSession } from '../helpers/synthetic-session.ts';

const ARTIFACTS = join(import.meta.dirname, '..', '.artifacts', 'client-cases');
const CRM_KEY = 'Bearer crm-key-0123456789';
const UA = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';

/** A minute on the checkout page with a console error, a failed request, clicks and identify(). */
async function recordedSession(t: TestServer): Promise<string> {
  const startTs = Date.now() - 5 * 60_000;
  const s = syntheticSession({ startTs, durationMs: 60_000, tickMs: 1000, checkoutMs: 30_000, href: 'https://shop.test/checkout' });
  s.events.push(
    { type: 3, timestamp: startTs + 12_000, data: { source: 2, type: 2, id: 5, x: 100, y: 120 } },
    ...checkoutProblemEvents(startTs),
  );
  s.events.sort((a, b) => a.timestamp - b.timestamp);
  const sessionId = await t.startSession({
    startedAt: startTs,
    url: 'https://shop.test/checkout',
    userAgent: UA,
    viewport: { width: 1024, height: 768 },
    language: 'en-GB',
    metadata: { orderId: 'A-1', plan: 'pro' },
  });
  const chunks = s.chunks(10_000);
  for (let seq = 0; seq < chunks.length; seq++) {
    const res = await t.putChunk(sessionId, seq, chunks[seq]);
    if (res.status !== 201) throw new Error(`chunk ${seq}: ${res.status} ${await res.text()}`);
  }
  return sessionId;
}

const APP = `document.querySelector('cobrowse-advisor-app').shadowRoot`;
const INBOX = `${APP}.querySelector('cobrowse-case-inbox')`;

describe('async help in the advisor app', () => {
  let database: Database;
  let t: TestServer;
  let crm: Awaited<ReturnType<typeof startReceiver>>;
  let hooks: Awaited<ReturnType<typeof startReceiver>>;
  let browser: Browser;
  let page: Page;
  const cases = {} as Record<'urgent' | 'billing' | 'plain' | 'french', CaseCreated>;
  let bobId = '';

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    database = await openDatabase({});
    t = await startCaseServer(database);
    crm = await startReceiver((req, res) => {
      if (req.headers.authorization !== CRM_KEY) return sendJson(res, 401, { error: 'no key' });
      const order = /^\/orders\/([^/?]+)$/.exec(req.url)?.[1];
      if (!order) return sendJson(res, 404, { error: 'unknown' });
      sendJson(res, 200, {
        fields: { 'Order status': 'shipped', Carrier: 'PostNL' },
        links: [{ label: 'Order in back office', url: `https://backoffice.test/orders/${order}` }],
      });
    });
    hooks = await startReceiver((_req, res) => sendJson(res, 500, { error: 'receiver down' }));
    await t.createAdvisor('bob@cobrowse.test', 'bob-password');
    const { advisors } = await json<{ advisors: { id: string; email: string }[] }>(t.api('/api/cases/advisors'));
    bobId = advisors.find((a) => a.email === 'bob@cobrowse.test')!.id;

    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    page.on('pageerror', (err) => console.error('pageerror:', err));
    await page.goto(`${t.url}/app/`);
    await page.getByLabel('Email').fill(t.admin.email);
    await page.getByLabel('Password').fill(t.admin.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: 'Inbox' }).waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await crm?.close();
    await hooks?.close();
    await database?.close();
  });

  it('lets an admin set up a topic with its SLA, routing, an enricher and a webhook', async () => {
    await page.getByRole('link', { name: 'Admin' }).click();
    await page.waitForURL('**/app/admin');
    // The server's own demo site exists too: settings are per site.
    await page.getByLabel('Site').selectOption({ label: 'Test shop' });

    // Topic with an SLA, then edited in place.
    await page.getByLabel('Topic name').fill('Billing');
    await page.getByLabel('SLA (minutes)').fill('15');
    await page.getByLabel('Required skills', { exact: true }).fill('billing');
    await page.getByRole('button', { name: 'Add topic' }).click();
    await page.getByRole('status').filter({ hasText: 'Topic "Billing" added.' }).waitFor();
    await page.getByLabel('SLA of Billing in minutes').fill('20');
    await page.getByRole('button', { name: 'Save Billing' }).click();
    await page.getByRole('status').filter({ hasText: 'Topic "Billing" saved.' }).waitFor();
    const topics = (await json<{ topics: Topic[] }>(t.api('/api/admin/topics'))).topics;
    expect(topics).toEqual([expect.objectContaining({ name: 'Billing', slaMinutes: 20, requiredSkills: ['billing'], siteId: t.site.id })]);

    // Routing: bob takes French billing cases.
    await page.getByRole('tab', { name: 'Routing' }).click();
    await page.getByLabel('Skills of bob@cobrowse.test').fill('billing');
    await page.getByLabel('Languages of bob@cobrowse.test').fill('fr');
    await page.getByRole('button', { name: 'Save routing of bob@cobrowse.test' }).click();
    await page.getByRole('status').filter({ hasText: 'Routing of bob@cobrowse.test saved.' }).waitFor();

    // Enricher against the local "order system".
    await page.getByRole('tab', { name: 'Enrichers' }).click();
    await page.getByLabel('Enricher name').fill('Orders');
    await page.getByLabel('URL template').fill(`${crm.url}/orders/{metadata.orderId}`);
    await page.getByLabel('Metadata keys').fill('orderId');
    await page.getByLabel('Headers (one per line)').fill(`Authorization: ${CRM_KEY}`);
    await page.getByLabel('Timeout (ms)').fill('3000');
    await page.getByRole('button', { name: 'Add enricher' }).click();
    const enricherRow = page.locator('tr[data-enricher-id]');
    await enricherRow.waitFor();
    await expect(enricherRow.textContent()).resolves.toContain(`GET ${crm.url}/orders/{metadata.orderId}`);
    await expect(enricherRow.textContent()).resolves.not.toContain('crm-key-0123456789'); // masked
    await page.screenshot({ path: join(ARTIFACTS, 'admin-enrichers.png'), fullPage: true });

    // Webhook to a receiver that always fails; the secret shows once.
    await page.getByRole('tab', { name: 'Webhooks' }).click();
    await page.getByLabel('Webhook URL').fill(`${hooks.url}/hook`);
    await page.getByRole('button', { name: 'Add webhook' }).click();
    const secret = page.locator('[data-secret]');
    await secret.waitFor();
    expect(await secret.textContent()).toMatch(/^whsec_/);
    await page.locator('tr[data-webhook-id]').waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'admin-webhooks.png'), fullPage: true });
    await page.getByRole('tab', { name: 'Topics & SLA' }).click();
    await page.screenshot({ path: join(ARTIFACTS, 'admin-topics.png'), fullPage: true });
  });

  it('lists cases soonest due first with the overdue one flagged, filters and counts, and shows new ones', async () => {
    // An overdue case: a topic whose SLA is three seconds.
    await json(
      t.api('/api/admin/topics', { method: 'POST', body: JSON.stringify({ siteId: t.site.id, name: 'Urgent', slaMinutes: 0.05 }) }),
      201,
    );
    cases.urgent = await createCase(t, { topic: 'Urgent', question: 'The page is blank after paying', language: 'en' });
    cases.billing = await createCase(t, {
      sessionId: await recordedSession(t),
      topic: 'Billing',
      question: 'I was charged twice for order A-1',
      email: 'ada@example.test',
      metadata: { cartValue: 42 },
    });
    cases.plain = await createCase(t, { question: 'Do you ship to Norway?', language: 'en' });
    cases.french = await createCase(t, { topic: 'Billing', question: 'Ma facture est fausse', language: 'fr' });
    await until(async () => Date.now() > Date.parse(cases.urgent.dueAt) + 200 || undefined);
    await t.server.jobs.idle();

    await page.getByRole('link', { name: 'Inbox' }).click();
    await page.waitForURL('**/app/cases');
    const rows = page.locator('tr[data-case-id]');
    const shown = () => rows.evaluateAll((els) => els.map((el) => el.getAttribute('data-case-id')));
    await expect.poll(() => rows.count()).toBe(4);
    // Due order: urgent (now), billing and french (20 min, by creation), plain (30 min).
    const order = await rows.evaluateAll((els) => els.map((el) => el.getAttribute('data-case-id')));
    expect(order).toEqual([cases.urgent.caseId, cases.billing.caseId, cases.french.caseId, cases.plain.caseId]);
    const urgentRow = page.locator(`tr[data-case-id="${cases.urgent.caseId}"]`);
    expect(await urgentRow.getAttribute('data-overdue')).toBe('true');
    await expect(urgentRow.textContent()).resolves.toContain('Overdue');
    await expect(page.locator(`tr[data-case-id="${cases.billing.caseId}"]`).textContent()).resolves.toMatch(/Due in (19|20) min/);
    // Routing by topic, language and skill: the French billing case went to bob.
    await expect(page.locator(`tr[data-case-id="${cases.french.caseId}"]`).textContent()).resolves.toContain('bob@cobrowse.test');
    await expect(page.locator(`tr[data-case-id="${cases.billing.caseId}"]`).textContent()).resolves.toContain('ada@example.test');

    // Counts per status, and the overdue count.
    const statusButton = (name: string) => page.getByRole('group', { name: 'Status' }).getByRole('button', { name });
    await expect(statusButton('All').textContent()).resolves.toContain('4');
    await expect(statusButton('New').textContent()).resolves.toContain('4');
    await expect(page.locator('[data-overdue-count]').getAttribute('data-overdue-count')).resolves.toBe('1');
    await page.screenshot({ path: join(ARTIFACTS, 'inbox.png'), fullPage: true });

    // Filters: each reaches the server and lands in the URL.
    await page.getByLabel('Overdue only').check();
    await expect.poll(shown).toEqual([cases.urgent.caseId]);
    expect(page.url()).toContain('overdue=1');
    await page.getByLabel('Overdue only').uncheck();
    await page.getByLabel('Topic').selectOption({ label: 'Billing' });
    await expect.poll(() => rows.count()).toBe(2);
    // (Waiting for the very rows, not a count: two filters in a row may both show one case.)
    await page.getByLabel('Assignee').selectOption({ label: 'bob@cobrowse.test' });
    await expect.poll(shown).toEqual([cases.french.caseId]);
    await page.getByLabel('Assignee').selectOption({ label: 'Unassigned' });
    await expect.poll(shown).toEqual([cases.billing.caseId]);
    // A reload keeps the filters (they are in the URL).
    await page.reload();
    await expect.poll(() => rows.count()).toBe(1);
    await expect(page.getByLabel('Assignee').inputValue()).resolves.toBe('none');
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(() => rows.count()).toBe(4);
    await statusButton('New').click();
    await expect.poll(() => rows.count()).toBe(4);
    await statusButton('Resolved').click();
    await page.getByText('No cases match these filters.').waitFor();
    await statusButton('All').click();
    await expect.poll(() => rows.count()).toBe(4);

    // A new case shows up without a reload (polling).
    await page.evaluate(`${INBOX}.refreshMs = 500`);
    const late = await createCase(t, { question: 'Late arrival', language: 'en' });
    await page.locator(`tr[data-case-id="${late.caseId}"]`).waitFor({ timeout: 10_000 });
    await page.evaluate(`${INBOX}.refreshMs = 15000`);
  });

  it('opens a case with the recording and its markers, the context and the enrichment', async () => {
    await page.locator(`tr[data-case-id="${cases.billing.caseId}"] a`).click();
    await page.waitForURL(`**/app/cases/${cases.billing.caseId}`);
    await page.getByRole('heading', { name: 'I was charged twice for order A-1' }).waitFor();

    // The embedded player with the error and failed-request markers on its timeline.
    const error = page.locator('cobrowse-case-view cobrowse-session-player .timeline__marker--error');
    await error.waitFor();
    expect(await error.getAttribute('title')).toBe('0:20 · error: Uncaught TypeError: card is undefined');
    expect(await page.locator('.timeline__marker--network').getAttribute('title')).toBe(
      '0:40 · network: POST 502 https://shop.test/api/pay',
    );
    expect(await page.locator('.timeline__marker--click').count()).toBeGreaterThan(0);
    await expect
      .poll(() => page.evaluate(`${APP}.querySelector('cobrowse-case-view').shadowRoot.querySelector('cobrowse-session-player').state`))
      .toBe('paused');

    // Context: customer, metadata, device, pages and problems.
    const context = page.locator('cobrowse-case-context .context');
    const text = () => context.textContent();
    await expect(text()).resolves.toContain('ada@example.test');
    await expect(text()).resolves.toContain('en-gb');
    await expect(text()).resolves.toContain('orderId');
    await expect(text()).resolves.toContain('A-1');
    await expect(text()).resolves.toContain('cartValue');
    const recording = () => page.locator('cobrowse-case-context cobrowse-session-details .details').textContent();
    await expect(recording()).resolves.toContain('Chrome 124');
    await expect(recording()).resolves.toContain('1024×768');
    await expect(recording()).resolves.toContain('Problems (2)');

    // Enrichment: fields and a link that opens in a new tab without an opener.
    const enrichment = page.getByRole('region', { name: 'From Orders' });
    await expect(enrichment.textContent()).resolves.toContain('Order status');
    await expect(enrichment.textContent()).resolves.toContain('shipped');
    const link = enrichment.getByRole('link', { name: /Order in back office/ });
    expect(await link.getAttribute('href')).toBe('https://backoffice.test/orders/A-1');
    expect(await link.getAttribute('target')).toBe('_blank');
    expect(await link.getAttribute('rel')).toContain('noopener');

    // Picking a problem seeks the embedded player (a second before it).
    await page.locator('cobrowse-case-context .details__problem').nth(1).click();
    await expect
      .poll(() =>
        page.evaluate(
          `Math.round(${APP}.querySelector('cobrowse-case-view').shadowRoot.querySelector('cobrowse-session-player').currentTime)`,
        ),
      )
      .toBe(39_000);

    // The thread starts with the question.
    await expect(page.locator('[data-kind="question"]').textContent()).resolves.toContain('I was charged twice');
    await page.screenshot({ path: join(ARTIFACTS, 'case.png'), fullPage: true });
  });

  it('claims, answers, adds an internal note the customer never sees, sends a tutorial link, changes status and assignee', async () => {
    const id = cases.billing.caseId;
    const assignee = page.locator('[data-assignee]');
    await expect(assignee.textContent()).resolves.toBe('Unassigned');
    await page.getByRole('button', { name: 'Claim' }).click();
    await expect.poll(() => assignee.textContent()).toBe('You');
    const pressed = page.getByRole('group', { name: 'Status' }).locator('[aria-pressed="true"]');
    await expect.poll(() => pressed.textContent().then((s) => s?.trim())).toBe('Open');

    // An internal note: styled apart, kept from the customer.
    await page.getByRole('tab', { name: 'Internal note' }).click();
    await page.getByRole('textbox', { name: 'Internal note' }).fill('SECRET NOTE: refund approved by finance');
    await page.getByRole('button', { name: 'Add note' }).click();
    const note = page.locator('[data-kind="internal_note"]');
    await note.waitFor();
    await expect(note.textContent()).resolves.toContain('Only advisors see this note');
    const [noteBg, questionBg] = await Promise.all(
      [note, page.locator('[data-kind="question"]')].map((l) => l.evaluate((el) => getComputedStyle(el).backgroundColor)),
    );
    expect(noteBg).not.toBe(questionBg);
    await expect.poll(() => page.getByRole('textbox', { name: 'Internal note' }).inputValue()).toBe(''); // cleared once stored

    // A text answer.
    await page.getByRole('tab', { name: 'Answer' }).click();
    await page.getByRole('textbox', { name: 'Answer' }).fill('Sorry about that: the second charge is refunded within 3 days.');
    await page.getByRole('button', { name: 'Send answer' }).click();
    await page.locator('[data-kind="text"]').waitFor();
    await expect.poll(() => pressed.textContent().then((s) => s?.trim())).toBe('Waiting on customer');

    // A link to a tutorial.
    await page.getByRole('tab', { name: 'Tutorial link' }).click();
    await page.getByLabel('Tutorial URL').fill('https://help.shop.test/refunds');
    await page.getByLabel('Tutorial title').fill('How refunds work');
    await page.getByRole('button', { name: 'Send link' }).click();
    const tutorial = page.locator('[data-kind="tutorial_link"]');
    await tutorial.waitFor();
    const tutorialLink = tutorial.getByRole('link', { name: /How refunds work/ });
    expect(await tutorialLink.getAttribute('href')).toBe('https://help.shop.test/refunds');

    // The customer's link shows the answers, never the note.
    const raw = await (await fetch(`${t.url}/c/${cases.billing.linkToken}/api`)).text();
    expect(raw).not.toContain('SECRET NOTE');
    const view = JSON.parse(raw) as CustomerCaseView;
    expect(view.thread.map((m) => m.kind)).toEqual(['text', 'tutorial_link']);
    expect(view.thread[0]!.body).toContain('the second charge is refunded');
    expect(view.thread[1]!.attachments).toEqual([{ type: 'link', url: 'https://help.shop.test/refunds', title: 'How refunds work' }]);

    // Status buttons.
    await page.getByRole('group', { name: 'Status' }).getByRole('button', { name: 'Resolved' }).click();
    await expect.poll(() => pressed.textContent().then((s) => s?.trim())).toBe('Resolved');
    expect((await json<CaseDetail>(t.api(`/api/cases/${id}`))).status).toBe('resolved');
    await page.getByRole('group', { name: 'Status' }).getByRole('button', { name: 'Reopened' }).click();
    await expect.poll(() => pressed.textContent().then((s) => s?.trim())).toBe('Reopened');

    // Release, then assign to another advisor.
    await page.getByRole('button', { name: 'Release' }).click();
    await expect.poll(() => assignee.textContent()).toBe('Unassigned');
    await page.getByLabel('Assign to').selectOption({ label: 'bob@cobrowse.test' });
    await page.getByRole('button', { name: 'Assign', exact: true }).click();
    await expect.poll(() => assignee.textContent()).toBe('bob@cobrowse.test');
    expect((await json<CaseDetail>(t.api(`/api/cases/${id}`))).assigneeId).toBe(bobId);
    // Another advisor has it: no claiming over them.
    expect(await page.getByRole('button', { name: 'Claim' }).isDisabled()).toBe(true);

    // Customer links: create (shown once), then revoke. (Each emailed answer carried a link of its own.)
    const links = page.locator('li[data-link-id]');
    const before = await links.count();
    expect(before).toBe((await json<CaseDetail>(t.api(`/api/cases/${id}`))).links.length);
    await page.getByRole('button', { name: 'Create customer link' }).click();
    const fresh = page.locator('[data-new-link]');
    await fresh.waitFor();
    const url = (await fresh.textContent())!.trim();
    expect(url).toMatch(new RegExp(`^${t.url}/c/`));
    const token = url.split('/c/')[1]!;
    expect((await fetch(`${t.url}/c/${token}/api`)).status).toBe(200);
    await expect.poll(() => links.count()).toBe(before + 1);
    await links
      .last()
      .getByRole('button', { name: /Revoke/ })
      .click();
    await expect.poll(() => links.last().textContent()).toContain('revoked');
    expect((await fetch(`${t.url}/c/${token}/api`)).status).toBe(410);
    expect((await fetch(`${t.url}/c/${cases.billing.linkToken}/api`)).status).toBe(200);
    await page.screenshot({ path: join(ARTIFACTS, 'case-answered.png'), fullPage: true });

    // Back to the inbox.
    await page.getByRole('button', { name: '← Inbox' }).click();
    await page.waitForURL(/\/app\/cases(\?.*)?$/);
    await page.locator('tr[data-case-id]').first().waitFor();
  });

  it('gives a plain advisor the inbox (their own cases under "Me") but no admin settings', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const bob = await context.newPage();
    await bob.goto(`${t.url}/app/cases?assignee=me`);
    await bob.getByLabel('Email').fill('bob@cobrowse.test');
    await bob.getByLabel('Password').fill('bob-password');
    await bob.getByRole('button', { name: 'Sign in' }).click();
    const rows = bob.locator('tr[data-case-id]');
    // The French billing case routed to bob, and the billing case assigned to him in the case view.
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(2);
    expect(await bob.locator(`tr[data-case-id="${cases.french.caseId}"]`).textContent()).toContain('You');
    expect(await bob.getByRole('link', { name: 'Admin' }).count()).toBe(0);
    await bob.goto(`${t.url}/app/admin`);
    await bob.getByRole('alert').filter({ hasText: 'Only admins' }).waitFor();
    await context.close();
  });

  it('shows admins the failed webhook deliveries and the email outbox', async () => {
    // The always-failing receiver: three attempts a delivery, then failed.
    await until(async () => {
      const jobs = await json<{ webhookDeliveries: { status: string }[] }>(t.api('/api/admin/jobs'));
      return jobs.webhookDeliveries.some((d) => d.status === 'failed') || undefined;
    }, 30_000);
    await page.getByRole('link', { name: 'Admin' }).click();
    await page.getByRole('tab', { name: 'Jobs & outbox' }).click();
    const failed = page.getByRole('table', { name: 'Failed webhook deliveries' }).locator('tr[data-status="failed"]');
    await failed.first().waitFor();
    await expect(failed.first().textContent()).resolves.toContain('500');
    // The customer who left an email got the link (queued: no SMTP in tests).
    const outbox = page.getByRole('table', { name: 'Email outbox' });
    await expect(outbox.textContent()).resolves.toContain('ada@example.test');
    await page.screenshot({ path: join(ARTIFACTS, 'admin-jobs.png'), fullPage: true });

    // A case id there opens the case.
    await failed.first().getByRole('link').click();
    await page.waitForURL('**/app/cases/*');
    await page.locator('cobrowse-case-view article').waitFor();
  });
});
