/**
 * The demo shop as a newcomer tries it after `npm start`, in two browsers:
 * the customer asks for help with a topic (a same-origin page), then gets
 * live help with the code; the advisor joins, takes control, is refused on
 * the element the shop marks `data-cb-no-control` and in the password
 * field, and types into the ordinary Notes field (the checkout sets
 * `remote-typing`). No pixel of the recorder's own UI (the help buttons, the
 * banner) reaches the advisor's view. Real server, real Chromium, the demo
 * shop's own pages from server/demo.
 */
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../db/client.ts';
import type { Site } from '../../protocol/api.ts';
import { launchChromium } from '../helpers/browser.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import {
  clickInView,
  getHelpCode,
  joinWithCode,
  liveView,
  replayField,
  screenPoint,
  signIn,
  viewControl,
  viewState,
} from './live-helpers.ts';

const ARTIFACTS = 'tests/.artifacts/e2e';
const SLOW = { timeout: 20_000 } as const;

type Clip = { x: number; y: number; width: number; height: number };

/**
 * How many pixels of `page`'s screen inside `clip` have the recorder's
 * colours: its button blue (#1d4ed8 and near) or its banner's near-black.
 */
async function recorderPixels(page: Page, clip: Clip, colour: 'blue' | 'dark'): Promise<number> {
  const png = (await page.screenshot({ clip })).toString('base64');
  return page.evaluate(
    async ([data, colour]) => {
      const img = new Image();
      img.src = `data:image/png;base64,${data}`;
      await img.decode();
      const canvas = document.createElement('canvas');
      canvas.width = img.width;
      canvas.height = img.height;
      const ctx = canvas.getContext('2d')!;
      ctx.drawImage(img, 0, 0);
      const { data: px } = ctx.getImageData(0, 0, img.width, img.height);
      let n = 0;
      for (let i = 0; i < px.length; i += 4) {
        const [r, g, b] = [px[i]!, px[i + 1]!, px[i + 2]!];
        if (colour === 'blue' ? r < 90 && g < 140 && b > 190 : r < 45 && g < 45 && b < 60) n++;
      }
      return n;
    },
    [png, colour] as const,
  );
}

describe('the demo shop, as a newcomer tries it', () => {
  let database: Database;
  let t: TestServer;
  let browser: Browser;
  let customer: Page;
  let advisor: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    database = await openDatabase({});
    t = await startTestServer({ database, liveGraceMs: 15_000 });
    browser = await launchChromium();
    customer = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    advisor = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
    customer.on('pageerror', (e) => errors.push(`customer: ${e.message}`));
    advisor.on('pageerror', (e) => errors.push(`advisor: ${e.message}`));
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await database?.close();
  });

  it('asks for help with a topic from the shop itself (same origin)', async () => {
    const { sites } = (await (await t.api('/api/sites')).json()) as { sites: Site[] };
    const demo = sites.find((s) => s.siteKey === t.server.bootstrap.demoSiteKey)!;
    const res = await t.api('/api/admin/topics', { method: 'POST', body: JSON.stringify({ siteId: demo.id, name: 'Payment' }) });
    expect(res.status).toBe(201);

    await customer.goto(`${t.url}/demo/checkout.html`);
    // The shop shows both ways to get help, as the README promises.
    await customer.getByRole('button', { name: 'Get help' }).waitFor(SLOW);
    await customer.getByRole('button', { name: 'Ask for help' }).click();
    const form = customer.getByRole('dialog', { name: 'Ask for help' });
    const topic = form.getByLabel('Topic (optional)');
    await expect.poll(() => topic.locator('option').allTextContents(), SLOW).toContain('Payment');
    await topic.selectOption({ label: 'Payment' });
    await form.getByLabel('Your question').fill('My card is refused at checkout, what can I do?');
    await form.getByRole('button', { name: 'Send question' }).click();
    await customer.getByLabel('Your private link').waitFor(SLOW);
    const cases = (await (await t.api('/api/cases?status=unresolved')).json()) as { cases: { question: string; topic: string | null }[] };
    expect(cases.cases).toEqual([
      expect.objectContaining({ question: 'My card is refused at checkout, what can I do?', topic: 'Payment' }),
    ]);
    await customer.getByRole('button', { name: 'Done' }).click();
  });

  it('gets live help with the code; the advisor sees the page and none of the recorder’s own UI', async () => {
    const code = await getHelpCode(customer);
    await signIn(advisor, t.url, t.admin);
    await joinWithCode(advisor, code);
    await customer.getByRole('button', { name: 'Accept' }).click(SLOW);
    await expect.poll(() => viewState(advisor), SLOW).toBe('live');
    await expect.poll(async () => (await replayField(advisor, '#notes')).html, SLOW).toContain('Place order');

    // The replayed recorder element is an empty, size-less placeholder.
    const host = await liveView(advisor).evaluate((v: any) => {
      const el = v.replayIframe?.contentDocument?.querySelector('cobrowse-recorder');
      const r = el?.getBoundingClientRect();
      return el
        ? { shadowChildren: el.shadowRoot?.childNodes.length ?? 0, children: el.childNodes.length, width: r.width, height: r.height }
        : null;
    });
    expect(host, JSON.stringify(host)).toEqual({ shadowChildren: 0, children: 0, width: 0, height: 0 });

    await customer.screenshot({ path: `${ARTIFACTS}/newcomer-customer.png` });
    await advisor.screenshot({ path: `${ARTIFACTS}/newcomer-advisor.png` });
    // Pixels: where the customer sees the blue Chat button and the dark banner, the advisor sees the shop.
    const inView = async (box: Clip): Promise<Clip> => {
      const a = await screenPoint(advisor, box.x, box.y);
      const b = await screenPoint(advisor, box.x + box.width, box.y + box.height);
      return { x: a.x, y: a.y, width: Math.max(2, b.x - a.x), height: Math.max(2, b.y - a.y) };
    };
    const chat = (await customer.locator('cobrowse-recorder').getByRole('button', { name: /Chat/ }).boundingBox())!;
    const banner = (await customer.locator('cobrowse-recorder .banner__text').boundingBox())!;
    expect(await recorderPixels(customer, chat, 'blue')).toBeGreaterThan(100);
    expect(await recorderPixels(customer, banner, 'dark')).toBeGreaterThan(100);
    expect(await recorderPixels(advisor, await inView(chat), 'blue')).toBe(0);
    expect(await recorderPixels(advisor, await inView(banner), 'dark')).toBe(0);
  });

  it('in control: the no-control button and the password are refused, the Notes field takes typing', async () => {
    await advisor.getByRole('button', { name: 'Request control' }).click();
    await customer.getByText(/asks to control this page/).waitFor(SLOW);
    // The customer is told the same as the advisor: typing into ordinary fields, never private ones.
    await customer.getByText('They could click, scroll and type into ordinary fields for you.', { exact: false }).waitFor();
    await customer.getByRole('button', { name: 'Allow' }).click();
    await expect.poll(() => viewControl(advisor), SLOW).toBe('granted');
    await advisor.getByText(/typing into ordinary fields act on the customer's page/).waitFor();

    const refusal = advisor.locator('cobrowse-live-view .live__refusal');
    // The customer scrolls down to the end of the form; the advisor's view follows.
    await customer.evaluate(() => document.querySelector('#place-order')!.scrollIntoView({ block: 'center' }));
    const scrolled = await customer.evaluate(() => scrollY);
    expect(scrolled).toBeGreaterThan(100);
    await expect
      .poll(() => liveView(advisor).evaluate((v: any) => v.replayIframe?.contentWindow?.scrollY ?? 0), SLOW)
      .toBeGreaterThan(scrolled - 5);
    await clickInView(advisor, '#place-order');
    await expect.poll(() => refusal.textContent(), SLOW).toContain('the site does not allow control of that part of the page');

    await clickInView(advisor, '#password');
    await advisor.keyboard.type('hunter2');
    await expect.poll(() => refusal.textContent(), SLOW).toContain('that field is private');
    expect(await customer.locator('#password').inputValue()).toBe('');

    await clickInView(advisor, '#notes');
    await advisor.keyboard.type('Leave at the door');
    await expect.poll(() => customer.locator('#notes').inputValue(), SLOW).toBe('Leave at the door');
    // In Draw mode a click never reaches the page, and the advisor is told so (not silently ignored).
    await advisor.getByRole('button', { name: 'Draw', exact: true }).click();
    await clickInView(advisor, '#password');
    await expect.poll(() => refusal.textContent(), SLOW).toContain('You are drawing: clicks do not act on the customer’s page.');
    expect(await customer.evaluate(() => document.activeElement?.id)).toBe('notes');
    // The order was never placed.
    expect(await customer.getByText('Thank you, your order is placed!').count()).toBe(0);
    await advisor.screenshot({ path: `${ARTIFACTS}/newcomer-advisor-control.png` });
    expect(errors).toEqual([]);
  });
});
