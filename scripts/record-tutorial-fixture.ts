/**
 * @module scripts/record-tutorial-fixture
 * Re-records the tutorial fixture (tests/fixtures/tutorial-demo-flow.json.gz):
 * real Chromium on the demo shop (server/demo) of a real test server, a
 * customer who browses, adds to the cart, tries a discount code that is
 * refused and then the right one, checks out (typing into fields, a
 * delivery option chosen, a newsletter box ticked and unticked by mistake,
 * then ticked), and places the order.
 * The events are read back through the session export, as a tutorial would
 * read them. Before the order the page shows an "account" paragraph with a
 * planted e-mail, IBAN and card number (and their invalid look-alikes), a
 * photo and a badge image named after the customer, the kind of data a site
 * shows back to its customer, for the detection and redaction tests.
 *
 * Run: `npm run build && node scripts/record-tutorial-fixture.ts` (needs
 * Chromium: CHROMIUM_PATH or /usr/bin/chromium). The typed values never
 * reach the fixture: inputs are masked by the recorder; `TYPED` lists them
 * so the tests can prove it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { openDatabase } from '../db/client.ts';
import { launchChromium } from '../tests/helpers/browser.ts';
import { startTestServer, type TestServer } from '../tests/helpers/server.ts';

export const FIXTURE_PATH = fileURLToPath(new URL('../tests/fixtures/tutorial-demo-flow.json.gz', import.meta.url));

/** What the customer types: none of it may appear in the recording, nor in a proposed step. */
export const TYPED = {
  wrongCode: 'COFFEE5',
  rightCode: 'BREW10',
  quantity: '3',
  name: 'Walburga Tinsley',
  email: 'walburga.tinsley@example.net',
  street: '12 Marigold Row',
  postcode: '40213',
  city: 'Quarrybridge',
  card: '5555555555554444',
  expiry: '11/31',
  cvc: '318',
  notes: 'Leave it by the red bench',
} as const;

/** Shown on the checkout page (not typed): what the detection and redaction tests look for. */
export const PLANTED = {
  holder: 'Ottilie Brackwater',
  email: 'ottilie.brackwater@example.org',
  iban: 'DE89 3704 0044 0532 0130 00',
  card: '4111 1111 1111 1111',
  /** One digit off: the IBAN check digits and the Luhn sum fail. */
  badIban: 'DE89 3704 0044 0532 0130 01',
  badCard: '4111 1111 1111 1112',
} as const;

const pause = (page: Page, ms = 600) => page.waitForTimeout(ms);

async function recordFlow(t: TestServer): Promise<unknown[]> {
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${t.url}/demo/`);
    const recorder = page.locator('cobrowse-recorder');
    let sessionId = '';
    for (let i = 0; i < 150 && !/^[0-9a-f-]{36}$/.test(sessionId); i++) {
      sessionId = (await recorder.evaluate((el: HTMLElement & { sessionId?: string }) => el.sessionId ?? '')) || '';
      if (!sessionId) await pause(page, 100);
    }
    if (!sessionId) throw new Error('the recorder never announced a session');
    await pause(page, 800);

    // Browse: a little scrolling (noise for the steps), two products into the cart.
    await page.mouse.move(640, 400);
    await page.mouse.wheel(0, 300);
    await pause(page);
    await page.mouse.wheel(0, -300);
    await pause(page);
    await page.click('[data-add="beans"]');
    await pause(page);
    await page.click('[data-add="grinder"]');
    await pause(page);
    await page.click('#cart-link');
    await page.waitForURL('**/cart.html');
    await pause(page, 1000);

    // The cart: a quantity, a refused discount code, then the right one.
    const quantity = page.locator('tr[data-id="beans"] input');
    await quantity.click();
    await quantity.press('Control+A');
    await quantity.pressSequentially(TYPED.quantity, { delay: 40 });
    await quantity.press('Tab');
    await pause(page);
    await page.click('#discount-code');
    await page.locator('#discount-code').pressSequentially(TYPED.wrongCode, { delay: 40 });
    await page.click('#apply-discount');
    await page.locator('#discount-message.error').waitFor();
    await pause(page, 900);
    await page.click('#discount-code');
    await page.locator('#discount-code').press('Control+A');
    await page.locator('#discount-code').press('Backspace');
    await page.locator('#discount-code').pressSequentially(TYPED.rightCode, { delay: 40 });
    await page.click('#apply-discount');
    await page.locator('#discount-message.ok').waitFor();
    await pause(page, 900);
    await page.click('#to-checkout');
    await page.waitForURL('**/checkout.html');
    await pause(page, 1000);

    // The site shows the customer's account back to them (planted values, see PLANTED).
    await page.evaluate((p) => {
      const account = document.createElement('p');
      account.id = 'account';
      account.className = 'lead';
      account.textContent = `Account holder: ${p.holder}, ${p.email}. Refunds go to IBAN ${p.iban} (not ${p.badIban}); saved card ${p.card} (not ${p.badCard}).`;
      const contact = document.createElement('a');
      contact.href = `mailto:${p.email}`;
      contact.title = `Write to ${p.holder}`;
      contact.textContent = 'Contact us about this account';
      // A photo and a badge image: what a redaction must turn into placeholders.
      const photo = document.createElement('img');
      photo.src = `/demo/photos/${p.holder.split(' ')[0]!.toLowerCase()}.png`;
      photo.srcset = `/demo/photos/${p.holder.split(' ')[0]!.toLowerCase()}@2x.png 2x`;
      photo.alt = `Photo of ${p.holder}`;
      photo.width = 32;
      photo.height = 32;
      const badge = document.createElement('span');
      badge.style.cssText = `display:inline-block;width:32px;height:32px;background-image:url("/demo/photos/${p.holder.split(' ')[1]!.toLowerCase()}-badge.png")`;
      account.prepend(photo, badge);
      document.querySelector('main h1')!.after(account, contact);
    }, PLANTED);
    await pause(page);

    for (const field of ['name', 'email', 'street', 'postcode', 'city', 'card', 'expiry', 'cvc'] as const) {
      await page.click(`#${field}`);
      await page.locator(`#${field}`).pressSequentially(TYPED[field], { delay: 30 });
      await pause(page, 300);
    }
    await page.selectOption('#delivery', 'express');
    await pause(page);
    // Ticked and unticked at once (a mistake, undone), then ticked for good.
    await page.click('#newsletter');
    await page.waitForTimeout(250);
    await page.click('#newsletter');
    await pause(page, 900);
    await page.click('#newsletter');
    await pause(page);
    await page.click('#notes');
    await page.locator('#notes').pressSequentially(TYPED.notes, { delay: 20 });
    await pause(page);
    await page.click('#place-order');
    await page.locator('#confirmation').waitFor();
    await pause(page, 1500);
    await page.close();

    for (let i = 0; i < 120; i++) {
      const res = await t.api(`/api/sessions/${sessionId}/export`);
      if (res.status === 200) {
        const events = (await res.json()) as unknown[];
        if (JSON.stringify(events).includes('Thank you, your order is placed!')) return events;
      }
      await new Promise((r) => setTimeout(r, 500));
    }
    throw new Error('the confirmation never reached the stored recording');
  } finally {
    await browser.close();
  }
}

async function main(): Promise<void> {
  const database = await openDatabase({});
  const t = await startTestServer({ database });
  try {
    const events = await recordFlow(t);
    const text = JSON.stringify(events);
    // Short values (a quantity, a CVC) occur by chance in timestamps and prices; the tests check them field by field.
    for (const [key, value] of Object.entries(TYPED)) {
      if (value.length >= 5 && text.includes(value)) throw new Error(`typed ${key} reached the recording`);
    }
    mkdirSync(dirname(FIXTURE_PATH), { recursive: true });
    writeFileSync(FIXTURE_PATH, gzipSync(text));
    console.log(`${events.length} events → ${FIXTURE_PATH}`);
  } finally {
    await t.close();
    await database.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
