/**
 * Live help follows the customer across tabs, end to end with the real UIs
 * (issue 15): the customer asks for help in one tab and accepts the advisor
 * once; a second tab of the same visit (an independent tab of the same
 * browser: its own session, the visit shared) shows the banner with no
 * second prompt; the advisor's live view follows the tab the customer uses,
 * with a note, and lists both tabs; control aimed at a tab the customer is
 * not using, or at a page a tab no longer shows, is refused and reported to
 * the advisor, and nothing happens on the customer's side; Stop in one tab
 * ends live help in all of them.
 *
 * Both databases. Screenshots go to tests/.artifacts/e2e/live-tabs-*.png.
 */
import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import type { Site } from '../../protocol/api.ts';
import { launchChromium } from '../helpers/browser.ts';
import { testDrivers } from '../helpers/db.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { startPageServer, type PageServer } from '../recorder/page-server.ts';
import {
  clickInView,
  getHelpCode,
  insertAdvisor,
  joinWithCode,
  liveView,
  replayText,
  secondPage,
  shopPage,
  signIn,
  viewControl,
  viewState,
  type Person,
} from './live-helpers.ts';

const ARTIFACTS = 'tests/.artifacts/e2e';
const ALICE: Person = { email: 'alice@cobrowse.test', password: 'alice-password', name: 'Alice Advisor' };
const SLOW = { timeout: 20_000 } as const;

describe.each(testDrivers)('live help across the customer’s tabs on $name', (driver) => {
  let database: Database;
  let t: TestServer;
  let site: Site;
  let pages: PageServer;
  let browser: Browser;
  let customerContext: BrowserContext;
  let tabOne: Page;
  let tabTwo: Page;
  let alice: Page;
  const errors: string[] = [];

  const recorderOf = (page: Page) => page.locator('cobrowse-recorder');
  const bannerOf = (page: Page) => page.locator('cobrowse-recorder .banner__text');
  const shot = (page: Page, name: string) => page.screenshot({ path: `${ARTIFACTS}/live-tabs-${driver.name}-${name}.png` });
  /** The advisor view's tab strip: which tab is watched, which one the customer uses. */
  const tabStrip = () =>
    liveView(alice).evaluate((v: any) => ({
      watching: v.watching as string | null,
      following: v.following as boolean,
      count: v.tabs.length as number,
    }));
  const sessionOf = (page: Page) => recorderOf(page).evaluate((el: any) => el.sessionId as string);
  /** The customer uses a tab: brings it to the front and clicks on an empty spot of it. */
  const useTab = async (page: Page) => {
    await page.bringToFront();
    await page.mouse.click(900, 600);
  };
  const refusal = () => liveView(alice).evaluate((v: any) => v.refusal as string);

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    database = await driver.open();
    t = await startTestServer({ database, liveGraceMs: 15_000 });
    await insertAdvisor(database, ALICE);
    pages = await startPageServer();
    site = await t.createSite({ name: 'Garden shop', allowedOrigins: [pages.url] });
    pages.set('/shop.html', shopPage(t.url, site.siteKey));
    pages.set('/second.html', secondPage(t.url, site.siteKey));
    browser = await launchChromium();
    customerContext = await browser.newContext({ viewport: { width: 1000, height: 680 } });
    tabOne = await customerContext.newPage();
    alice = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
    for (const [page, who] of [
      [tabOne, 'tab one'],
      [alice, 'alice'],
    ] as const)
      page.on('pageerror', (e) => errors.push(`${who}: ${e.message}`));
  });

  afterAll(async () => {
    await browser?.close();
    await pages?.close();
    await t?.close();
    await database?.close();
  });

  it('one consent for the visit: the second tab shows the banner with no second prompt', async () => {
    await tabOne.goto(`${pages.url}/shop.html`);
    await expect.poll(() => recorderOf(tabOne).evaluate((el: any) => el.sessionId ?? null), SLOW).toMatch(/^[0-9a-f-]{36}$/);
    const code = await getHelpCode(tabOne);
    await signIn(alice, t.url, ALICE);
    await joinWithCode(alice, code);
    await tabOne.getByText('Alice Advisor wants to see this page').waitFor(SLOW);
    await tabOne.getByRole('button', { name: 'Accept' }).click();
    await expect.poll(() => bannerOf(tabOne).textContent(), SLOW).toBe('Alice Advisor can see this page');
    await expect.poll(() => viewState(alice), SLOW).toBe('live');
    await expect.poll(() => replayText(alice, '#title'), SLOW).toBe('Garden shop');

    // The customer opens another tab of the shop (a tab of its own: its own session, the same visit).
    tabTwo = await customerContext.newPage();
    tabTwo.on('pageerror', (e) => errors.push(`tab two: ${e.message}`));
    await tabTwo.goto(`${pages.url}/second.html`);
    await expect.poll(() => bannerOf(tabTwo).textContent(), SLOW).toBe('Alice Advisor can see this page');
    expect(await tabTwo.getByText('wants to see this page').count()).toBe(0);
    expect(await sessionOf(tabTwo)).not.toBe(await sessionOf(tabOne));
    // The first tab keeps its banner.
    expect(await bannerOf(tabOne).textContent()).toBe('Alice Advisor can see this page');
    await shot(tabTwo, '1-customer-second-tab');

    // The advisor's live list shows the customer once, with both tabs.
    const list = await alice.context().newPage();
    await list.goto(`${t.url}/app/live`);
    const row = list.locator('cobrowse-live-list tr[data-tabs="2"]');
    await expect.poll(() => row.count(), SLOW).toBe(1);
    expect(await row.textContent()).toMatch(/2 tabs[\s\S]*Tab 1: .*shop\.html[\s\S]*Tab 2: .*second\.html/);
    await list.screenshot({ path: `${ARTIFACTS}/live-tabs-${driver.name}-1-advisor-list.png` });
    await list.close();
  });

  it('the advisor follows the tab the customer uses, with a note, and sees both tabs', async () => {
    const one = await sessionOf(tabOne);
    const two = await sessionOf(tabTwo);
    await useTab(tabTwo);
    await expect.poll(tabStrip, SLOW).toEqual({ watching: two, following: true, count: 2 });
    await expect.poll(() => replayText(alice, '#title'), SLOW).toBe('Checkout');
    await alice.getByText('The customer switched to tab 2 (/second.html).').waitFor(SLOW);
    await alice.locator(`cobrowse-live-view [data-tab-id="${one}"]`).waitFor();
    await shot(alice, '2-advisor-followed-to-tab-2');

    await useTab(tabOne);
    await expect.poll(tabStrip, SLOW).toEqual({ watching: one, following: true, count: 2 });
    await expect.poll(() => replayText(alice, '#title'), SLOW).toBe('Garden shop');
    await alice.getByText('The customer switched to tab 1 (/shop.html).').waitFor(SLOW);
    expect(await viewState(alice)).toBe('live');
    await shot(alice, '3-advisor-back-on-tab-1');
  });

  it('control aimed at a tab the customer is not using, or at a page it left, is refused and reported, never applied', async () => {
    const two = await sessionOf(tabTwo);
    // Control is asked once; the customer allows it in the tab they use; the other tab's prompt closes.
    await liveView(alice).getByRole('button', { name: 'Request control' }).click();
    await tabOne.getByText('Alice Advisor asks to control this page').waitFor(SLOW);
    await tabTwo.getByText('Alice Advisor asks to control this page').waitFor(SLOW);
    await tabOne.getByRole('button', { name: 'Allow' }).click();
    await expect.poll(() => viewControl(alice), SLOW).toBe('granted');
    await expect.poll(() => tabTwo.getByText('Alice Advisor asks to control this page').count(), SLOW).toBe(0);

    // The advisor picks the second tab while the customer stays on the first: a click there does nothing.
    await liveView(alice).locator(`[data-tab-id="${two}"]`).click();
    await expect.poll(tabStrip, SLOW).toMatchObject({ watching: two, following: false });
    await expect.poll(() => replayText(alice, '#title'), SLOW).toBe('Checkout');
    await alice.getByText('The customer is on tab 1 (/shop.html), not the tab you are watching.').waitFor(SLOW);
    await clickInView(alice, '#confirm');
    await expect.poll(refusal, SLOW).toContain('the customer is using another tab now');
    await shot(alice, '4-advisor-refused-other-tab');
    expect(await tabTwo.locator('#status').textContent()).toBe('Review your order');

    // Following again: the first tab. The advisor aims at its "Add one"… and the customer
    // goes to the next page before the command arrives (a view frozen on the old page).
    await liveView(alice).getByRole('button', { name: 'Follow the customer' }).click();
    await expect.poll(() => replayText(alice, '#title'), SLOW).toBe('Garden shop');
    const stale = await liveView(alice).evaluate((v: any) => {
      const doc = v.replayIframe.contentDocument;
      return { aim: v.replay.aim, nodeId: v.replay.idOf(doc.querySelector('#inc')) };
    });
    expect(stale.nodeId).toBeGreaterThan(0);
    await tabOne.click('#next');
    await tabOne.waitForURL('**/second.html');
    await tabOne.evaluate(() => {
      (window as any).clicks = 0;
      document.addEventListener('click', () => (window as any).clicks++, true);
    });
    await expect.poll(() => replayText(alice, '#title'), SLOW).toBe('Checkout');
    await expect.poll(() => viewControl(alice), SLOW).toBe('granted');
    const sent = await liveView(alice).evaluate(
      (v: any, s: typeof stale) => v.connection.control({ action: 'click', target: { nodeId: s.nodeId } }, s.aim),
      stale,
    );
    expect(sent).toBe(true);
    await expect.poll(refusal, SLOW).toContain('the customer’s page changed since you saw it');
    await shot(alice, '5-advisor-refused-page-changed');
    expect(await tabOne.evaluate(() => (window as any).clicks)).toBe(0);
    expect(await tabOne.locator('#status').textContent()).toBe('Review your order');

    // Aimed at the page the customer is on, control works.
    await clickInView(alice, '#confirm');
    await expect.poll(() => tabOne.locator('#status').textContent(), SLOW).toBe('Order confirmed');
  });

  it('Stop in one tab ends live help in every tab and for the advisor', async () => {
    await tabTwo.bringToFront();
    await tabTwo.getByRole('button', { name: 'Stop' }).click();
    await expect.poll(() => viewState(alice), SLOW).toBe('ended');
    await expect.poll(() => bannerOf(tabOne).count(), SLOW).toBe(0);
    await expect.poll(() => bannerOf(tabTwo).count(), SLOW).toBe(0);
    // Neither tab rejoins on its next page.
    await tabOne.reload();
    await tabOne.getByRole('button', { name: 'Get help' }).waitFor(SLOW);
    await tabOne.waitForTimeout(500);
    expect(await recorderOf(tabOne).evaluate((el: any) => el.live ?? null)).toBeNull();
    expect(errors).toEqual([]);
  });
});
