/**
 * Async help (issue 5) end to end, with the real UIs on every side, in
 * Chromium against the real server: an admin's settings (topics with their
 * SLA, routing, an enricher against a small local "order system", a webhook
 * to a local receiver) are made through the API; then a customer on a shop
 * page (another origin, the one-tag install with `ask-button`) clicks
 * around, hits a console error and a failed request, asks for help in the
 * recorder's form and leaves with the private link. The case lands in the
 * billing advisor's inbox (not the shipping advisor's) with its SLA, the
 * order status already fetched by the enricher; the case view shows the
 * recording with its markers and the context. The advisor opens the case,
 * adds an internal note and answers; the customer opens the link in a fresh
 * browser, sees the answer (never the note) and replies; the advisor sees
 * the reply and resolves. Statuses are checked through the API after every
 * UI action, and each webhook arrives with a signature that verifies
 * against the raw body. Last, a second question under a topic with a
 * three-second SLA stays unanswered: the shipping advisor's inbox flags it
 * overdue and `case.sla_breached` arrives, signed.
 *
 * Run: `npm run build && COBROWSE_SKIP_BUILD=1 DATABASE_URL=postgres://… npx vitest run tests/e2e/async-help.test.ts`
 * (PGlite always, PostgreSQL too with DATABASE_URL). Screenshots go to tests/.artifacts/e2e-async/.
 */
import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import type { Site } from '../../protocol/api.ts';
import { verifyWebhookSignature } from '../../server/cases/webhook-signature.ts';
import {
  CASE_EVENTS,
  WEBHOOK_DELIVERY_HEADER,
  WEBHOOK_EVENT_HEADER,
  WEBHOOK_SIGNATURE_HEADER,
  type CaseDetail,
  type CaseEvent,
  type CaseStatus,
  type CustomerCaseView,
  type Topic,
  type Webhook,
  type WebhookPayload,
} from '../../protocol/cases.ts';
import { json, sendJson, startCaseServer, startReceiver, type Recorded } from '../cases/case-helpers.ts';
import { launchChromium } from '../helpers/browser.ts';
import { testDrivers } from '../helpers/db.ts';
import type { TestServer } from '../helpers/server.ts';
import { startPageServer, type PageServer } from '../recorder/page-server.ts';
import { insertAdvisor, type Person } from './live-helpers.ts';

const ARTIFACTS = 'tests/.artifacts/e2e-async';
const ALICE: Person = { email: 'alice@cobrowse.test', password: 'alice-password', name: 'Alice Billing' };
const BOB: Person = { email: 'bob@cobrowse.test', password: 'bob-password', name: 'Bob Shipping' };
const ORDER_ID = 'A-1042';
const ORDER_STATUS = 'Paid, waiting for the warehouse';
const ORDER_SYSTEM_KEY = 'Bearer order-system-key-4242';
const BILLING_SLA_MINUTES = 45;
/** Three seconds. */
const URGENT_SLA_MINUTES = 0.05;
const QUESTION = 'My discount code GARDEN-42 is refused, but it worked last week';
const URGENT_QUESTION = 'My parcel was due yesterday and tracking says nothing';
const NOTE = 'INTERNAL: GARDEN-42 expired on Sunday, finance agreed to honour it once';
const ANSWER = 'Sorry about that! GARDEN-42 expired on Sunday, but I applied the discount to order A-1042 for you.';
const REPLY = 'Thank you, I can see the new total now.';
const SLOW = { timeout: 30_000, interval: 250 } as const;

/**
 * The shop: the one-tag install with "Ask for help", who the customer is
 * (identify / setMetadata, as a shop would after sign-in), and a discount
 * button whose request fails (404 on this page server) and logs an error.
 * Uploads are rare, so only the ask flow's own upload can bring the
 * recording (and the metadata) to the server before the case exists.
 */
const shopPage = (server: string, siteKey: string) => `<!doctype html>
<html><head><meta charset="utf-8"><title>Garden shop · checkout</title>
<style>
  body { font: 16px/1.5 Georgia, serif; margin: 0; padding: 32px 48px; background: #fdf6e3; color: #333; }
  h1 { font-size: 36px; margin: 0 0 12px; }
  .row { display: flex; gap: 16px; align-items: center; margin: 12px 0; }
  button, input { font: inherit; padding: 6px 12px; }
  #result { color: #b00020; }
</style>
<script type="module" src="${server}/recorder.js"></script></head>
<body>
  <cobrowse-recorder site-key="${siteKey}" autostart ask-button flush-interval="60000"></cobrowse-recorder>
  <h1 id="title">Garden shop</h1>
  <p>Order ${ORDER_ID}: 2 × tomato seeds, 1 × watering can.</p>
  <div class="row"><label>Discount code <input id="code" autocomplete="off"></label> <button id="apply">Apply discount</button></div>
  <p id="result" aria-live="polite"></p>
  <script>
    customElements.whenDefined('cobrowse-recorder').then(() => {
      const recorder = document.querySelector('cobrowse-recorder');
      recorder.identify({ id: 'cust-77', email: 'fern@example.test', name: 'Fern Gardner' });
      recorder.setMetadata({ orderId: '${ORDER_ID}', plan: 'gold' });
    });
    let tries = 0;
    document.getElementById('apply').onclick = async () => {
      const res = await fetch('/api/discount', { method: 'POST', body: 'code' });
      tries++;
      if (!res.ok) {
        console.error('Discount refused: the discount service answered ' + res.status);
        document.getElementById('result').textContent = 'This code cannot be applied (try ' + tries + ').';
      }
    };
  </script>
</body></html>`;

describe.each(testDrivers)('async help end to end on $name', (driver) => {
  let database: Database;
  let t: TestServer;
  let pages: PageServer;
  let site: Site;
  let orders: Awaited<ReturnType<typeof startReceiver>>;
  let hooks: Awaited<ReturnType<typeof startReceiver>>;
  let webhook: Webhook;
  let browser: Browser;
  let advisorContext: BrowserContext;
  let advisor: Page;
  const ids = { alice: '', bob: '' };
  let caseId = '';
  let caseLink = '';
  let urgentCaseId = '';
  const pageErrors: string[] = [];

  const api = <T>(path: string, init?: RequestInit, status = 200) => json<T>(t.api(path, init), status);
  const post = <T>(path: string, body: unknown, status = 201) => api<T>(path, { method: 'POST', body: JSON.stringify(body) }, status);
  const detail = (id: string) => api<CaseDetail>(`/api/cases/${id}`);
  const statusOf = async (id: string): Promise<CaseStatus> => (await detail(id)).status;
  const shot = (page: Page, name: string) =>
    page.screenshot({ path: `${ARTIFACTS}/${driver.name}-${name}.png`, fullPage: true, caret: 'initial' });
  const watch = (page: Page, who: string) => page.on('pageerror', (e) => pageErrors.push(`${who}: ${e.message}`));

  /** The webhook calls the receiver got for a case and an event (a retried delivery counts once). */
  const deliveries = (id: string, event: CaseEvent): Recorded[] => {
    const seen = new Set<string>();
    return hooks.requests.filter((r) => {
      const delivery = r.headers[WEBHOOK_DELIVERY_HEADER] as string;
      if (r.headers[WEBHOOK_EVENT_HEADER] !== event || seen.has(delivery)) return false;
      if ((JSON.parse(r.body) as WebhookPayload).case.id !== id) return false;
      seen.add(delivery);
      return true;
    });
  };

  /** Waits for the webhook of `event` about case `id` and checks it as a receiver would. */
  async function signedWebhook(id: string, event: CaseEvent): Promise<WebhookPayload> {
    await expect.poll(() => deliveries(id, event).length, { ...SLOW, message: `webhook ${event}` }).toBeGreaterThan(0);
    const req = deliveries(id, event)[0]!;
    const signature = req.headers[WEBHOOK_SIGNATURE_HEADER] as string;
    expect(signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    // HMAC of the raw body as received, with the secret shown when the webhook was made…
    expect(verifyWebhookSignature(webhook.secret, req.body, signature)).toBe(true);
    // …and nothing else verifies: another secret, a changed body.
    expect(verifyWebhookSignature('whsec_not-the-right-secret-0000', req.body, signature)).toBe(false);
    expect(verifyWebhookSignature(webhook.secret, req.body.replace(id, crypto.randomUUID()), signature)).toBe(false);
    const payload = JSON.parse(req.body) as WebhookPayload;
    expect(payload).toMatchObject({ id: req.headers[WEBHOOK_DELIVERY_HEADER], event, case: { id } });
    return payload;
  }

  /** Signs in to the advisor app through its form, landing on the inbox. */
  async function signIn(page: Page, who: Person, path = '/app/cases'): Promise<void> {
    await page.goto(`${t.url}${path}`);
    await page.getByLabel('Email').fill(who.email);
    await page.getByLabel('Password').fill(who.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Inbox' }).waitFor(SLOW);
  }

  /** A customer's own browser on the shop page; asks through the recorder's form, reads the link, leaves. */
  async function askAsCustomer(o: { question: string; topic: string; name: string; before?: (page: Page) => Promise<void> }) {
    const context = await browser.newContext({ viewport: { width: 1100, height: 760 }, locale: 'en-US' });
    const page = await context.newPage();
    watch(page, `customer ${o.name}`);
    await page.goto(`${pages.url}/shop.html`);
    const recorder = page.locator('cobrowse-recorder');
    await expect.poll(() => recorder.evaluate((el: any) => el.sessionId ?? null), SLOW).toMatch(/^[0-9a-f-]{36}$/);
    const sessionId = (await recorder.evaluate((el: any) => el.sessionId)) as string;
    await o.before?.(page);

    await page.getByRole('button', { name: 'Ask for help' }).click();
    const form = page.getByRole('dialog', { name: 'Ask for help' });
    await form.getByLabel('Your question').fill(o.question);
    const topic = form.getByLabel('Topic (optional)');
    await expect.poll(() => topic.locator('option').allTextContents(), SLOW).toContain(o.topic);
    await topic.selectOption(o.topic);
    await shot(page, `${o.name}-1-ask-form`);
    await form.getByRole('button', { name: 'Send question' }).click();

    const linkBox = page.getByLabel('Your private link');
    await expect.poll(() => linkBox.inputValue().catch(() => ''), SLOW).toMatch(new RegExp(`^${t.url}/c/[A-Za-z0-9_-]{43}$`));
    await page.getByText('You can close this page now').waitFor();
    await shot(page, `${o.name}-2-link`);
    const link = await linkBox.inputValue();
    const created = (await recorder.evaluate((el: any) => el.cases[0])) as { caseId: string; link: string };
    expect(created.link).toBe(link);
    // The customer leaves.
    await page.close();
    await context.close();
    return { caseId: created.caseId, link, sessionId };
  }

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    database = await driver.open();
    t = await startCaseServer(database);
    pages = await startPageServer();

    // The shop's order system: answers a little late, and only with its key.
    orders = await startReceiver(async (req, res) => {
      await new Promise((r) => setTimeout(r, 400));
      if (req.headers.authorization !== ORDER_SYSTEM_KEY) return sendJson(res, 401, { error: 'key' });
      const id = /^\/orders\/([^/?]+)$/.exec(req.url)?.[1];
      if (!id) return sendJson(res, 404, { error: 'no such order' });
      sendJson(res, 200, {
        fields: { 'Order status': ORDER_STATUS, Total: '€ 23.40' },
        links: [{ label: 'Order in the back office', url: `https://backoffice.shop.test/orders/${decodeURIComponent(id)}` }],
      });
    });
    hooks = await startReceiver((_req, res) => sendJson(res, 200, { ok: true }));

    // The admin's settings, through the API.
    site = await post<Site>('/api/sites', { name: 'Garden shop', allowedOrigins: [pages.url] });
    pages.set('/shop.html', shopPage(t.url, site.siteKey));
    await insertAdvisor(database, ALICE);
    await insertAdvisor(database, BOB);
    const { advisors } = await api<{ advisors: { id: string; email: string }[] }>('/api/cases/advisors');
    ids.alice = advisors.find((a) => a.email === ALICE.email)!.id;
    ids.bob = advisors.find((a) => a.email === BOB.email)!.id;
    await api(`/api/admin/routing/${ids.alice}`, { method: 'PUT', body: JSON.stringify({ skills: ['billing'], languages: ['en'] }) });
    await api(`/api/admin/routing/${ids.bob}`, { method: 'PUT', body: JSON.stringify({ skills: ['shipping'], languages: ['en'] }) });
    const billing = await post<Topic>('/api/admin/topics', {
      siteId: site.id,
      name: 'Billing',
      slaMinutes: BILLING_SLA_MINUTES,
      requiredSkills: ['billing'],
    });
    expect(billing).toMatchObject({ slaMinutes: BILLING_SLA_MINUTES, requiredSkills: ['billing'] });
    await post<Topic>('/api/admin/topics', {
      siteId: site.id,
      name: 'Late delivery',
      slaMinutes: URGENT_SLA_MINUTES,
      requiredSkills: ['shipping'],
    });
    await post('/api/admin/enrichers', {
      siteId: site.id,
      name: 'Orders',
      urlTemplate: `${orders.url}/orders/{metadata.orderId}`,
      metadataKeys: ['orderId'],
      headers: { Authorization: ORDER_SYSTEM_KEY },
      timeoutMs: 3000,
    });
    webhook = await post<Webhook>('/api/admin/webhooks', { siteId: site.id, url: `${hooks.url}/cobrowse`, events: [...CASE_EVENTS] });
    expect(webhook.secret).toMatch(/^whsec_/);

    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await pages?.close();
    await t?.close();
    await orders?.close();
    await hooks?.close();
    await database?.close();
  });

  it('the customer asks with a recording of what went wrong, reads the private link and leaves', async () => {
    const asked = await askAsCustomer({
      question: QUESTION,
      topic: 'Billing',
      name: 'customer',
      async before(page) {
        await page.getByLabel('Discount code').fill('GARDEN-42');
        await page.getByRole('button', { name: 'Apply discount' }).click();
        await page.getByText('This code cannot be applied (try 1)').waitFor();
        await page.getByRole('button', { name: 'Apply discount' }).click();
        await page.getByText('This code cannot be applied (try 2)').waitFor();
        await shot(page, 'customer-0-shop');
      },
    });
    caseId = asked.caseId;
    caseLink = asked.link;

    // The case exists at once: the recording, who the customer is and the order, routed to the billing advisor.
    const d = await detail(caseId);
    expect(d).toMatchObject({
      siteId: site.id,
      sessionId: asked.sessionId,
      question: QUESTION,
      topic: 'Billing',
      language: 'en-us',
      status: 'new',
    });
    expect(d.assigneeId).toBe(ids.alice);
    expect(Date.parse(d.dueAt) - Date.parse(d.createdAt)).toBe(BILLING_SLA_MINUTES * 60_000);
    expect(d.metadata).toMatchObject({ orderId: ORDER_ID, plan: 'gold', 'user.email': 'fern@example.test', 'user.name': 'Fern Gardner' });
    expect(d.session?.markers.map((m) => m.kind)).toEqual(expect.arrayContaining(['click', 'error', 'network']));
    expect(await signedWebhook(caseId, 'case.created')).toMatchObject({ case: { status: 'new', assigneeId: ids.alice } });
  });

  it('the enricher fills the order status in the background, before any advisor opens the case', async () => {
    await expect
      .poll(async () => (await detail(caseId)).enrichments.map((e) => `${e.enricherName}:${e.status}`), SLOW)
      .toEqual(['Orders:ok']);
    const [enrichment] = (await detail(caseId)).enrichments;
    expect(enrichment).toMatchObject({ attempts: 1, error: null, fields: { 'Order status': ORDER_STATUS } });
    // Called once, for this order, with the shop's key; only the listed metadata went out.
    expect(orders.requests.map((r) => r.url)).toEqual([`/orders/${ORDER_ID}`]);
    expect(orders.requests[0]!.headers.authorization).toBe(ORDER_SYSTEM_KEY);
    // Nobody has looked yet.
    expect(await statusOf(caseId)).toBe('new');
  });

  it("lists the case in the billing advisor's inbox with its SLA, not for the shipping advisor", async () => {
    advisorContext = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    advisor = await advisorContext.newPage();
    watch(advisor, 'alice');
    await signIn(advisor, ALICE);
    const row = advisor.locator(`tr[data-case-id="${caseId}"]`);
    await row.waitFor(SLOW);
    expect(await row.getAttribute('data-overdue')).toBe('false');
    const text = (await row.textContent())!;
    expect(text).toMatch(new RegExp(`Due in (${BILLING_SLA_MINUTES - 1}|${BILLING_SLA_MINUTES}) min`));
    expect(text).toContain(QUESTION);
    expect(text).toContain('fern@example.test'); // identify()'s email names the customer
    expect(text).toContain('Billing');
    expect(text).toContain('New');
    expect(text).toContain('You');
    // "Me" keeps it: it was routed to this advisor.
    await advisor.getByLabel('Assignee').selectOption({ label: 'Me' });
    await expect
      .poll(() => advisor.locator('tr[data-case-id]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-case-id'))), SLOW)
      .toEqual([caseId]);
    await shot(advisor, 'advisor-1-inbox');
    // The shipping advisor has nothing of it.
    const bobCases = await json<{ cases: { id: string }[] }>(
      t.api('/api/cases?assignee=me', { token: await t.tokenFor(BOB.email, BOB.password) }),
    );
    expect(bobCases.cases.map((c) => c.id)).not.toContain(caseId);
  });

  it('opens the case: the recording with its markers, the customer, the metadata and the order status', async () => {
    await advisor.locator(`tr[data-case-id="${caseId}"] a`).click();
    await advisor.waitForURL(`**/app/cases/${caseId}`);
    await advisor.getByRole('heading', { name: QUESTION }).waitFor(SLOW);
    const view = advisor.locator('cobrowse-case-view');
    await expect(view.locator('.case__subtitle').textContent()).resolves.toMatch(
      new RegExp(`Due in (${BILLING_SLA_MINUTES - 1}|${BILLING_SLA_MINUTES}) min`),
    );

    // The recording, ready to play, showing the shop as the customer saw it when asking.
    const player = view.locator('cobrowse-session-player');
    await expect.poll(() => player.getAttribute('data-state'), SLOW).toMatch(/paused|ended/);
    await expect
      .poll(() => player.evaluate((el: any) => el.iframe?.contentDocument?.querySelector('#title')?.textContent ?? null), SLOW)
      .toBe('Garden shop');
    // …with the clicks, the console error and the failed request on its timeline.
    expect(await player.locator('.timeline__marker--click').count()).toBeGreaterThanOrEqual(2);
    expect(await player.locator('.timeline__marker--error').first().getAttribute('title')).toContain(
      'Discount refused: the discount service answered 404',
    );
    expect(await player.locator('.timeline__marker--network').first().getAttribute('title')).toMatch(
      /network: POST 404 http:\/\/localhost:\d+\/api\/discount/,
    );

    // The context: who, the shop's metadata, and the order system's answer.
    const context = view.locator('cobrowse-case-context .context');
    await expect(context.textContent()).resolves.toContain('Fern Gardner');
    await expect(context.getByRole('definition').filter({ hasText: ORDER_ID }).count()).resolves.toBeGreaterThan(0);
    const enrichment = advisor.getByRole('region', { name: 'From Orders' });
    await expect(enrichment.textContent()).resolves.toContain(ORDER_STATUS);
    expect(await enrichment.getByRole('link', { name: /Order in the back office/ }).getAttribute('href')).toBe(
      `https://backoffice.shop.test/orders/${ORDER_ID}`,
    );
    await expect(advisor.locator('cobrowse-session-details .details').textContent()).resolves.toContain('Problems (');
    await shot(advisor, 'advisor-2-case');
  });

  it('the advisor takes the case, adds an internal note and answers: new → open → waiting on the customer', async () => {
    const statuses = advisor.getByRole('group', { name: 'Status' });
    const pressed = statuses.locator('[aria-pressed="true"]');
    await expect.poll(() => pressed.textContent().then((s) => s?.trim()), SLOW).toBe('New');
    expect(await advisor.locator('[data-assignee]').textContent()).toBe('You');

    // Routed to this advisor already: claiming it starts the work (open).
    await advisor.getByRole('button', { name: 'Claim', exact: true }).click();
    await expect.poll(() => pressed.textContent().then((s) => s?.trim()), SLOW).toBe('Open');
    expect(await statusOf(caseId)).toBe('open');

    await advisor.getByRole('tab', { name: 'Internal note' }).click();
    await advisor.getByRole('textbox', { name: 'Internal note' }).fill(NOTE);
    await advisor.getByRole('button', { name: 'Add note' }).click();
    await advisor.locator('[data-kind="internal_note"]').getByText('Only advisors see this note').waitFor(SLOW);
    expect(await statusOf(caseId)).toBe('open'); // a note is not an answer

    await advisor.getByRole('tab', { name: 'Answer' }).click();
    await advisor.getByRole('textbox', { name: 'Answer' }).fill(ANSWER);
    await advisor.getByRole('button', { name: 'Send answer' }).click();
    await advisor.locator('[data-kind="text"]').getByText(ANSWER).waitFor(SLOW);
    await expect.poll(() => pressed.textContent().then((s) => s?.trim()), SLOW).toBe('Waiting on customer');
    const d = await detail(caseId);
    expect(d.status).toBe('waiting_on_customer');
    expect(d.firstAnsweredAt).not.toBeNull();
    expect(d.thread.map((m) => `${m.from}:${m.kind}`)).toEqual(['advisor:internal_note', 'advisor:text']);
    expect(await signedWebhook(caseId, 'case.answered')).toMatchObject({ case: { status: 'waiting_on_customer', overdue: false } });
    await shot(advisor, 'advisor-3-answered');
  });

  it('the customer opens the link in a fresh browser, sees the answer but not the note, and replies: open again', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    watch(page, 'customer link');
    const res = await page.goto(caseLink);
    expect(res!.status()).toBe(200);
    await page.getByText(QUESTION).waitFor();
    await page.getByText('Answered', { exact: true }).waitFor();
    await page.getByText(ANSWER).waitFor();
    await page.getByText(ALICE.name).first().waitFor();
    expect(await page.content()).not.toContain('INTERNAL');
    const seen = (await (await fetch(`${caseLink}/api`)).json()) as CustomerCaseView;
    expect(seen.thread.map((m) => m.body)).toEqual([ANSWER]);
    await shot(page, 'customer-3-link-answer');

    await page.getByLabel('Your message').fill(REPLY);
    await page.getByRole('button', { name: 'Send reply' }).click();
    await page.getByText('Sent. An advisor will answer here.').waitFor(SLOW);
    await page.locator('.msg--customer').getByText(REPLY).waitFor(SLOW);
    await page.getByText('An advisor is on it').waitFor(SLOW);
    expect(await statusOf(caseId)).toBe('open');
    expect(await signedWebhook(caseId, 'case.customer_replied')).toMatchObject({ case: { status: 'open' } });
    await shot(page, 'customer-4-replied');
    await context.close();
  });

  it('the advisor sees the reply and resolves the case; every webhook arrived once, signed', async () => {
    await advisor.reload();
    await advisor.locator('[data-kind="text"]').getByText(REPLY).waitFor(SLOW);
    const statuses = advisor.getByRole('group', { name: 'Status' });
    const pressed = statuses.locator('[aria-pressed="true"]');
    await expect.poll(() => pressed.textContent().then((s) => s?.trim()), SLOW).toBe('Open');

    await statuses.getByRole('button', { name: 'Resolved', exact: true }).click();
    await expect.poll(() => pressed.textContent().then((s) => s?.trim()), SLOW).toBe('Resolved');
    const d = await detail(caseId);
    expect(d.status).toBe('resolved');
    expect(d.resolvedAt).not.toBeNull();
    expect(await signedWebhook(caseId, 'case.resolved')).toMatchObject({ case: { status: 'resolved' } });
    await shot(advisor, 'advisor-4-resolved');

    // The customer's page says so too.
    expect(((await (await fetch(`${caseLink}/api`)).json()) as CustomerCaseView).status).toBe('resolved');

    await t.server.jobs.idle();
    const events = CASE_EVENTS.filter((e) => e !== 'case.sla_breached');
    for (const event of events) expect(deliveries(caseId, event), event).toHaveLength(1);
    expect(deliveries(caseId, 'case.sla_breached')).toHaveLength(0);
    const recorded = (await detail(caseId)).webhookDeliveries;
    expect(recorded.map((w) => w.event).sort()).toEqual([...events].sort());
    expect(recorded.every((w) => w.status === 'delivered' && w.responseCode === 200)).toBe(true);
  });

  it('an unanswered question past its three-second SLA is flagged in the inbox and its case.sla_breached webhook is signed', async () => {
    const asked = await askAsCustomer({ question: URGENT_QUESTION, topic: 'Late delivery', name: 'urgent' });
    urgentCaseId = asked.caseId;
    const created = await detail(urgentCaseId);
    expect(created).toMatchObject({ topic: 'Late delivery', assigneeId: ids.bob, status: 'new', slaBreachedAt: null });
    expect(Date.parse(created.dueAt) - Date.parse(created.createdAt)).toBe(3000);

    // The shipping advisor's inbox: theirs, and flagged once late.
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const bob = await context.newPage();
    watch(bob, 'bob');
    await signIn(bob, BOB, '/app/cases?assignee=me');
    const row = bob.locator(`tr[data-case-id="${urgentCaseId}"]`);
    await row.waitFor(SLOW);
    expect(await bob.locator('tr[data-case-id]').count()).toBe(1); // the billing case was never his
    await expect
      .poll(async () => {
        await bob.getByRole('button', { name: 'Refresh' }).click();
        return row.getAttribute('data-overdue');
      }, SLOW)
      .toBe('true');
    await expect(row.locator('.badge--overdue').textContent()).resolves.toBe('Overdue');
    await expect.poll(() => bob.locator('[data-overdue-count]').getAttribute('data-overdue-count'), SLOW).toBe('1');
    await bob.getByLabel('Overdue only').check();
    await expect
      .poll(() => bob.locator('tr[data-case-id]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-case-id'))), SLOW)
      .toEqual([urgentCaseId]);
    await shot(bob, 'bob-overdue-inbox');

    const payload = await signedWebhook(urgentCaseId, 'case.sla_breached');
    expect(payload.case).toMatchObject({ overdue: true, status: 'new', firstAnsweredAt: null });
    expect(Date.parse(payload.case.slaBreachedAt!)).toBeGreaterThanOrEqual(Date.parse(created.dueAt));
    const d = await detail(urgentCaseId);
    expect(d.slaBreachedAt).toBe(payload.case.slaBreachedAt);
    await t.server.jobs.idle();
    expect((await detail(urgentCaseId)).webhookDeliveries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ event: 'case.sla_breached', status: 'delivered', attempts: 1, responseCode: 200 }),
      ]),
    );
    expect(deliveries(urgentCaseId, 'case.sla_breached')).toHaveLength(1);
    // The answered case never breached.
    expect((await detail(caseId)).slaBreachedAt).toBeNull();
    await context.close();
    await advisorContext.close();
    expect(pageErrors).toEqual([]);
  });
});
