/**
 * "These might help" in the recorder's Ask-for-help form, and the tutorial an
 * advisor sends played on the customer's case page — real Chromium against
 * the real server, on both databases. The customer's shop is another origin
 * than the server. Typing the question shows the matching published tutorial
 * of that site only (never another site's with the same words), above the
 * form without moving the question box, reachable by Tab; opening it plays
 * it inline in the panel (`<cobrowse-tutorial>` from the server's
 * /tutorial.js). Leaving without sending — closing the form, or the page —
 * counts exactly one deflection each, visible in the tutorial's analytics;
 * sending the question counts none; the editor's analytics show them. The
 * case page then plays the tutorial
 * the advisor sent, with no CSP violation. Screenshots at 1100 px and 390 px
 * wide in tests/.artifacts/recorder-ask/.
 */
import { mkdirSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import { suggestionDeflections } from '../../db/schema.ts';
import { loadConfig } from '../../server/config.ts';
import type { Tutorial, TutorialAnalytics } from '../../protocol/tutorials.ts';
import { json, loopbackCustomerLimits } from '../cases/case-helpers.ts';
import { launchChromium } from '../helpers/browser.ts';
import { testDrivers } from '../helpers/db.ts';
import { ADMIN, NO_GUIDE_PICTURES, startTestServer, TEST_ORIGIN, type TestServer } from '../helpers/server.ts';
import { startPageServer, type PageServer } from '../recorder/page-server.ts';
import { publishDemoTutorial, startRecordedSite, type RecordedSite } from '../tutorial-embed/embed-helpers.ts';
import { accountVisit, createTutorial, expectJson, post } from '../tutorials/tutorial-helpers.ts';
import { askPage } from './ask-pages.ts';

const ARTIFACTS = 'tests/.artifacts/recorder-ask';
const QUESTION = 'How do I buy a kettle?';

interface PlayerState {
  state: string | null;
  currentTime: number;
  caption: string;
  failure: string | null;
}

/** The first `<cobrowse-tutorial>` of the page, looked for through open shadow roots too. */
function playerState(page: Page): Promise<PlayerState | null> {
  return page.evaluate(() => {
    const find = (root: Document | ShadowRoot): HTMLElement | null => {
      const here = root.querySelector<HTMLElement>('cobrowse-tutorial');
      if (here) return here;
      for (const el of root.querySelectorAll('*')) {
        const found = el.shadowRoot ? find(el.shadowRoot) : null;
        if (found) return found;
      }
      return null;
    };
    const el = find(document) as (HTMLElement & { currentTime: number }) | null;
    if (!el?.shadowRoot) return null;
    return {
      state: el.getAttribute('data-state'),
      currentTime: el.currentTime,
      caption: el.shadowRoot.querySelector('.caption')?.textContent?.replace(/\s+/g, ' ').trim() ?? '',
      failure: el.shadowRoot.querySelector('[data-failure]')?.getAttribute('data-failure') ?? null,
    };
  });
}

/** Waits for the tutorial's first frame, plays it and sees the replay move. */
async function expectPlays(page: Page, player: Locator): Promise<void> {
  await expect.poll(async () => (await playerState(page))?.state ?? null, { timeout: 30_000 }).toBe('paused');
  expect((await playerState(page))!.failure).toBeNull();
  await player.getByRole('button', { name: 'Play', exact: true }).click();
  await expect.poll(async () => (await playerState(page))?.currentTime ?? 0, { timeout: 20_000 }).toBeGreaterThan(500);
  await player.getByRole('button', { name: 'Pause', exact: true }).click();
}

describe.each(testDrivers)('tutorial suggestions in Ask for help, $name', (driver) => {
  let database: Database;
  let t: TestServer;
  let pages: PageServer;
  let recorded: RecordedSite;
  let browser: Browser;
  let context: BrowserContext;
  let tutorial: Tutorial;
  let tutorialUrl: string;
  let caseLink: string;
  let caseId: string;
  const errors: string[] = [];

  const analytics = () => expectJson<TutorialAnalytics>(t.api(`/api/tutorials/${tutorial.id}/analytics`));
  const deflections = async () => (await analytics()).deflections;
  const rows = () => database.db.select().from(suggestionDeflections).where(eq(suggestionDeflections.tutorialId, tutorial.id));

  const form = (page: Page) => page.getByRole('dialog', { name: 'Ask for help' });
  const hints = (page: Page) => page.getByRole('region', { name: 'These might help' });

  async function openForm(page: Page): Promise<void> {
    await page.getByRole('button', { name: 'Ask for help' }).click();
    await form(page).waitFor();
  }

  /** Types the question as a customer does, and waits for the suggestions. */
  async function typeQuestion(page: Page): Promise<void> {
    await form(page).getByLabel('Your question').pressSequentially(QUESTION, { delay: 20 });
    await hints(page).waitFor({ timeout: 15_000 });
  }

  async function newPage(width = 1100, height = 760): Promise<Page> {
    const ctx = width === 1100 ? context : await browser.newContext({ viewport: { width, height } });
    const page = await ctx.newPage();
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    await page.goto(`${pages.url}/shop.html`);
    await expect
      .poll(() => page.locator('cobrowse-recorder').evaluate((el: any) => el.sessionId ?? null), { timeout: 15_000 })
      .toMatch(/^[0-9a-f-]{36}$/);
    return page;
  }

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    database = await driver.open();
    [t, pages, recorded, browser] = await Promise.all([
      startTestServer({
        ...NO_GUIDE_PICTURES,
        database,
        searchIndexDelayMs: 0,
        rateLimits: { ...loadConfig({}).rateLimits, ...loopbackCustomerLimits() },
      }),
      startPageServer(),
      startRecordedSite(),
      launchChromium(),
    ]);
    await json(t.api(`/api/sites/${t.site.id}`, { method: 'PATCH', body: JSON.stringify({ allowedOrigins: [TEST_ORIGIN, pages.url] }) }));
    ({ tutorial } = await publishDemoTutorial(t, recorded.origin, 'Buying a kettle'));
    tutorialUrl = tutorial.url!;
    // Another site of the organisation, on the same page origin, with a tutorial of the same words.
    const other = await t.createSite({ name: 'Second shop', allowedOrigins: [TEST_ORIGIN, pages.url] });
    const sessionId = await t.startSession({ siteKey: other.siteKey });
    expect((await t.putChunk(sessionId, 0, accountVisit(Date.now() - 10_000, TEST_ORIGIN), { siteKey: other.siteKey })).status).toBe(201);
    const theirs = await createTutorial(t, { sessionId, title: 'Buying a kettle in the second shop' });
    await expectJson(post(t, `/api/tutorials/${theirs.id}/publish`, { visibility: 'public' }));
    await t.server.jobs.idle();
    pages.set('/shop.html', askPage(t.url, t.site.siteKey));
    context = await browser.newContext({ viewport: { width: 1100, height: 760 } });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await Promise.all([pages?.close(), recorded?.close(), t?.close()]);
    await database?.close();
  });

  it("shows the site's matching tutorial above the form while the customer types, and plays it inline", async () => {
    const page = await newPage();
    await openForm(page);
    const question = form(page).getByLabel('Your question');
    const before = await question.boundingBox();
    await typeQuestion(page);
    // Only this site's tutorial: the second shop's, with the same words, is never offered.
    expect((await hints(page).getByRole('button').allTextContents()).map((s) => s.trim())).toEqual(['Buying a kettle']);
    // Nothing under the caret moved when the suggestions came.
    expect(await question.boundingBox()).toEqual(before);
    await page.screenshot({ path: `${ARTIFACTS}/${driver.name}-suggestions-1100.png` });

    // Keyboard: Tab from the question reaches the suggestion; Enter opens it inline, focus on "Back".
    await question.focus();
    await page.keyboard.press('Tab');
    const focused = () =>
      page.evaluate(() => {
        const panel = document.querySelector('cobrowse-recorder')!.shadowRoot!.querySelector('cobrowse-ask-panel')!.shadowRoot!;
        return (panel.activeElement as HTMLElement | null)?.textContent?.replace(/\s+/g, ' ').trim() ?? null;
      });
    expect(await focused()).toBe('Buying a kettle');
    await page.keyboard.press('Enter');
    const player = form(page).locator('cobrowse-tutorial');
    await player.waitFor({ timeout: 15_000 });
    expect(await player.getAttribute('src')).toBe(tutorialUrl);
    expect(await focused()).toMatch(/Back to your question/);
    await expectPlays(page, player);
    await page.screenshot({ path: `${ARTIFACTS}/${driver.name}-suggestion-open-1100.png` });
    expect(recorded.requests).toEqual([]);

    // Escape goes back to the question, as typed.
    await page.keyboard.press('Escape');
    await expect.poll(() => question.inputValue()).toBe(QUESTION);
    expect(await deflections()).toBe(0);

    // Closing the form after opening a suggestion, without sending: one deflection.
    await form(page).getByRole('button', { name: 'Close' }).click();
    await expect.poll(deflections, { timeout: 10_000 }).toBe(1);
    const [row] = await rows();
    expect(row).toMatchObject({ question: QUESTION, siteId: t.site.id });
    expect(row!.sessionId).toBe(await page.locator('cobrowse-recorder').evaluate((el: any) => el.sessionId));
    await page.waitForTimeout(500);
    expect(await deflections()).toBe(1);
    await page.close();
  });

  it('counts none when the question is sent after opening a suggestion', async () => {
    const page = await newPage();
    await openForm(page);
    await typeQuestion(page);
    await hints(page).getByRole('button', { name: 'Buying a kettle' }).click();
    await form(page).locator('cobrowse-tutorial').waitFor();
    await form(page)
      .getByRole('button', { name: /Back to your question/ })
      .click();
    await form(page).getByRole('button', { name: 'Send question' }).click();
    const link = page.getByLabel('Your private link');
    await expect.poll(() => link.inputValue().catch(() => ''), { timeout: 20_000 }).toMatch(/\/c\//);
    caseLink = await link.inputValue();
    caseId = ((await page.evaluate(() => (window as any).created)) as { caseId: string }[])[0]!.caseId;
    await page.getByRole('button', { name: 'Done' }).click();
    // Leaving the page after sending counts nothing either.
    await page.goto('about:blank');
    await page.waitForTimeout(1000);
    expect(await deflections()).toBe(1);
    await page.close();
  });

  it('counts one when the customer leaves the page after opening a suggestion', async () => {
    const page = await newPage();
    await openForm(page);
    await typeQuestion(page);
    await hints(page).getByRole('button', { name: 'Buying a kettle' }).click();
    await form(page).locator('cobrowse-tutorial').waitFor();
    await page.goto('about:blank');
    await expect.poll(deflections, { timeout: 10_000 }).toBe(2);
    await page.waitForTimeout(500);
    expect(await deflections()).toBe(2);
    await page.close();
  });

  it('fits a phone: suggestions and the tutorial at 390 px wide', async () => {
    const page = await newPage(390, 844);
    await openForm(page);
    const question = form(page).getByLabel('Your question');
    const before = await question.boundingBox();
    await typeQuestion(page);
    expect(await question.boundingBox()).toEqual(before);
    const box = (await hints(page).boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    await page.screenshot({ path: `${ARTIFACTS}/${driver.name}-suggestions-390.png` });
    await hints(page).getByRole('button', { name: 'Buying a kettle' }).click();
    const player = form(page).locator('cobrowse-tutorial');
    await expectPlays(page, player);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    await page.screenshot({ path: `${ARTIFACTS}/${driver.name}-suggestion-open-390.png` });
    // Closing the tab is leaving the page too. The tab is closed, not its whole browser context: disposing a context
    // also drops the requests its pages still had in flight, the leaving page's beacon among them (a CI run lost it).
    await page.close();
    await expect.poll(deflections, { timeout: 10_000 }).toBe(3);
    await page.context().close();
  });

  it("shows the deflections in the tutorial editor's analytics", async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    await page.goto(`${t.url}/app/`);
    await page.getByLabel('Email').fill(ADMIN.email);
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor({ timeout: 15_000 });
    await page.goto(`${t.url}/app/tutorials/${tutorial.id}`);
    await page.getByRole('tab', { name: 'Analytics' }).click({ timeout: 15_000 });
    const figure = page.getByRole('term').filter({ hasText: 'Deflections' }).locator('xpath=..');
    await expect.poll(() => figure.locator('dd').textContent(), { timeout: 15_000 }).toBe('3');
    await page.screenshot({ path: `${ARTIFACTS}/${driver.name}-analytics-deflections.png`, fullPage: true });
    await page.context().close();
  });

  it("plays the tutorial the advisor sent inline on the customer's case page, within its CSP", async () => {
    await json(
      t.api(`/api/cases/${caseId}/messages`, {
        method: 'POST',
        body: JSON.stringify({
          kind: 'tutorial_link',
          body: 'This shows how to buy one, step by step.',
          attachments: [{ type: 'link', url: tutorialUrl, title: 'Buying a kettle' }],
        }),
      }),
      201,
    );
    for (const [width, height] of [
      [1100, 900],
      [390, 844],
    ] as const) {
      const ctx = await browser.newContext({ viewport: { width, height } });
      const page = await ctx.newPage();
      const violations: string[] = [];
      page.on('console', (m) => {
        if (/Content.Security.Policy/i.test(m.text())) violations.push(m.text());
      });
      const res = await page.goto(caseLink);
      const csp = res!.headers()['content-security-policy']!;
      expect(csp).toMatch(/script-src 'nonce-[^']+';/);
      expect(csp).toContain("style-src 'self' 'unsafe-inline'");
      expect(csp).toContain("connect-src 'self'");
      // The link stays, for a reader without script.
      await page.getByRole('link', { name: /Buying a kettle/ }).waitFor();
      const player = page.locator('cobrowse-tutorial');
      expect(await player.getAttribute('src')).toBe(new URL(tutorialUrl).pathname);
      await expectPlays(page, player);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      await page.screenshot({ path: `${ARTIFACTS}/${driver.name}-case-page-tutorial-${width}.png`, fullPage: true });
      expect(violations).toEqual([]);
      await ctx.close();
    }
    expect(recorded.requests).toEqual([]);
    expect(errors).toEqual([]);
  });
});
