/**
 * Live co-browsing end to end, with the real UIs on both sides: a customer
 * page on another origin carrying the one-tag install (`<cobrowse-recorder
 * help-button>`), advisors in the advisor app, real servers. Everything is
 * done where a person would do it: the customer presses Get help and reads
 * the code off the page, the advisor types it into the app, the customer
 * accepts in the consent prompt, the advisor points, draws, chats, asks for
 * control and clicks in the live view, the customer allows and revokes,
 * reloads, goes to the next page, and stops; a second advisor joins from
 * the live list; finally the session is opened in the app's player.
 * Also across two server processes (one PostgreSQL database, Redis bus):
 * the customer on A, the advisor on B.
 *
 * Run: `npm run build && COBROWSE_SKIP_BUILD=1 DATABASE_URL=postgres://… npx vitest run tests/e2e/live.test.ts`.
 * Screenshots of both sides go to tests/.artifacts/e2e/.
 */
import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../db/client.ts';
import type { SessionDetail, Site } from '../../protocol/api.ts';
import { LIVE_CUSTOM_EVENT_TAG } from '../../protocol/live.ts';
import { launchChromium } from '../helpers/browser.ts';
import { testDrivers } from '../helpers/db.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { startPageServer, type PageServer } from '../recorder/page-server.ts';
import {
  PASSWORD_SECRET,
  clickInView,
  getHelpCode,
  insertAdvisor,
  joinWithCode,
  liveView,
  refused,
  replayField,
  replayText,
  screenPoint,
  secondPage,
  shopPage,
  signIn,
  viewControl,
  viewState,
  type Person,
} from './live-helpers.ts';

const ARTIFACTS = 'tests/.artifacts/e2e';
const ALICE: Person = { email: 'alice@cobrowse.test', password: 'alice-password', name: 'Alice Advisor' };
const BOB: Person = { email: 'bob@cobrowse.test', password: 'bob-password', name: 'Bob Advisor' };
const SLOW = { timeout: 20_000 } as const;

/** What the customer's page showed at a moment, to find again in the replay. */
interface PageState {
  title: string | null;
  count: string | null;
  items: string[];
  status: string | null;
}
interface Checkpoint {
  label: string;
  ts: number;
  state: PageState;
}
function readState(doc: Document): PageState {
  return {
    title: doc.querySelector('#title')?.textContent ?? null,
    count: doc.querySelector('#count')?.textContent ?? null,
    items: [...doc.querySelectorAll('#list li')].map((li) => li.textContent ?? ''),
    status: doc.querySelector('#status')?.textContent ?? null,
  };
}
const readStateSource = readState.toString();
const stateOf = (doc: string) => `(${readStateSource})(${doc})`;

/** The page state the live view's replay shows. */
const viewPageState = (page: Page) =>
  liveView(page).evaluate((v: any, src: string) => {
    const doc = v.replayIframe?.contentDocument;
    return doc ? (new Function(`return (${src})`)()(doc) as PageState) : null;
  }, readStateSource);

const addItem = (page: Page, text: string) =>
  page.evaluate((t) => {
    const li = document.createElement('li');
    li.textContent = t;
    document.getElementById('list')!.append(li);
  }, text);

describe('live co-browsing through both UIs', () => {
  let database: Database;
  let t: TestServer;
  let site: Site;
  let pages: PageServer;
  let browser: Browser;
  let customerContext: BrowserContext;
  let customer: Page;
  let aliceContext: BrowserContext;
  let alice: Page;
  let bobContext: BrowserContext;
  let bob: Page;
  let sessionId: string;
  let code: string;
  let aliceViewerId: string;
  const checkpoints: Checkpoint[] = [];
  const errors: string[] = [];

  const recorder = () => customer.locator('cobrowse-recorder');
  const hostHtml = () => customer.evaluate(() => document.body.innerHTML);
  const shot = (page: Page, name: string) => page.screenshot({ path: `${ARTIFACTS}/live-${name}.png` });
  const banner = () => customer.locator('cobrowse-recorder .banner__text');

  const checkpoint = async (label: string) => {
    // Let the change reach rrweb and the frame settle before stamping the time.
    const { ts, state } = await customer.evaluate(
      (src) =>
        new Promise<{ ts: number; state: PageState }>((resolve) =>
          requestAnimationFrame(() => setTimeout(() => resolve({ ts: Date.now(), state: new Function(`return ${src}`)() }))),
        ),
      stateOf('document'),
    );
    checkpoints.push({ label, ts, state });
    return state;
  };

  const watch = (page: Page, who: string) => {
    page.on('pageerror', (e) => errors.push(`${who}: ${e.message}`));
  };

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    database = await openDatabase({});
    t = await startTestServer({ database, liveGraceMs: 15_000 });
    await insertAdvisor(database, ALICE);
    await insertAdvisor(database, BOB);
    pages = await startPageServer();
    site = await t.createSite({ name: 'Garden shop', allowedOrigins: [pages.url] });
    pages.set('/shop.html', shopPage(t.url, site.siteKey));
    pages.set('/second.html', secondPage(t.url, site.siteKey));
    browser = await launchChromium();
    customerContext = await browser.newContext({ viewport: { width: 1000, height: 680 } });
    aliceContext = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    bobContext = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    customer = await customerContext.newPage();
    alice = await aliceContext.newPage();
    bob = await bobContext.newPage();
    watch(customer, 'customer');
    watch(alice, 'alice');
    watch(bob, 'bob');
  });

  afterAll(async () => {
    await browser?.close();
    await pages?.close();
    await t?.close();
    await database?.close();
  });

  it('1. code and join: a declined advisor sees it declined; an accepted one is named in the banner', async () => {
    await customer.goto(`${pages.url}/shop.html`);
    await expect.poll(() => recorder().evaluate((el: any) => el.sessionId ?? null), SLOW).toMatch(/^[0-9a-f-]{36}$/);
    sessionId = await recorder().evaluate((el: any) => el.sessionId);
    code = await getHelpCode(customer);
    await shot(customer, '1-customer-code');

    // Bob types the code; the customer declines him.
    await signIn(bob, t.url, BOB);
    await joinWithCode(bob, code);
    await expect.poll(() => viewState(bob), SLOW).toBe('waiting');
    await bob.getByText('Waiting for the customer to accept').waitFor();
    await customer.getByText('Bob Advisor wants to see this page').waitFor(SLOW);
    await customer.getByRole('button', { name: 'Decline' }).click();
    await expect.poll(() => viewState(bob), SLOW).toBe('declined');
    await bob.getByText('The customer declined.').first().waitFor();
    await shot(bob, '1-bob-declined');

    // 2. Before Alice joins, the customer changes the page: a late join must show the page as it is now.
    await customer.click('#inc');
    await addItem(customer, 'added before the join');
    await customer.fill('#name', 'Carla');
    await customer.fill('#password', PASSWORD_SECRET);
    expect(await checkpoint('changed before the join')).toMatchObject({ count: '1', items: ['first', 'added before the join'] });

    await signIn(alice, t.url, ALICE);
    await joinWithCode(alice, code);
    await expect.poll(() => viewState(alice), SLOW).toBe('waiting');
    await customer.getByText('Alice Advisor wants to see this page').waitFor(SLOW);
    await shot(customer, '1-customer-consent');
    await customer.getByRole('button', { name: 'Accept' }).click();
    await expect.poll(() => banner().textContent(), SLOW).toBe('Alice Advisor can see this page');
    await expect.poll(() => viewState(alice), SLOW).toBe('live');
    // Joined by code, the app moves on to the session's address (what a reload needs).
    await expect.poll(() => new URL(alice.url()).pathname).toBe(`/app/live/${sessionId}`);
    aliceViewerId = await liveView(alice).evaluate((v: any) => v.connection.viewerId);
    expect(aliceViewerId).toBeTruthy();
  });

  it('2. late join: the live view shows the page as changed before the advisor joined', async () => {
    await expect.poll(() => viewPageState(alice), SLOW).toEqual(checkpoints.at(-1)!.state);
    // The recorder masks fields by default: the name is replaced, the password never shows.
    const name = await replayField(alice, '#name');
    expect(name.value).not.toBe('Carla');
    const password = await replayField(alice, '#password');
    expect(password.value).not.toContain(PASSWORD_SECRET);
    expect(password.html).not.toContain(PASSWORD_SECRET);
    // The recorder's own UI (code card, banner) is not part of what the advisor sees.
    expect(password.html).not.toContain('can see this page');
    await shot(alice, '2-advisor-late-join');
  });

  it('3. a DOM change on the customer page appears in the live view', async () => {
    await addItem(customer, 'live change');
    await customer.click('#inc');
    const state = await checkpoint('live change');
    expect(state.count).toBe('2');
    await expect.poll(() => viewPageState(alice), SLOW).toEqual(state);
  });

  it('4. the advisor pointer and drawing show in the customer overlay; the host DOM is untouched', async () => {
    const before = await hostHtml();
    // Point: the advisor moves the mouse over the page in the live view.
    const from = await screenPoint(alice, 600, 120);
    await alice.mouse.move(from.x, from.y);
    await alice.mouse.move(from.x + 20, from.y + 10, { steps: 4 });
    const label = customer.locator('cobrowse-live-overlay g.pointer text');
    await expect.poll(() => label.textContent(), SLOW).toBe('Alice Advisor');

    // Draw: press, drag, and (for the screenshots, while the stroke is still open) hold.
    await alice.getByRole('button', { name: 'Draw', exact: true }).click();
    const a = await screenPoint(alice, 150, 420);
    const b = await screenPoint(alice, 650, 520);
    await alice.mouse.move(a.x, a.y);
    await alice.mouse.down();
    for (let i = 1; i <= 12; i++) await alice.mouse.move(a.x + ((b.x - a.x) * i) / 12, a.y + ((b.y - a.y) * i) / 12);
    const stroke = customer.locator('cobrowse-live-overlay polyline');
    const strokePoints = async () =>
      (await stroke.count()) ? ((await stroke.first().getAttribute('points')) ?? '').split(' ').map((p) => p.split(',').map(Number)) : [];
    const near = (p: number[] | undefined, x: number, y: number) => !!p && Math.abs(p[0]! - x) + Math.abs(p[1]! - y) < 4;
    // In the customer's viewport px, from where the advisor pressed to where the mouse is now.
    await expect.poll(async () => near((await strokePoints()).at(-1), 650, 520), SLOW).toBe(true);
    const points = await strokePoints();
    expect(points.length).toBeGreaterThanOrEqual(10);
    expect(near(points[0], 150, 420)).toBe(true);
    await shot(customer, '4-customer-pointer-drawing');
    await shot(alice, '4-advisor-drawing');
    await alice.mouse.up();
    await alice.getByRole('button', { name: 'Point', exact: true }).click();

    expect(await hostHtml()).toBe(before);
    // The overlay lives in the recorder's shadow root, not in the page.
    expect(await customer.evaluate(() => document.querySelectorAll('polyline, svg').length)).toBe(0);
    // Finished strokes fade away on the customer's side, and in the advisor's own view.
    await expect.poll(() => stroke.count(), SLOW).toBe(0);
    await expect.poll(() => alice.locator('cobrowse-live-view .live__strokes polyline').count(), SLOW).toBe(0);
  });

  it('5. chat both ways through both UIs', async () => {
    const box = alice.getByLabel('Message');
    await box.fill('Hello, I can see your basket');
    await box.press('Enter');
    const toggle = customer.getByRole('button', { name: /Chat, 1 new message/ });
    await toggle.waitFor(SLOW);
    await toggle.click();
    await customer.getByText('Hello, I can see your basket').waitFor();
    const input = customer.locator('cobrowse-recorder').getByRole('textbox', { name: 'Message' });
    await input.fill('Great, the Add one button is confusing');
    await input.press('Enter');
    const reply = alice.locator('cobrowse-live-chat .chat__msg[data-from="customer"] .chat__text');
    await expect.poll(() => reply.textContent(), SLOW).toBe('Great, the Add one button is confusing');
    await expect
      .poll(() => alice.locator('cobrowse-live-chat .chat__msg--mine .chat__text').textContent())
      .toBe('Hello, I can see your basket');
    await shot(customer, '5-customer-chat');
    await shot(alice, '5-advisor-chat');
    await customer.getByRole('button', { name: 'Close chat' }).click();
  });

  it('6. control: allowed clicks land, protected targets and the password are refused, revoke stops it', async () => {
    await alice.getByRole('button', { name: 'Request control' }).click();
    await expect.poll(() => viewControl(alice)).toBe('pending');
    await customer.getByText('Alice Advisor asks to control this page').waitFor(SLOW);
    await shot(customer, '6-customer-control-request');
    await customer.getByRole('button', { name: 'Allow' }).click();
    await expect.poll(() => viewControl(alice), SLOW).toBe('granted');
    await alice.getByText('You are in control').waitFor();
    await customer.getByText('Alice Advisor is controlling this page').waitFor();

    // The counter, clicked in the live view.
    await clickInView(alice, '#inc');
    await expect.poll(() => customer.locator('#count').textContent(), SLOW).toBe('3');
    await expect.poll(() => replayText(alice, '#count'), SLOW).toBe('3');
    await checkpoint('advisor clicked the counter');

    // The data-cb-no-control button: refused, nothing happens.
    await clickInView(alice, '#danger');
    await expect.poll(() => refused(customer), SLOW).toEqual([expect.objectContaining({ action: 'click', reason: 'no_control' })]);
    expect(await customer.locator('#danger-count').textContent()).toBe('0');
    // The advisor is told, in the live view, that the click did nothing and why.
    const refusal = alice.locator('cobrowse-live-view .live__refusal');
    await expect.poll(() => refusal.textContent(), SLOW).toContain('the site does not allow control of that part of the page');

    // The password field: the advisor clicks it and types; nothing changes on the customer's page.
    await clickInView(alice, '#password');
    await alice.keyboard.type('hunter2');
    await expect.poll(async () => (await refused(customer)).filter((r) => r.action === 'input').length, SLOW).toBe(7);
    expect(new Set((await refused(customer)).filter((r) => r.action === 'input').map((r) => r.reason))).toEqual(new Set(['masked']));
    expect(await customer.locator('#password').inputValue()).toBe(PASSWORD_SECRET);
    await expect.poll(() => refusal.textContent(), SLOW).toContain('Typing refused on the customer’s page: that field is private');
    const password = await replayField(alice, '#password');
    expect(password.html).not.toContain(PASSWORD_SECRET);
    expect(password.value).not.toContain(PASSWORD_SECRET);
    await shot(alice, '6-advisor-in-control');
    await shot(customer, '6-customer-controlled');

    // The customer revokes: the advisor's clicks no longer act.
    await customer.getByRole('button', { name: 'Revoke' }).click();
    await expect.poll(() => viewControl(alice), SLOW).toBe('none');
    await alice.getByText('The customer took back control.').waitFor();
    await clickInView(alice, '#inc');
    // A chat message sent after the click arrives after anything the click could have caused.
    const box = alice.getByLabel('Message');
    await box.fill('I clicked again after you revoked');
    await box.press('Enter');
    await expect
      .poll(() => recorder().evaluate((el: any) => el.live?.chat?.map((m: any) => m.text) ?? []), SLOW)
      .toContain('I clicked again after you revoked');
    expect(await customer.locator('#count').textContent()).toBe('3');
    expect(await replayText(alice, '#count')).toBe('3');
  });

  it('7. a reload and a navigation keep the live session; the advisor sees each new page', async () => {
    await customer.reload();
    await expect.poll(() => recorder().evaluate((el: any) => el.sessionId ?? null), SLOW).toBe(sessionId);
    await expect.poll(() => banner().textContent(), SLOW).toBe('Alice Advisor can see this page');
    await addItem(customer, 'after reload');
    const reloaded = await checkpoint('after reload');
    expect(reloaded).toMatchObject({ count: '0', items: ['first', 'after reload'] });
    await expect.poll(() => viewPageState(alice), SLOW).toEqual(reloaded);
    await expect.poll(() => viewState(alice), SLOW).toBe('live');

    await customer.click('#next');
    await customer.waitForURL('**/second.html');
    await expect.poll(() => recorder().evaluate((el: any) => el.sessionId ?? null), SLOW).toBe(sessionId);
    await expect.poll(() => banner().textContent(), SLOW).toBe('Alice Advisor can see this page');
    await customer.click('#confirm');
    const second = await checkpoint('second page');
    expect(second).toMatchObject({ title: 'Checkout', status: 'Order confirmed' });
    await expect.poll(() => viewPageState(alice), SLOW).toEqual(second);
    await expect.poll(() => viewState(alice), SLOW).toBe('live');
    // Same live view, never left.
    expect(new URL(alice.url()).pathname).toBe(`/app/live/${sessionId}`);
    expect(await liveView(alice).evaluate((v: any) => v.connection.viewerId)).toBe(aliceViewerId);
    await shot(alice, '7-advisor-second-page');
  });

  it('8. two advisors at once: both see the page, the banner lists both', async () => {
    // Bob finds the session in the live list and asks to watch.
    await bob.getByRole('link', { name: 'Join live' }).click();
    const row = bob.locator(`tr[data-session-id="${sessionId}"]`);
    await row.waitFor(SLOW);
    await row.getByRole('link', { name: 'Watch' }).click();
    await expect.poll(() => viewState(bob), SLOW).toBe('waiting');
    await customer.getByText('Bob Advisor wants to see this page').waitFor(SLOW);
    await customer.getByRole('button', { name: 'Accept' }).click();
    await expect.poll(() => banner().textContent(), SLOW).toBe('Alice Advisor and Bob Advisor can see this page');
    await expect.poll(() => viewState(bob), SLOW).toBe('live');
    const now = checkpoints.at(-1)!.state;
    await expect.poll(() => viewPageState(bob), SLOW).toEqual(now);
    await expect.poll(() => viewPageState(alice), SLOW).toEqual(now);
    // Each advisor's list of who is watching has both.
    for (const page of [alice, bob]) {
      await expect
        .poll(() => page.locator('cobrowse-live-view .live__viewer').allTextContents(), SLOW)
        .toEqual([expect.stringContaining('Alice Advisor'), expect.stringContaining('Bob Advisor')]);
    }
    await shot(customer, '8-customer-two-advisors');
    await shot(bob, '8-bob-watching');
  });

  it('Stop ends the live session for both advisors', async () => {
    await customer.getByRole('button', { name: 'Stop' }).click();
    await expect.poll(() => viewState(alice), SLOW).toBe('ended');
    await expect.poll(() => viewState(bob), SLOW).toBe('ended');
    await alice.getByText('The customer stopped sharing their screen.').waitFor();
    await customer.getByRole('button', { name: 'Get help' }).waitFor();
  });

  it('10. the replay in the player shows the page states; chat and control hand-overs are stored and on its timeline', async () => {
    await recorder().evaluate((el: any) => el.flush());
    const lastTs = checkpoints.at(-1)!.ts;
    await expect
      .poll(async () => ((await (await t.api(`/api/sessions/${sessionId}`)).json()) as SessionDetail).lastEventTs ?? 0, {
        timeout: 30_000,
        interval: 500,
      })
      .toBeGreaterThanOrEqual(lastTs - 300);

    // Stored events: the chat both ways, control granted to Alice then revoked, the viewers.
    type Custom = { tag: string; payload: any };
    const custom = async () => {
      const events = (await (await t.api(`/api/sessions/${sessionId}/export`)).json()) as { type: number; data: Custom }[];
      return events.filter((e) => e.type === 5).map((e) => e.data);
    };
    await expect
      .poll(async () => (await custom()).filter((d) => d.tag === LIVE_CUSTOM_EVENT_TAG.Chat).map((d) => [d.payload.from, d.payload.text]), {
        timeout: 30_000,
      })
      .toEqual([
        ['advisor', 'Hello, I can see your basket'],
        ['customer', 'Great, the Add one button is confusing'],
        ['advisor', 'I clicked again after you revoked'],
      ]);
    const all = await custom();
    expect(all.filter((d) => d.tag === LIVE_CUSTOM_EVENT_TAG.Control).map((d) => d.payload)).toEqual([
      { controllerId: aliceViewerId, name: 'Alice Advisor' },
      { controllerId: null, name: null },
    ]);
    const viewerNames = all.filter((d) => d.tag === LIVE_CUSTOM_EVENT_TAG.Viewers).map((d) => d.payload.viewers.map((v: any) => v.name));
    expect(viewerNames).toContainEqual(['Alice Advisor', 'Bob Advisor']);
    expect(JSON.stringify(all)).not.toContain(PASSWORD_SECRET);

    // The player, opened from Alice's session list.
    await alice.getByRole('link', { name: 'Recordings' }).click();
    const row = alice.getByText('/shop.html').first();
    await row.waitFor(SLOW);
    await row.click();
    const player = alice.locator('cobrowse-session-player');
    await expect.poll(() => player.getAttribute('data-state'), { timeout: 30_000 }).toMatch(/paused|playing|ended/);
    const detail = (await (await t.api(`/api/sessions/${sessionId}`)).json()) as SessionDetail;
    const origin = detail.firstEventTs!;
    expect(detail.pages.map((p) => new URL(p.url).pathname)).toEqual(['/shop.html', '/second.html']);
    for (const cp of checkpoints) {
      expect.soft(await replayedStateAt(player, cp.ts - origin), `replay at "${cp.label}"`).toEqual(cp.state);
    }
    // The live chat and the control hand-overs on the player's timeline, the chat in full in the details.
    await expect.poll(() => alice.locator('.timeline__marker--chat').count(), SLOW).toBe(3);
    expect(await alice.locator('.timeline__marker--control').count()).toBe(2);
    const chatInDetails = alice.locator('cobrowse-session-details .details__chat-text');
    expect(await chatInDetails.allTextContents()).toEqual([
      'Hello, I can see your basket',
      'Great, the Add one button is confusing',
      'I clicked again after you revoked',
    ]);
    await shot(alice, '10-advisor-player');
    expect(errors).toEqual([]);
  });
});

/** The page state the session player shows at a session time. */
async function replayedStateAt(player: Locator, sessionMs: number): Promise<PageState> {
  await player.evaluate((el: any, ms: number) => el.seek(ms), sessionMs);
  await expect.poll(() => player.getAttribute('data-state'), { timeout: 20_000 }).toMatch(/paused|ended/);
  return player.evaluate(
    (el: any, src: string) => new Function(`return (${src})`)()(el.iframe.contentDocument as Document) as PageState,
    readStateSource,
  );
}

const postgresDriver = testDrivers.find((d) => d.name === 'postgres');
const busUrl = process.env.LIVE_BUS_URL ?? 'redis://127.0.0.1:6379';
if (!postgresDriver) console.warn('tests/e2e/live.test.ts: DATABASE_URL is not set, so the two-process live test is skipped.');

describe.skipIf(!postgresDriver)('9. customer on server A, advisor on server B (PostgreSQL + Redis bus)', () => {
  let database: Database;
  let a: TestServer;
  let b: TestServer;
  let pages: PageServer;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    database = await postgresDriver!.open();
    a = await startTestServer({ database, liveBusUrl: busUrl, liveGraceMs: 15_000 });
    b = await startTestServer({ database, liveBusUrl: busUrl, liveGraceMs: 15_000 });
    await insertAdvisor(database, ALICE);
    pages = await startPageServer();
    const site = await a.createSite({ name: 'Garden shop', allowedOrigins: [pages.url] });
    // The customer's page loads the recorder from A, so it talks to A.
    pages.set('/shop.html', shopPage(a.url, site.siteKey));
    pages.set('/second.html', secondPage(a.url, site.siteKey));
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await pages?.close();
    await a?.close();
    await b?.close();
    await database?.close();
  });

  it('code, consent, page, DOM change, chat, control and a navigation across the bus', async () => {
    expect(a.server.live.nodeId).not.toBe(b.server.live.nodeId);
    const customer = await (await browser.newContext({ viewport: { width: 1000, height: 680 } })).newPage();
    const advisor = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
    const errors: string[] = [];
    customer.on('pageerror', (e) => errors.push(`customer: ${e.message}`));
    advisor.on('pageerror', (e) => errors.push(`advisor: ${e.message}`));

    await customer.goto(`${pages.url}/shop.html`);
    const recorder = customer.locator('cobrowse-recorder');
    await expect.poll(() => recorder.evaluate((el: any) => el.sessionId ?? null), SLOW).toMatch(/^[0-9a-f-]{36}$/);
    const sessionId: string = await recorder.evaluate((el: any) => el.sessionId);
    await customer.click('#inc');
    const code = await getHelpCode(customer);
    expect(a.server.live.localRoom(sessionId)).toBeDefined();
    expect(b.server.live.localRoom(sessionId)).toBeUndefined();

    await signIn(advisor, b.url, ALICE);
    await joinWithCode(advisor, code);
    await customer.getByText('Alice Advisor wants to see this page').waitFor(SLOW);
    await customer.getByRole('button', { name: 'Accept' }).click();
    await expect
      .poll(() => customer.locator('cobrowse-recorder .banner__text').textContent(), SLOW)
      .toBe('Alice Advisor can see this page');
    await expect.poll(() => viewState(advisor), SLOW).toBe('live');
    await expect.poll(() => replayText(advisor, '#count'), SLOW).toBe('1');

    await addItem(customer, 'seen from B');
    await expect.poll(() => viewPageState(advisor), SLOW).toMatchObject({ items: ['first', 'seen from B'] });

    await advisor.getByLabel('Message').fill('Hi from server B');
    await advisor.getByLabel('Message').press('Enter');
    await customer.getByRole('button', { name: /Chat, 1 new message/ }).click(SLOW);
    await customer.getByText('Hi from server B').waitFor();
    const input = customer.locator('cobrowse-recorder').getByRole('textbox', { name: 'Message' });
    await input.fill('Hello from server A');
    await input.press('Enter');
    await advisor.locator('cobrowse-live-chat').getByText('Hello from server A').waitFor(SLOW);

    await advisor.getByRole('button', { name: 'Request control' }).click();
    await customer.getByRole('button', { name: 'Allow' }).click(SLOW);
    await expect.poll(() => viewControl(advisor), SLOW).toBe('granted');
    await clickInView(advisor, '#inc');
    await expect.poll(() => customer.locator('#count').textContent(), SLOW).toBe('2');
    await expect.poll(() => replayText(advisor, '#count'), SLOW).toBe('2');
    await customer.screenshot({ path: `${ARTIFACTS}/live-9-customer-on-a.png` });
    await advisor.screenshot({ path: `${ARTIFACTS}/live-9-advisor-on-b.png` });

    await customer.click('#next');
    await customer.waitForURL('**/second.html');
    await expect.poll(() => replayText(advisor, '#title'), SLOW).toBe('Checkout');
    await expect.poll(() => viewState(advisor), SLOW).toBe('live');

    await customer.getByRole('button', { name: 'Stop' }).click();
    await expect.poll(() => viewState(advisor), SLOW).toBe('ended');
    expect(errors).toEqual([]);
  });
});
