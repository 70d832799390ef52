/**
 * The screens a newcomer meets, at a desktop (1280×800) and a phone
 * (390×844) size, as screenshots for review and with the layout checks a
 * reviewer would make by eye: nothing wider than the screen, every panel,
 * button and form inside the viewport, nothing of the recorder's UI hiding
 * the page's header. Covered: the customer's Get help panel (code), consent,
 * the banner, the Ask for help form, the case page (/c/…) and the advisor's
 * live view. Real server, real Chromium, the demo shop.
 */
import { mkdirSync } from 'node:fs';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../db/client.ts';
import { launchChromium } from '../helpers/browser.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { getHelpCode, joinWithCode, signIn, viewState } from './live-helpers.ts';

const ARTIFACTS = 'tests/.artifacts/screens';
const SLOW = { timeout: 20_000 } as const;
const SIZES = [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'phone', width: 390, height: 844 },
] as const;

/** The page scrolls sideways only if something is wider than the screen. */
const horizontalOverflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

/** The box of `locator` lies inside the viewport (a pixel of rounding allowed). */
async function expectInViewport(page: Page, locator: Locator, what: string): Promise<void> {
  const box = await locator.boundingBox();
  const { width, height } = page.viewportSize()!;
  expect(box, `${what} is rendered`).not.toBeNull();
  expect(box!.x, `${what} left edge`).toBeGreaterThanOrEqual(-1);
  expect(box!.y, `${what} top edge`).toBeGreaterThanOrEqual(-1);
  expect(box!.x + box!.width, `${what} right edge`).toBeLessThanOrEqual(width + 1);
  expect(box!.y + box!.height, `${what} bottom edge`).toBeLessThanOrEqual(height + 1);
}

describe.each(SIZES)('screens at $width×$height', (size) => {
  let database: Database;
  let t: TestServer;
  let browser: Browser;
  let customer: Page;
  let advisor: Page;
  const errors: string[] = [];
  const shot = (page: Page, name: string) => page.screenshot({ path: `${ARTIFACTS}/${size.name}-${name}.png` });

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    database = await openDatabase({});
    t = await startTestServer({ database, liveGraceMs: 15_000 });
    browser = await launchChromium();
    const viewport = { width: size.width, height: size.height };
    customer = await (await browser.newContext({ viewport, isMobile: size.name === 'phone', hasTouch: size.name === 'phone' })).newPage();
    advisor = await (await browser.newContext({ viewport })).newPage();
    customer.on('pageerror', (e) => errors.push(`customer: ${e.message}`));
    advisor.on('pageerror', (e) => errors.push(`advisor: ${e.message}`));
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await database?.close();
  });

  it('the Ask for help form and the case page fit the screen', async () => {
    await customer.goto(`${t.url}/demo/checkout.html`);
    await customer.getByRole('button', { name: 'Ask for help' }).click(SLOW);
    const form = customer.getByRole('dialog', { name: 'Ask for help' });
    await form.getByLabel('Your question').fill('My card is refused at checkout, what can I do?');
    await expectInViewport(customer, form.getByRole('button', { name: 'Send question' }), 'Send question');
    await shot(customer, '1-ask-form');
    await form.getByRole('button', { name: 'Send question' }).click();
    const link = customer.getByLabel('Your private link');
    await link.waitFor(SLOW);
    await shot(customer, '2-ask-sent');
    const url = await link.evaluate((el) => (el as HTMLInputElement).value || el.textContent || '');
    expect(url).toContain('/c/');

    // The advisor answers, so the case page shows a thread.
    const { cases } = (await (await t.api('/api/cases?status=unresolved')).json()) as { cases: { id: string }[] };
    const answer = await t.api(`/api/cases/${cases[0]!.id}/messages`, {
      method: 'POST',
      body: JSON.stringify({ kind: 'text', body: 'Hello! Please try the card again in a minute; the bank had a short outage.' }),
    });
    expect(answer.status).toBe(201);

    const casePage = await (await browser.newContext({ viewport: { width: size.width, height: size.height } })).newPage();
    await casePage.goto(url.trim());
    await casePage.getByText('the bank had a short outage', { exact: false }).waitFor(SLOW);
    expect(await horizontalOverflow(casePage)).toBeLessThanOrEqual(0);
    const reply = casePage.getByRole('textbox').first();
    await reply.scrollIntoViewIfNeeded();
    await expectInViewport(casePage, reply, 'the reply box');
    await casePage.screenshot({ path: `${ARTIFACTS}/${size.name}-3-case-page.png`, fullPage: true });
    await casePage.close();
    await customer.getByRole('button', { name: 'Done' }).click();
  });

  it('Get help, consent and the banner fit the screen and leave the page header free; the live view fits too', async () => {
    const code = await getHelpCode(customer);
    expect(code).toMatch(/^\d{6}$/);
    const panel = customer.locator('cobrowse-recorder').getByText(code, { exact: false }).first();
    await expectInViewport(customer, panel, 'the help code');
    await shot(customer, '4-help-code');

    await signIn(advisor, t.url, t.admin);
    await joinWithCode(advisor, code);
    const accept = customer.getByRole('button', { name: 'Accept' });
    await accept.waitFor(SLOW);
    await expectInViewport(customer, accept, 'Accept');
    await shot(customer, '5-consent');
    await accept.click();
    await expect.poll(() => viewState(advisor), SLOW).toBe('live');

    const banner = customer.locator('cobrowse-recorder .banner__text');
    await banner.waitFor(SLOW);
    await expectInViewport(customer, banner, 'the banner');
    expect(await horizontalOverflow(customer)).toBeLessThanOrEqual(0);
    await shot(customer, '6-banner');
    // The shop's header (logo, Shop, Cart) stays free: the banner is not over it.
    const header = (await customer.locator('header').first().boundingBox())!;
    const bannerBox = (await banner.boundingBox())!;
    const overlaps = bannerBox.y < header.y + header.height && bannerBox.y + bannerBox.height > header.y;
    expect(overlaps && size.name === 'phone', 'the banner covers the page header on a phone').toBe(false);

    // The advisor's live view: the replay and its controls on screen, nothing sideways.
    const view = advisor.locator('cobrowse-live-view');
    await shot(advisor, '7-live-view');
    await expectInViewport(advisor, advisor.getByRole('button', { name: 'Request control' }), 'Request control');
    expect(await horizontalOverflow(advisor)).toBeLessThanOrEqual(0);
    const frame = await view.evaluate((v: any) => {
      const r = v.replayIframe?.getBoundingClientRect();
      return r ? { width: r.width, height: r.height } : null;
    });
    expect(frame?.width ?? 0).toBeGreaterThan(0);
    expect(errors).toEqual([]);
  });
});
